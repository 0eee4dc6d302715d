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
import unicodedata
from dataclasses import dataclass, replace

from ..types import Span
from .dates import DATE_PATTERN, normalise_date
from .stem import stem

__all__ = [
    "Quantity",
    "derived_quantities",
    "find_quantities",
    "has_figure",
    "is_money",
    "money_kind",
    "parse_number_words",
]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_WORD_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
# Fractions written as words (singular and plural), as vulgar-fraction characters.
_FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}  # fmt: skip
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}
# Verbs that give a multiple of what was before.
_MULTIPLY_VERBS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}

# Currency marks before the figure, and names after it. A bare "$" is read as US dollars (the
# house style of the wires this tool checks), so "$" and "US$" are the same currency.
_CURRENCY_MARKS = {
    "us$": "USD", "$": "USD", "usd": "USD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
    "a$": "AUD", "au$": "AUD", "aud": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "yen": "JPY",
    "₹": "INR", "rs": "INR", "chf": "CHF", "r$": "BRL",
}  # fmt: skip
_CURRENCY_NAMES = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR",
    "eur": "EUR", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY",
    "jpy": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "francs": "CHF",
    "cad": "CAD", "aud": "AUD",
}  # fmt: skip
_MARK = (
    r"(?P<cur>US\$|C\$|CA\$|A\$|AU\$|NZ\$|HK\$|S\$|R\$|\$|€|£|¥|₹|"
    r"(?:USD|CAD|AUD|EUR|GBP|JPY|CHF)(?=\s?\d))"
)

# "a" only before a scale ("a hundred", "a million"): alone it is the article, everywhere.
_WORD = "|".join(
    [*sorted([*_UNITS, *_TENS, "hundred"], key=len, reverse=True),
     r"a(?=[\s-]+(?:hundred|thousand|million|billion|trillion)\b)"]
)  # fmt: skip
_WORDS_NUMBER = (
    rf"(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{'|'.join([*_UNITS, *_TENS, 'hundred'])}))*)"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUM = rf"(?P<num>{_DIGITS}|\b{_WORDS_NUMBER}\b)(?P<vulgar>[½⅓⅔¼¾⅕⅛])?"
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bln|mn|bn|tn|[kmb])\b)?"
# A sign only where no word or figure runs into it: "$74-75 million" is a range, not -75.
# Where a figure can begin (a sign, a digit, a currency mark, the first letter of a number word,
# "minus", "plus" or a currency code), checked first so the scan skips every other position.
_START = r"(?=[-−–+\d.$€£¥₹OTFSENHAZMPUCARGJotfsenhazmpucargj])(?<!\w)"
_SIGN = _START + r"(?P<sign>(?<![\w.,%)])[-−–]|\bminus\s+|(?<![\w.,])\+|\bplus\s+)?"
_ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_FRACTION = (
    r"\b(?:(?P<fnum>a|an|one|two|three|four|five|six|seven|nine|\d+)[\s-]+"
    r"(?P<fden>half|halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|tenths?)|"
    r"(?P<fhalf>half))\b"
)
# Tried in order; a later pattern never takes text an earlier one matched.
_PATTERNS = (
    ("date", DATE_PATTERN),
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
            rf"{_FRACTION}\s+of\s+(?P<rest>(?:[^\d.,;:!?()]{{0,40}}?\s)?){_MARK}?{_NUM}(?!\d|[.,]\d)"
            rf"{_SCALE}(?!\s*(?:%|percent|per\s+cent))",
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
            rf"{_FRACTION}\s+(?:of\s+)?an?\s+(?P<fscale>thousand|million|billion|trillion)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "figure",
        re.compile(
            rf"{_SIGN}{_MARK}\s?{_NUM}{_SCALE}(?P<curname>\s+(?:{'|'.join(_CURRENCY_NAMES)})\b)?",
            re.IGNORECASE,
        ),
    ),
    (
        "figure",
        re.compile(
            rf"{_SIGN}(?<![\w.]){_NUM}(?:\s*|-)(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b|"
            r"(?:basis\s+points?|bps)\b|points?\b|pts?\b|pp\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "figure",
        re.compile(rf"(?<![\w.]){_NUM}\s*(?P<mult>x\b|times\b|-fold\b|fold\b)", re.IGNORECASE),
    ),
    (
        "verb_multiple",
        re.compile(r"\b(?P<mverb>" + "|".join(_MULTIPLY_VERBS) + r")\b", re.IGNORECASE),
    ),
    (
        "figure",
        re.compile(
            rf"{_SIGN}(?<![\w.]){_NUM}{_SCALE}(?P<curname>\s+(?:{'|'.join(_CURRENCY_NAMES)})\b)?",
            re.IGNORECASE,
        ),
    ),
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Words before a figure that make it approximate, and which way: "about" either side,
# "nearly" from below, "more than" from above.
_APPROX = re.compile(
    r"\b(?P<word>about|around|roughly|nearly|almost|approximately|some|over|more than|"
    r"less than|under|up to|close to|at least|just over|just under|upwards of|at most|"
    r"fewer than|in excess of|an estimated|estimated)\s*$",
    re.IGNORECASE,
)
_FROM_BELOW = frozenset(
    {"nearly", "almost", "less than", "under", "up to", "just under", "at most", "fewer than"}
)
_FROM_ABOVE = frozenset(
    {"over", "more than", "at least", "just over", "upwards of", "in excess of"}
)
# Verbs and nouns that give a change its direction: "fell 3%", "a decline of 3%", "narrowed by
# 1.2 points", "down 3%". A figure after "to" ("fell to 3%") is a level, not a change.
_DOWN = re.compile(
    r"\b(?:fell|fall|falls|falling|dropped|drop|drops|declined|decline|declines|declining|"
    r"decreased|decrease|decreases|shrank|shrunk|shrink|shrinks|shrinking|narrowed|narrow|"
    r"narrows|slid|slide|slipped|slumped|plunged|tumbled|sank|contracted|contraction|lost|"
    r"eased|dipped|cut|reduced|reduction|down|loss|losses)"
    r"(?:\s+(?:of|by|some|about|around|roughly|nearly|almost|more than|over))?\s*$",
    re.IGNORECASE,
)
_UP = re.compile(
    r"\b(?:rose|rise|rises|rising|grew|grow|grows|growing|growth|increased|increase|increases|"
    r"climbed|climb|jumped|jump|surged|soared|gained|gain|gains|widened|widen|expanded|"
    r"expansion|higher|up|added|advanced|rallied)"
    r"(?:\s+(?:of|by|some|about|around|roughly|nearly|almost|more than|over))?\s*$",
    re.IGNORECASE,
)
_STOP = frozenset(
    """the a an of to in on at for from by and or its it is was were be been has had have with
    as that this than year quarter per cent percent million billion dollars""".split()
)
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


def parse_number_words(text: str) -> float | None:
    """``twenty-five`` -> 25, ``three thousand`` -> 3000, ``three hundred and ten`` -> 310,
    ``a hundred`` -> 100; None when ``text`` is not a number in words."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    if words[0] in ("a", "an"):
        words[0] = "one"  # "a hundred"; a lone "a" is read only before a scale word
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1.0) * 100
        elif w in _SCALES and w in _WORD_SCALES:
            total += max(current, 1.0) * _SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _parse_number(raw: str) -> tuple[float, int] | None:
    if raw[0].isdigit() or raw[0] == ".":
        cleaned = raw.replace(",", "")
        decimals = len(cleaned.split(".")[1]) if "." in cleaned else 0
        return float(cleaned), decimals
    value = parse_number_words(raw)
    return None if value is None else (value, 0)


def _fraction(num: str | None, den: str | None) -> float | None:
    if num is None or den is None:
        return 0.5  # "half of", "half a million"
    n = 1.0 if num.lower() in ("a", "an") else _parse_number(num)
    count = n if isinstance(n, float) else (n[0] if n else None)
    if count is None:
        return None
    return count / _FRACTION_WORDS[den.lower()]


def _stem(word: str) -> str:
    return stem(word)  # Snowball English (text/stem.py), as everywhere word stems are compared


# Words that business copy abbreviates or varies, written as the stems they stand for, so
# that "Q3 EPS" and "third-quarter earnings per share", "sales" and "revenue" meet.
_CANON = {
    "q1": ("first",), "q2": ("second",), "q3": ("third",), "q4": ("fourth",),
    "h1": ("first", "half"), "h2": ("second", "half"), "1q": ("first",), "2q": ("second",),
    "3q": ("third",), "4q": ("fourth",), "eps": ("earn", "share"), "fy": ("fiscal",),
    "qtrli": (), "qtrly": (), "yoy": (), "sale": ("revenu",), "turnov": ("revenu",),
    "incom": ("earn",), "profit": ("earn",), "ebitda": ("ebitda",), "mln": (), "bln": (),
}  # fmt: skip


def _fold(text: str) -> str:
    """Accents dropped (the figure's words compare as ASCII); other non-ASCII marks vanish."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text.replace("ł", "l")).encode("ascii", "ignore").decode()


def _content(chunk: str) -> list[str]:
    words: list[str] = []
    for w in re.findall(r"[a-z0-9]+", _fold(chunk.lower())):
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


def _approximation(text: str, start: int) -> tuple[bool, str]:
    m = _APPROX.search(text[max(0, start - 20) : start])
    if m is None:
        return False, ""
    word = " ".join(m.group("word").lower().split())
    return True, "below" if word in _FROM_BELOW else "above" if word in _FROM_ABOVE else ""


# Nouns after a figure that give its direction: "a 2.4% drop", "a 3-point gain".
_DOWN_AFTER = re.compile(
    r"^\s*(?:(?:year-on-year|annual|monthly|quarterly)\s+)?(?:drop|fall|decline|decrease|"
    r"contraction|reduction|slide|slump|loss|cut)\b",
    re.IGNORECASE,
)
_UP_AFTER = re.compile(
    r"^\s*(?:(?:year-on-year|annual|monthly|quarterly)\s+)?(?:rise|increase|gain|growth|"
    r"jump|climb|expansion)\b",
    re.IGNORECASE,
)


def _direction(text: str, start: int, written: str | None, end: int | None = None) -> int:
    if written:
        return -1 if written.strip().lower() in ("-", "−", "–", "minus") else 1
    if end is not None and _DOWN_AFTER.search(text[end : end + 40]):
        return -1
    if end is not None and _UP_AFTER.search(text[end : end + 40]):
        return 1
    before = text[max(0, start - 40) : start]
    if _DOWN.search(before):
        return -1
    if _UP.search(before):
        return 1
    return 0


def money_kind(currency: str) -> str:
    """The kind of an amount in ``currency``: "money" for US dollars, "money_<iso>" else."""
    return "money" if currency in ("", "USD") else f"money_{currency.lower()}"


def is_money(kind: str) -> bool:
    return kind == "money" or kind.startswith("money_")


def _currency(groups: dict[str, str]) -> str:
    mark = groups.get("cur")
    if mark:
        return _CURRENCY_MARKS.get(mark.lower(), mark.upper())
    name = groups.get("curname")
    return _CURRENCY_NAMES.get(name.strip().lower(), "") if name else ""


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
    if how == "quarter":
        quarter = groups.get("qn") or groups.get("qn2") or groups.get("qw") or "0"
        number = _ORDINAL_QUARTERS.get(quarter.lower()) or int(quarter)
        raw_year = groups.get("qy") or groups.get("qy2")
        year = int(raw_year) if raw_year else 0
        year += 2000 if 0 < year < 100 else 0
        return Quantity(
            kind="quarter", value=float(year * 10 + number), text=m.group(0).strip(), span=span,
            **exact,  # type: ignore[arg-type]
        )  # fmt: skip
    approximate, bound = _approximation(text, m.start())
    if how == "verb_multiple":
        return Quantity(
            kind="multiple", value=_MULTIPLY_VERBS[groups["mverb"].lower()],
            text=m.group(0), span=span, approximate=approximate, decimals=VERB_DECIMALS,
            context=context, bound=bound, change=True,
        )  # fmt: skip
    if how == "one_in":
        top, bottom = _parse_number(groups["inum"]), _parse_number(groups["iden"])
        if top is None or bottom is None or not bottom[0] or top[0] >= bottom[0]:
            return None
        return Quantity(
            kind="percent", value=100 * top[0] / bottom[0], text=m.group(0), span=span,
            approximate=approximate, decimals=0, context=context, bound=bound,
        )  # fmt: skip
    if how == "fraction_scale":
        share = _fraction(groups.get("fnum"), groups.get("fden"))
        if share is None:
            return None
        return Quantity(
            kind="count", value=share * _SCALES[groups["fscale"].lower()], text=m.group(0),
            span=span, approximate=approximate, decimals=0, context=context, bound=bound,
        )  # fmt: skip
    parsed = _parse_number(groups["num"])
    if parsed is None:
        return None
    value, decimals = parsed
    if "vulgar" in groups:
        value += _VULGAR[groups["vulgar"]]
        decimals = max(decimals, 1)
    scale = groups.get("scale")
    if scale:
        value *= _SCALES[scale.lower()]
    currency = _currency(groups)
    if how == "share":
        share = _fraction(groups.get("fnum"), groups.get("fden"))
        if share is None:
            return None
        return Quantity(
            kind=money_kind(currency) if currency else "count", value=share * value,
            text=m.group(0), span=span, approximate=approximate, decimals=decimals, context=context,
            currency=currency, bound=bound,
        )  # fmt: skip
    pct = groups.get("pct", "").lower()
    sign = _direction(text, m.start(), groups.get("sign"), m.end())
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
        q = replace(q, context=_context(text, q.span[0], q.span[1]))
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
            value = a.value * (_SCALES[scale_b.group(1).lower()] if scale_b else 1.0)
            out[i] = replace(
                a, kind=b.kind, value=value, context=a.context | b.context, currency=b.currency
            )
        elif is_money(a.kind) and b.kind == "count" and scale_b and not _SCALE_WORDS.search(a.text):
            scale = _SCALES[scale_b.group(1).lower()]
            out[i] = replace(a, value=a.value * scale, context=a.context | b.context)
            out[i + 1] = replace(b, kind=a.kind, currency=a.currency)
        elif (
            a.kind == b.kind
            and is_money(a.kind)
            and scale_b
            and not _SCALE_WORDS.search(a.text)
            and a.value < 1000
        ):
            value = a.value * _SCALES[scale_b.group(1).lower()]
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


_ANY_FIGURE = re.compile(
    rf"\d|[½⅓⅔¼¾]|\b(?:percent|million|billion|twice|half|{'|'.join(_MULTIPLY_VERBS)}|"
    rf"{'|'.join(_TENS)}|hundred|thousand)\b",
    re.IGNORECASE,
)


def has_figure(text: str) -> bool:
    """Whether ``text`` writes a figure in any form the reader knows (digits, number words,
    fractions, multiplying verbs)."""
    return bool(_ANY_FIGURE.search(text))
