"""Names: the passage that reads like the statement names another person, organisation or
place where the statement names one (the reading of names is in ``..claims`` for now)."""

from __future__ import annotations

from ...types import Evidence
from ..claims import _coverage, _name_clash
from ..signals import Cue, Polarity, Signal
from . import ClaimCase
from .context import cite

__all__ = ["close", "coverage", "names"]

NAME_CAP = 0.9  # a name clash is as sure as the passage is similar, up to this


def coverage(case: ClaimCase, e: Evidence) -> float:
    """Share of the statement's content words the passage (and its title) holds."""
    return _coverage(case.text, e)


def close(case: ClaimCase) -> bool:
    """Whether the most similar passage reads like the statement: similar enough to support
    alone, and holding most of its content words."""
    best = case.best
    return best.score >= case.params.support and coverage(case, best) >= case.params.close_coverage


def names(case: ClaimCase) -> tuple[Signal, ...]:
    if not close(case):
        return ()
    best = case.best
    clash = _name_clash(case.text, best, case.window(best))
    if not clash:
        return ()
    return (
        Signal(
            check="names", cue=Cue.NAME_CLASH, polarity=Polarity.CONTRADICTS,
            strength=min(NAME_CAP, best.score),
            reason=f"the draft names {clash[0]}; {cite(best)} names {clash[1]}",
            evidence=(best,), figures=(clash[0], clash[1]),
        ),
    )  # fmt: skip
