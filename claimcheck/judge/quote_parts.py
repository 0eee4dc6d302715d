"""A quote of several sentences, checked sentence by sentence.

Words two people said, put between one pair of quotation marks under one name, are found in
the sources only sentence by sentence, each under its own speaker. ``judge_quote_parts`` judges
each sentence as a quote of its own and, when the sentences turn out to be different people's,
flags the whole quote as misattributed, naming who said which part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..config import Settings
from ..extract.quotes import same_speaker
from ..text.sentences import split_sentences
from ..types import Evidence, Finding, Judgment, Span, Statement, Verdict, stable_id
from .checks import DocumentLookup
from .quotes import match_quote, quote_matches, speakers_differ

__all__ = ["judge_quote_parts"]

MIN_PART_WORDS = 4  # a shorter sentence ("No.", "We will.") is too short to place on its own
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")

JudgePart = Callable[[Statement, tuple[Evidence, ...], DocumentLookup, Settings], Judgment]


@dataclass(frozen=True)
class _Part:
    text: str
    judgment: Judgment
    speaker: str | None  # who the sources say spoke this sentence; None where none is named
    foreign: bool  # the sources give it to someone other than the draft's speaker
    where: Evidence | None  # the source that names that speaker
    source_span: Span | None  # the sentence's words there


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text) if len(text[a:b].split()) >= MIN_PART_WORDS]


def _part(
    statement: Statement,
    text: str,
    judgment: Judgment,
    evidence: tuple[Evidence, ...],
    documents: DocumentLookup,
) -> _Part:
    """The sentence with who its deciding source names as its speaker: only a speaker the
    source itself names counts (an exact sentence the judge let stand for the draft's speaker
    named beside it counts as theirs; a changed one counts only where the source names its
    speaker firmly), never the draft's speaker taken on trust. An exact sentence whose
    deciding source names no one takes the speaker another source names firmly for it."""
    if judgment.finding not in (Finding.QUOTE_EXACT, Finding.MISQUOTE, Finding.MISATTRIBUTED):
        return _Part(text, judgment, None, False, None, None)
    where = judgment.evidence[0]
    match = match_quote(text, documents(where.source.doc_id))
    if match is None:
        return _Part(text, judgment, None, False, None, None)
    if judgment.finding is Finding.QUOTE_EXACT and match.speaker is None:
        for e in evidence:
            other = match_quote(text, documents(e.source.doc_id))
            if other is not None and other.exact and other.speaker and other.speaker_firm:
                where, match = e, other
                break
    source = match.speaker
    differ = speakers_differ(statement.speaker, source)
    if judgment.finding is Finding.MISATTRIBUTED:
        speaker, foreign = source, True
    elif differ and not match.speaker_firm:
        # Not firm: an exact sentence the judge let stand for the draft's speaker named beside
        # it is theirs; a changed one is no one's for certain.
        speaker, foreign = (
            (statement.speaker if judgment.finding is Finding.QUOTE_EXACT else None),
            False,
        )
    else:
        speaker, foreign = source, differ
    return _Part(text, judgment, speaker, foreign, where, match.source_span)


def _one_utterance(parts: list[_Part], documents: DocumentLookup) -> bool:
    """Whether the sentences follow one another in one source with nothing but spaces and
    punctuation between them: one utterance, whatever the source's attribution says."""
    for a, b in zip(parts, parts[1:], strict=False):
        if a.where is None or b.where is None or a.source_span is None or b.source_span is None:
            return False
        doc_id = a.where.source.doc_id
        if doc_id != b.where.source.doc_id or b.source_span[0] < a.source_span[1]:
            return False
        gap = documents(doc_id).text[a.source_span[1] : b.source_span[0]]
        if any(c.isalnum() for c in gap):
            return False
    return True


def _title(part: _Part) -> str:
    return part.where.source.title if part.where is not None else "no source"


def _nth(i: int) -> str:
    return _ORDINALS[i] if i < len(_ORDINALS) else f"{i + 1}th"


def judge_quote_parts(
    statement: Statement,
    evidence: tuple[Evidence, ...],
    documents: DocumentLookup,
    settings: Settings,
    judge_part: JudgePart,
) -> Judgment | None:
    """The quote judged sentence by sentence with ``judge_part`` (the judge for one quote):
    a misattribution naming who said which sentence when the sources give its sentences to
    different people; None when it has one sentence, the sources hold it whole as one
    utterance, or its sentences are one person's (the quote is then judged whole)."""
    texts = _sentences(statement.text)
    if len(texts) < 2:
        return None
    for _, whole in quote_matches(statement.text, evidence, documents):
        if whole is not None and whole.exact:
            return None  # said in one go: the whole-quote check decides
    parts: list[_Part] = []
    for i, text in enumerate(texts):
        sub = replace(statement, id=stable_id(statement.id, "part", i), text=text, standalone=text)
        j = judge_part(sub, evidence, documents, settings)
        parts.append(_part(statement, text, j, evidence, documents))
    if _one_utterance(parts, documents):
        return None
    named = [(i, p) for i, p in enumerate(parts) if p.speaker]
    if not any(
        not same_speaker(str(a.speaker), str(b.speaker)) for _, a in named for _, b in named
    ):
        return None
    if statement.speaker and any(not p.foreign for _, p in named):
        # Some sentences are the draft speaker's: the others are someone else's.
        told = [
            f"the {_nth(i)} sentence is {p.speaker}'s ({_title(p)})" for i, p in named if p.foreign
        ]
        reason = (
            f"two people's words merged into one quote: {'; '.join(told)}, "
            f"not {statement.speaker}'s"
        )
    else:
        told = [f"the {_nth(i)} sentence is {p.speaker}'s ({_title(p)})" for i, p in named]
        reason = f"two people's words merged into one quote: {'; '.join(told)}"
    deciding = next((p for _, p in named if p.foreign), named[-1][1]).where or evidence[0]
    ordered = (deciding, *(x for x in evidence if x is not deciding))
    diff = tuple(d for p in parts for d in p.judgment.diff)
    return Judgment(
        statement=statement, verdict=Verdict.CONTRADICTED, confidence=0.85,
        finding=Finding.MISATTRIBUTED, reason=reason, evidence=ordered, diff=diff,
    )  # fmt: skip
