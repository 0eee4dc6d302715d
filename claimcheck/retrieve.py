"""Statement -> ranked Evidence: hybrid search (dense vectors + BM25, reciprocal rank fusion),
then, when a reranker is given, the head of that ranking reordered by the project's reranker.

Quotes are searched by their own words; claims by their stand-alone form (pronouns and "the
company" resolved).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .embed import Embedder, index_runtime
from .errors import IndexMismatchError
from .index import Index
from .types import Evidence, Statement

if TYPE_CHECKING:
    from .rerank import Reranker

__all__ = ["retrieve"]


def retrieve(
    statements: Sequence[Statement],
    index: Index,
    embedder: Embedder,
    *,
    top_k: int,
    mode: str = "hybrid",
    reranker: Reranker | None = None,
) -> list[tuple[Evidence, ...]]:
    """Top-``top_k`` evidence for each statement, best first, in the order given.

    ``embedder`` must run the runtime that built the index (``Embedder.for_index``)."""
    built = index_runtime(index.manifest)
    if embedder.runtime != built:
        raise IndexMismatchError(
            f"index {index.path} was embedded with the {built} runtime, the query embedder "
            f"runs {embedder.runtime}; use Embedder.for_index(index.manifest)"
        )
    if not statements:
        return []
    texts = [s.standalone for s in statements]
    if reranker is None:
        return index.search(embedder.encode(texts), top_k, texts=texts, mode=mode)
    hits = index.search(embedder.encode(texts), max(top_k, reranker.depth), texts=texts, mode=mode)
    return [ev[:top_k] for ev in reranker.rerank(texts, hits)]
