"""The figure reader: quantities as reporters write them, normalised so that spellings compare.

``16%`` = ``16 percent`` = ``sixteen per cent``; ``twenty-five percent`` = ``25%``; ``$48mn`` =
``$48 million``; ``£4.6m``; ``¥700 billion`` is yen, not dollars (``$`` and ``US$`` are the same
currency, ``C$`` is not); ``a third of the 900 nurses`` is 300 nurses; ``half a million`` is
500,000; ``doubled`` is a multiple of 2; ``−3%``, ``minus 3%``, ``fell 3%`` and ``shrank 3%``
carry a minus sign that ``rose 3%`` does not; ``five percentage points`` is a change in points,
not a rate; full calendar dates (``Feb. 2, 2025`` = ``2 February 2025`` = ``2025-02-02``) are
figures of their own. Each quantity keeps the words around it, so a statement's figure is
compared with the source figure about the same thing.

``derived_quantities`` adds what a source implies without writing it: the change between the two
ends of "from A to B" (``rose to 61% from 57%``: 4 points; ``from 800 to 1,100``: a multiple
of 1.375).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..types import Span
from .dates import DATE_PATTERN, DAY_PATTERN, month_day, normalise_date
from .figure_words import approximation, context_words, direction
from .numerals import (
    CURRENCY_NAMES,
    FRACTION,
    MARK,
    MULTIPLY_VERBS,
    NUM,
    ORDINAL_QUARTERS,
    SCALE,
    SCALES,
    SIGN,
    VULGAR,
    currency_of,
    fraction,
    has_figure,
    is_money,
    money_kind,
    parse_number,
    parse_number_words,
)

__all__ = [
    "Quantity",
    "derived_quantities",
    "find_quantities",
    "has_figure",
    "is_money",
    "money_kind",
    "parse_number_words",
]

# Tried in order; a later pattern never takes text an earlier one matched.
# A vote's tally: "voted 5-2", "approved 7–0", "a 6-3 vote", and as minutes record it,
# "Ayes — (names) (5). Noes — (names) (2)" or "five ayes, two noes". Read as one figure of kind
# ``tally`` whose value does not depend on the order written ("rejected 4-3" is the "three
# ayes, four noes" of the minutes): larger * 1000 + smaller.
_VOTE_WORD = (
    r"\b(?:vot(?:e|es|ed|ing)|approv(?:e|es|ed|al)|pass(?:es|ed)?|reject(?:s|ed)?|adopt(?:s|ed)?"
    r"|defeat(?:s|ed)?|fail(?:s|ed)?|carri(?:es|ed)|uph[eo]ld|upholds|ruled|split|tally|margin)\b"
)
_PAIR = (
    r"(?<![\d.,–-])(?P<ta>\d{1,2})\s*(?:-|–|—|to)\s*(?P<tb>\d{1,2})"
    r"(?![\d%]|[.,]\d|\s*(?:percent|per\s+cent|points?)\b)"
)
_COUNTED = r"[^.;()\n]{{0,240}}?\((?P<{0}>\d{{1,3}})\)"
_SPELLED = (
    r"(?P<{0}>\d{{1,3}}|no|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
_TALLY = (
    re.compile(rf"{_VOTE_WORD}[^.;:\d]{{0,30}}?{_PAIR}", re.IGNORECASE),
    re.compile(rf"{_PAIR}(?=\s+(?:vote|decision|ruling|margin)\b)", re.IGNORECASE),
    re.compile(
        r"\b(?:Ayes|Yeas|Aye|Yes|AYES|YEAS)\b"
        + _COUNTED.format("ya")
        + r"[.;,]?\s*(?:Noes|Nays|No|NOES|NAYS)\b"
        + _COUNTED.format("yn")
    ),
    re.compile(
        r"\b"
        + _SPELLED.format("sa")
        + r"\s+(?:ayes?|yeas?|in\s+favou?r)\s*(?:,|and|to)\s*"
        + _SPELLED.format("sn")
        + r"\s+(?:noes|nays|no|against|opposed)\b",
        re.IGNORECASE,
    ),
)
_PATTERNS = (
    ("date", DATE_PATTERN),
    ("day", DAY_PATTERN),
    *(("tally", pattern) for pattern in _TALLY),
    # "Q2 2025", "2Q25", "Q3 FY2024", "the second quarter of 2025", "third-quarter"
    (
        "quarter",
        re.compile(
            r"\b(?:Q(?P<qn>[1-4])|(?P<qn2>[1-4])Q)(?:\s*(?:FY|fiscal)?\s*'?(?P<qy>(?:19|20)?\d\d)\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?P<qw>first|second|third|fourth)[\s-]+(?:fiscal\s+|calendar\s+)?quarter"
            r"(?:\s+(?:of\s+)?(?:fiscal\s+|calendar\s+)?(?:FY\s*)?(?P<qy2>(?:19|20)\d\d)\b)?",
            re.IGNORECASE,
        ),
    ),
    # "a third of the clinic's 900 nurses": the share, read as a count of the whole.
    (
        "share",
        re.compile(
            rf"{FRACTION}\s+of\s+(?P<rest>(?:[^\d.,;:!?()]{{0,40}}?\s)?){MARK}?{NUM}(?!\d|[.,]\d)"
            rf"{SCALE}(?!\s*(?:%|percent|per\s+cent))",
            re.IGNORECASE,
        ),
    ),
    # "one in four", "three in every ten": a rate, read as a percentage.
    (
        "one_in",
        re.compile(
            r"\b(?P<inum>one|two|three|four|five|six|seven|eight|nine|\d{1,3})\s+in\s+(?:every\s+)?"
            r"(?P<iden>two|three|four|five|six|seven|eight|nine|ten|twenty|\d{1,3})\b"
            r"(?!\s*(?:%|percent|per\s+cent|million|billion|thousand))",
            re.IGNORECASE,
        ),
    ),
    # "half a million", "a quarter of a billion", "three-quarters of a million dollars"
    (
        "fraction_scale",
        re.compile(
            rf"{FRACTION}\s+(?:of\s+)?an?\s+(?P<fscale>thousand|million|billion|trillion)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "figure",
        re.compile(
            rf"{SIGN}{MARK}\s?{NUM}{SCALE}(?P<curname>\s+(?:{'|'.join(CURRENCY_NAMES)})\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "figure",
        re.compile(
            rf"{SIGN}(?<![\w.]){NUM}(?:\s*|-)(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b|"
            r"(?:basis\s+points?|bps)\b|points?\b|pts?\b|pp\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "figure",
        re.compile(rf"(?<![\w.]){NUM}\s*(?P<mult>x\b|times\b|-fold\b|fold\b)", re.IGNORECASE),
    ),
    (
        "verb_multiple",
        re.compile(r"\b(?P<mverb>" + "|".join(MULTIPLY_VERBS) + r")\b", re.IGNORECASE),
    ),
    (
        "figure",
        re.compile(
            rf"{SIGN}(?<![\w.]){NUM}{SCALE}(?P<curname>\s+(?:{'|'.join(CURRENCY_NAMES)})\b)?",
            re.IGNORECASE,
        ),
    ),
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Below this, a number written in words ("one of the", "two sides", "ten days") is as often
# idiom as a figure, and is not compared (digits always are). Chosen by reading drafts: house
# style spells out one to nine, and those are rarely the figure a story turns on.
WORD_COUNT_MIN = 20


@dataclass(frozen=True)
class Quantity:
    # money (US dollars, or no currency named), money_<iso> for any other currency ("money_jpy":
    # a figure in yen is never the same as one in dollars), percent, points, multiple, year,
    # quarter (year * 10 + quarter), date (month * 100 + day; its year is a ``year`` of its own,
    # read from the same span), count
    kind: str
    value: float  # negative where a minus sign or a falling verb is written (``sign``)
    text: str
    span: Span
    approximate: bool
    decimals: int  # digits after the point as written, for rounding tolerance
    context: frozenset[str]  # content words around the figure
    currency: str = ""  # ISO code for money ("USD", "JPY"); "" when none is written
    sign: int = 0  # -1 down, +1 up, 0 not written
    bound: str = ""  # "below" (nearly, under), "above" (more than, over), "" either side
    derived: bool = False  # implied by the source ("from A to B"), not written
    change: bool = False  # a change ("rose 5%", "doubled", "five points"), not a level


def _read(text: str, how: str, m: re.Match[str]) -> Quantity | None:
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    span = (m.start(), m.end())
    context: frozenset[str] = frozenset()  # filled in by ``find_quantities`` once kept
    exact = {"approximate": False, "decimals": 0, "context": context}
    if how == "date":
        iso = normalise_date(m.group(0))
        if iso is None:
            return None
        return Quantity(
            kind="date", value=float(iso.month * 100 + iso.day), text=m.group(0).strip(),
            span=span,
            **exact,  # type: ignore[arg-type]
        )  # fmt: skip
    if how == "day":
        day = month_day(m)
        if day is None:
            return None
        return Quantity(
            kind="date", value=float(day[0] * 100 + day[1]), text=m.group(0).strip(), span=span,
            **exact,  # type: ignore[arg-type]
        )  # fmt: skip
    if how == "tally":
        return _tally(m, text)
    if how == "quarter":
        quarter = groups.get("qn") or groups.get("qn2") or groups.get("qw") or "0"
        number = ORDINAL_QUARTERS.get(quarter.lower()) or int(quarter)
        raw_year = groups.get("qy") or groups.get("qy2")
        year = int(raw_year) if raw_year else 0
        year += 2000 if 0 < year < 100 else 0
        return Quantity(
            kind="quarter", value=float(year * 10 + number), text=m.group(0).strip(), span=span,
            **exact,  # type: ignore[arg-type]
        )  # fmt: skip
    approximate, bound = approximation(text, m.start())
    if how == "verb_multiple":
        return Quantity(
            kind="multiple", value=MULTIPLY_VERBS[groups["mverb"].lower()],
            text=m.group(0), span=span, approximate=approximate, decimals=VERB_DECIMALS,
            context=context, bound=bound, change=True,
        )  # fmt: skip
    if how == "one_in":
        top, bottom = parse_number(groups["inum"]), parse_number(groups["iden"])
        if top is None or bottom is None or not bottom[0] or top[0] >= bottom[0]:
            return None
        return Quantity(
            kind="percent", value=100 * top[0] / bottom[0], text=m.group(0), span=span,
            approximate=approximate, decimals=0, context=context, bound=bound,
        )  # fmt: skip
    if how == "fraction_scale":
        share = fraction(groups.get("fnum"), groups.get("fden"))
        if share is None:
            return None
        return Quantity(
            kind="count", value=share * SCALES[groups["fscale"].lower()], text=m.group(0),
            span=span, approximate=approximate, decimals=0, context=context, bound=bound,
        )  # fmt: skip
    parsed = parse_number(groups["num"])
    if parsed is None:
        return None
    value, decimals = parsed
    if "vulgar" in groups:
        value += VULGAR[groups["vulgar"]]
        decimals = max(decimals, 1)
    scale = groups.get("scale")
    if scale:
        value *= SCALES[scale.lower()]
    currency = currency_of(groups)
    if how == "share":
        share = fraction(groups.get("fnum"), groups.get("fden"))
        if share is None:
            return None
        return Quantity(
            kind=money_kind(currency) if currency else "count", value=share * value,
            text=m.group(0), span=span, approximate=approximate, decimals=decimals, context=context,
            currency=currency, bound=bound,
        )  # fmt: skip
    pct = groups.get("pct", "").lower()
    sign = direction(text, m.start(), groups.get("sign"), m.end())
    if currency:
        kind = money_kind(currency)
    elif pct.startswith("basis") or pct == "bps":
        kind, value, decimals = "points", value / 100, decimals + 2
    elif "point" in pct or pct.startswith("pt") or pct == "pp":
        kind = "points"
    elif pct:
        kind = "percent"
    elif "mult" in groups:
        kind = "multiple"
    elif _YEAR.match(groups["num"]) and not scale and not groups.get("sign"):
        kind = "year"
    else:
        if not groups["num"][0].isdigit() and not scale and value < WORD_COUNT_MIN:
            return None  # "one of the", "two people": too vague to compare
        kind = "count"
    if kind == "year":
        sign = 0
    return Quantity(
        kind=kind, value=value * (-1 if sign < 0 else 1), text=m.group(0).strip(), span=span,
        approximate=approximate, decimals=decimals, context=context, currency=currency,
        sign=sign, bound=bound,
        change=kind == "points" or (sign != 0 and not groups.get("sign")),
    )  # fmt: skip


def _tally(m: re.Match[str], text: str) -> Quantity | None:
    """A vote's two counts as one ``tally`` figure (see ``_TALLY``); its span and text run from
    the first count to the second, without the vote word."""
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    pairs = (("ta", "tb"), ("ya", "yn"), ("sa", "sn"))
    pair = next(((a, b) for a, b in pairs if a in groups), None)
    if pair is None or pair[1] not in groups:
        return None
    counts: list[float] = []
    for key in pair:
        raw = groups[key]
        parsed = (0.0, 0) if raw.lower() in ("no", "zero") else parse_number(raw)
        if parsed is None:
            return None
        counts.append(parsed[0])
    # Minutes name the voters between the counts: the figure is the whole record there.
    span = m.span() if pair[0] == "ya" else (m.start(pair[0]), m.end(pair[1]))
    shown = f"{counts[0]:g}-{counts[1]:g}" if pair[0] == "ya" else text[span[0] : span[1]]
    return Quantity(
        kind="tally", value=max(counts) * 1000 + min(counts), text=shown,
        span=span, approximate=False, decimals=0, context=frozenset(),
    )  # fmt: skip


# "doubled" stands for 2 to within the rounding of one decimal (1.95 to 2.05): a rise of 50%
# is no doubling, a rise of 98% is one as reporters write it.
VERB_DECIMALS = 1


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """All figures in ``text`` with their kind, value, sign, currency and surrounding words."""
    found: list[tuple[re.Match[str], str]] = []
    taken = bytearray(len(text) + 1)  # 1 where an earlier pattern matched
    for how, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not m.group(0).strip() or any(taken[m.start() : m.end()]):
                continue
            found.append((m, how))
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    found.sort(key=lambda x: x[0].start())
    out: list[Quantity] = []
    for m, how in found:
        q = _read(text, how, m)
        if q is None:
            continue
        q = replace(q, context=context_words(text, q.span[0], q.span[1]))
        out.append(q)
        if q.kind == "date":  # a full date also gives its year, as a year alone would
            day = normalise_date(q.text)
            if day is not None:
                out.append(replace(q, kind="year", value=float(day.year), text=str(day.year)))
    return _complete_ranges(text, out)


_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|and)\s*$", re.IGNORECASE)
_SCALE_WORDS = re.compile(r"(thousand|million|billion|trillion|mln|bln|mn|bn|tn|[kmb])\b", re.I)


def _complete_ranges(text: str, found: list[Quantity]) -> tuple[Quantity, ...]:
    """Give the first end of a range the unit and scale written only after the second:
    "9 to 14 percent", "$74-75 million", "$4.9 to $5.3 billion"."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if not _RANGE_JOIN.fullmatch(text[a.span[1] : b.span[0]]) or b.kind == a.kind == "year":
            continue
        scale_b = _SCALE_WORDS.search(b.text)
        if (
            a.kind == "count"
            and (b.kind == "percent" or is_money(b.kind))
            and not _SCALE_WORDS.search(a.text)
        ):
            value = a.value * (SCALES[scale_b.group(1).lower()] if scale_b else 1.0)
            out[i] = replace(
                a, kind=b.kind, value=value, context=a.context | b.context, currency=b.currency
            )
        elif is_money(a.kind) and b.kind == "count" and scale_b and not _SCALE_WORDS.search(a.text):
            scale = SCALES[scale_b.group(1).lower()]
            out[i] = replace(a, value=a.value * scale, context=a.context | b.context)
            out[i + 1] = replace(b, kind=a.kind, currency=a.currency)
        elif (
            a.kind == b.kind
            and is_money(a.kind)
            and scale_b
            and not _SCALE_WORDS.search(a.text)
            and a.value < 1000
        ):
            value = a.value * SCALES[scale_b.group(1).lower()]
            out[i] = replace(a, value=value, context=a.context | b.context)
    return tuple(out)


_FROM_TO = re.compile(r"^\s*(?:last\s+\w+\s+|a\s+year\s+(?:earlier|ago)\s+)?to\s+$", re.I)
_TO_FROM = re.compile(r"^\s*(?:\w+\s+){0,3}?from\s+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
_LEVELS = ("percent", "count")


def derived_quantities(text: str, found: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """Changes a source implies: for "from A to B" or "to B from A" (same kind, not years),
    the change in points between two rates and the multiple B/A between two amounts or
    counts. Each is marked ``derived`` and carries both ends' words."""
    out: list[Quantity] = []
    for a, b in zip(found, found[1:], strict=False):
        level = a.kind in _LEVELS or is_money(a.kind)
        if a.kind != b.kind or not level or not a.value or not b.value:
            continue
        between = text[a.span[1] : b.span[0]]
        before = text[max(0, a.span[0] - 12) : a.span[0]]
        if _FROM_BEFORE.search(before) and _FROM_TO.match(between):
            old, new = a, b
        elif _TO_BEFORE.search(before) and _TO_FROM.match(between):
            old, new = b, a
        else:
            continue
        span = (a.span[0], b.span[1])
        words = a.context | b.context
        label = f"{old.text} to {new.text}"
        diff = new.value - old.value
        if a.kind == "percent":
            out.append(
                Quantity(
                    kind="points", value=abs(diff), text=label, span=span, approximate=False,
                    decimals=max(a.decimals, b.decimals), context=words,
                    sign=(diff > 0) - (diff < 0), derived=True, change=True,
                )
            )  # fmt: skip
        else:
            out.append(
                Quantity(
                    kind="multiple", value=new.value / old.value, text=label, span=span,
                    approximate=False, decimals=2, context=words, derived=True, change=True,
                )
            )  # fmt: skip
    return tuple(out)
