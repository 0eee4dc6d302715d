"""Whom a pronoun or "the company" stands for, by type and by the paragraphs around a quote.

"he"/"she" resolve only to a person, "it"/"the company" only to an organisation (typed by the
NER model, ``entities.py``). The candidates come in reading order: people named in the quote's
own paragraph before it, the speaker of a quote paragraph right before, then the people named
in the two paragraphs before (the subject of a sentence before a mere possessive). A person the
draft already calls "she" (or "Ms.") is never "he", and the other way round.
"""

from __future__ import annotations

import re

from ..text.lexicon import FEMALE_PRONOUNS, MALE_PRONOUNS
from ..text.sentences import CUT_AFTER_STOP, split_sentences
from ..types import Span
from .entities import ORGANISATION, PERSON, mentions

__all__ = ["Genders", "carried_speaker", "typed_speaker"]

_HE = MALE_PRONOUNS
_SHE = FEMALE_PRONOUNS
_ORG_WORDS = re.compile(
    r"^(?:it|its|the\s+(?:company|firm|group|agency|authority|district|department|council|"
    r"board|union|campaign|studio|network|bank|city|county|state|ministry|office))$",
    re.IGNORECASE,
)
_LOOK_BACK = 2  # paragraphs before the quote's own whose people may be meant
# The most characters of the quote's own paragraph, before it, searched for whom a pronoun
# means (from a sentence start): far more than a news paragraph, so only a draft that is one
# huge paragraph is cut, and its quotes are not each read back to the paragraph's start.
OWN_PARAGRAPH_MAX = 3_000


def _key(name: str) -> str:
    words = re.findall(r"[A-Za-z][\w'’-]*", name)
    last = words[-1].lower() if words else name.lower()
    return re.sub(r"['’]s$", "", last)


class Genders:
    """What the draft itself says of each person: "Mr."/"Ms.", or a pronoun bound to them."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def learn(self, text: str) -> None:
        for m in re.finditer(r"\b(Mr|Mrs|Ms)\.\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)", text):
            self.known.setdefault(_key(m.group(2)), "m" if m.group(1) == "Mr" else "f")
        # "Dr. Samuel Okafor ... was not involved. He told ...": a sentence that opens with a
        # pronoun right after one whose first person is its subject.
        sentences = [text[a:b] for a, b in split_sentences(text)]
        for before, after in zip(sentences, sentences[1:], strict=False):
            lead = re.match(r"[\"“]?(He|She)\b", after)
            if not lead:
                continue
            people = [m for m in mentions(before) if m.kind == PERSON]
            if len(people) == 1 and people[0].start < 3:
                self.bind(people[0].text, lead.group(1).lower())
        # "Mireille Osei ... raised her price target": one person, one possessive.
        for sentence in sentences:
            people = [m for m in mentions(sentence) if m.kind == PERSON]
            his = re.search(r"\b(?:his|himself)\b", sentence)
            her = re.search(r"\b(?:her|herself)\b", sentence)
            if len(people) == 1 and bool(his) != bool(her):
                at = (his or her).start()  # type: ignore[union-attr]
                if people[0].end <= at and '"' not in sentence and "“" not in sentence:
                    self.bind(people[0].text, "he" if his else "she")

    def bind(self, name: str, pronoun: str) -> None:
        gender = "m" if pronoun.lower() in _HE else "f" if pronoun.lower() in _SHE else None
        if gender:
            self.known.setdefault(_key(name), gender)

    def fits(self, name: str, pronoun: str) -> bool:
        known = self.known.get(_key(name))
        want = "m" if pronoun.lower() in _HE else "f" if pronoun.lower() in _SHE else None
        return known is None or want is None or known == want


def _people(
    text: str, start: int, end: int, kind: str, known: frozenset[str] = frozenset()
) -> list[str]:
    """Names of ``kind`` in ``text[start:end]`` outside quotation marks, subjects first."""
    piece = text[start:end]
    quoted = [(m.start(), m.end()) for m in re.finditer(r"[\"“][^\"“”]*[\"”]?", piece)]
    found = [
        m for m in mentions(piece, known)
        if m.kind == kind and not any(s <= m.start < e for s, e in quoted)
    ]  # fmt: skip
    subjects = [m.text for m in found if not re.match(r"['’]s\b", piece[m.end : m.end + 2])]
    possessed = [m.text for m in found if m.text not in subjects]
    return subjects + possessed


def typed_speaker(
    text: str,
    paragraphs: list[Span],
    p_index: int,
    quote_start: int,
    who: str,
    previous_speaker: str | None,
    genders: Genders,
    full: dict[str, str],
) -> str | None:
    """The person ("he", "she") or organisation ("it", "the company") ``who`` stands for at the
    quote starting at ``quote_start``; None when ``who`` is neither or nothing fits."""
    pronoun = who.strip().lower()
    if pronoun in ("he", "she"):
        kind = PERSON
    elif _ORG_WORDS.match(who.strip()):
        kind = ORGANISATION
    else:
        return None
    p_start = paragraphs[p_index][0]
    if quote_start - p_start > OWN_PARAGRAPH_MAX:
        low = quote_start - OWN_PARAGRAPH_MAX
        cut = CUT_AFTER_STOP.search(text, low, quote_start) or re.compile(r"\s+").search(
            text, low, quote_start
        )
        p_start = cut.end() if cut else low
    known = frozenset(n.split()[-1] for n in full.values())
    candidates = _people(text, p_start, quote_start, kind, known)
    if kind == PERSON and previous_speaker and p_index > 0:
        candidates.append(previous_speaker)
    for back in range(1, _LOOK_BACK + 1):
        if p_index - back < 0:
            break
        s, e = paragraphs[p_index - back]
        candidates += _people(text, s, e, kind, known)
    for name in candidates:
        if kind == PERSON and not genders.fits(name, pronoun):
            continue
        resolved = full.get(_key(name), name) if kind == PERSON else name
        if kind == PERSON:
            genders.bind(resolved, pronoun)
        return resolved
    return None


def carried_speaker(
    text: str, paragraphs: list[Span], p_index: int, full: dict[str, str]
) -> str | None:
    """The person the paragraph before names first, for a quote paragraph with no speaker of
    its own (None when it names no one)."""
    if p_index == 0:
        return None
    s, e = paragraphs[p_index - 1]
    people = _people(text, s, e, PERSON, frozenset(n.split()[-1] for n in full.values()))
    return people[0] if people else None
