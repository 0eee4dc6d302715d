"""Figures compared: whether a source figure bears out a claimed one, and which source figure
a claimed one is about.

The reading of figures (number words, fractions, abbreviations, signs, currencies, points,
dates) is ``claimcheck.text.figures``, shared with extraction; this module compares what it
reads, with the tolerances below. ``find_quantities`` here also gives the changes a text
implies ("from 57% to 61%": 4 points), so a claimed change meets the source's two ends.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.figures import Quantity, derived_quantities, is_money
from ..text.figures import find_quantities as read_quantities

__all__ = [
    "APPROX_ABOVE",
    "APPROX_BELOW",
    "APPROX_EITHER",
    "COMPARE_DATES",
    "Quantity",
    "accounted_for",
    "align_quantities",
    "anchored_mismatch",
    "find_quantities",
    "same_value",
]

# Approximations, as a share of the claimed value. "about 3,000" stands for 2,850 to 3,150 (the
# 5% the judge has always allowed, measured on the numbers stress test); "nearly 3,000" for
# 2,700 up to 3,000 (a tenth short is still "nearly" in copy; more is "about"); "more than
# 3,000" for 3,000 up to 3,600 (a fifth over: past that, copy says "about 3,600"), and so
# "under", "over", "at least", "up to" likewise.
APPROX_EITHER = 0.05
APPROX_BELOW = 0.10
APPROX_ABOVE = 0.20


# Whether full dates are compared as figures of their own ("Feb. 3, 2025" against "2 February
# 2025"): the day and month as a ``date``, the year as a ``year`` beside it, so that a passage
# that bears out the day and month but gives another year reads as the statement's wrong year.
COMPARE_DATES = True

# Texts read once and kept: the same passage windows come back for statement after statement.
_READ_CACHE = 4096


@lru_cache(maxsize=_READ_CACHE)
def find_quantities(text: str) -> tuple[Quantity, ...]:
    """Every figure ``text`` writes, then the changes it implies (``derived``)."""
    found = read_quantities(text)
    if not COMPARE_DATES:
        found = tuple(q for q in found if q.kind != "date")
    return found + derived_quantities(text, found)


def _comparable(claimed: Quantity, found: Quantity) -> bool:
    """Figures of one measure: the same kind, or amounts in two currencies."""
    return claimed.kind == found.kind or (is_money(claimed.kind) and is_money(found.kind))


def same_value(claimed: Quantity, found: Quantity) -> bool:
    """Whether a source figure bears out a claimed one: the same kind (and so the same
    currency), no opposite signs where both are written, and the same value to within the
    claim's rounding or its approximation ("about", "nearly", "more than")."""
    if claimed.kind != found.kind:
        return False
    if claimed.sign and found.sign and claimed.sign != found.sign:
        return False  # "shrank 2.4%" is not "grew 2.4%"
    a, b = abs(claimed.value), abs(found.value)
    if a == b:
        return True
    if claimed.kind == "quarter":  # the same quarter, and no two different years given
        return a % 10 == b % 10 and (a < 10 or b < 10)
    if claimed.kind in ("year", "date", "tally"):
        return False
    scale = 1.0
    for unit in (1e12, 1e9, 1e6, 1e3):
        if abs(a) >= unit:
            scale = unit
            break
    # "$11 billion" stands for anything that rounds to 11 at the precision written.
    rounding = (
        0.5 * scale * 10 ** (-claimed.decimals)
        if claimed.kind == "count" or is_money(claimed.kind)
        else (0.5 * 10 ** (-claimed.decimals))
    )
    slack = 1e-9 * max(a, 1.0)
    if claimed.approximate and claimed.bound == "below":
        return bool(a * (1 - APPROX_BELOW) - slack <= b <= a + slack)
    if claimed.approximate and claimed.bound == "above":
        return bool(a - slack <= b <= a * (1 + APPROX_ABOVE) + slack)
    tolerance = max(rounding, a * APPROX_EITHER) if claimed.approximate else rounding
    return bool(abs(a - b) <= tolerance + slack)


def accounted_for(claimed: tuple[Quantity, ...], found: tuple[Quantity, ...]) -> list[Quantity]:
    """The source figures that some claimed figure gives. A claimed figure gives the source
    figures equal to it, or, when none is equal, those within its rounding: in "$1.65 billion
    to $1.7 billion" a claimed "$1.7 billion" gives the second end, not the first as well (1.65
    rounds to 1.7), so a claimed "$1.15 billion to $1.7 billion" still meets its rival."""
    out: list[Quantity] = []
    for c in claimed:
        close = [f for f in found if same_value(c, f)]
        exact = [f for f in close if f.value == c.value]
        out += [f for f in exact or close if f not in out]
    return out


def align_quantities(
    claimed: tuple[Quantity, ...], found: tuple[Quantity, ...]
) -> list[tuple[Quantity, Quantity | None, bool]]:
    """For each claimed figure: the source figure about the same thing, and whether they agree.

    Source figures equal to some claimed figure are accounted for. A claimed figure agrees when
    an equal source figure exists and no unaccounted source figure of the same kind sits in
    more similar words; otherwise the unaccounted figure in the most similar words is the one
    it contradicts. Without enough shared words there is nothing comparable (``None``).
    """
    accounted = accounted_for(claimed, found)
    out: list[tuple[Quantity, Quantity | None, bool]] = []
    for q in claimed:

        def overlap(f: Quantity, q: Quantity = q) -> int:
            return len(q.context & f.context)

        agreeing = [f for f in found if same_value(q, f)]
        # To contradict, a source figure must share at least two words of context (one for a
        # figure whose own sentence offers fewer), so that figures about other things stay apart.
        needed = min(2, max(1, len(q.context)))
        # A quarter is the time frame of the other figures, and long sources discuss many:
        # it is contradicted only beside a figure that checks out (``anchored_mismatch``).
        # A change the source only implies ("from 800 to 1,100") can contradict only a
        # claimed change ("doubled"), never a level.
        others = [
            f
            for f in found
            if _comparable(q, f)
            and (q.change or not f.derived)
            and q.kind != "quarter"
            and f not in accounted
            and overlap(f) >= needed
        ]

        def closeness(f: Quantity, q: Quantity = q) -> tuple[bool, int]:
            # A figure of the same order of magnitude first ("$2.85 per share" against "$2.59
            # per share", not against "$799 million" in net income in the same sentence), then
            # the one in the most similar words.
            ratio = abs(f.value) / abs(q.value) if q.value else float("inf")
            return (0.1 <= ratio <= 10 or q.kind == "year", overlap(f))

        best_other = max(others, key=closeness) if others else None
        best_agreeing = max(agreeing, key=overlap) if agreeing else None
        if best_agreeing is not None and (
            best_other is None or overlap(best_agreeing) >= overlap(best_other)
        ):
            out.append((q, best_agreeing, True))
        elif best_other is not None:
            out.append((q, best_other, False))
        else:
            out.append((q, None, False))
    return out


# A sentence for ``anchored_mismatch``: a run up to a stop (a decimal point is none), with no
# abbreviation rules, so "U.S." or "Inc." cuts where ``text.sentences`` would not; the
# anchoring was measured this way, and it runs in linear time on any text.
_SENTENCE = re.compile(r"(?<![^.!?\n])(?:[^.!?\n]|\.(?=\d))+(?:[.!?]|$)")  # anchored: linear


def anchored_mismatch(
    claimed: tuple[Quantity, ...], text: str, *, anchors: tuple[str, ...] | None = None
) -> tuple[Quantity, Quantity] | None:
    """A claimed figure contradicted beside one that checks out: a sentence of ``text`` that
    gives one of the claimed figures and, where the claim has another figure of some kind, an
    unclaimed figure of that kind instead ("rose 2.5% to $678.3 million" against "revenues were
    $452.2 million ..., an increase of 2.5%"). ``anchors``: the kinds of figure that may check
    out (default: any). Where several sentences do, the one where more claimed figures check
    out, then the rival in the most similar words. None when no sentence does."""
    if len(claimed) < 2:
        return None
    best: tuple[tuple[int, int], Quantity, Quantity] | None = None
    for m in _SENTENCE.finditer(text):
        found = find_quantities(m.group(0))
        agreeing = [
            c for c in claimed
            if (anchors is None or c.kind in anchors) and any(same_value(c, f) for f in found)
        ]  # fmt: skip
        if not agreeing:
            continue
        accounted = accounted_for(claimed, found)
        for q in claimed:
            if q in agreeing or any(q.kind == a.kind and q.value == a.value for a in agreeing):
                continue
            for f in found:
                if (
                    _comparable(q, f) and f not in accounted and not f.derived
                    and q.value and 0.1 <= abs(f.value) / abs(q.value) <= 10
                ):  # fmt: skip
                    key = (len(agreeing), len(q.context & f.context))
                    if best is None or key > best[0]:
                        best = (key, q, f)
    return None if best is None else (best[1], best[2])
