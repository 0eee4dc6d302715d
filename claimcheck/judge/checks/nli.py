"""The NLI judge over the best related passages: a strong contradiction from a well-matched
passage, strong entailment, and a lean against the closest passage. The judge is an
``EntailmentScorer``; this check asks it once per statement, and only when the aggregation
step reaches it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ...models.nli_judge import CONTRADICTION, ENTAILMENT
from ...text.files import snippet
from ...types import Evidence
from ..signals import Cue, Polarity, Signal
from . import ClaimCase
from .context import cite
from .dispute import disputed

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["EntailmentScorer", "figure_context", "nli", "score_passages"]


class EntailmentScorer(Protocol):
    """Calibrated (entailment, neutral, contradiction) probabilities for (premise, hypothesis)
    pairs; ``NliJudge`` is one, tests use a small fake."""

    def predict(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]: ...


Scores = tuple[tuple[Evidence, "NDArray[np.float32]"], ...]


def score_passages(case: ClaimCase, scorer: EntailmentScorer) -> Scores:
    """The judge's probabilities for the statement (in its standalone form) against its first
    ``params.nli_passages`` related passages."""
    related = [e for e in case.evidence if e.score >= case.params.related][
        : case.params.nli_passages
    ]
    if not related:
        return ()
    probs = scorer.predict([(e.passage.text, case.statement.standalone) for e in related])
    return tuple(zip(related, probs, strict=True))


def nli(case: ClaimCase, scores: Scores) -> tuple[Signal, ...]:
    """A strong contradiction from a well-matched passage outweighs weak support elsewhere;
    when another passage supports with some strength, the sources disagree and the judge
    steps back. Entailment counts only from a passage that does not dispute the claim."""
    p = case.params
    out: list[Signal] = []
    contra = [(float(s[CONTRADICTION]), e) for e, s in scores if e.score >= p.nli_match]
    entail = [(float(s[ENTAILMENT]), e) for e, s in scores]
    top_c = max(contra, key=lambda x: x[0], default=None)
    top_e = max(entail, key=lambda x: x[0], default=None)
    weak_support = top_e is None or top_e[0] < p.nli_disagree
    if top_c is not None and top_c[0] >= p.nli_contradict and weak_support:
        prob, e = top_c
        reason = f"{cite(e)} says otherwise: “{snippet(e.passage.text, 160)}”"
        out.append(_signal(Cue.NLI_CONTRADICTION, Polarity.CONTRADICTS, prob, reason, e, case.best))
    if top_e is not None and top_e[0] >= p.nli_support and disputed(top_e[1].passage.text) is None:
        prob, e = top_e
        reason = f"{cite(e)} says so (entailment {prob:.2f})"
        out.append(_signal(Cue.NLI_ENTAILMENT, Polarity.SUPPORTS, prob, reason, e, case.best))
    objection = max((float(s[CONTRADICTION]) for e, s in scores if e is case.best), default=0.0)
    if objection >= p.nli_objects:
        reason = f"the NLI judge leans against {cite(case.best)} (contradiction {objection:.2f})"
        out.append(_signal(Cue.NLI_OBJECTS, Polarity.NEUTRAL, objection, reason, case.best))
    return tuple(out)


def figure_context(
    case: ClaimCase, agreement: Signal | None, scorer: EntailmentScorer | None
) -> tuple[Signal, ...]:
    """Whether the passage that gives every figure of the statement says the rest of it
    otherwise. Matching figures tie a passage to a claim, but "led by 105 votes" or "a strike
    set for July 1" can hold the source's very figures and still say the opposite; the NLI
    judge reads that passage once, and at ``nli_contradict`` (above its entailment) the
    passage contradicts the statement (``FIGURES_OVERTURNED``). At the lower ``nli_objects``
    the judge was wrong as often as right on the visible newsrooms (a paraphrase of a vote's
    share read as a contradiction at 0.62), so a lean alone changes nothing."""
    if agreement is None or scorer is None or not agreement.evidence:
        return ()
    e = agreement.evidence[0]
    probs = scorer.predict([(e.passage.text, case.statement.standalone)])[0]
    against, support = float(probs[CONTRADICTION]), float(probs[ENTAILMENT])
    if against < case.params.nli_contradict or support >= against:
        return ()
    reason = (
        f"{cite(e)} gives the same figures but says otherwise (contradiction {against:.2f}): "
        f"“{snippet(e.passage.text, 160)}”"
    )
    return (_signal(Cue.FIGURES_OVERTURNED, Polarity.CONTRADICTS, against, reason, e),)


def _signal(
    cue: Cue, polarity: Polarity, strength: float, reason: str, *evidence: Evidence
) -> Signal:
    return Signal(
        check="nli", cue=cue, polarity=polarity, strength=strength, reason=reason,
        evidence=evidence,
    )  # fmt: skip
