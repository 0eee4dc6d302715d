"""Records built directly for the judge's tests: a document, its whole text as one retrieved
passage, a claim, and an NLI judge that gives fixed probabilities."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from claimcheck.extract import classify_claim
from claimcheck.schema import DocumentKind
from claimcheck.types import Document, Evidence, Passage, SourceRef, Statement, StatementKind


def doc(
    text: str, doc_id: str, *, title: str | None = None, kind: DocumentKind = "press_release"
) -> Document:
    return Document(
        id=doc_id, title=title or f"Council notice {doc_id}", text=text, source=f"{doc_id}.txt",
        date="2026-05-20", url=None, kind=kind, speakers=(), turns=(),
    )  # fmt: skip


def evidence(document: Document, score: float, rank: int = 1) -> Evidence:
    """The whole of ``document`` as one passage retrieved at ``score``."""
    return Evidence(
        passage=Passage(
            id=f"p-{document.id}", doc_id=document.id, text=document.text,
            span=(0, len(document.text)), speaker=None,
        ),
        source=SourceRef(
            doc_id=document.id, title=document.title, kind=document.kind, date=document.date,
            source=document.source, url=None,
        ),
        score=score, rank=rank,
    )  # fmt: skip


def claim(text: str) -> Statement:
    return Statement(
        id="c", kind=StatementKind.CLAIM, text=text, span=(0, len(text)), speaker=None,
        context=text, category=classify_claim(text).value, standalone=text,
    )  # fmt: skip


class FakeScorer:
    """Fixed (entailment, neutral, contradiction) for every pair; counts the calls."""

    def __init__(self, entail: float, contra: float) -> None:
        self.row = np.array([entail, 1.0 - entail - contra, contra], dtype=np.float32)
        self.calls = 0

    def predict(self, pairs: list[tuple[str, str]]) -> NDArray[np.float32]:
        self.calls += 1
        return np.tile(self.row, (len(pairs), 1))
