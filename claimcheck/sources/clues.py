"""The fields of a source's identity and the clues readers give about them.

A :class:`Clue` is one reader's finding about a field (title, date, kind, author, outlet), with
where it came from and how far it is trusted (:data:`RANK`); kinds are those in :data:`KINDS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..schema import DOCUMENT_KINDS

__all__ = ["KINDS", "KIND_ALIASES", "NONE", "RANK", "Clue", "best_clue", "normalise_kind"]

KINDS = DOCUMENT_KINDS  # the closed set of kinds (types.DocumentKind)
KIND_ALIASES = {
    "press-release": "press_release",
    "press release": "press_release",
    "release": "press_release",
    "news release": "press_release",
    "news_release": "press_release",
    "article": "story",
    "news": "story",
    "news story": "story",
    "feature": "story",
    "fact check": "story",
    "factcheck": "story",
    "e-mail": "email",
    "mail": "email",
    "notice": "filing",
    "regulatory filing": "filing",
    "court filing": "filing",
    "shareholder_letter": "letter",
    "shareholder letter": "letter",
    "analyst_note": "report",
    "analyst note": "report",
    "memo": "report",
    "memorandum": "report",
    "study": "report",
    "abstract": "report",
    "budget": "table",
    "budget summary": "table",
    "results": "table",
    "spreadsheet": "table",
    "captions": "transcript",
    "speech": "transcript",
    "q&a": "interview",
    "blog": "post",
    "forum": "post",
    "comment": "post",
    "social": "post",
}
NONE = "none"
# Lower is more trusted. The readers rank their clues with these.
RANK = {"user": 1, "metadata": 2, "opening": 3, "properties": 4}


@dataclass(frozen=True)
class Clue:
    """One reader's finding about a field (``title``, ``date``, ``kind``, ``author``,
    ``outlet``): its value, where it came from, and how far it is trusted (:data:`RANK`)."""

    field: str
    value: str
    origin: str
    rank: int


def normalise_kind(value: str) -> str | None:
    """A kind in :data:`KINDS` for a word a document or user gives, or None."""
    key = " ".join(value.strip().lower().replace("_", " ").split())
    if key.replace(" ", "_") in KINDS:
        return key.replace(" ", "_")
    return KIND_ALIASES.get(key) or KIND_ALIASES.get(key.replace(" ", "-"))


def best_clue(clues: Iterable[Clue], field: str) -> Clue | None:
    """The most trusted clue with a value for ``field`` (the first of equals), or None."""
    ranked = [c for c in clues if c.field == field and c.value]
    return min(ranked, key=lambda c: c.rank) if ranked else None
