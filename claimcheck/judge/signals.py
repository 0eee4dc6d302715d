"""What a check hands the aggregation step: typed signals, never a verdict.

A check reads a statement and its evidence and says what it found (a ``Cue``), which way it
points (``Polarity``), how strongly (0..1), which passages show it (deciding one first) and
why, in one line. ``aggregate.py`` alone turns signals into a ``Judgment``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..types import Evidence

__all__ = ["Cue", "Polarity", "Signal"]


class Polarity(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    NEUTRAL = "neutral"


class Cue(StrEnum):
    """Every finding a check can report."""

    NOT_CHECKABLE = "not_checkable"  # a question, or the draft's own prediction or opinion
    NO_EVIDENCE = "no_evidence"  # nothing retrieved at all
    FIGURE_CONFLICT = "figure_conflict"  # a passage about the same thing gives another figure
    FIGURE_CORRECTED = "figure_corrected"  # a newer source corrects the figure others give
    FIGURES_AGREE = "figures_agree"  # a close passage gives every figure of the statement
    # The passage whose figures agree says the rest of the statement otherwise (the NLI judge
    # on that passage): "set July 1 as its strike date" where it says no date is set.
    FIGURES_OVERTURNED = "figures_overturned"
    DOCUMENT_FIGURE_CONFLICT = "document_figure_conflict"  # the document elsewhere differs
    OPPOSITE = "opposite"  # a sentence repeats the statement but for an opposite or a negation
    NAME_CLASH = "name_clash"  # the matching passage names someone or somewhere else
    GROUNDED_SUPPORT = "grounded_support"  # a window of the named sources entails it
    GROUNDED_CONTRADICTION = "grounded_contradiction"
    GROUNDED_SHORT = "grounded_short"  # named sources read, none entails it
    NLI_CONTRADICTION = "nli_contradiction"
    NLI_ENTAILMENT = "nli_entailment"
    NLI_OBJECTS = "nli_objects"  # the NLI judge leans against the closest passage
    SIMILAR = "similar"  # a near-identical passage, most content words shared
    DISPUTED = "disputed"  # a source gives the statement only to call it false
    UNCONFIRMED_FIGURES = "unconfirmed_figures"  # figures no source gives
    CLOSEST = "closest"  # nothing decides: the nearest passage, for the reader


@dataclass(frozen=True)
class Signal:
    check: str  # the check that found it (module name under judge/checks/)
    cue: Cue
    polarity: Polarity
    strength: float  # 0..1, the confidence the finding carries
    reason: str  # one line naming the evidence
    evidence: tuple[Evidence, ...] = ()  # the passage that shows it first, then any it cites
    figures: tuple[str, str] | None = None  # (the draft's, the source's) on a mismatch
    missing: tuple[str, ...] = ()  # figures of the statement no source gives
