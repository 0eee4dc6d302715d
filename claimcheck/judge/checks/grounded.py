"""The statement against sources the user named (``--against``): supported when the whole,
or every part, is entailed by some window of them; contradicted when a window contradicts it
and none supports it; else short, saying how close the nearest window came."""

from __future__ import annotations

from ...models.manifest import GroundedThresholds
from ...text.files import snippet
from ..grounded import GroundedSignal
from ..signals import Cue, Polarity, Signal
from . import ClaimCase
from .context import cite

__all__ = ["grounded"]

SHORT_FLOOR = 0.3  # an unverifiable verdict is never less sure than this


def grounded(
    case: ClaimCase,
    signal: GroundedSignal,
    thresholds: GroundedThresholds,
    missing: tuple[str, ...],
) -> tuple[Signal, ...]:
    """``missing``: the statement's figures no retrieved passage gives; a window that holds
    them does not need them confirmed again."""
    whole = signal.whole
    lead = next((e for e in case.best_first if e.source.doc_id == whole.doc_id), case.best)
    read = " ".join(p.window for p in (signal.parts if signal.decided_by_parts else (whole,)))
    absent = [q for q in missing if q not in read]
    if signal.support >= thresholds.support and not absent:
        if signal.decided_by_parts:
            said = "; ".join(f"“{snippet(p.window, 90)}”" for p in signal.parts)
            reason = f"each part is in the sources: {said}"
        else:
            reason = f"{cite(lead)} says so: “{snippet(whole.window, 160)}”"
        return (
            Signal(
                check="grounded", cue=Cue.GROUNDED_SUPPORT, polarity=Polarity.SUPPORTS,
                strength=signal.support,
                reason=f"{reason} (entailment {signal.support:.2f})", evidence=(lead,),
            ),
        )  # fmt: skip
    if signal.contradiction >= thresholds.contradict and signal.support < thresholds.support:
        return (
            Signal(
                check="grounded", cue=Cue.GROUNDED_CONTRADICTION,
                polarity=Polarity.CONTRADICTS, strength=signal.contradiction,
                reason=f"{cite(lead)} says otherwise: “{snippet(whole.window, 160)}”",
                evidence=(lead,),
            ),
        )  # fmt: skip
    weakest = min(signal.parts, key=lambda p: p.entailment) if signal.parts else whole
    gap = f"; no source gives {', '.join(absent)}" if absent else ""
    part = f" (“{snippet(weakest.part, 80)}” is not)" if signal.parts else ""
    return (
        Signal(
            check="grounded", cue=Cue.GROUNDED_SHORT, polarity=Polarity.NEUTRAL,
            strength=max(SHORT_FLOOR, 1.0 - signal.support),
            reason=f"the named sources do not say this{part}{gap}; closest is {cite(lead)}: "
            f"“{snippet(whole.window, 120)}” (entailment {signal.support:.2f})",
            evidence=(lead,),
        ),
    )  # fmt: skip
