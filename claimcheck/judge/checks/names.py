"""Names: the passage that reads like the statement names another person, organisation or
place where the statement names one (the reading of names is in ``..claims`` for now)."""

from __future__ import annotations

from ...text.names import name_clash
from ...types import Evidence
from ..claims import _COMMON_CAPITALS, _coverage, _name_clash
from ..signals import Cue, Polarity, Signal
from . import ClaimCase
from .context import cite

__all__ = ["close", "coverage", "names"]

NAME_CAP = 0.9  # a name clash is as sure as the passage is similar, up to this
# Share of the statement's content words a passage that is not close as a whole must hold
# before its places, namesakes and spellings are compared with the statement's; a short
# atomic claim rarely reaches the support threshold against the long sentence it came from.
ALIGNED_COVERAGE = 0.6


def coverage(case: ClaimCase, e: Evidence) -> float:
    """Share of the statement's content words the passage (and its title) holds."""
    return _coverage(case.text, e)


def close(case: ClaimCase) -> bool:
    """Whether the most similar passage reads like the statement: similar enough to support
    alone, and holding most of its content words."""
    best = case.best
    return best.score >= case.params.support and coverage(case, best) >= case.params.close_coverage


def names(case: ClaimCase) -> tuple[Signal, ...]:
    """The closest passage, when it reads like the statement, naming someone or somewhere
    else; else the passage holding most of the statement's words, read only for a place
    "-based" elsewhere, a namesake with another first name, or a spelling one letter off."""
    best = case.best
    clash: tuple[str, str] | None = None
    e = best
    if close(case):
        clash = _name_clash(case.text, best, case.window(best))
    else:
        aligned = [x for x in case.evidence if x.score >= case.params.related]
        if aligned:
            e = max(aligned, key=lambda x: (coverage(case, x), x.score))
            if coverage(case, e) >= ALIGNED_COVERAGE:
                read = name_clash(
                    case.text, case.window(e) + "\n" + e.source.title, skip=_COMMON_CAPITALS
                )
                if read is not None:
                    why = (
                        " (one letter apart: check the spelling)" if read.why == "spelling" else ""
                    )
                    clash = (read.draft, read.source + why)
    if not clash:
        return ()
    return (
        Signal(
            check="names", cue=Cue.NAME_CLASH, polarity=Polarity.CONTRADICTS,
            strength=min(NAME_CAP, e.score),
            reason=f"the draft names {clash[0]}; {cite(e)} names {clash[1]}",
            evidence=(e,), figures=(clash[0], clash[1]),
        ),
    )  # fmt: skip
