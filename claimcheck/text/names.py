"""Names, places and organisations as reporters write them.

Tokens are Unicode-aware (``regex`` with ``\\p{L}``), so "José Gómez of Zürich" gives José,
Gómez and Zürich. Names compare accent-folded (Zürich = Zurich, Łukasz = Lukasz) while every
result keeps the spelling as written. People are compared by full name where both sides give
one (a shared surname is not the same person: the first names must agree; titles and suffixes
are dropped by ``nameparser``); a name one letter away from the source's is a misspelling;
"X-based" and "based in X" give an entity's place, compared with the place the source gives.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex
from nameparser import HumanName

__all__ = [
    "NameClash",
    "find_names",
    "fold",
    "name_clash",
    "one_letter_apart",
    "person_names",
    "places",
]

_SPECIAL = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "Ae",
     "œ": "oe", "Œ": "Oe", "ı": "i", "þ": "th"}
)  # fmt: skip
# A capitalised word: a capital letter, then letters, apostrophes or inner hyphens.
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}]*(?:['’\-][\p{L}\p{M}]+)*")
_BASED_SUFFIX = regex.compile(r"(?i)-based$")
_BASED_IN = regex.compile(
    r"(?:\bbased\s+in\s+(?P<a>\p{Lu}[\p{L}\p{M}'’\-]*)|(?P<b>\p{Lu}[\p{L}\p{M}'’\-]*)-based\b)"
)
_POSSESSIVE = regex.compile(r"['’]s$")
# Shortest name a one-letter difference is read as a misspelling in: three-letter names ("Lee"
# / "Lei", "Ali" / "Ari") are as often two people as one misspelt. A plural ("State" /
# "States") is never a misspelling.
SPELLING_MIN_LETTERS = 4


def fold(text: str) -> str:
    """``text`` without accents: Zürich -> Zurich, Łukasz -> Lukasz, Gómez -> Gomez."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(word: str) -> str:
    return fold(_POSSESSIVE.sub("", _BASED_SUFFIX.sub("", word))).lower()


@dataclass(frozen=True)
class Name:
    text: str  # as written, "-based" and possessive dropped
    start: int
    sentence_start: bool

    @property
    def key(self) -> str:
        return _key(self.text)


def find_names(text: str) -> list[Name]:
    """Capitalised words of ``text`` (Unicode letters), each with whether it opens a sentence."""
    out = []
    for m in _CAPITALISED.finditer(text):
        word = _POSSESSIVE.sub("", _BASED_SUFFIX.sub("", m.group(0)))
        before = text[: m.start()].rstrip()
        out.append(Name(word, m.start(), not before or before[-1] in '.!?"“:;'))
    return out


# Last words that make a run of capitals a place or an organisation, not a person ("Maple Grove
# Elementary", "Harbor City Council"): two of those sharing a last word are not namesakes.
_NOT_PERSON_TAILS = frozenset(
    """elementary school schools high middle academy college university park street road avenue
    square hall center centre station bridge river lake company corp corporation inc ltd llc plc
    group bank council department ministry county city town authority board committee party
    union association foundation institute hospital clinic church trust fund agency commission
    court mills foods rail railway airlines airport times news post herald review district ward
    state states republic kingdom island islands valley mountain port harbour harbor""".split()
)


def person_names(text: str, skip: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    """Runs of two or more capitalised words read as people: (as written, folded first name,
    folded last name); titles ("Dr", "Council"?) and suffixes dropped by nameparser. ``skip``:
    words that are never part of a name (sentence openers, months)."""
    out = []
    names = [n for n in find_names(text) if n.text not in skip]
    run: list[Name] = []

    def flush() -> None:
        if len(run) >= 2:
            written = text[run[0].start : run[-1].start + len(run[-1].text)]
            parsed = HumanName(written)
            if parsed.first and parsed.last and _key(run[-1].text) not in _NOT_PERSON_TAILS:
                out.append((written, _key(parsed.first), _key(parsed.last)))
        run.clear()

    for n in names:
        if run and text[run[-1].start + len(run[-1].text) : n.start] != " ":
            flush()
        run.append(n)
    flush()
    return out


def one_letter_apart(a: str, b: str) -> bool:
    """Whether two words differ by one letter added, dropped or changed (case and accents
    aside): Kessler / Kesler, Petersen / Peterson."""
    a, b = _key(a), _key(b)
    if a == b or abs(len(a) - len(b)) > 1 or a + "s" == b or b + "s" == a:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def places(text: str) -> list[str]:
    """Places given as where an entity is based: "a Göteborg-based mill", "based in Goteborg"."""
    return [m.group("a") or m.group("b") for m in _BASED_IN.finditer(text)]


@dataclass(frozen=True)
class NameClash:
    draft: str  # the draft's name, as written
    source: str  # the source's name, as written
    why: str  # "spelling", "person", "place"


_CLAUSE = regex.compile(r"[^;,.!?\n]+")


def _clause_of(text: str, words: set[str]) -> str:
    """The clause of ``text`` that shares most of ``words`` (folded, lower-cased)."""
    best, score = "", -1
    for m in _CLAUSE.finditer(text):
        clause_words = {_key(w) for w in regex.findall(r"[\p{L}\p{M}]+", m.group(0))}
        shared = len(words & clause_words)
        if shared > score:
            best, score = m.group(0), shared
    return best


def name_clash(statement: str, source: str, *, skip: frozenset[str]) -> NameClash | None:
    """A name the draft gives differently from ``source`` (the matching passage and its
    surroundings): a place "-based" elsewhere, a person of the same surname with another
    first name (or, where both are in the source, the one the source gives the statement's
    words to), or a name one letter away from the source's. ``skip``: capitalised words that
    are not names."""
    content = {_key(w) for w in regex.findall(r"[\p{L}\p{M}]+", statement) if len(w) > 3}
    draft_places, source_places = places(statement), places(source)
    source_place_keys = {_key(p) for p in source_places}
    for p in draft_places:
        if source_places and _key(p) not in source_place_keys:
            return NameClash(p, source_places[0], "place")
    source_people = person_names(source, skip)
    for written, first, last in person_names(statement, skip):
        # Another first name, where neither run holds the other's ("Union President Dana
        # Okafor" and "Dana Okafor" are one person).
        mine = {_key(w) for w in written.split()}
        namesakes = [
            s for s in source_people
            if s[2] == last and s[1] != first and s[1] not in mine
            and first not in {_key(w) for w in s[0].split()}
        ]  # fmt: skip
        if not namesakes:
            continue
        same = [s for s in source_people if s[2] == last and s[1] == first]
        if not same:
            return NameClash(written, namesakes[0][0], "person")
        clause = _clause_of(source, content)
        in_clause = [s for s in namesakes if s[0] in clause]
        if in_clause and not any(s[0] in clause for s in same):
            return NameClash(written, in_clause[0][0], "person")
    source_words = {n.key: n.text for n in find_names(source) if n.text not in skip}
    draft_words = {n.key: n.text for n in find_names(statement) if n.text not in skip}
    for key, written in draft_words.items():
        if key in source_words or len(key) < SPELLING_MIN_LETTERS:
            continue
        for skey, swritten in source_words.items():
            if skey not in draft_words and one_letter_apart(key, skey):
                return NameClash(written, swritten, "spelling")
    return None
