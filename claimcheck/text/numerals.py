"""Numbers as reporters write them, for the figure reader (``figures.py``): digits, number
words ("twenty-five", "a hundred", "three hundred and ten"), scales ("bn", "million"),
fractions ("a third", "½"), multiplying verbs ("doubled"), currency marks and names, and the
regular-expression pieces a figure is made of.
"""

from __future__ import annotations

import re

__all__ = [
    "CURRENCY_MARKS",
    "CURRENCY_NAMES",
    "FRACTION",
    "FRACTION_WORDS",
    "MARK",
    "MULTIPLY_VERBS",
    "NUM",
    "ORDINAL_QUARTERS",
    "SCALE",
    "SCALES",
    "SIGN",
    "TENS",
    "UNITS",
    "VULGAR",
    "WORD_SCALES",
    "currency_of",
    "fraction",
    "has_figure",
    "is_money",
    "money_kind",
    "parse_number",
    "parse_number_words",
]

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
WORD_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
# Fractions written as words (singular and plural), as vulgar-fraction characters.
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}  # fmt: skip
VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}
# Verbs that give a multiple of what was before.
MULTIPLY_VERBS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}

# Currency marks before the figure, and names after it. A bare "$" is read as US dollars (the
# house style of the wires this tool checks), so "$" and "US$" are the same currency.
CURRENCY_MARKS = {
    "us$": "USD", "$": "USD", "usd": "USD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
    "a$": "AUD", "au$": "AUD", "aud": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD",
    "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "yen": "JPY",
    "₹": "INR", "rs": "INR", "chf": "CHF", "r$": "BRL",
}  # fmt: skip
CURRENCY_NAMES = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR",
    "eur": "EUR", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "yen": "JPY",
    "jpy": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "francs": "CHF",
    "cad": "CAD", "aud": "AUD",
}  # fmt: skip
MARK = (
    r"(?P<cur>US\$|C\$|CA\$|A\$|AU\$|NZ\$|HK\$|S\$|R\$|\$|€|£|¥|₹|"
    r"(?:USD|CAD|AUD|EUR|GBP|JPY|CHF)(?=\s?\d))"
)

# "a" only before a scale ("a hundred", "a million"): alone it is the article, everywhere.
_WORD = "|".join(
    [*sorted([*UNITS, *TENS, "hundred"], key=len, reverse=True),
     r"a(?=[\s-]+(?:hundred|thousand|million|billion|trillion)\b)"]
)  # fmt: skip
_WORDS_NUMBER = (
    rf"(?:(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{'|'.join([*UNITS, *TENS, 'hundred'])}))*)"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
NUM = rf"(?P<num>{_DIGITS}|\b{_WORDS_NUMBER}\b)(?P<vulgar>[½⅓⅔¼¾⅕⅛])?"
SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bln|mn|bn|tn|[kmb])\b)?"
# A sign only where no word or figure runs into it: "$74-75 million" is a range, not -75.
# Where a figure can begin (a sign, a digit, a currency mark, the first letter of a number word,
# "minus", "plus" or a currency code), checked first so the scan skips every other position.
_START = r"(?=[-−–+\d.$€£¥₹OTFSENHAZMPUCARGJotfsenhazmpucargj])(?<!\w)"
SIGN = _START + r"(?P<sign>(?<![\w.,%)])[-−–]|\bminus\s+|(?<![\w.,])\+|\bplus\s+)?"
ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
FRACTION = (
    r"\b(?:(?P<fnum>a|an|one|two|three|four|five|six|seven|nine|\d+)[\s-]+"
    r"(?P<fden>half|halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|tenths?)|"
    r"(?P<fhalf>half))\b"
)


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
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = max(current, 1.0) * 100
        elif w in SCALES and w in WORD_SCALES:
            total += max(current, 1.0) * SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(raw: str) -> tuple[float, int] | None:
    if raw[0].isdigit() or raw[0] == ".":
        cleaned = raw.replace(",", "")
        decimals = len(cleaned.split(".")[1]) if "." in cleaned else 0
        return float(cleaned), decimals
    value = parse_number_words(raw)
    return None if value is None else (value, 0)


def fraction(num: str | None, den: str | None) -> float | None:
    if num is None or den is None:
        return 0.5  # "half of", "half a million"
    n = 1.0 if num.lower() in ("a", "an") else parse_number(num)
    count = n if isinstance(n, float) else (n[0] if n else None)
    if count is None:
        return None
    return count / FRACTION_WORDS[den.lower()]


def money_kind(currency: str) -> str:
    """The kind of an amount in ``currency``: "money" for US dollars, "money_<iso>" else."""
    return "money" if currency in ("", "USD") else f"money_{currency.lower()}"


def is_money(kind: str) -> bool:
    return kind == "money" or kind.startswith("money_")


def currency_of(groups: dict[str, str]) -> str:
    mark = groups.get("cur")
    if mark:
        return CURRENCY_MARKS.get(mark.lower(), mark.upper())
    name = groups.get("curname")
    return CURRENCY_NAMES.get(name.strip().lower(), "") if name else ""


_ANY_FIGURE = re.compile(
    rf"\d|[½⅓⅔¼¾]|\b(?:percent|million|billion|twice|half|{'|'.join(MULTIPLY_VERBS)}|"
    rf"{'|'.join(TENS)}|hundred|thousand)\b",
    re.IGNORECASE,
)


def has_figure(text: str) -> bool:
    """Whether ``text`` writes a figure in any form the reader knows (digits, number words,
    fractions, multiplying verbs)."""
    return bool(_ANY_FIGURE.search(text))
