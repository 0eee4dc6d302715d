"""What a source is: its date, kind and title (author and outlet where given), each with where
it came from. The one place that decides a document's identity.

Order of trust, for each field: what the user says (``sources.toml``), the document's own
metadata (header lines, front matter, e-mail headers, HTML meta, JSON-LD, a dateline, a caption
``NOTE``), a date or title stated in the document's opening, PDF/DOCX properties, and last
none (a title falls back to the file name). Never the file's modification time.

The format readers gather :class:`Clue` records; :func:`decide_identity` weighs them with what
the text itself shows. Kinds come from the content, in :data:`KINDS`; the file name is only a
last hint.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..schema import document_kind
from ..types import Identity
from .clues import KIND_ALIASES, KINDS, NONE, RANK, Clue, normalise_kind
from .clues import best_clue as _best
from .headers import (
    HeaderBlock,
    front_matter_clues,
    header_block,
    header_clues,
    is_email_header,
)
from .kinds import guess_kind, kind_from_name, looks_like_transcript, person_turns
from .opening import opening_date_clues, opening_people, title_from_text

# The fields and clues (clues.py), header lines (headers.py), kinds (kinds.py) and the
# opening's titles and dates (opening.py) are read from here as well.
__all__ = [
    "KINDS",
    "KIND_ALIASES",
    "NONE",
    "RANK",
    "Clue",
    "HeaderBlock",
    "Identity",
    "decide_identity",
    "front_matter_clues",
    "guess_kind",
    "header_block",
    "header_clues",
    "is_email_header",
    "kind_from_name",
    "looks_like_transcript",
    "normalise_kind",
    "opening_date_clues",
    "opening_people",
    "person_turns",
    "title_from_text",
]


def decide_identity(
    text: str,
    path: Path,
    clues: Sequence[Clue],
    *,
    body_start: int = 0,
    kind_hint: str | None = None,
    text_from: str = "the file as written",
) -> Identity:
    """Weigh the readers' clues with what the text shows; the most trusted clue wins.

    ``body_start`` is where the body begins (after header lines); ``kind_hint`` is a kind the
    format itself shows (captions are transcripts, a CSV is a table)."""
    all_clues = list(clues)
    title_clue = _best(all_clues, "title")
    if (title_clue is None or title_clue.rank > RANK["opening"]) and kind_hint != "table":
        found = title_from_text(text, body_start)
        if found:
            title_clue = Clue("title", found, "first line", RANK["opening"])
    author_clue = _best(all_clues, "author")
    people = opening_people(text, body_start)
    if author_clue is None:
        author_clue = _best(people, "author")
    outlet_clue = _best(all_clues, "outlet") or _best(people, "outlet")

    kind_clue = _best(all_clues, "kind")
    if kind_clue is None and kind_hint:
        kind_clue = Clue("kind", kind_hint, "file format", RANK["metadata"])
    if kind_clue is None:
        kind, why = guess_kind(
            text,
            body_start=body_start,
            title=title_clue.value if title_clue else "",
            author=author_clue.value if author_clue else "",
        )
        if kind == "other":
            hinted = kind_from_name(path.name)
            kind_clue = Clue("kind", hinted or "other", "file name" if hinted else NONE, 9)
        else:
            kind_clue = Clue("kind", kind, f"content: {why}", RANK["opening"])
    date_clue = _best(all_clues, "date")
    if date_clue is None or date_clue.rank > RANK["opening"]:
        opening = _best(opening_date_clues(text, body_start, kind_clue.value), "date")
        if opening is not None and (date_clue is None or opening.rank < date_clue.rank):
            date_clue = opening
    return Identity(
        title=title_clue.value if title_clue else None,
        title_from=title_clue.origin if title_clue else NONE,
        date=date_clue.value if date_clue else None,
        date_from=date_clue.origin if date_clue else NONE,
        kind=document_kind(kind_clue.value),
        kind_from=kind_clue.origin,
        author=author_clue.value if author_clue else None,
        outlet=outlet_clue.value if outlet_clue else None,
        text_from=text_from,
    )
