"""One date reader for the whole tool: source identity, extraction and the judging of figures.

``Sept. 11, 2025`` = ``11 September 2025`` = ``2025-09-11`` = ``Thu, 11 Sep 2025``. Candidates
are found by their shape (a month name with day and year, an ISO date) and then parsed by
``python-dateutil`` (the ISO form by ``datetime.date``), so only real calendar dates survive:
``2025-26-14`` (a resolution number) is no date, and neither is ``February 30, 2025``. A date
without a year is never completed by guessing. What a source says about its own date
(datelines, "Published ...", e-mail headers) is read in ``claimcheck.sources.dates``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = [
    "DATE_PATTERN",
    "DAY_PATTERN",
    "DMY",
    "MDY",
    "MONTH",
    "WEEKDAY",
    "date_in",
    "find_dates",
    "month_day",
    "normalise_date",
    "parse_date",
]

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+"
MDY = rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
DMY = rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?{MONTH},?\s+\d{{4}}\b"
_ISO = r"\b\d{4}-\d{2}-\d{2}(?=\b|T)"
DATE_PATTERN = re.compile(rf"(?:{WEEKDAY})?(?:{MDY}|{DMY}|{_ISO})")
# A day of a month with no year ("Aug. 1", "1 August", "Dec. 5th"): a date as copy writes it
# for the current year. It is read as the month and day only; no year is ever guessed.
_NO_YEAR = r"(?!,?\s+\d{4}\b)"
DAY_PATTERN = re.compile(
    rf"(?:{WEEKDAY})?(?:\b(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b{_NO_YEAR}"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH}){_NO_YEAR})"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
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


def date_in(text: str) -> str | None:
    """The date the first date-shaped run of ``text`` gives, or None (also when that run is
    no real calendar date: later runs are not tried)."""
    m = DATE_PATTERN.search(text)
    return parse_date(m.group(0)) if m else None


def month_day(m: re.Match[str]) -> tuple[int, int] | None:
    """(month, day) of a ``DAY_PATTERN`` match, or None for a day the month never has
    ("Feb. 30"; leap days are allowed)."""
    month_name = (m.group("m1") or m.group("m2") or "")[:3].lower()
    day = int(m.group("d1") or m.group("d2") or 0)
    if month_name not in _MONTHS:
        return None
    month = _MONTHS.index(month_name) + 1
    longest = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return (month, day) if 1 <= day <= longest else None


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every real calendar date in ``text``: (``YYYY-MM-DD``, start, end)."""
    out: list[tuple[str, int, int]] = []
    for m in DATE_PATTERN.finditer(text):
        value = parse_date(m.group(0))
        if value:
            out.append((value, m.start(), m.end()))
    return out


def normalise_date(text: str) -> date | None:
    """The calendar date ``text`` writes (one date, in any form ``DATE_PATTERN`` finds, with
    or without its weekday), or None when it is no full, real date."""
    m = DATE_PATTERN.search(text)
    if m is None:
        return None
    iso = parse_date(m.group(0))
    return date.fromisoformat(iso) if iso else None
