"""Scope before contradiction: a source figure can contradict a statement's figure only when
its sentence speaks of the same entity and the same period. A figure of another company, of
another year, quarter, half, month or season is a distractor: at most the closest passage,
never the contradiction.

Periods are read from the words (years, quarters, halves, months, seasons); organisations
with spaCy's ``en_core_web_sm`` (``extract/entities``) where it is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...extract.entities import ORGANISATION, mentions, ner_available
from ...text.names import fold

__all__ = ["Scope", "other_scope", "periods"]

_ORDINAL = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2",
            "3rd": "3", "4th": "4"}  # fmt: skip
_MONTHS = ("january february march april may june july august september october november "
           "december").split()  # fmt: skip
_PERIOD = re.compile(
    r"\b(?:(?P<year>(?:19|20)\d{2})(?!\d)"
    r"|Q(?P<q>[1-4])\b|(?P<qword>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[- ](?i:quarter)"
    r"|H(?P<h>[12])\b|(?P<hword>(?i:first|second))[- ](?i:half)"
    r"|(?i:season)[- ](?P<season>\d{1,2})\b|(?P<sword>(?i:final|last|first|latest))[- ](?i:season)"
    r"|(?P<month>" + "|".join(m.capitalize() for m in _MONTHS) + r")\b(?!-)"
    r")",
)
_TOP_CAPITAL = re.compile(r"^(?:May)$")  # "May" is also a verb: only with a day or year by it


@dataclass(frozen=True)
class Scope:
    periods: frozenset[tuple[str, str]]  # (kind, value): ("year", "2024"), ("quarter", "3")
    organisations: frozenset[str]  # accent-folded, lower case


def periods(text: str) -> frozenset[tuple[str, str]]:
    """The periods ``text`` names, each as (kind, value)."""
    out: set[tuple[str, str]] = set()
    for m in _PERIOD.finditer(text):
        if m.group("year"):
            out.add(("year", m.group("year")))
        elif m.group("q") or m.group("qword"):
            out.add(("quarter", m.group("q") or _ORDINAL[m.group("qword").lower()]))
        elif m.group("h") or m.group("hword"):
            out.add(("half", m.group("h") or _ORDINAL[m.group("hword").lower()]))
        elif m.group("season"):
            out.add(("season", m.group("season")))
        elif m.group("sword"):
            word = m.group("sword").lower()
            out.add(("season", "1" if word == "first" else word))
        elif m.group("month"):
            month = m.group("month")
            near = text[m.end() : m.end() + 6]
            if _TOP_CAPITAL.match(month) and not re.match(r"\s*\d", near):
                continue
            out.add(("month", month.lower()))
    return frozenset(out)


@lru_cache(maxsize=512)
def _scope(text: str) -> Scope:
    orgs: frozenset[str] = frozenset()
    if ner_available():
        orgs = frozenset(fold(m.text).lower() for m in mentions(text) if m.kind == ORGANISATION)
    return Scope(periods=periods(text), organisations=orgs)


def other_scope(statement: str, sentence: str, figure_kind: str = "") -> str | None:
    """Why the source ``sentence`` speaks of something else than ``statement`` (a reason
    naming the other period or organisation), or None when nothing says it does.

    A period differs when both name one of the same kind and the sentence does not name the
    statement's. An organisation differs when the statement names organisations, the sentence
    names others, and none of the statement's appears in the sentence. When the figures
    compared are themselves periods (``figure_kind`` "year" or "quarter"), periods of that
    kind are what differs, not the scope."""
    claim, source = _scope(statement), _scope(sentence)
    for kind in ("year", "quarter", "half", "season", "month"):
        if kind == figure_kind:
            continue
        mine = {v for k, v in claim.periods if k == kind}
        theirs = {v for k, v in source.periods if k == kind}
        if mine and theirs and not mine & theirs:
            return f"it is about another {kind} ({', '.join(sorted(theirs))})"
    if claim.organisations and source.organisations:
        folded = fold(sentence).lower()
        if not any(o in folded for o in claim.organisations) and not (
            claim.organisations & source.organisations
        ):
            return f"it is about another organisation ({', '.join(sorted(source.organisations))})"
    return None
