"""Every threshold the claim checks and the aggregation step decide by, in one record.

Each field says how its value was chosen. ``JudgeParams.from_settings`` takes the two
similarity thresholds a user may set in ``claimcheck.toml`` (``Settings``); the rest are
fixed here and recorded in every report (``settings["judge"]``), so a verdict can always be
traced to the numbers that made it. ``training/thresholds.py`` re-derives the NLI ones for
a model on its dev split.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..config import Settings

__all__ = ["JudgeParams"]


def _p(value: float, how: str) -> Any:
    return field(default=value, metadata={"how": how})


@dataclass(frozen=True)
class JudgeParams:
    related: float = _p(
        0.45, "Settings.related_threshold: similarity at which a passage speaks to a claim at all"
    )
    support: float = _p(
        0.72, "Settings.support_threshold: similarity a passage needs to support a claim alone"
    )
    related_coverage: float = _p(
        0.3,
        "share of the claim's content words a related passage must hold; inherited (set by "
        "hand on the sample drafts), not yet re-fitted on dev data",
    )
    close_coverage: float = _p(
        0.5,
        "share of content words a near-identical passage must hold before similarity or a "
        "name check may decide; inherited, not yet re-fitted",
    )
    nli_support: float = _p(
        0.75,
        "calibrated entailment at which the NLI judge supports; on training/data "
        "dev.jsonl.gz (2,207 pairs) entailments >= 0.75 are right 88.5% of the time",
    )
    nli_contradict: float = _p(
        0.8,
        "calibrated contradiction at which the NLI judge contradicts; 88.6% right on the "
        "same dev split",
    )
    nli_disagree: float = _p(
        0.5,
        "entailment elsewhere this strong keeps a contradiction from deciding (sources "
        "disagree); inherited, not yet re-fitted",
    )
    nli_match: float = _p(
        0.6,
        "similarity a passage needs before its NLI contradiction counts; inherited",
    )
    nli_objects: float = _p(
        0.5,
        "contradiction on the closest passage at which similarity may no longer support; inherited",
    )
    nli_passages: int = _p(3, "related passages per claim the NLI judge reads (speed vs recall)")
    figure_window: int = _p(
        300,
        "characters of the document either side of a passage read for figures and names",
    )
    scan_documents: int = _p(
        3,
        "documents of the evidence whose every figure is read for a conflict elsewhere",
    )

    @classmethod
    def from_settings(
        cls, settings: Settings, model: Mapping[str, float] | None = None
    ) -> JudgeParams:
        """The user's two similarity thresholds, and the NLI model's own verdict thresholds
        (``NliJudge.verdict_thresholds``: chosen on its dev split) where it ships them."""
        chosen = model or {}
        base = cls()
        return cls(
            related=settings.related_threshold,
            support=settings.support_threshold,
            nli_support=chosen.get("support", base.nli_support),
            nli_contradict=chosen.get("contradict", base.nli_contradict),
        )

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """``{name: {"value": v, "how": chosen}}`` for the report."""
        return {
            f.name: {"value": getattr(self, f.name), "how": f.metadata["how"]} for f in fields(self)
        }
