"""Reading names and content words for the claim checks: which of a statement's words a
passage holds (coverage), and a name the draft gives that the matching source gives
differently (``_name_clash``). The checks themselves are in ``checks/``."""

from __future__ import annotations

import re

import regex

from ..text.names import find_names, fold, name_clash
from ..text.stem import stem
from ..types import Evidence

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’-]+|\d[\d,.]*")
_STOP = frozenset(
    """the a an of to in on at for from by and or its it is was were be been being has had have
    with as that this than those these their there they them he she his her we our you your
    not but so if into over after before about also more most said says will would could
    should can may might do did does which who whom what when where while all any each such
    only just very up out new""".split()
)
_COMMON_CAPITALS = frozenset(
    """The A An In On At But And So This That These Those It Its He She They We I His Her Their
    Our There Then However Meanwhile Yet After Before When While If As For From By With Of To
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Q1 Q2 Q3 Q4 CEO CFO AI""".split()
)


def _stem(word: str) -> str:
    return stem(word)


def _content_words(text: str) -> set[str]:
    return {_stem(w) for w in _TOKEN.findall(text) if w.lower() not in _STOP and len(w) > 2}


def _names(text: str) -> set[str]:
    """Capitalised words (any script) that are not sentence openers or common capitals."""
    return {
        n.text
        for n in find_names(text)
        if n.text not in _COMMON_CAPITALS and not (n.sentence_start and n.text.lower() in _STOP)
    }


def _coverage(statement: str, evidence: Evidence) -> float:
    words = _content_words(statement)
    if not words:
        return 0.0
    found = _content_words(evidence.passage.text + " " + evidence.source.title)
    return len(words & found) / len(words)


def _name_clash(statement: str, evidence: Evidence, window: str) -> tuple[str, str] | None:
    """A name the draft uses where the matching source uses a different one (the draft's as
    written, the source's as written).

    ``window`` is the passage with some of its document around it. First the readings of
    ``text.names``: a place "-based" elsewhere, a namesake with another first name, a name
    one letter off ("check the spelling"). Then a draft name that neither the window nor the
    title holds (accent-folded): the source's counterpart is the name that follows the same
    word (``of PixelForge`` / ``of CraveFX``), else the first source name the draft lacks.
    """
    read = name_clash(statement, window + "\n" + evidence.source.title, skip=_COMMON_CAPITALS)
    if read is not None:
        spelling = " (one letter apart: check the spelling)" if read.why == "spelling" else ""
        return read.draft, read.source + spelling
    draft_names = _names(statement)
    source_names = _names(window) | _names(evidence.source.title)

    def key(name: str) -> str:
        return fold(name)[:5].lower()

    source_stems = {key(n) for n in source_names}
    missing = [n for n in draft_names if key(n) not in source_stems]
    if not missing:
        return None
    draft_stems = {key(n) for n in draft_names}
    extra = [n for n in source_names if key(n) not in draft_stems]
    if not extra:
        return None
    for name in missing:
        before = re.search(r"(\w+)\W+" + re.escape(name), statement)
        if before:
            for m in re.finditer(re.escape(before.group(1)) + r"\W+(\w[\w'’-]*)", window):
                if m.group(1) in extra:
                    return name, m.group(1)

    def likeness(name: str, like: str = missing[0]) -> tuple[bool, bool, int]:
        mixed = any(c.isupper() for c in name[1:])
        pos = window.find(name)
        return (mixed == any(c.isupper() for c in like[1:]), pos >= 0, -pos)

    return missing[0], max(extra, key=likeness)
