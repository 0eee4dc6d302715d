"""The words around a figure, for the figure reader (``figures.py``): the content words either
side (stemmed, abbreviations read as what they stand for), whether the figure is approximate
("about", "nearly", "more than") and which way a change goes ("fell 3%", "a 2.4% drop").
"""

from __future__ import annotations

import re
import unicodedata

from .stem import stem

__all__ = ["approximation", "context_words", "direction"]

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


def context_words(text: str, start: int, end: int) -> frozenset[str]:
    """Up to six content words either side; neighbouring figures ("$44.8 billion to") are
    skipped, so both ends of a range share the range's words. Abbreviations and variants
    ("Q3", "EPS", "sales") count as the words they stand for."""
    left = _content(text[max(0, start - 120) : start])[-6:]
    right = _content(text[end : end + 120])[:6]
    return frozenset(left + right)


def approximation(text: str, start: int) -> tuple[bool, str]:
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


def direction(text: str, start: int, written: str | None, end: int | None = None) -> int:
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
