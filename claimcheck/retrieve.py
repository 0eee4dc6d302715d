"""Statement -> ranked Evidence: dense search over the index.

Quotes are searched by their own words; claims by their stand-alone form (pronouns and "the
company" resolved). Hybrid lexical search and
reranking arrive with the index issue.
"""

from __future__ import annotations

from collections.abc import Sequence

from .embed import Embedder
from .index import Index
from .types import Evidence, Statement

__all__ = ["retrieve"]


def retrieve(
    statements: Sequence[Statement], index: Index, embedder: Embedder, *, top_k: int
) -> list[tuple[Evidence, ...]]:
    """Top-``top_k`` evidence for each statement, best first, in the order given."""
    if not statements:
        return []
    vectors = embedder.encode([s.standalone for s in statements])
    return index.search(vectors, top_k)
