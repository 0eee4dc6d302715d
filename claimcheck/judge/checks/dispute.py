"""A source that gives the statement only to call it false ("falsely claimed", "there is no
evidence that", "is false"): it disputes the claim rather than bearing it out."""

from __future__ import annotations

import re

from ...text.files import snippet
from ...types import Evidence
from ..signals import Cue, Polarity, Signal
from . import ClaimCase
from .context import cite, sentence_at

__all__ = ["dispute_signal", "disputed", "disputes"]

# Words that call a statement false. Hedges ("claimed", "alleged") were measured and left
# out: they cost more true claims than false.
_DISPUTE = re.compile(
    r"\b(?:falsely|wrongly|incorrectly|hoax(?:es)?|misleading|debunk(?:ed|s)?|fabricated|"
    r"no evidence|unfounded|baseless|unsubstantiated|(?:is|was|are|were) (?:false|untrue)|"
    # A correction or retraction gives the figure it replaces.
    r"correction|corrected|corrects|retract(?:ion|ed|s))\b",
    re.IGNORECASE,
)
DISPUTE_STRENGTH = 0.6  # inherited confidence; not yet calibrated per finding


def disputed(text: str, positions: list[int] | None = None) -> str | None:
    """The sentence of ``text`` (one holding any of ``positions``, else any sentence) that
    calls what it says false; None when none does."""
    at = positions if positions is not None else [m.start() for m in _DISPUTE.finditer(text)]
    for pos in at:
        sentence = sentence_at(text, pos)
        if _DISPUTE.search(sentence):
            return sentence
    return None


def disputes(case: ClaimCase, close: bool) -> tuple[Signal, ...]:
    """The closest passage, when it reads like the statement (``close``), calling it false."""
    if not close:
        return ()
    best = case.best
    sentence = disputed(best.passage.text)
    if sentence is None:
        return ()
    return (dispute_signal(best, sentence),)


def dispute_signal(e: Evidence, sentence: str) -> Signal:
    """``e`` disputes the statement in ``sentence``."""
    return Signal(
        check="dispute", cue=Cue.DISPUTED, polarity=Polarity.CONTRADICTS,
        strength=DISPUTE_STRENGTH,
        reason=f"{cite(e)} gives this only to dispute it: “{snippet(sentence, 160)}”",
        evidence=(e,),
    )  # fmt: skip
