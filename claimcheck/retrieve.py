"""Statement -> ranked Evidence: hybrid search (dense vectors + BM25, reciprocal rank fusion).

Quotes are searched by their own words; claims by their stand-alone form (pronouns and "the
company" resolved).
"""

from __future__ import annotations

from collections.abc import Sequence

from .embed import Embedder
from .index import Index
from .types import Evidence, Statement

__all__ = ["retrieve"]


def retrieve(
    statements: Sequence[Statement],
    index: Index,
    embedder: Embedder,
    *,
    top_k: int,
    mode: str = "hybrid",
) -> list[tuple[Evidence, ...]]:
    """Top-``top_k`` evidence for each statement, best first, in the order given."""
    if not statements:
        return []
    texts = [s.standalone for s in statements]
    return index.search(embedder.encode(texts), top_k, texts=texts, mode=mode)
