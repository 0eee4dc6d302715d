"""Statement + Evidence -> Judgment.

Quotes are aligned word by word against their source utterance; claims are checked for
figures, names and meaning against the best evidence.
"""

from __future__ import annotations

import re

from ..config import Settings
from ..models.manifest import GroundedThresholds
from ..types import Document, Evidence, Finding, Judgment, Statement, StatementKind, Verdict
from .aggregate import judge_claim
from .checks import DocumentLookup
from .checks.nli import EntailmentScorer
from .grounded import GroundedSignal
from .params import JudgeParams
from .quote_parts import judge_quote_parts
from .quotes import QuoteMatch, describe_diff, quote_matches, speakers_differ

__all__ = [
    "DocumentLookup",
    "EntailmentScorer",
    "GroundedSignal",
    "GroundedThresholds",
    "JudgeParams",
    "judge",
    "judge_claim",
    "judge_quote",
]


STRONG_COVERAGE = 0.75  # a short quote with one word changed still has most of its words
NEARBY = 250  # characters either side of a quote in which its speaker would be named


def _named_nearby(speaker: str | None, doc: Document, match: QuoteMatch) -> bool:
    """Whether the draft's speaker is named right around the quoted words in a prose source:
    then the source's attribution is too uncertain to call a misattribution. A transcript's
    speaker turns are never uncertain."""
    if not speaker or any(s <= match.source_span[0] < e for _, (s, e) in doc.turns):
        return False
    surname = speaker.split()[-1]
    text = doc.text
    a, b = match.source_span
    # The paragraph around the quoted words (a line break ends one: many sources put one
    # paragraph on a line), at most NEARBY characters either side, without the words
    # themselves: a name inside the quote ("Trump the dealmaker may emerge," Graham said) is
    # who it is about, not who said it.
    start = max(text.rfind("\n", 0, a) + 1, a - NEARBY)
    end = text.find("\n", b)
    end = min(end if end != -1 else len(text), b + NEARBY)
    window = text[start:a] + " " + text[b:end]
    return re.search(rf"\b{re.escape(surname)}\b", window) is not None


def _longest_equal_run(match: QuoteMatch) -> int:
    return max(
        (len(d.draft.split()) for d in match.diff if d.op == "equal" and d.draft != "…"), default=0
    )


def judge_quote(
    statement: Statement,
    evidence: tuple[Evidence, ...],
    documents: DocumentLookup,
    settings: Settings,
) -> Judgment:
    """Find the quote's words in the evidence documents and compare words and speaker; a
    quote of several sentences is also checked sentence by sentence (``quote_parts``)."""
    merged = judge_quote_parts(statement, evidence, documents, settings, judge_quote)
    if merged is not None:
        return merged
    candidates: list[tuple[QuoteMatch, Evidence]] = []
    for e, found in quote_matches(statement.text, evidence, documents):
        if found is None:
            continue
        match = found
        # The source must hold the quote's words in order: most of them, in runs long enough
        # that common words alone do not make a match.
        run = _longest_equal_run(match)
        anchored = run >= min(4, len(statement.text.split())) or (
            run >= 2 and match.coverage >= STRONG_COVERAGE
        )
        if match.coverage >= settings.quote_min_coverage and anchored:
            candidates.append((match, e))
    if not candidates:
        closest = f"; closest is {evidence[0].source.title}" if evidence else ""
        return Judgment(
            statement=statement, verdict=Verdict.UNVERIFIABLE, confidence=0.8,
            finding=Finding.NO_EVIDENCE,
            reason=f"no source holds these words{closest}",
            evidence=evidence, diff=(),
        )  # fmt: skip

    def rank(item: tuple[QuoteMatch, Evidence]) -> tuple[bool, float, bool]:
        m, _ = item
        speaker_ok = not speakers_differ(statement.speaker, m.speaker)
        return (m.exact, m.coverage, speaker_ok)

    match, e = max(candidates, key=rank)
    # Prefer a source that confirms the draft's speaker when several hold the exact words.
    exact_same_speaker = [
        (m, ev)
        for m, ev in candidates
        if m.exact and not speakers_differ(statement.speaker, m.speaker)
    ]
    if match.exact and exact_same_speaker:
        match, e = exact_same_speaker[0]
    ordered = (e, *(x for x in evidence if x is not e))
    where = e.source.title

    def judged(verdict: Verdict, confidence: float, finding: Finding, reason: str) -> Judgment:
        return Judgment(
            statement=statement, verdict=verdict, confidence=confidence, finding=finding,
            reason=reason, evidence=ordered, diff=match.diff,
        )  # fmt: skip

    differ = match.exact and speakers_differ(statement.speaker, match.speaker)
    if (
        differ
        and not match.speaker_firm
        and _named_nearby(statement.speaker, documents(e.source.doc_id), match)
    ):
        return judged(
            Verdict.SUPPORTED, 0.6, Finding.QUOTE_EXACT,
            f"quoted exactly in {where}, which names {statement.speaker} beside these "
            f"words, though its attribution reads as {match.speaker}: check who said it",
        )  # fmt: skip
    if differ:
        return judged(
            Verdict.CONTRADICTED, 0.85, Finding.MISATTRIBUTED,
            f"misattributed: {where} gives these words to {match.speaker}, "
            f"not {statement.speaker}",
        )  # fmt: skip
    if match.exact:
        confirmed = statement.speaker is not None and match.speaker is not None
        who = f" by {match.speaker}" if match.speaker else ""
        return judged(
            Verdict.SUPPORTED, 0.95 if confirmed else 0.8, Finding.QUOTE_EXACT,
            f"quoted exactly as said{who} in {where}"
            + ("" if confirmed or not statement.speaker else "; the source names no speaker"),
        )  # fmt: skip
    return judged(
        Verdict.CONTRADICTED, min(0.95, 0.55 + 0.4 * match.coverage), Finding.MISQUOTE,
        f"quote altered: {describe_diff(match.diff)} (compared with {where})",
    )  # fmt: skip


def judge(
    statement: Statement,
    evidence: tuple[Evidence, ...],
    *,
    documents: DocumentLookup,
    settings: Settings,
    scorer: EntailmentScorer | None = None,
    grounded: GroundedSignal | None = None,
    thresholds: GroundedThresholds | None = None,
    params: JudgeParams | None = None,
) -> Judgment:
    """Quotes by alignment and speaker; claims by figures, names, NLI (``scorer``: the NLI
    judge, asked only when nothing stronger decides; ``grounded``: the statement against
    sources the user named) and similarity."""
    if statement.kind is StatementKind.QUOTE:
        return judge_quote(statement, evidence, documents, settings)
    return judge_claim(
        statement, evidence, documents, settings,
        scorer=scorer, grounded=grounded, thresholds=thresholds, params=params,
    )  # fmt: skip
