"""Polarity: a source sentence that repeats the statement but for one word that says the
reverse ("led by 105 votes" / "trailed by 105 votes", "voting for the plan" / "voting
against the plan", "four more than" / "four fewer than"), or but for a negation.

The NLI judge often misses these, because the two sentences share almost every word; this
check reads them word by word. A flipped word counts only where it sits between the same
neighbours in both sentences (its word before or after is the same), the sentence holds
most of the statement's content words, and no other retrieved sentence repeats the
statement as written.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from ...text.antonyms import opposite
from ...text.files import snippet
from ...text.sentences import split_sentences
from ...types import Evidence
from ..signals import Cue, Polarity, Signal
from . import ClaimCase
from .context import cite
from .dispute import disputed
from .names import passage_coverage

__all__ = ["FLIP_COVERAGE", "NEGATION_COVERAGE", "POLARITY_STRENGTH", "polarity"]

# Share of the statement's content words the flipped sentence must hold (chosen by hand on
# the visible newsrooms; a sentence short of it is about something else).
FLIP_COVERAGE = 0.7
# A negation alone is a weaker sign than an opposite word ("has no offers" and "has not
# received an offer" differ in words, not in sense), so the sentence must hold more.
NEGATION_COVERAGE = 0.85
# Inherited scale, not yet calibrated: as sure as a figure conflict from a close passage.
POLARITY_STRENGTH = 0.75
PASSAGES = 5  # retrieved passages whose sentences are read

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’]*|\d[\d,.]*\d|\d")
# Negations, and the words that carry one inside them ("unable" is "not able": against "not
# fully able" it is no flip; an ECTSum dev bullet was flagged before "unable" was here).
_NEGATORS = frozenset(
    "not no never none nor without cannot n't unable unlikely impossible neither nobody "
    "nothing nowhere".split()
)


def _words(text: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(text):
        w = w.lower().replace("’", "'")
        if w.endswith("n't"):
            out += [w[:-3] or "n't", "n't"]
        else:
            out.append(w)
    return out


def _negations(words: list[str]) -> int:
    return sum(w in _NEGATORS for w in words)


def _flip(claim: list[str], source: list[str]) -> tuple[str, str] | None:
    """The first word of ``claim`` whose opposite sits in ``source`` between the same
    neighbours, where neither sentence holds the other's word."""
    claim_set, source_set = set(claim), set(source)
    for i, a in enumerate(claim):
        if a in source_set:
            continue
        for j, b in enumerate(source):
            if b in claim_set or not opposite(a, b):
                continue
            before = i > 0 and j > 0 and claim[i - 1] == source[j - 1]
            after = i + 1 < len(claim) and j + 1 < len(source) and claim[i + 1] == source[j + 1]
            if before or after:
                return a, b
    return None


def _sentences(case: ClaimCase, e: Evidence) -> list[str]:
    text = case.window(e)
    return [text[a:b] for a, b in split_sentences(text) if "?" not in text[a:b]]


def polarity(case: ClaimCase) -> tuple[Signal, ...]:
    """An opposite word or a negation the closest sentence has where the statement has none."""
    claim = _words(case.text)
    if len(claim) < 3:
        return ()
    related = [e for e in case.evidence if e.score >= case.params.related][:PASSAGES]
    found: tuple[float, Evidence, str, str, str] | None = None
    repeated = 0.0  # the best coverage of a sentence that says what the statement says
    for e in related:
        for sentence in _sentences(case, e):
            covered = passage_coverage(case.text, _bare(e, sentence))
            if covered < FLIP_COVERAGE or disputed(sentence) is not None:
                continue
            words = _words(sentence)
            flipped = _flip(claim, words)
            negation = _negations(claim) % 2 != _negations(words) % 2
            if flipped is None and negation and covered >= NEGATION_COVERAGE:
                flipped = ("not", "it is so") if _negations(claim) % 2 else ("it is so", "not")
            if flipped is None:
                if not negation:
                    repeated = max(repeated, covered)
                continue
            if found is None or covered > found[0]:
                found = (covered, e, flipped[0], flipped[1], sentence)
    if found is None or repeated >= found[0]:
        return ()
    covered, e, said, source_says, sentence = found
    reason = (
        f"the draft says “{said}” where {cite(e)} says “{source_says}”: "
        f"“{snippet(' '.join(sentence.split()), 160)}”"
    )
    return (
        Signal(
            check="polarity", cue=Cue.OPPOSITE, polarity=Polarity.CONTRADICTS,
            strength=POLARITY_STRENGTH, reason=reason, evidence=(e,),
        ),
    )  # fmt: skip


def _bare(e: Evidence, sentence: str) -> Evidence:
    """``e`` read as just ``sentence`` (its source title still counts for coverage)."""
    return replace(e, passage=replace(e.passage, text=sentence))
