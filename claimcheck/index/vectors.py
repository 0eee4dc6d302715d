"""FAISS vectors: exact inner-product search over unit vectors (cosine similarity)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import faiss
import numpy as np

from ..errors import IndexCorruptError

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["VectorIndex"]


class VectorIndex:
    def __init__(self, index: Any) -> None:
        self._index = index

    @classmethod
    def create(cls, dimension: int) -> VectorIndex:
        return cls(faiss.IndexFlatIP(dimension))

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        if not path.exists():
            raise IndexCorruptError(
                f"vector file missing: {path} (rebuild with `claimcheck index build`)"
            )
        try:
            return cls(faiss.read_index(str(path)))
        except RuntimeError as exc:
            raise IndexCorruptError(
                f"vector file {path} is unreadable; rebuild it with `claimcheck index build`"
            ) from exc

    @property
    def count(self) -> int:
        return int(self._index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def add(self, vectors: NDArray[np.float32]) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

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
