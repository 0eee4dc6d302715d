"""Dates a document states about itself: a labelled date ("Published ..."), a date line of its
own, a dateline, a full date with its weekday, an e-mail ``Date:`` header. Every date is read
by the text layer's one date reader (``claimcheck.text.dates``), so only real calendar dates
survive.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from ..text.dates import DMY, MDY, MONTH, WEEKDAY, date_in, find_dates, parse_date

__all__ = [
    "DASH",
    "PLACE",
    "dateline_date",
    "labelled_date",
    "parse_email_date",
    "standalone_date",
    "weekday_date",
]

_WEEKDAY_DATE = re.compile(rf"\b{WEEKDAY}(?:{MDY}|{DMY})")
_LABEL = re.compile(
    r"(?i)\b(?:published|posted|released|issued|dated|delivered|sent|filed|certified|"
    r"as\s+of|date)\b[^.\n]{0,60}$"
)
_FORMAL_DAY = re.compile(rf"(?i)\bthis\s+\d{{1,2}}(?:st|nd|rd|th)\s+day\s+of\s+{MONTH},?\s+\d{{4}}")
# A dateline's place (``KELMSCOTT,`` / ``DURHAM, N.C.,``) and the dash that ends it.
PLACE = r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12}\.?)?,"
DASH = r"\s*(?:-{1,2}|—|–)\s"
# ``KELMSCOTT, Sept. 11, 2025 —`` / ``DURHAM, N.C., March 14, 2022 --`` at a paragraph's start.
_DATELINE = re.compile(
    rf"{PLACE}\s*(?P<date>{MDY}|{DMY})\s*(?:\([^)\n]{{1,40}}\))?{DASH}",
    re.M,
)


def parse_email_date(value: str) -> str | None:
    """The day an RFC 2822 ``Date:`` header gives (``Mon, 2 Mar 2026 17:44:09 +0100``), in the
    sender's own time zone; falls back to the general parser for other forms."""
    try:
        return parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return date_in(value)


def labelled_date(line: str) -> str | None:
    """A date the line says is the document's own: ``Published October 1, 2025``, ``Released:
    September 9, 2025``, ``As of June 10, 2025``, ``this 16th day of November, 2021``."""
    formal = _FORMAL_DAY.search(line)
    if formal:
        return parse_date(formal.group(0)[5:])
    for value, start, _ in find_dates(line):
        if _LABEL.search(line[:start]):
            return value
    return None


def standalone_date(line: str) -> str | None:
    """A date that stands as a line of its own (``Oct. 16, 2025``; ``Tuesday, October 14, 2025,
    Kelmscott High School Auditorium``): a short line that is no running sentence."""
    text = line.strip().strip("*_#> ").strip()
    if not text or len(text) > 140:
        return None
    found = find_dates(text)
    if not found:
        return None
    value, start, end = found[0]
    rest = (text[:start] + text[end:]).strip(" ,·|-—–")
    if re.search(r"[a-z]\.\s+[A-Z]", rest) or len(rest.split()) > 12:
        return None  # sentences, not a title block
    if rest.endswith(".") and len(rest.split()) > 6:
        return None
    return value


def weekday_date(text: str) -> str | None:
    """A full date with its weekday (``on Tuesday, Nov. 25, 2025``): how an opening says when."""
    m = _WEEKDAY_DATE.search(text)
    return parse_date(m.group(0)) if m else None


def dateline_date(paragraph: str) -> str | None:
    """The date of a dateline that opens a paragraph: ``KELMSCOTT, Sept. 11, 2025 — ...``."""
    m = _DATELINE.match(paragraph.lstrip("*_ "))
    return parse_date(m.group("date")) if m else None
