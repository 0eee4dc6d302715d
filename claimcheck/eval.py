"""Labelled data -> metrics.

For now: scoring reports against a hand-written list of expected verdicts, such as
``sample_drafts/EXPECTED.json``. The full ``claimcheck eval`` over ../shared/eval-data arrives
with the verdict-engine issue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .textfile import read_text
from .types import Judgment, Report, StatementKind, Verdict

__all__ = ["ExpectedVerdict", "SampleScore", "load_expected", "score_report"]


@dataclass(frozen=True)
class ExpectedVerdict:
    anchor: str  # a piece of the statement's text in the draft
    kind: StatementKind
    expected: Verdict
    why: str


@dataclass(frozen=True)
class SampleScore:
    total: int
    correct: int
    misses: tuple[tuple[ExpectedVerdict, Verdict | None], ...]  # (expected, what we said)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_expected(path: Path) -> dict[str, tuple[ExpectedVerdict, ...]]:
    """Expected verdicts per draft file name."""
    text, _ = read_text(path, what="expected-verdicts file")
    try:
        data = json.loads(text)
        return {
            name: tuple(
                ExpectedVerdict(
                    anchor=item["anchor"],
                    kind=StatementKind(item["kind"]),
                    expected=Verdict(item["expected"]),
                    why=item.get("why", ""),
                )
                for item in items
            )
            for name, items in data["drafts"].items()
        }
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path} is not a valid expected-verdicts file ({exc!r})") from exc


def _find(report: Report, item: ExpectedVerdict) -> Judgment | None:
    at = report.draft.text.find(item.anchor)
    if at == -1:
        raise InputError(f"anchor not found in {report.draft.path}: {item.anchor!r}")
    for j in report.judgments:
        start, end = j.statement.span
        if j.statement.kind is item.kind and (
            start <= at < end or at <= start < at + len(item.anchor)
        ):
            return j
    return None


def score_report(report: Report, expected: tuple[ExpectedVerdict, ...]) -> SampleScore:
    """How many expected verdicts the report matches; a statement not extracted is a miss."""
    misses: list[tuple[ExpectedVerdict, Verdict | None]] = []
    for item in expected:
        j = _find(report, item)
        got = j.verdict if j else None
        if got is not item.expected:
            misses.append((item, got))
    return SampleScore(
        total=len(expected), correct=len(expected) - len(misses), misses=tuple(misses)
    )
