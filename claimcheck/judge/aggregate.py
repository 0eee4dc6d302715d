"""The one place a claim's verdict is decided: signals from the checks, read through a
declared precedence table.

``PRECEDENCE`` lists, strongest first, which finding decides which verdict, and which other
findings overrule it (``unless``). The checks are asked lazily, each at most once, in the
order the table needs them: a statement settled by its figures never reaches the NLI judge,
the slowest check. Reading the table top to bottom is reading how claimcheck decides:

1. nothing to check (a question, the draft's own opinion) or nothing retrieved;
2. figures: a conflict with a passage about the same thing, a newer source correcting the
   figure; then a sentence that repeats the statement but for an opposite word or a negation;
   then the passage whose figures all agree, unless the NLI judge reads it as contradicting
   the rest of the statement; then a conflict found elsewhere in the documents;
3. a name the matching passage gives differently;
4. against sources the user named, their windows decide (``--against``);
5. the NLI judge: a strong contradiction, then strong entailment unless a figure is missing;
6. near-identical wording, unless a figure is missing, a source disputes it or the NLI judge
   leans against it;
7. a source that gives the claim only to dispute it;
8. otherwise unverifiable, naming the closest passage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..config import Settings
from ..models.manifest import GroundedThresholds
from ..types import Evidence, Finding, Judgment, Statement, Verdict
from .checks import ClaimCase, DocumentLookup
from .checks.checkable import checkable
from .checks.context import reorder
from .checks.dispute import disputes
from .checks.figures import document_figures, figures
from .checks.grounded import grounded as grounded_check
from .checks.names import close, coverage, names
from .checks.nli import EntailmentScorer, figure_context, nli, score_passages
from .checks.polarity import polarity
from .checks.similarity import closest, similarity
from .grounded import GroundedSignal
from .params import JudgeParams
from .signals import Cue, Signal

__all__ = ["PRECEDENCE", "Rule", "judge_claim"]


@dataclass(frozen=True)
class Rule:
    cue: Cue
    verdict: Verdict
    finding: Finding  # what the report says decided it
    unless: frozenset[Cue] = frozenset()  # any of these present: the rule does not apply
    by_rank: bool = False  # evidence in retrieved order (else most similar first)


_V, _F = Verdict, Finding
PRECEDENCE: tuple[Rule, ...] = (
    Rule(Cue.NOT_CHECKABLE, _V.NOT_CHECKABLE, _F.NOT_CHECKABLE, by_rank=True),
    Rule(Cue.NO_EVIDENCE, _V.UNVERIFIABLE, _F.NO_EVIDENCE, by_rank=True),
    Rule(Cue.FIGURE_CONFLICT, _V.CONTRADICTED, _F.NUMBER_MISMATCH, by_rank=True),
    Rule(Cue.FIGURE_CORRECTED, _V.CONTRADICTED, _F.SOURCE_DISPUTES, by_rank=True),
    Rule(Cue.OPPOSITE, _V.CONTRADICTED, _F.OPPOSITE_WORDING),
    Rule(Cue.FIGURES_OVERTURNED, _V.CONTRADICTED, _F.NLI_CONTRADICTION, by_rank=True),
    Rule(Cue.FIGURES_AGREE, _V.SUPPORTED, _F.NUMBERS_MATCH, by_rank=True),
    Rule(Cue.DOCUMENT_FIGURE_CONFLICT, _V.CONTRADICTED, _F.NUMBER_MISMATCH, by_rank=True),
    Rule(Cue.NAME_CLASH, _V.CONTRADICTED, _F.NAME_MISMATCH),
    Rule(Cue.GROUNDED_SUPPORT, _V.SUPPORTED, _F.NLI_ENTAILMENT),
    Rule(Cue.GROUNDED_CONTRADICTION, _V.CONTRADICTED, _F.NLI_CONTRADICTION),
    Rule(Cue.GROUNDED_SHORT, _V.UNVERIFIABLE, _F.NO_EVIDENCE),
    Rule(Cue.NLI_CONTRADICTION, _V.CONTRADICTED, _F.NLI_CONTRADICTION),
    Rule(
        Cue.NLI_ENTAILMENT,
        _V.SUPPORTED,
        _F.NLI_ENTAILMENT,
        unless=frozenset({Cue.UNCONFIRMED_FIGURES}),
    ),  # fmt: skip
    Rule(
        Cue.SIMILAR,
        _V.SUPPORTED,
        _F.SEMANTIC_MATCH,
        unless=frozenset({Cue.UNCONFIRMED_FIGURES, Cue.DISPUTED, Cue.NLI_OBJECTS}),
    ),  # fmt: skip
    Rule(Cue.DISPUTED, _V.CONTRADICTED, _F.SOURCE_DISPUTES),
    Rule(Cue.CLOSEST, _V.UNVERIFIABLE, _F.NO_EVIDENCE),
)


class _Signals:
    """The checks' signals for one case, each check run at most once, when first needed."""

    def __init__(self, checks: dict[str, Callable[[], tuple[Signal, ...]]]) -> None:
        self._checks = checks
        self._done: dict[str, tuple[Signal, ...]] = {}
        self.asked: list[str] = []  # checks in the order they ran

    def of(self, name: str) -> tuple[Signal, ...]:
        if name not in self._done:
            self.asked.append(name)
            self._done[name] = self._checks[name]()
        return self._done[name]

    def first(self, cue: Cue) -> Signal | None:
        for name in _PRODUCERS[cue]:
            found = next((s for s in self.of(name) if s.cue is cue), None)
            if found is not None:
                return found
        return None


# Which checks can give each finding, in the order they are asked.
_PRODUCERS: dict[Cue, tuple[str, ...]] = {
    Cue.NOT_CHECKABLE: ("checkable",),
    Cue.NO_EVIDENCE: ("checkable",),
    Cue.FIGURE_CONFLICT: ("figures",),
    Cue.FIGURE_CORRECTED: ("figures",),
    Cue.FIGURES_AGREE: ("figures",),
    Cue.FIGURES_OVERTURNED: ("figure_context",),
    Cue.UNCONFIRMED_FIGURES: ("figures",),
    Cue.DOCUMENT_FIGURE_CONFLICT: ("document_figures",),
    Cue.OPPOSITE: ("polarity",),
    Cue.NAME_CLASH: ("names",),
    Cue.GROUNDED_SUPPORT: ("grounded",),
    Cue.GROUNDED_CONTRADICTION: ("grounded",),
    Cue.GROUNDED_SHORT: ("grounded",),
    Cue.NLI_CONTRADICTION: ("nli",),
    Cue.NLI_ENTAILMENT: ("nli",),
    Cue.NLI_OBJECTS: ("nli",),
    Cue.SIMILAR: ("similarity",),
    Cue.DISPUTED: ("figures", "dispute"),
    Cue.CLOSEST: ("closest",),
}


def decide(
    case: ClaimCase,
    signals: _Signals,
    precedence: tuple[Rule, ...] = PRECEDENCE,
) -> Judgment:
    """The first rule of ``precedence`` whose finding is present and not overruled."""
    for rule in precedence:
        signal = signals.first(rule.cue)
        if signal is None or any(signals.first(c) is not None for c in rule.unless):
            continue
        if rule.cue is Cue.NO_EVIDENCE:
            order: tuple[Evidence, ...] = ()
        else:
            base = case.evidence if rule.by_rank else case.best_first
            order = reorder(base, *signal.evidence)
        return Judgment(
            statement=case.statement, verdict=rule.verdict, confidence=signal.strength,
            finding=rule.finding, reason=signal.reason, evidence=order, diff=(),
            figures=signal.figures,
        )  # fmt: skip
    raise AssertionError("PRECEDENCE ends with CLOSEST, which every case gives")


def judge_claim(
    statement: Statement,
    evidence: tuple[Evidence, ...],
    documents: DocumentLookup,
    settings: Settings,
    *,
    scorer: EntailmentScorer | None = None,
    grounded: GroundedSignal | None = None,
    thresholds: GroundedThresholds | None = None,
    params: JudgeParams | None = None,
) -> Judgment:
    """A claim's verdict: the checks' signals through ``PRECEDENCE``. ``scorer``: the NLI
    judge, asked only if no stronger finding decides; ``grounded``: the statement against
    sources the user named."""
    case = ClaimCase(
        statement=statement, evidence=evidence, documents=documents, settings=settings,
        params=params or JudgeParams.from_settings(settings),
    )  # fmt: skip
    return decide(case, _signals(case, scorer, grounded, thresholds))


def _signals(
    case: ClaimCase,
    scorer: EntailmentScorer | None,
    grounded: GroundedSignal | None,
    thresholds: GroundedThresholds | None,
) -> _Signals:
    p = case.params

    def related() -> list[Evidence]:
        return [
            e for e in case.evidence
            if e.score >= p.related and coverage(case, e) >= p.related_coverage
        ]  # fmt: skip

    def missing() -> tuple[str, ...]:
        unconfirmed = signals.first(Cue.UNCONFIRMED_FIGURES)
        return unconfirmed.missing if unconfirmed is not None else ()

    def run_grounded() -> tuple[Signal, ...]:
        if grounded is None:
            return ()
        return grounded_check(case, grounded, thresholds or GroundedThresholds(), missing())

    def run_nli() -> tuple[Signal, ...]:
        if scorer is None:
            return ()
        return nli(case, score_passages(case, scorer))

    signals = _Signals(
        {
            "checkable": lambda: checkable(case),
            "figures": lambda: figures(case, related()),
            "document_figures": lambda: document_figures(case),
            "figure_context": lambda: figure_context(
                case, signals.first(Cue.FIGURES_AGREE), scorer
            ),
            "polarity": lambda: polarity(case),
            "names": lambda: names(case),
            "grounded": run_grounded,
            "nli": run_nli,
            "similarity": lambda: similarity(case),
            "dispute": lambda: disputes(case, close(case)),
            "closest": lambda: closest(case, missing()),
        }
    )
    return signals
