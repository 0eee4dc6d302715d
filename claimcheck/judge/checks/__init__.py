"""The claim checks: one module each, each returning signals (``..signals``), never a verdict.

``ClaimCase`` holds what every check reads (the statement, its evidence, the documents, the
parameters) and the readings several checks share (the statement's figures, the text around
each passage), computed once. ``aggregate.py`` asks each check only when its precedence
table reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from ...config import Settings
from ...types import Document, Evidence, Statement
from ..numbers import Quantity, find_quantities
from ..params import JudgeParams
from .context import window

__all__ = ["ClaimCase", "DocumentLookup"]

DocumentLookup = Callable[[str], Document]


@dataclass
class ClaimCase:
    statement: Statement
    evidence: tuple[Evidence, ...]
    documents: DocumentLookup
    settings: Settings
    params: JudgeParams
    _windows: dict[int, str] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.statement.text

    @cached_property
    def claimed(self) -> tuple[Quantity, ...]:
        return find_quantities(self.statement.text)

    @cached_property
    def best(self) -> Evidence:
        """The most similar passage (the fused rank is not similarity)."""
        return max(self.evidence, key=lambda e: e.score)

    @cached_property
    def best_first(self) -> tuple[Evidence, ...]:
        return (self.best, *(e for e in self.evidence if e is not self.best))

    def window(self, e: Evidence) -> str:
        """The passage with ``params.figure_window`` characters of its document either side,
        in whole sentences, questions blanked out; read once per passage."""
        key = id(e)
        if key not in self._windows:
            self._windows[key] = window(e, self.documents, self.params.figure_window)
        return self._windows[key]
