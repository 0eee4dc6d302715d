"""Dates a document states about itself, read with a real date parser.

Candidates are found by their shape (a month name with day and year, an ISO date, an e-mail
``Date:`` header) and then parsed by ``python-dateutil`` (the ISO form by ``datetime.date``),
so only real calendar dates survive: ``2025-26-14`` (a resolution number) is no date, and
neither is ``February 30, 2025``. A date without a year is never completed by guessing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = [
    "DASH",
    "DATE_PATTERN",
    "PLACE",
    "date_in",
    "dateline_date",
    "find_dates",
    "labelled_date",
    "parse_date",
    "parse_email_date",
    "standalone_date",
    "weekday_date",
]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+"
_MDY = rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
_DMY = rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?{_MONTH},?\s+\d{{4}}\b"
_ISO = r"\b\d{4}-\d{2}-\d{2}(?=\b|T)"
DATE_PATTERN = re.compile(rf"(?:{_WEEKDAY})?(?:{_MDY}|{_DMY}|{_ISO})")
_WEEKDAY_DATE = re.compile(rf"\b{_WEEKDAY}(?:{_MDY}|{_DMY})")
_LABEL = re.compile(
    r"(?i)\b(?:published|posted|released|issued|dated|delivered|sent|filed|certified|"
    r"as\s+of|date)\b[^.\n]{0,60}$"
)
_FORMAL_DAY = re.compile(
    rf"(?i)\bthis\s+\d{{1,2}}(?:st|nd|rd|th)\s+day\s+of\s+{_MONTH},?\s+\d{{4}}"
)
# A dateline's place (``KELMSCOTT,`` / ``DURHAM, N.C.,``) and the dash that ends it.
PLACE = r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12}\.?)?,"
DASH = r"\s*(?:-{1,2}|—|–)\s"
# ``KELMSCOTT, Sept. 11, 2025 —`` / ``DURHAM, N.C., March 14, 2022 --`` at a paragraph's start.
_DATELINE = re.compile(
    rf"{PLACE}\s*(?P<date>{_MDY}|{_DMY})\s*(?:\([^)\n]{{1,40}}\))?{DASH}",
    re.M,
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


def parse_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for one date written as a candidate matched, or None if it is no real
    calendar date (month 26, February 30) or has no day, month and year."""
    raw = " ".join(text.split()).strip(" ,")
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw[:10]) if raw[:4].isdigit() else None
    if iso:
        try:
            found = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
        return found.isoformat() if _MIN_YEAR <= found.year <= _MAX_YEAR else None
    from dateutil import parser as dateutil_parser

    cleaned = re.sub(r"(?i)\bday\s+of\b", "", raw)
    cleaned = re.sub(r"(?i)\bSept\b", "Sep", cleaned)
    try:
        parsed = dateutil_parser.parse(cleaned, default=datetime(1, 1, 1), fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if not _MIN_YEAR <= parsed.year <= _MAX_YEAR:
        return None
    return str(parsed.date().isoformat())


def parse_email_date(value: str) -> str | None:
    """The day an RFC 2822 ``Date:`` header gives (``Mon, 2 Mar 2026 17:44:09 +0100``), in the
    sender's own time zone; falls back to the general parser for other forms."""
    try:
        return parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return date_in(value)


def date_in(text: str) -> str | None:
    """The date the first date-shaped run of ``text`` gives, or None (also when that run is
    no real calendar date: later runs are not tried)."""
    m = DATE_PATTERN.search(text)
    return parse_date(m.group(0)) if m else None


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every real calendar date in ``text``: (``YYYY-MM-DD``, start, end)."""
    out: list[tuple[str, int, int]] = []
    for m in DATE_PATTERN.finditer(text):
        value = parse_date(m.group(0))
        if value:
            out.append((value, m.start(), m.end()))
    return out


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
