"""Whether there is anything to check: a question asserts nothing, and the draft's own
predictions and opinions are not facts; a statement with no retrieved passage has nothing to
be checked against."""

from __future__ import annotations

from ..signals import Cue, Polarity, Signal
from . import ClaimCase

__all__ = ["checkable"]

_UNCHECKABLE = {
    "question": "a question asserts nothing to check",
    "prediction": "a prediction in the draft's own voice: nothing to check yet",
    "opinion": "an opinion in the draft's own voice, not a checkable fact",
}
NOT_CHECKABLE_STRENGTH = 0.8
NO_EVIDENCE_STRENGTH = 0.9


def checkable(case: ClaimCase) -> tuple[Signal, ...]:
    category = case.statement.category
    if category in _UNCHECKABLE:
        return (
            Signal(
                check="checkable", cue=Cue.NOT_CHECKABLE, polarity=Polarity.NEUTRAL,
                strength=NOT_CHECKABLE_STRENGTH, reason=_UNCHECKABLE[category],
            ),
        )  # fmt: skip
    if not case.evidence:
        return (
            Signal(
                check="checkable", cue=Cue.NO_EVIDENCE, polarity=Polarity.NEUTRAL,
                strength=NO_EVIDENCE_STRENGTH,
                reason="the index holds no passage for this statement",
            ),
        )  # fmt: skip
    return ()
