"""Retrieval measured on a labelled set's corpus: dense, BM25 and hybrid side by side.

Each ``corpus.jsonl`` row becomes one passage of a temporary index built with the same
components as a real one (FAISS vectors, BM25, SQLite). Every claim with gold evidence in the
corpus is a query, retrieved by the library's ``retrieve()`` in each mode. ``hit@k``: share of
claims with at least one gold passage in the top k; ``recall@k``: share of gold passages found
in the top k.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypedDict

from ..errors import InputError
from ..index.backend import BackendSpec
from ..models.embedder import Embedder
from ..retrieve import retrieve
from ..types import Evidence, Statement, StatementKind
from .datasets import iter_jsonl
from .harness import passages_index, row_documents, temporary_index
from .harness import rows_index as corpus_index
from .metrics import RankMetrics, RerankInfo, RetrievalMetrics

if TYPE_CHECKING:
    from ..models.reranker import Reranker

__all__ = [
    "MODES",
    "corpus_index",
    "evaluate_retrieval",
    "gold_evidence_ids",
    "passages_index",
    "read_corpus",
]

MODES: Final = ("dense", "bm25", "hybrid")
_KS = (1, 5, 10)


class _Excluded(TypedDict, total=False):
    excluded_trained_rows: int


class _Reranked(TypedDict, total=False):
    reranked: RankMetrics
    rerank: RerankInfo


def gold_evidence_ids(set_name: str, row: dict[str, Any], corpus_ids: set[str]) -> set[str]:
    ids = [str(x) for x in row.get("evidence_doc_ids") or []]
    if set_name == "climate_fever":  # only the sentences labelled as deciding the claim
        labels = row.get("evidence_labels") or []
        ids = [
            i for i, lab in zip(ids, labels, strict=False) if lab in ("SUPPORTED", "CONTRADICTED")
        ]
    return {i for i in ids if i in corpus_ids}


def read_corpus(set_dir: Path) -> list[dict[str, Any]]:
    corpus_path = set_dir / "corpus.jsonl"
    if not corpus_path.exists():
        raise InputError(
            f"{set_dir} has no corpus.jsonl to retrieve from (pick a set that has one)"
        )
    return list(iter_jsonl(corpus_path))


def _query(n: int, claim: str) -> Statement:
    """A claim as ``retrieve()`` reads it: a claim statement standing alone, as written."""
    return Statement(
        id=f"query-{n}", kind=StatementKind.CLAIM, text=claim, span=(0, len(claim)),
        speaker=None, context=claim, category="other", standalone=claim,
    )  # fmt: skip


def evaluate_retrieval(
    set_dir: Path,
    embedder: Embedder,
    *,
    limit: int | None = None,
    backend: BackendSpec | None = None,
    reranker: Reranker | None = None,
) -> RetrievalMetrics:
    """dense / bm25 / hybrid metrics, plus ``reranked`` (hybrid, then ``reranker``) when one
    is given; the claims the reranker trained or was tuned on are then left out of every mode
    (``excluded_trained_rows``), so that the modes are compared on the same unseen claims."""
    corpus = read_corpus(set_dir)
    corpus_ids = {str(d["doc_id"]) for d in corpus}
    trained = reranker.trained_row_ids() if reranker is not None else frozenset()
    queries: list[tuple[str, set[str]]] = []
    excluded = 0
    for row in iter_jsonl(set_dir / "claims.jsonl"):
        gold = gold_evidence_ids(set_dir.name, row, corpus_ids)
        if gold and row.get("nei_scope") != "evidence_sentence_only":
            if str(row.get("id")) in trained:
                excluded += 1
                continue
            queries.append((str(row["claim"]), gold))
    if limit:
        queries = queries[:limit]
    if not queries:
        raise InputError(f"{set_dir} has no claims with gold evidence in its corpus")

    statements = [_query(n, claim) for n, (claim, _) in enumerate(queries)]
    top = max(_KS)
    extra: _Excluded = {}
    reranked: _Reranked = {}
    with temporary_index(row_documents(corpus), embedder, backend=backend) as index:
        by_mode = {
            mode: _metrics(retrieve(statements, index, embedder, top_k=top, mode=mode), queries)
            for mode in MODES
        }
        if reranker is not None:
            extra["excluded_trained_rows"] = excluded
            hits = retrieve(
                statements, index, embedder, top_k=top, mode="hybrid", reranker=reranker
            )
            reranked["reranked"] = _metrics(hits, queries)
            reranked["rerank"] = {"depth": reranker.depth, "fusion": reranker.fusion}
    return {
        "set": set_dir.name,
        "claims": len(queries),
        "passages": len(corpus),
        "backend": (backend or BackendSpec()).name,
        "runtime": embedder.runtime,
        **extra,
        "dense": by_mode["dense"],
        "bm25": by_mode["bm25"],
        "hybrid": by_mode["hybrid"],
        **reranked,
    }


def _metrics(hits: list[tuple[Evidence, ...]], queries: list[tuple[str, set[str]]]) -> RankMetrics:
    metrics: RankMetrics = {}
    for k in _KS:
        found = [{e.passage.doc_id for e in h[:k]} for h in hits]
        metrics[f"hit@{k}"] = round(
            sum(1 for f, (_, g) in zip(found, queries, strict=True) if f & g) / len(queries), 4
        )
        if k > 1:
            metrics[f"recall@{k}"] = round(
                sum(len(f & g) for f, (_, g) in zip(found, queries, strict=True))
                / sum(len(g) for _, g in queries),
                4,
            )
    return metrics
