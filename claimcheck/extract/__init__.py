"""Draft -> Statements: sentences as claims, direct quotes with their speakers."""

from __future__ import annotations

import re
from dataclasses import replace

from ..text.sentences import paragraph_spans, quote_spans, split_sentences
from ..text.tokens import words as _words
from ..types import Span, Statement, StatementKind, stable_id
from .atomic import split_atomic, split_facts
from .classify import NOT_CHECKABLE, Category, classify_claim
from .context import Referents
from .markup import MARKUPS, PlainText, markup_of, plain_text
from .quotes import FoundQuote, find_quotes, same_speaker
from .reported import find_indirect

__all__ = [
    "NOT_CHECKABLE",
    "Category",
    "MARKUPS",
    "FoundQuote",
    "PlainText",
    "classify_claim",
    "extract_statements",
    "find_indirect",
    "find_quotes",
    "markup_of",
    "paragraph_spans",
    "plain_text",
    "quote_spans",
    "same_speaker",
    "split_atomic",
    "split_facts",
    "split_sentences",
]

_LEAD = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|>\s*|\d+[.)]\s+)+")
# Words of attribution that do not make a sentence checkable on their own: its own list, the
# attribution's frame (verbs, pronouns, "in an interview"), not the lexicon's cue verbs.
_ATTRIBUTION_WORDS = frozenset(
    [
        "said",
        "says",
        "added",
        "noted",
        "argued",
        "wrote",
        "told",
        "according",
        "to",
        "he",
        "she",
        "they",
        "it",
        "the",
        "company",
        "in",
        "an",
        "a",
        "interview",
        "statement",
        "on",
        "of",
        "and",
    ]
)


def _trim_lead(text: str, span: Span) -> Span:
    s, e = span
    m = _LEAD.match(text, s, e)
    if m:
        s = m.end()
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e)


def _trim_end(text: str, span: Span) -> Span:
    s, e = span
    while e > s and text[e - 1] in " \t\n,;":
        e -= 1
    return (s, e)


def _outside_words(text: str, span: Span, quotes: list[FoundQuote]) -> list[str]:
    s, e = span
    chars = list(text[s:e])
    for q in quotes:
        qs, qe = max(q.marks[0], s), min(q.marks[1], e)
        for i in range(qs, qe):
            chars[i - s] = " "
    found = _words("".join(chars))
    return [w for w in found if w.lower() not in _ATTRIBUTION_WORDS and not w[:1].isupper()]


def extract_statements(text: str, *, markup: str = "text") -> tuple[Statement, ...]:
    """Split a draft into the statements to check, each with its span in ``text``.

    Every sentence becomes one claim per independent clause, unless it is mostly a quotation;
    every quotation of three or more words becomes a quote statement carrying its speaker.
    ``markup`` ("markdown", "html"; see ``markup_of``) says how to read ``text``: the words
    are read without their markup, and each span still points into ``text`` as written.
    """
    plain = plain_text(text, markup)
    if plain is None:
        return _statements(text)
    return tuple(_in_file(s, plain) for s in _statements(plain.text))


def _in_file(statement: Statement, plain: PlainText) -> Statement:
    span = plain.original(statement.span)
    sentence = plain.original(statement.sentence) if statement.sentence else None
    return replace(
        statement,
        id=stable_id(statement.kind.value, span[0], span[1], statement.text),
        span=span,
        sentence=sentence,
    )


def _statements(text: str) -> tuple[Statement, ...]:
    quotes = find_quotes(text)
    sentences = split_sentences(text)
    reported = {q.marks[0]: q for q in find_indirect(text, sentences, quotes)}
    statements: list[Statement] = []
    referents = Referents()
    for raw in sentences:
        span = _trim_lead(text, raw)
        sentence = text[span[0] : span[1]]
        if len(_words(sentence)) < 3:
            continue  # a dateline, byline fragment or stray heading word
        inside = [q for q in quotes if q.marks[0] < span[1] and q.marks[1] > span[0]]
        if inside and len(_outside_words(text, span, inside)) < 5:
            referents.see(sentence)
            continue  # the sentence is its quotes plus attribution: the quotes carry it
        speaker = next((q.speaker for at, q in reported.items() if span[0] <= at < span[1]), None)
        parts = [(span, sentence)] if inside else split_facts(text, span)
        for part, reading in parts:
            part = _trim_end(text, part)
            words = text[part[0] : part[1]]
            alone = referents.standalone(reading if len(parts) > 1 else words)
            statements.append(
                Statement(
                    id=stable_id("claim", part[0], part[1], words),
                    kind=StatementKind.CLAIM,
                    text=words,
                    span=part,
                    speaker=speaker,
                    context=sentence,
                    category=classify_claim(words).value,
                    standalone=alone,
                    sentence=span,
                )
            )
        referents.see(sentence)
    for q in quotes:
        words = text[q.content[0] : q.content[1]]
        around = next(((s, e) for s, e in sentences if s <= q.content[0] < e), None)
        context = text[around[0] : around[1]] if around else words
        statements.append(
            Statement(
                id=stable_id("quote", q.content[0], q.content[1], words),
                kind=StatementKind.QUOTE,
                text=words,
                span=q.content,
                speaker=q.speaker,
                context=context,
                category=Category.QUOTE.value,
                standalone=words,
                sentence=around,
            )
        )
    statements.sort(key=lambda st: (st.span[0], st.kind.value))
    return tuple(statements)
