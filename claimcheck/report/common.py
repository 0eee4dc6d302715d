"""Shared pieces of the renderers."""

from __future__ import annotations

from ..types import WORST_FIRST, Judgment, Verdict, WordDiff

__all__ = ["ORDER", "LABELS", "diff_text", "flagged", "location"]

ORDER = WORST_FIRST
LABELS = {
    Verdict.SUPPORTED: "supported",
    Verdict.CONTRADICTED: "contradicted",
    Verdict.UNVERIFIABLE: "unverifiable",
    Verdict.NOT_CHECKABLE: "not checkable",
}


def flagged(judgments: tuple[Judgment, ...]) -> list[Judgment]:
    """Judgments an editor must look at: contradicted first, then unverifiable."""
    return [j for v in ORDER[:2] for j in judgments if j.verdict is v]


def diff_text(diff: tuple[WordDiff, ...]) -> str:
    """A plain word diff: ``[-source-]`` dropped, ``{+draft+}`` added."""
    parts = []
    for d in diff:
        if d.op == "equal":
            parts.append(d.draft)
        elif d.op == "insert":
            parts.append(f"{{+{d.draft}+}}")
        elif d.op == "delete":
            parts.append(f"[-{d.source}-]")
        else:
            parts.append(f"[-{d.source}-]{{+{d.draft}+}}")
    return " ".join(parts)


def location(text: str, offset: int) -> str:
    """``line L, col C`` of a character offset, 1-based."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, col {col}"
