"""Thresholds that turn grounded NLI signals into verdicts (their values travel with the model)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GroundedThresholds"]


@dataclass(frozen=True)
class GroundedThresholds:
    """Where grounded support and contradiction decide. The NLI model's manifest carries the
    values chosen for it on a dev split (``claimcheck eval grounded --sweep``); these defaults
    are for a model without them."""

    support: float = 0.5
    contradict: float = 0.8
