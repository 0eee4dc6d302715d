"""Direct and mixed quotes, and who the draft says spoke them.

Finds quoted words inside quotation marks (straight or curly; a quote that opens a paragraph
and does not close runs on, as news style does across paragraphs) and the attribution around
them: ``"...," Sarandos said``, ``said co-CEO Ted Sarandos``, ``the CNN host said``,
``according to X``, ``X told Reuters``, ``X said: "..."``, ``Name: "..."``, a trailing
``—Name`` line. Pronouns and "the company" resolve to the last person or organisation named.

A quote is *direct* when the quotation stands as a clause of its own, with at most an
attribution beside it; *mixed* when quoted words sit inside the writer's own sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.lexicon import ORGANISATION_HEADS
from ..text.sentences import paragraph_spans, quote_spans
from ..types import Span
from .attribution import (
    DASH_NAME,
    SENTENCE_BREAK,
    Attribution,
    after_closed_quote,
    after_quote,
    before_quote,
    is_direct,
    owned_title,
    short_quote,
)
from .people import (
    CAPITALISED_PRONOUNS,
    NOT_NAMES,
    OPENERS,
    PERSON_RUN,
    PRONOUN,
    SUBJECT_CUE,
    clean_name,
)
from .speakers import Genders, carried_speaker, typed_speaker

__all__ = ["FoundQuote", "find_quotes", "same_speaker"]


@dataclass(frozen=True)
class FoundQuote:
    content: Span  # the quoted words, marks and edge punctuation excluded
    marks: Span  # the quotation including its marks
    speaker: str | None  # resolved: a pronoun becomes the name it stands for
    speaker_span: Span | None  # the words in the draft that identified the speaker
    cue: str | None  # said, told, according to, ...
    cue_span: Span | None
    kind: str  # "direct", "mixed", or "turn" (a quoted transcript turn: `"PENCE: ...`)


def _content_span(text: str, marks: Span) -> Span:
    s, e = marks
    s += 1
    if e > s and text[e - 1] in '"”“':  # “ too: some writers close with the opening mark
        e -= 1
    while s < e and (text[s].isspace() or text[s] in "‘'"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",’'"):
        e -= 1
    return (s, e)


class _Mentions:
    """People and organisations named so far, to resolve pronouns and bare surnames."""

    def __init__(self) -> None:
        self.people: list[str] = []
        # The last full name seen for each surname, kept as names are seen (looking them up
        # in ``people`` for every quote made extraction quadratic): by the surname in lower
        # case, and as written.
        self.full: dict[str, str] = {}
        self._by_surname: dict[str, str] = {}
        self.last_speaker: str | None = None
        self.last_span: Span | None = None  # the words that identified the last speaker
        # The last person named as the subject of a speech verb since the last attribution
        # (`Trump said Clinton could ...`): whom a following "he said" most likely means.
        self.recent_subject: str | None = None

    def see(self, text: str, offset: int = 0) -> None:
        """Take in the words between quotes (``text`` starts at ``offset`` in the story)."""
        for m in PERSON_RUN.finditer(text):
            if any(w.lower() in ORGANISATION_HEADS for w in m.group(0).split()[1:]):
                continue  # "Metro Drivers Union Local": an organisation, not a person
            # "Renata Solis’s defeat": the person is Renata Solis, not "Solis’s".
            name = clean_name(re.sub(r"['’]s$", "", m.group(0)))
            if name and len(name.split()) >= 2:
                self.people.append(name)
                self.full[name.split()[-1].lower()] = name
                self._by_surname[name.split()[-1]] = name
        for m in SUBJECT_CUE.finditer(text):
            span = (offset + m.start("who"), offset + m.end("who"))
            if self.last_span and span[0] < self.last_span[1] and self.last_span[0] < span[1]:
                continue  # the last quote's own attribution: its speaker is already known
            # A name match can run over a sentence end ("on Monday. He said"): keep the part
            # after the last one.
            who = re.split(r"(?<=[a-z]{2})\.\s+", m.group("who"))[-1]
            first = who.split()[0]
            if first in NOT_NAMES or first.lower() in OPENERS or first == "I":
                continue
            if who.split()[-1] in CAPITALISED_PRONOUNS:  # "in Washington D.C. He said"
                continue
            self.recent_subject = self._full(clean_name(who) or who)

    def attributed(self, speaker: str, span: Span) -> None:
        self.last_speaker = speaker
        self.last_span = span
        self.recent_subject = None

    def _full(self, name: str) -> str:
        if len(name.split()) == 1:  # a bare surname: expand to the full name seen earlier
            return self._by_surname.get(name, name)
        return name

    def resolve(self, who: str) -> str:
        if re.fullmatch(PRONOUN, who):
            if who.lower() in ("he", "she") and self.recent_subject:
                return self.recent_subject
            if who.lower() in ("he", "she") and self.last_speaker:
                return self.last_speaker
            return self.last_speaker or (self.people[-1] if self.people else who)
        if re.fullmatch(r"[Tt]he (?:company|firm|studio|group|network|newspaper)", who):
            return self.last_speaker or who
        if re.match(r"(?:[Tt]he|[Aa]n?)\s", who):
            return who  # a description such as "the CNN host", as the story names them
        return self._full(clean_name(who) or who)


def same_speaker(a: str, b: str) -> bool:
    """True when two speaker names plausibly name the same person (surnames agree)."""

    def key(name: str) -> str:
        words = re.findall(r"[A-Za-z][\w'’-]*", name)
        return words[-1].lower() if words else name.lower()

    return key(a) == key(b)


# A quoted transcript turn opens with its speaker's label in capitals: `"PENCE: Well, ...`.
_TURN_LABEL = re.compile(r"(?P<who>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,2}):\s")


def _quoted_turn(
    text: str,
    marks: Span,
    content: Span,
    p_start: int,
    paragraphs: list[Span],
    p_index: int,
    last_turn: tuple[int, FoundQuote] | None,
) -> FoundQuote | None:
    """A quotation that quotes a transcript (`"WALLACE: ...`, `"PENCE: ...`) is a turn of
    the labelled speaker, kind "turn", not the story's own attribution; so is a paragraph's
    opening quotation that goes on from a turn left open at the end of the paragraph before."""
    label = _TURN_LABEL.match(text, content[0], content[1])
    if label is not None:
        who = (label.start("who"), label.end("who"))
        words = (label.end(), content[1])
        return FoundQuote(words, marks, label.group("who"), who, ":", (who[1], who[1] + 1), "turn")
    if last_turn is None or marks[0] != p_start or last_turn[0] != p_index - 1:
        return None
    before = last_turn[1]
    if before.marks[1] != paragraphs[p_index - 1][1] or text[before.marks[1] - 1] in '"”':
        return None  # the turn before was closed: this quotation is the story's again
    return FoundQuote(content, marks, before.speaker, before.speaker_span, None, None, "turn")


def find_quotes(text: str) -> list[FoundQuote]:
    """Every quotation of three or more words in ``text``, with its speaker and kind."""
    found: list[FoundQuote] = []
    mentions = _Mentions()
    paragraphs = paragraph_spans(text)
    genders = Genders()
    genders.learn(text)
    last_turn: tuple[int, FoundQuote] | None = None  # the last quoted transcript turn
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        spans = quote_spans(text, p_start, p_end)
        cursor = p_start
        pending: list[tuple[Span, Span]] = []
        para_attr: tuple[str, Attribution] | None = None  # the paragraph's last attribution
        for i, marks in enumerate(spans):
            mentions.see(text[cursor : marks[0]], cursor)
            content = _content_span(text, marks)
            turn = _quoted_turn(text, marks, content, p_start, paragraphs, p_index, last_turn)
            if turn is not None:
                found.append(turn)
                last_turn = (p_index, turn)
                cursor = marks[1]
                continue
            if len(text[content[0] : content[1]].split()) < 3 and not short_quote(
                text, cursor, marks, spans[i + 1][0] if i + 1 < len(spans) else p_end
            ):
                cursor = marks[1]
                continue  # a scare-quoted word or a title, not a quote
            next_start = spans[i + 1][0] if i + 1 < len(spans) else p_end
            closed_sentence = text[content[1] : marks[1]].lstrip(",’'").startswith(".") or (
                text[content[1] - 1 : content[1]] == "."
            )
            dash = DASH_NAME.match(text[marks[1] : next_start])
            attr: Attribution | None
            if dash:  # `"..." ― Name`: a signed quote
                who_span = (marks[1] + dash.start("who"), marks[1] + dash.end("who"))
                attr = Attribution(dash.group("who"), who_span, "―", (marks[1], marks[1]))
            else:
                after = (
                    after_closed_quote(text, marks[1], next_start)
                    if closed_sentence
                    else after_quote(text, marks[1], next_start)
                )
                attr = after or before_quote(text, cursor, marks[0])
            if attr is None and marks[1] >= p_end and p_index + 1 < len(paragraphs):
                # A quote that ends its paragraph: the next line may carry "—Name".
                n_start, n_end = paragraphs[p_index + 1]
                m = DASH_NAME.match(text[n_start:n_end])
                if m:
                    who_span = (n_start + m.start("who"), n_start + m.end("who"))
                    attr = Attribution(m.group("who"), who_span, "—", (n_start, n_start))
            if attr is None and marks[0] == p_start and p_index > 0:
                # The speaker introduced on the line before: `Sarandos said:` then the quote.
                q_start, q_end = paragraphs[p_index - 1]
                if text[q_start:q_end].rstrip().endswith(":"):
                    attr = before_quote(text, q_start, q_end)
            split_quote = (
                attr is None
                and para_attr is not None
                and para_attr[1].who_span[0] >= cursor
                and text[cursor : marks[0]].rstrip().endswith(",")
            )  # `"...," Trump said during a rally in Kenansville, "but ..."`
            direct = split_quote or is_direct(text, (cursor, p_end), marks, attr)
            kind = "direct" if direct else "mixed"
            if attr is None and kind == "mixed":
                # `Castellano said the trial gives patients "..."`: the sentence's speaker.
                lead = text[cursor : marks[0]]
                cut = list(SENTENCE_BREAK.finditer(lead))
                subject = SUBJECT_CUE.search(lead, cut[-1].end() if cut else 0)
                if subject is not None and subject.group("who").split()[0] not in NOT_NAMES:
                    attr = Attribution(
                        subject.group("who"),
                        (cursor + subject.start("who"), cursor + subject.end("who")),
                        "said",
                        (cursor + subject.end("who"), cursor + subject.end("who")),
                    )
            owner = owned_title(text, marks, content) if attr is None else None
            if owner is not None:
                # `Mayor Ruiz's "Keep the Ferries Running" budget`: a quoted name, its owner's
                # words; no attribution that later pronouns could follow.
                who, at = mentions.resolve(owner.who), owner.who_span
                quote = FoundQuote(content, marks, who, at, owner.cue, owner.cue_span, "mixed")
                found.append(quote)
            elif attr is not None:
                before = found[-1] if found else None
                previous = (
                    before.speaker
                    if before is not None
                    and p_index > 0
                    and paragraphs[p_index - 1][0] <= before.marks[0] < paragraphs[p_index - 1][1]
                    else None
                )
                full = mentions.full
                speaker = typed_speaker(
                    text, paragraphs, p_index, marks[0], attr.who, previous, genders, full
                ) or mentions.resolve(attr.who)
                mentions.attributed(speaker, attr.who_span)
                para_attr = (speaker, attr)
                for c, m_ in pending:  # an earlier part of a split quote shares this speaker
                    found.append(
                        FoundQuote(c, m_, speaker, attr.who_span, attr.cue, attr.cue_span, "direct")
                    )
                pending = []
                found.append(
                    FoundQuote(
                        content, marks, speaker, attr.who_span, attr.cue, attr.cue_span, kind
                    )
                )
            elif kind == "direct" and para_attr is not None:
                # A quotation that goes on after an attributed one: the same speaker.
                speaker, a = para_attr
                found.append(FoundQuote(content, marks, speaker, a.who_span, None, None, kind))
            elif kind == "direct":
                pending.append((content, marks))
            else:
                found.append(FoundQuote(content, marks, None, None, None, None, kind))
            cursor = marks[1]
        full_names = mentions.full
        carried = carried_speaker(text, paragraphs, p_index, full_names) if pending else None
        if carried is not None:
            carried = mentions.resolve(carried)
        for c, m_ in pending:  # no attribution in the paragraph: the speaker the paragraph
            # before names goes on, else the last speaker
            found.append(
                FoundQuote(
                    c,
                    m_,
                    carried or mentions.last_speaker,
                    mentions.last_span,
                    None,
                    None,
                    "direct",
                )
            )
        mentions.see(text[cursor:p_end], cursor)
    found.sort(key=lambda q: q.content)
    return found
