"""Editors' decisions on flags: recording them in a report file, carrying them to a revision."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from ..errors import ReportError
from ..report.jsonio import load_report, save_report
from ..types import Decision, Judgment, Report, Review, Verdict

__all__ = [
    "ANY",
    "ReviewConflict",
    "carry_forward",
    "clear_decision",
    "record_decision",
    "statement_key",
]

# One writer at a time per process (the review app serves requests on several threads), and
# across processes (two review sessions on one report) through a lock file beside it.
_WRITE_LOCK = threading.Lock()


class _Any(Enum):
    ANY = "any"


ANY = _Any.ANY  # ``expected=ANY``: no revision check (a library caller that means to overwrite)


class ReviewConflict(ReportError):
    """The statement's decision changed (another session) since the writer last read it."""


@contextlib.contextmanager
def _report_lock(path: Path) -> Iterator[None]:
    """Hold the report's write lock: ``.<name>.lock`` beside it, an ``fcntl.flock`` that the
    kernel releases however the holder ends."""
    lock = path.with_name(f".{path.name}.lock")
    with _WRITE_LOCK:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ReportError(
                f"cannot lock {path} for writing: {exc.strerror or exc} (review a report in a "
                "folder you can write to)"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def _check(path: Path, statement_id: str, current: Review | None, expected: object) -> None:
    if expected is ANY or current == expected:
        return
    if current is None:
        raise ReviewConflict(
            f"the decision on {statement_id} in {path} was taken back in another review "
            "session; reload the page to see the report as it is now, then decide again"
        )
    raise ReviewConflict(
        f"{current.reviewer} marked {statement_id} {current.decision.value} at {current.at} "
        "in another review session; reload the page to see it, then decide again"
    )


_FLAGS = (Verdict.CONTRADICTED, Verdict.UNVERIFIABLE)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_decision(
    path: Path,
    statement_id: str,
    decision: Decision,
    *,
    reviewer: str,
    note: str = "",
    expected: Review | None | _Any = ANY,
) -> Review:
    """Save an editor's decision on one statement into the report at ``path``.

    Under the report's lock (threads and processes), the report is read afresh, changed and
    written back through a temporary file and a rename, so a crash leaves either the old file
    or the new one, and every decision saved by any session meanwhile is kept (merged).
    ``expected`` is the statement's decision as the writer last saw it (None: none); when the
    file holds another, raise ReviewConflict rather than overwrite it.
    """
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise ReportError("a decision needs the reviewer's name")
    with _report_lock(path):
        report = load_report(path)
        if statement_id not in {j.statement.id for j in report.judgments}:
            raise ReportError(f"{path} has no statement {statement_id!r}")
        _check(path, statement_id, report.reviews.get(statement_id), expected)
        review = Review(decision=decision, reviewer=reviewer, note=note.strip(), at=_now())
        save_report(replace(report, reviews={**report.reviews, statement_id: review}), path)
    return review


def clear_decision(path: Path, statement_id: str, *, expected: Review | None | _Any = ANY) -> None:
    """Take back the decision on one statement (no error when there is none); ``expected``
    as for :func:`record_decision`."""
    with _report_lock(path):
        report = load_report(path)
        _check(path, statement_id, report.reviews.get(statement_id), expected)
        if statement_id in report.reviews:
            reviews = {k: v for k, v in report.reviews.items() if k != statement_id}
            save_report(replace(report, reviews=reviews), path)


def statement_key(j: Judgment) -> tuple[str, str, str]:
    """What makes two statements of two drafts "the same": kind, words and speaker.

    Statement ids include the position in the draft, which moves whenever an earlier
    paragraph changes; the words do not.
    """
    words = " ".join(re.findall(r"\w+", j.statement.text.lower()))
    return (j.statement.kind.value, words, (j.statement.speaker or "").lower())


def carry_forward(report: Report, previous: Report, previous_path: str) -> Report:
    """Carry decisions from ``previous`` to the statements of ``report`` that did not change.

    A decision carries when the statement's words and speaker are unchanged and the verdict
    is the same (a decision was about that flag). Flags with no counterpart flagged in the
    previous report are listed as new.
    """
    earlier: dict[tuple[str, str, str], Judgment] = {}
    for j in previous.judgments:
        earlier.setdefault(statement_key(j), j)
    reviews = dict(report.reviews)
    new_flags: list[str] = []
    for j in report.judgments:
        old = earlier.get(statement_key(j))
        if j.verdict in _FLAGS and (old is None or old.verdict not in _FLAGS):
            new_flags.append(j.statement.id)
        if old is None or old.verdict is not j.verdict or j.statement.id in reviews:
            continue
        decision = previous.reviews.get(old.statement.id)
        if decision is not None:
            reviews[j.statement.id] = replace(
                decision, carried_from=decision.carried_from or previous_path
            )
    return replace(report, reviews=reviews, previous=previous_path, new_flags=tuple(new_flags))
