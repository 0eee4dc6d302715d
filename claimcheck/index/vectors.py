"""FAISS vectors: inner-product search over unit vectors (cosine similarity).

The index type follows the size: exact search (``IndexFlatIP``) up to ``HNSW_FROM`` vectors,
where a query scans every vector in a few milliseconds; above it an HNSW graph over 8-bit
scalar-quantised vectors (``IndexHNSWSQ``), which answers in about a millisecond at a million
vectors and keeps them in a quarter of the memory. ``bench/bench_scale.py`` measures its recall
against exact search.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import faiss
import numpy as np

from ..errors import IndexCorruptError

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["HNSW_EF_SEARCH", "HNSW_FROM", "VectorIndex", "kind_for"]

HNSW_FROM = 50_000
HNSW_M = 32  # graph neighbours per vector
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128  # candidates kept while searching: higher is slower and more exact


def kind_for(count: int) -> str:
    """The index type for ``count`` vectors: ``flat`` (exact) or ``hnsw-sq8``."""
    return "hnsw-sq8" if count >= HNSW_FROM else "flat"


class VectorIndex:
    def __init__(self, index: Any) -> None:
        self._index = index

    @classmethod
    def create(cls, dimension: int, kind: str = "flat") -> VectorIndex:
        if kind == "flat":
            return cls(faiss.IndexFlatIP(dimension))
        if kind == "hnsw-sq8":
            index = faiss.IndexHNSWSQ(
                dimension,
                faiss.ScalarQuantizer.QT_8bit,  # type: ignore[arg-type]  # an enum int
                HNSW_M,
                faiss.METRIC_INNER_PRODUCT,
            )
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
            return cls(index)
        raise ValueError(f"unknown vector index kind {kind!r}")

    @property
    def kind(self) -> str:
        return "flat" if isinstance(self._index, faiss.IndexFlat) else "hnsw-sq8"

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        if not path.exists():
            raise IndexCorruptError(
                f"vector file missing: {path} (rebuild with `claimcheck index build`)"
            )
        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:
            raise IndexCorruptError(
                f"vector file {path} is unreadable; rebuild it with `claimcheck index build`"
            ) from exc
        if hasattr(index, "hnsw"):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index)

    @property
    def count(self) -> int:
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def add(self, vectors: NDArray[np.float32]) -> None:
        data = np.ascontiguousarray(vectors, dtype=np.float32)
        if not self._index.is_trained:  # the scalar quantiser learns each dimension's range
            self._index.train(data)
        self._index.add(data)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    def vectors(self, rows: list[int]) -> NDArray[np.float32]:
        """The stored vectors of ``rows``."""
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._index.reconstruct(int(r)) for r in rows]).astype(np.float32)

    def search(
        self, queries: NDArray[np.float32], k: int
    ) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
        k = max(1, min(k, self.count))
        scores, rows = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores, rows
