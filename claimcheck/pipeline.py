"""verify(): draft -> statements -> evidence -> judgments -> Report."""

from __future__ import annotations

import platform
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import drafts
from .config import Settings
from .embed import Embedder
from .extract import NOT_CHECKABLE, extract_statements
from .index import Index
from .judge import NliScores, judge
from .judge.claims import DocumentLookup
from .judge.nli import NliJudge
from .rerank import Reranker
from .retrieve import retrieve
from .textfile import sha256_bytes
from .types import (
    Document,
    Draft,
    Evidence,
    Finding,
    Judgment,
    Report,
    Statement,
    StatementKind,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["judge_all", "read_draft", "verify", "verify_text", "versions"]


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("claimcheck", "sentence-transformers", "faiss-cpu", "torch", "transformers"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


NLI_PASSAGES = 3  # passages per claim the NLI judge reads


def _nli_scores(
    statements: tuple[Statement, ...],
    evidence: list[tuple[Evidence, ...]],
    nli: NliJudge,
    settings: Settings,
) -> dict[str, NliScores]:
    """NLI probabilities for each checkable claim against its top related passages, batched."""
    wanted: list[tuple[str, Evidence]] = []
    for s, ev in zip(statements, evidence, strict=True):
        if s.kind is StatementKind.CLAIM and s.category not in NOT_CHECKABLE:
            related = [e for e in ev if e.score >= settings.related_threshold][:NLI_PASSAGES]
            wanted += [(s.id, e) for e in related]
    texts = {s.id: s.standalone for s in statements}
    probs = nli.predict([(e.passage.text, texts[sid]) for sid, e in wanted])
    out: dict[str, list[tuple[Evidence, NDArray[np.float32]]]] = {}
    for (sid, e), p in zip(wanted, probs, strict=True):
        out.setdefault(sid, []).append((e, p))
    return {sid: tuple(v) for sid, v in out.items()}


# Findings reached before the NLI judge is consulted: such statements need no NLI pass.
_DECIDED_WITHOUT_NLI = frozenset(
    {
        Finding.NUMBER_MISMATCH,
        Finding.NUMBERS_MATCH,
        Finding.NAME_MISMATCH,
        Finding.NOT_CHECKABLE,
        Finding.QUOTE_EXACT,
        Finding.MISQUOTE,
        Finding.MISATTRIBUTED,
    }
)


def judge_all(
    statements: tuple[Statement, ...],
    evidence: list[tuple[Evidence, ...]],
    documents: DocumentLookup,
    settings: Settings,
    nli: NliJudge | None,
) -> tuple[Judgment, ...]:
    """Judge every statement; the NLI judge reads only the claims that quotes, figures and
    names leave undecided (it is the slowest judge, and it would not change those verdicts).

    The checks read all the evidence given (``settings.depth`` passages: a figure's passage
    is often a little down the ranking for a terse claim); each judgment keeps the first
    ``settings.top_k``, the deciding passage first."""
    first = [
        judge(s, ev, documents=documents, settings=settings)
        for s, ev in zip(statements, evidence, strict=True)
    ]
    if nli is not None:
        _consult_nli(statements, evidence, documents, settings, nli, first)
    return tuple(replace(j, evidence=j.evidence[: settings.top_k]) for j in first)


def _consult_nli(
    statements: tuple[Statement, ...],
    evidence: list[tuple[Evidence, ...]],
    documents: DocumentLookup,
    settings: Settings,
    nli: NliJudge,
    first: list[Judgment],
) -> None:
    """Judge again, with the NLI judge's probabilities, the claims still open (in place)."""
    open_ = [
        i for i, j in enumerate(first) if j.finding not in _DECIDED_WITHOUT_NLI and evidence[i]
    ]
    scores = _nli_scores(
        tuple(statements[i] for i in open_), [evidence[i] for i in open_], nli, settings
    )
    for i in open_:
        if statements[i].id in scores:
            first[i] = judge(
                statements[i], evidence[i], documents=documents, settings=settings,
                nli=scores[statements[i].id],
            )  # fmt: skip


def verify_text(
    text: str,
    *,
    index: Index,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None = None,
    reranker: Reranker | None = None,
    path: str = "<text>",
) -> Report:
    """Check every statement of ``text`` against ``index``; ``nli`` adds the NLI judge,
    ``reranker`` reorders each statement's retrieved passages before they are judged."""
    statements = extract_statements(text, markup=drafts.draft_markup(path))
    evidence = retrieve(
        statements, index, embedder, top_k=settings.depth, mode=settings.retrieval,
        reranker=reranker,
    )  # fmt: skip

    @lru_cache(maxsize=256)
    def document(doc_id: str) -> Document:
        return index.store.document(doc_id)

    judgments = judge_all(statements, evidence, document, settings, nli)
    used = versions()
    used["nli_model"] = str(nli.manifest.get("sha256", "not loaded")) if nli is not None else "off"
    used["rerank_model"] = (
        str(reranker.manifest.get("sha256", "not loaded")) if reranker is not None else "off"
    )
    return Report(
        draft=Draft(path=path, sha256=sha256_bytes(text.encode("utf-8")), text=text),
        judgments=judgments,
        index_manifest=dict(index.manifest),
        settings=settings.to_dict(),
        versions=used,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def read_draft(draft: Path) -> str:
    """The draft's text as the report shows it: the file as is (Markdown and HTML are read
    without their markup, spans still into the file), or a ``.docx`` draft's paragraphs."""
    return drafts.read_draft(draft)


def verify(
    draft: Path,
    *,
    index: Index,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None = None,
    reranker: Reranker | None = None,
) -> Report:
    """Read the draft at ``draft`` (UTF-8 text, Markdown, or HTML whose main text is used)
    and check it."""
    text = read_draft(draft)
    return verify_text(
        text, index=index, embedder=embedder, settings=settings, nli=nli, reranker=reranker,
        path=str(draft),
    )  # fmt: skip
