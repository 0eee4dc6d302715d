"""Figures, names and dates read the way reporters write them: one source, one draft sentence.

A set of that layout (``cases.jsonl``: one ``{id, kind, want, source, draft}`` a line) is
checked case by case: ``source`` is the only source document (held in memory, as
``verify --against`` holds named sources), ``draft`` a one-sentence draft. A draft with several
statements is contradicted if any of them is, supported if all are, else unverifiable (or not
checkable, when every statement is).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import InputError
from ..models.embedder import Embedder
from ..models.nli_judge import NliJudge
from ..pipeline import prepare_against, verify_text
from ..types import Document, Judgment, StatementKind, Verdict
from .datasets import iter_jsonl
from .metrics import FigureRecord, FiguresMetrics

__all__ = ["FigureCase", "case_verdict", "evaluate_figures", "format_figures", "read_cases"]

CASES_FILE = "cases.jsonl"
_WANTS = frozenset({Verdict.SUPPORTED.value, Verdict.CONTRADICTED.value})


@dataclass(frozen=True)
class FigureCase:
    id: str
    kind: str
    want: str
    source: str
    draft: str


def read_cases(path: Path) -> tuple[FigureCase, ...]:
    """The cases of ``path`` (a folder holding ``cases.jsonl``, or the file itself)."""
    file = path / CASES_FILE if path.is_dir() else path
    if not file.exists():
        raise InputError(
            f"{file} does not exist (give a folder holding {CASES_FILE}, e.g. ../shared/"
            "figures_names)"
        )
    cases = []
    for n, row in enumerate(iter_jsonl(file), 1):
        missing = [k for k in ("id", "kind", "want", "source", "draft") if not row.get(k)]
        if missing:
            raise InputError(f"{file} line {n} lacks {', '.join(missing)} (each case needs all)")
        if row["want"] not in _WANTS:
            raise InputError(
                f"{file} line {n}: want is {row['want']!r} (use supported or contradicted)"
            )
        cases.append(
            FigureCase(
                id=str(row["id"]), kind=str(row["kind"]), want=str(row["want"]),
                source=str(row["source"]), draft=str(row["draft"]),
            )
        )  # fmt: skip
    if not cases:
        raise InputError(f"{file} holds no cases (one JSON object a line)")
    return tuple(cases)


def case_verdict(judgments: tuple[Judgment, ...]) -> Verdict:
    """The draft's verdict: contradicted if any statement is, supported if all checkable ones
    are, not checkable when none is checkable, else unverifiable."""
    verdicts = [j.verdict for j in judgments]
    if Verdict.CONTRADICTED in verdicts:
        return Verdict.CONTRADICTED
    checkable = [v for v in verdicts if v is not Verdict.NOT_CHECKABLE]
    if not checkable:
        return Verdict.NOT_CHECKABLE
    if all(v is Verdict.SUPPORTED for v in checkable):
        return Verdict.SUPPORTED
    return Verdict.UNVERIFIABLE


def _source_document(case: FigureCase) -> Document:
    return Document(
        id=f"source-{case.id}", title="source", text=case.source, source=f"{case.id}.txt",
        date=None, url=None, kind="other", speakers=(), turns=(),
    )  # fmt: skip


def _reason(judgments: tuple[Judgment, ...], verdict: Verdict) -> str:
    deciding = next((j for j in judgments if j.verdict is verdict), None)
    chosen = deciding or (judgments[0] if judgments else None)
    return chosen.reason if chosen is not None else "the draft gave no statement"


def evaluate_figures(
    path: Path, *, embedder: Embedder, settings: Settings, nli: NliJudge | None
) -> FiguresMetrics:
    """Accuracy overall and per kind, with one record per case (misses marked)."""
    cases = read_cases(path)
    records: list[FigureRecord] = []
    for case in cases:
        against = prepare_against((_source_document(case),), embedder, settings)
        report = verify_text(
            case.draft, index=None, embedder=embedder, settings=settings, nli=nli,
            against=against,
        )  # fmt: skip
        got = case_verdict(report.judgments)
        records.append(
            {
                "id": case.id,
                "kind": case.kind,
                "want": case.want,
                "got": got.value,
                "right": got.value == case.want,
                "statements": [
                    {
                        "text": j.statement.text,
                        "kind": j.statement.kind.value,
                        "category": j.statement.category,
                        "verdict": j.verdict.value,
                        "reason": j.reason,
                    }
                    for j in report.judgments
                    if j.statement.kind in (StatementKind.CLAIM, StatementKind.QUOTE)
                ],
                "reason": _reason(report.judgments, got),
            }
        )
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for r in records:
        by_kind[r["kind"]].append(r["right"])
    right = sum(r["right"] for r in records)
    return {
        "set": str(path),
        "n": len(records),
        "right": right,
        "accuracy": right / len(records),
        "per_kind": {
            k: {"n": len(v), "right": sum(v), "accuracy": sum(v) / len(v)}
            for k, v in sorted(by_kind.items())
        },
        "got": dict(Counter(r["got"] for r in records)),
        "cases": records,
    }


def format_figures(m: FiguresMetrics) -> str:
    """The metrics as plain lines: overall, per kind, then each miss."""
    lines = [f"Figures, names and dates on {m['set']}: {m['right']}/{m['n']} = {m['accuracy']:.3f}"]
    for kind, k in m["per_kind"].items():
        lines.append(f"  {kind:<14} {k['right']}/{k['n']} = {k['accuracy']:.3f}")
    misses = [r for r in m["cases"] if not r["right"]]
    if misses:
        lines.append("misses:")
    for r in misses:
        lines.append(f"  {r['id']} ({r['kind']}): want {r['want']}, got {r['got']}: {r['reason']}")
    return "\n".join(lines)
