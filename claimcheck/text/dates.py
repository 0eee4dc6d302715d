"""One date normaliser for the whole tool: source identity and the judging of figures.

``Sept. 11, 2025`` = ``11 September 2025`` = ``2025-09-11`` = ``Thu, 11 Sep 2025``; only real
calendar dates (``February 30, 2025`` and ``2025-26-14`` are none). The reading is
``claimcheck.sources.dates`` (python-dateutil behind a shape check), exposed here so that
extraction and judging read dates exactly as source identity does.
"""

from __future__ import annotations

from datetime import date

from ..sources.dates import DATE_PATTERN, find_dates, parse_date

__all__ = ["DATE_PATTERN", "find_dates", "normalise_date"]


def normalise_date(text: str) -> date | None:
    """The calendar date ``text`` writes (one date, in any form ``DATE_PATTERN`` finds, with
    or without its weekday), or None when it is no full, real date."""
    m = DATE_PATTERN.search(text)
    if m is None:
        return None
    iso = parse_date(m.group(0))
    return date.fromisoformat(iso) if iso else None
