"""Retrieval measured on a labelled set's corpus: dense, BM25 and hybrid side by side.

Each ``corpus.jsonl`` row becomes one passage of a temporary index built with the same
components as a real one (FAISS vectors, BM25, SQLite). Every claim with gold evidence in the
corpus is a query. ``hit@k``: share of claims with at least one gold passage in the top k;
``recall@k``: share of gold passages found in the top k.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..index.backend import BackendSpec, collection_name, create_backend
from ..index.open import Index
from ..index.passages import index_text
from ..index.store import Store
from ..models.embedder import Embedder
from ..types import Document, Evidence, Passage
from .datasets import iter_jsonl

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

MODES = ("dense", "bm25", "hybrid")
_KS = (1, 5, 10)


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


def passages_index(
    docs: list[tuple[Document, list[Passage]]],
    embedder: Embedder,
    folder: Path,
    *,
    backend: BackendSpec | None = None,
) -> Index:
    """An index in ``folder`` of these documents and passages, made of the same parts as a
    real one (SQLite store, the chosen search backend, BM25 that reads each passage with its
    title), but without generations or a manifest: for evaluations that index a set in a
    temporary folder."""
    store = Store.create(folder / "store.sqlite")
    row = 0
    for doc, passages in docs:
        store.add_document(doc, sha256="")
        row = store.add_passages(passages, row)
    store.commit()
    spec = (backend or BackendSpec()).validate()
    if spec.name == "milvus" and not spec.uri:
        spec = BackendSpec("milvus", str(folder / "milvus.db"))
    search = create_backend(
        spec,
        folder,
        dimension=embedder.dimension,
        total=row,
        collection=collection_name(folder, 1),
    )
    titled = [index_text(doc.title, p.text) for doc, ps in docs for p in ps]
    search.add(embedder.encode([p.text for _, ps in docs for p in ps]), titled)
    search.commit()
    return Index(folder, {}, store, search)


def corpus_index(
    corpus: list[dict[str, Any]],
    embedder: Embedder,
    folder: Path,
    *,
    backend: BackendSpec | None = None,
) -> Index:
    """An index with one passage per corpus row (id = the row's ``doc_id``)."""
    docs = []
    for d in corpus:
        doc_id, text = str(d["doc_id"]), str(d["text"])
        doc = Document(
            id=doc_id, title=str(d.get("title") or "") or doc_id, text=text, source=doc_id,
            date=None, url=None, kind="other", speakers=(), turns=(),
        )  # fmt: skip
        passage = Passage(id=doc_id, doc_id=doc_id, text=text, span=(0, len(text)), speaker=None)
        docs.append((doc, [passage]))
    return passages_index(docs, embedder, folder, backend=backend)


def evaluate_retrieval(
    set_dir: Path,
    embedder: Embedder,
    *,
    limit: int | None = None,
    backend: BackendSpec | None = None,
    reranker: Reranker | None = None,
) -> dict[str, Any]:
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

    with tempfile.TemporaryDirectory(prefix="claimcheck-eval-") as tmp:
        index = corpus_index(corpus, embedder, Path(tmp), backend=backend)
        claims = [q for q, _ in queries]
        query_vectors = embedder.encode(claims)
        results: dict[str, Any] = {
            "set": set_dir.name,
            "claims": len(queries),
            "passages": len(corpus),
            "backend": (backend or BackendSpec()).name,
            "runtime": embedder.runtime,
        }
        if reranker is not None:
            results["excluded_trained_rows"] = excluded
        for mode in MODES:
            hits = index.search(query_vectors, max(_KS), texts=claims, mode=mode)
            results[mode] = _metrics(hits, queries)
        if reranker is not None:
            hits = index.search(
                query_vectors, max(max(_KS), reranker.depth), texts=claims, mode="hybrid"
            )
            results["reranked"] = _metrics(reranker.rerank(claims, hits), queries)
            results["rerank"] = {"depth": reranker.depth, "fusion": reranker.fusion}
        index.close()
        if index.backend.name == "milvus":
            from ..index.milvus import release

            release(str(Path(tmp) / "milvus.db"))
    return results


def _metrics(
    hits: list[tuple[Evidence, ...]], queries: list[tuple[str, set[str]]]
) -> dict[str, float]:
    metrics: dict[str, float] = {}
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
