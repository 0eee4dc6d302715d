"""Names: the passage that reads like the statement names another person, organisation or
place where the statement names one.

Also the reading behind it: which of a statement's content words a passage holds
(``passage_coverage``), and a name the draft gives that the matching source gives differently
(``draft_name_clash``)."""

from __future__ import annotations

import re

import regex

from ...text.lexicon import (
    CLAUSE_OPENERS,
    MONTHS,
    SENTENCE_OPENERS,
    STOP_WORDS,
    WEEKDAYS,
    capitalised,
)
from ...text.names import find_names, fold, name_clash
from ...text.stem import stem
from ...types import Evidence
from ..signals import Cue, Polarity, Signal
from . import ClaimCase
from .context import cite

__all__ = [
    "COMMON_CAPITALS",
    "close",
    "coverage",
    "draft_name_clash",
    "names",
    "passage_coverage",
]

NAME_CAP = 0.9  # a name clash is as sure as the passage is similar, up to this
# Share of the statement's content words a passage that is not close as a whole must hold
# before its places, namesakes and spellings are compared with the statement's; a short
# atomic claim rarely reaches the support threshold against the long sentence it came from.
ALIGNED_COVERAGE = 0.6

# Not ``text.tokens``: words of two letters or more, figures with their trailing stop or comma
# ("11,079."), and "U.S." no word at all; the coverage thresholds were set on this reading.
_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}'’-]+|\d[\d,.]*")
# The shared stop words, and reporting verbs, modals and "new": no content of a claim's own.
_STOP = STOP_WORDS | frozenset(
    "said says will would could should can may might do did does new".split()
)
# Capitalised words that are no names: sentence and clause openers, months, weekdays, and the
# abbreviations business copy capitalises.
COMMON_CAPITALS = (
    capitalised(SENTENCE_OPENERS | CLAUSE_OPENERS)
    | frozenset(MONTHS + WEEKDAYS)
    | frozenset("Q1 Q2 Q3 Q4 CEO CFO AI".split())
)


def _content_words(text: str) -> set[str]:
    return {stem(w) for w in _TOKEN.findall(text) if w.lower() not in _STOP and len(w) > 2}


def _names(text: str) -> set[str]:
    """Capitalised words (any script) that are not sentence openers or common capitals."""
    return {
        n.text
        for n in find_names(text)
        if n.text not in COMMON_CAPITALS and not (n.sentence_start and n.text.lower() in _STOP)
    }


def passage_coverage(statement: str, evidence: Evidence) -> float:
    """Share of the content words of ``statement`` that the passage (and its title) holds."""
    words = _content_words(statement)
    if not words:
        return 0.0
    found = _content_words(evidence.passage.text + " " + evidence.source.title)
    return len(words & found) / len(words)


def _read_clash(statement: str, source: str) -> tuple[str, str] | None:
    """The readings of ``text.names`` (a place "-based" elsewhere, a namesake with another
    first name, a name one letter off) as (the draft's name, the source's)."""
    read = name_clash(statement, source, skip=COMMON_CAPITALS)
    if read is None:
        return None
    spelling = " (one letter apart: check the spelling)" if read.why == "spelling" else ""
    return read.draft, read.source + spelling


def draft_name_clash(statement: str, evidence: Evidence, window: str) -> tuple[str, str] | None:
    """A name the draft uses where the matching source uses a different one (the draft's as
    written, the source's as written).

    ``window`` is the passage with some of its document around it. First the readings of
    ``text.names``: a place "-based" elsewhere, a namesake with another first name, a name
    one letter off ("check the spelling"). Then a draft name that neither the window nor the
    title holds (accent-folded): the source's counterpart is the name that follows the same
    word (``of PixelForge`` / ``of CraveFX``), else the first source name the draft lacks.
    """
    read = _read_clash(statement, window + "\n" + evidence.source.title)
    if read is not None:
        return read
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


def coverage(case: ClaimCase, e: Evidence) -> float:
    """Share of the statement's content words the passage (and its title) holds."""
    return passage_coverage(case.text, e)


def close(case: ClaimCase) -> bool:
    """Whether the most similar passage reads like the statement: similar enough to support
    alone, and holding most of its content words."""
    best = case.best
    return best.score >= case.params.support and coverage(case, best) >= case.params.close_coverage


def names(case: ClaimCase) -> tuple[Signal, ...]:
    """The closest passage, when it reads like the statement, naming someone or somewhere
    else; else the passage holding most of the statement's words, read only for a place
    "-based" elsewhere, a namesake with another first name, or a spelling one letter off."""
    best = case.best
    clash: tuple[str, str] | None = None
    e = best
    if close(case):
        clash = draft_name_clash(case.text, best, case.window(best))
    else:
        aligned = [x for x in case.evidence if x.score >= case.params.related]
        if aligned:
            e = max(aligned, key=lambda x: (coverage(case, x), x.score))
            if coverage(case, e) >= ALIGNED_COVERAGE:
                clash = _read_clash(case.text, case.window(e) + "\n" + e.source.title)
    if not clash:
        return ()
    return (
        Signal(
            check="names", cue=Cue.NAME_CLASH, polarity=Polarity.CONTRADICTS,
            strength=min(NAME_CAP, e.score),
            reason=f"the draft names {clash[0]}; {cite(e)} names {clash[1]}",
            evidence=(e,), figures=(clash[0], clash[1]),
        ),
    )  # fmt: skip
