"""Direct quotes and who the draft says spoke them.

Finds the quoted words inside quotation marks and the speaker from the attribution around
them: ``"...," Sarandos said``, ``said co-CEO Ted Sarandos``, ``according to X``,
``X told Reuters``, ``X said: "..."``. Pronouns and "the company" resolve to the last person
or organisation named before the quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import Span
from .sentences import paragraph_spans, quote_spans

__all__ = ["FoundQuote", "find_quotes", "same_speaker"]

_CUES = (
    r"said|says|say|added|adds|noted|notes|argued|argues|wrote|writes|told|tells|explained|"
    r"recalled|continued|insisted|stated|remarked|warned|acknowledged|conceded|declared|"
    r"observed|asked|replied|answered|joked|admitted|claimed|emphasized|stressed|predicted"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|van|von|bin|al|le|la))*"
_PRONOUN = r"[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Tt]he (?:company|firm|studio|executive)"
_TITLE_WORDS = r"(?:(?:[a-z][\w-]*|[A-Z]{2,}|co-CEO)\s+){0,4}?"
_AFTER_SUBJECT_CUE = re.compile(
    rf"^[\s,]*{_TITLE_WORDS}(?P<who>{_NAME}|{_PRONOUN})(?:,[^,\"“”]{{1,80}},)?\s+(?:{_CUES})\b"
)
_AFTER_CUE_SUBJECT = re.compile(
    rf"^[\s,]*(?:{_CUES})\s+(?:(?:[a-z][\w-]*|CEO|CFO|COO|co-CEO)\s+){{0,5}}?(?P<who>{_NAME})"
)
_ACCORDING = re.compile(
    rf"[Aa]ccording\s+to\s+(?:(?:[a-z][\w-]*|co-CEO|CEO)\s+){{0,4}}?(?P<who>{_NAME})"
)
_BEFORE = re.compile(
    rf"(?P<who>{_NAME}|{_PRONOUN})(?:,[^,\"“”]{{1,80}},)?\s+(?:{_CUES})"
    rf"(?:\s+\w+){{0,3}}\s*[,:]?\s*$|(?P<who2>{_NAME})\s*:\s*$"
)
_PERSON = re.compile(r"\b[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)+\b")
_NOT_NAMES = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "In",
        "On",
        "At",
        "But",
        "And",
        "A",
        "An",
        "Its",
        "His",
        "Her",
        "Their",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


@dataclass(frozen=True)
class FoundQuote:
    content: Span  # the quoted words, marks and edge punctuation excluded
    marks: Span  # the quotation including its marks
    speaker: str | None


def _clean_name(name: str) -> str | None:
    words = [w for w in name.strip().rstrip(".,").split() if w]
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    return " ".join(words) if words else None


def _content_span(text: str, marks: Span) -> Span:
    s, e = marks
    s += 1
    if e > s and text[e - 1] in '"”':
        e -= 1
    while s < e and (text[s].isspace() or text[s] in "‘"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",’"):
        e -= 1
    return (s, e)


class _Mentions:
    """People and organisations named so far, to resolve pronouns and bare surnames."""

    def __init__(self) -> None:
        self.people: list[str] = []
        self.last_speaker: str | None = None

    def see(self, text: str) -> None:
        for m in _PERSON.finditer(text):
            name = _clean_name(m.group(0))
            if name and len(name.split()) >= 2:
                self.people.append(name)

    def resolve(self, who: str) -> str | None:
        lowered = who.lower()
        if re.fullmatch(_PRONOUN, lowered):
            if lowered in ("he", "she") and self.last_speaker:
                return self.last_speaker
            if self.people:
                return self.people[-1]
            return self.last_speaker
        name = _clean_name(who)
        if name is None:
            return None
        if len(name.split()) == 1:  # a bare surname: expand to the full name seen earlier
            for full in reversed(self.people):
                if full.split()[-1] == name:
                    return full
        return name


def same_speaker(a: str, b: str) -> bool:
    """True when two speaker names plausibly name the same person (surnames agree)."""

    def key(name: str) -> str:
        words = re.findall(r"[A-Za-z][\w'’-]*", name)
        return words[-1].lower() if words else name.lower()

    return key(a) == key(b)


def find_quotes(text: str) -> list[FoundQuote]:
    """Every direct quote in ``text`` with its content span and resolved speaker."""
    found: list[FoundQuote] = []
    mentions = _Mentions()
    for p_start, p_end in paragraph_spans(text):
        spans = quote_spans(text, p_start, p_end)
        cursor = p_start
        pending: list[tuple[Span, Span]] = []
        for i, marks in enumerate(spans):
            mentions.see(text[cursor : marks[0]])
            content = _content_span(text, marks)
            if content[1] - content[0] < 1 or len(text[content[0] : content[1]].split()) < 3:
                cursor = marks[1]
                continue  # a scare-quoted word or title, not a quote
            next_start = spans[i + 1][0] if i + 1 < len(spans) else p_end
            after = text[marks[1] : next_start]
            before = text[max(p_start, cursor) : marks[0]]
            who = _speaker_after(after) or _speaker_before(before)
            speaker = mentions.resolve(who) if who else None
            if speaker:
                mentions.last_speaker = speaker
                for c, m in pending:  # an earlier part of a split quote shares this speaker
                    found.append(FoundQuote(content=c, marks=m, speaker=speaker))
                pending = []
                found.append(FoundQuote(content=content, marks=marks, speaker=speaker))
            else:
                pending.append((content, marks))
            cursor = marks[1]
        for c, m in pending:
            found.append(FoundQuote(content=c, marks=m, speaker=mentions.last_speaker))
        mentions.see(text[cursor:p_end])
    found.sort(key=lambda q: q.content)
    return found


def _speaker_after(after: str) -> str | None:
    head = re.split(r"(?<=[.!?])\s", after, maxsplit=1)[0]
    for pattern in (_AFTER_SUBJECT_CUE, _AFTER_CUE_SUBJECT):
        m = pattern.match(head)
        if m:
            return m.group("who")
    m = _ACCORDING.search(head)
    return m.group("who") if m else None


def _speaker_before(before: str) -> str | None:
    tail = re.split(r"(?<=[.!?])\s", before)[-1]
    m = _ACCORDING.search(tail)
    if m:
        return m.group("who")
    m = _BEFORE.search(tail)
    if m:
        return m.group("who") or m.group("who2")
    return None
