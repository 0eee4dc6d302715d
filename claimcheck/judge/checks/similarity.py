"""Similarity: a near-identical passage (similar enough to support alone, most content words
shared) supports when nothing else objects; otherwise the closest passage is named for the
reader."""

from __future__ import annotations

from ..signals import Cue, Polarity, Signal
from . import ClaimCase
from .context import cite
from .names import close

__all__ = ["closest", "similarity"]

SIMILAR_CAP = 0.9  # similarity support is never surer than this
UNVERIFIABLE_FLOOR, UNVERIFIABLE_CAP = 0.3, 0.9


def similarity(case: ClaimCase) -> tuple[Signal, ...]:
    if not close(case):
        return ()
    best = case.best
    return (
        Signal(
            check="similarity", cue=Cue.SIMILAR, polarity=Polarity.SUPPORTS,
            strength=min(SIMILAR_CAP, best.score),
            reason=f"{cite(best)} says the same (similarity {best.score:.2f})",
            evidence=(best,),
        ),
    )  # fmt: skip


def closest(case: ClaimCase, missing: tuple[str, ...]) -> tuple[Signal, ...]:
    best = case.best
    gap = f"; no source gives {', '.join(missing)}" if missing else ""
    return (
        Signal(
            check="similarity", cue=Cue.CLOSEST, polarity=Polarity.NEUTRAL,
            strength=max(UNVERIFIABLE_FLOOR, min(UNVERIFIABLE_CAP, 1.0 - best.score)),
            reason=f"no source decides this{gap}; closest is {cite(best)} "
            f"(similarity {best.score:.2f})",
            evidence=(best,),
        ),
    )  # fmt: skip
