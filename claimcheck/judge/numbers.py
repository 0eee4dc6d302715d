"""Quantities in text, normalised so that different spellings compare.

``16%`` = ``16 percent`` = ``sixteen per cent``; ``$11 billion`` = ``$11bn`` = ``11,000 million
dollars``; ``ten times`` = ``10x``; years stand alone. Each quantity keeps the words around it,
so a statement's figure is compared with the source figure about the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..types import Span

__all__ = [
    "Quantity",
    "accounted_for",
    "align_quantities",
    "anchored_mismatch",
    "find_quantities",
    "same_value",
]

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a hundred": 100, "half": 0.5,
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_NUM = (
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
    + r")"
)
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bln|mn|bn|tn|[kmb])\b)?"
_ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# Tried in order; a later pattern never takes text an earlier one matched.
_PATTERNS = (
    # "Q2 2025", "2Q25", "Q3 FY2024", "the second quarter of 2025", "third-quarter"
    re.compile(
        r"\b(?:Q(?P<qn>[1-4])|(?P<qn2>[1-4])Q)(?:\s*(?:FY|fiscal)?\s*'?(?P<qy>(?:19|20)?\d\d)\b)?",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<qw>first|second|third|fourth)[\s-]+(?:fiscal\s+|calendar\s+)?quarter"
        r"(?:\s+(?:of\s+)?(?:fiscal\s+|calendar\s+)?(?:FY\s*)?(?P<qy2>(?:19|20)\d\d)\b)?",
        re.IGNORECASE,
    ),
    re.compile(rf"(?P<cur>\$|US\$|€|£)\s?{_NUM}{_SCALE}", re.IGNORECASE),
    re.compile(
        rf"\b{_NUM}\s*(?P<pct>%|percent\b|per\s+cent\b|percentage points?\b)", re.IGNORECASE
    ),
    re.compile(rf"\b{_NUM}\s*(?P<mult>x\b|times\b|-fold\b|fold\b)", re.IGNORECASE),
    re.compile(rf"\b{_NUM}{_SCALE}(?P<dollars>\s+(?:dollars|usd)\b)?", re.IGNORECASE),
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_APPROX = re.compile(
    r"\b(?:about|around|roughly|nearly|almost|approximately|some|over|more than|"
    r"less than|under|up to|close to|at least)\s*$",
    re.IGNORECASE,
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "and",
        "or",
        "its",
        "it",
        "is",
        "was",
        "were",
        "be",
        "been",
        "has",
        "had",
        "have",
        "with",
        "as",
        "that",
        "this",
        "than",
        "year",
        "quarter",
        "per",
        "cent",
        "percent",
        "million",
        "billion",
        "dollars",
    ]
)


@dataclass(frozen=True)
class Quantity:
    kind: str  # money, percent, multiple, year, quarter (year * 10 + quarter), count
    value: float
    text: str
    span: Span
    approximate: bool
    decimals: int  # digits after the point as written, for rounding tolerance
    context: frozenset[str]  # content words around the figure


def _parse_number(raw: str) -> tuple[float, int]:
    lowered = raw.lower()
    if lowered in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[lowered]), 0
    cleaned = raw.replace(",", "")
    decimals = len(cleaned.split(".")[1]) if "." in cleaned else 0
    return float(cleaned), decimals


def _stem(word: str) -> str:
    return word[:5]  # a crude stem: "paused" and "pause", "announced" and "announces" agree


# Words that business copy abbreviates or varies, written as the stems they stand for, so
# that "Q3 EPS" and "third-quarter earnings per share", "sales" and "revenue" meet.
_CANON = {
    "q1": ("first",), "q2": ("secon",), "q3": ("third",), "q4": ("fourt",),
    "h1": ("first", "half"), "h2": ("secon", "half"), "1q": ("first",), "2q": ("secon",),
    "3q": ("third",), "4q": ("fourt",), "eps": ("earni", "share"), "fy": ("fisca",),
    "qtrly": (), "yoy": (), "sales": ("reven",), "sale": ("reven",), "turno": ("reven",),
    "incom": ("earni",), "profi": ("earni",), "ebitd": ("ebitd",), "mln": (), "bln": (),
}  # fmt: skip


def _content(chunk: str) -> list[str]:
    words: list[str] = []
    for w in re.findall(r"[a-z0-9]+", chunk.lower()):
        if w.isdigit() or w in _STOP:
            continue
        stem = w if w in _CANON else _stem(w)
        if stem in _CANON:
            words += _CANON[stem]
        elif len(w) > 2 and not w[0].isdigit():
            words.append(stem)
    return words


def _context(text: str, start: int, end: int) -> frozenset[str]:
    """Up to six content words either side; neighbouring figures ("$44.8 billion to") are
    skipped, so both ends of a range share the range's words. Abbreviations and variants
    ("Q3", "EPS", "sales") count as the words they stand for."""

    left = _content(text[max(0, start - 120) : start])[-6:]
    right = _content(text[end : end + 120])[:6]
    return frozenset(left + right)


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """All figures in ``text`` with their kind, value and surrounding words."""
    matches: list[re.Match[str]] = []
    taken: list[Span] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            matches.append(m)
            taken.append((m.start(), m.end()))
    matches.sort(key=lambda m: m.start())
    out: list[Quantity] = []
    for m in matches:
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        quarter = groups.get("qn") or groups.get("qn2") or groups.get("qw")
        if quarter is not None:
            number = _ORDINAL_QUARTERS.get(quarter.lower()) or int(quarter)
            raw_year = groups.get("qy") or groups.get("qy2")
            year = int(raw_year) if raw_year else 0
            year += 2000 if 0 < year < 100 else 0
            out.append(
                Quantity(
                    kind="quarter", value=float(year * 10 + number), text=m.group(0).strip(),
                    span=(m.start(), m.end()), approximate=False, decimals=0,
                    context=_context(text, m.start(), m.end()),
                )
            )  # fmt: skip
            continue
        value, decimals = _parse_number(groups["num"])
        scale = groups.get("scale")
        if scale:
            value *= _SCALES[scale.lower()]
        if "cur" in groups or groups.get("dollars"):
            kind = "money"
        elif "pct" in groups:
            kind = "percent"
        elif "mult" in groups:
            kind = "multiple"
        elif _YEAR.match(groups["num"]) and not scale:
            kind = "year"
        else:
            if groups["num"].lower() in _WORD_NUMBERS and not scale:
                continue  # "one of the", "two people": too vague to compare
            kind = "count"
        approximate = bool(_APPROX.search(text[max(0, m.start() - 20) : m.start()]))
        out.append(
            Quantity(
                kind=kind,
                value=value,
                text=m.group(0).strip(),
                span=(m.start(), m.end()),
                approximate=approximate,
                decimals=decimals,
                context=_context(text, m.start(), m.end()),
            )
        )
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
        if a.kind == "count" and b.kind in ("percent", "money") and not _SCALE_WORDS.search(a.text):
            value = a.value * (_SCALES[scale_b.group(1).lower()] if scale_b else 1.0)
            out[i] = replace(a, kind=b.kind, value=value, context=a.context | b.context)
        elif (
            a.kind == "money" and b.kind == "count" and scale_b and not _SCALE_WORDS.search(a.text)
        ):
            scale = _SCALES[scale_b.group(1).lower()]
            out[i] = replace(a, value=a.value * scale, context=a.context | b.context)
            out[i + 1] = replace(b, kind="money")
        elif (
            a.kind == b.kind == "money"
            and scale_b
            and not _SCALE_WORDS.search(a.text)
            and a.value < 1000
        ):
            value = a.value * _SCALES[scale_b.group(1).lower()]
            out[i] = replace(a, value=value, context=a.context | b.context)
    return tuple(out)


def same_value(claimed: Quantity, found: Quantity) -> bool:
    """Whether a source figure bears out a claimed one, allowing for rounding and 'about'."""
    if claimed.kind != found.kind:
        return False
    a, b = claimed.value, found.value
    if a == b:
        return True
    if claimed.kind == "quarter":  # the same quarter, and no two different years given
        return a % 10 == b % 10 and (a < 10 or b < 10)
    if claimed.kind == "year":
        return False
    scale = 1.0
    for unit in (1e12, 1e9, 1e6, 1e3):
        if abs(a) >= unit:
            scale = unit
            break
    # "$11 billion" stands for anything that rounds to 11 at the precision written.
    tolerance = (
        0.5 * scale * 10 ** (-claimed.decimals)
        if claimed.kind in ("money", "count")
        else (0.5 * 10 ** (-claimed.decimals))
    )
    if claimed.approximate:
        tolerance = max(tolerance, abs(a) * 0.05)
    return bool(abs(a - b) <= tolerance + 1e-9 * max(abs(a), 1.0))


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
        others = [
            f
            for f in found
            if f.kind == q.kind
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
                    f.kind == q.kind and f not in accounted
                    and q.value and 0.1 <= abs(f.value) / abs(q.value) <= 10
                ):  # fmt: skip
                    key = (len(agreeing), len(q.context & f.context))
                    if best is None or key > best[0]:
                        best = (key, q, f)
    return None if best is None else (best[1], best[2])
