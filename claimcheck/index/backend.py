"""Where an index's vectors and BM25 postings live: the search backend.

Everything above this module (fusion, judging, reports) talks to a :class:`SearchBackend` and
never learns which one runs. A backend holds, for passage rows ``0..n-1`` of one generation,
a unit vector per row and the row's words for BM25, and answers dense and lexical top-k
searches with row numbers. Documents and passage text stay in the generation's SQLite store
whichever backend runs.

Two implementations:

- ``embedded`` (the default): FAISS + bm25s files inside the generation folder
  (``vectors.faiss``, ``bm25/``). Nothing to run, fastest on one machine.
- ``milvus``: one Milvus collection per generation (``index/milvus.py``), dense search on its
  vector index and BM25 through Milvus's own full-text search. ``--uri`` names a server
  (``http://host:19530``) or a local ``.db`` file, which runs embedded Milvus (milvus-lite).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ..errors import ConfigError, IndexCorruptError
from .lexical import LexicalIndex
from .vectors import VectorIndex, kind_for

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schema import IndexManifest

__all__ = [
    "BACKENDS",
    "BackendSpec",
    "EmbeddedBackend",
    "SearchBackend",
    "collection_name",
    "create_backend",
    "drop_backend",
    "open_backend",
]

BACKENDS = ("embedded", "milvus")


@dataclass(frozen=True)
class BackendSpec:
    """Which backend a build writes to. ``uri`` is for Milvus: ``http(s)://host:port`` or a
    path ending in ``.db`` (embedded Milvus); empty means ``milvus.db`` in the index folder."""

    name: str = "embedded"
    uri: str = ""

    def validate(self) -> BackendSpec:
        if self.name not in BACKENDS:
            raise ConfigError(
                f"unknown index backend {self.name!r} (use one of: {', '.join(BACKENDS)})"
            )
        if self.uri and self.name != "milvus":
            raise ConfigError("--uri is for the milvus backend (add --backend milvus)")
        return self


class SearchBackend(Protocol):
    """Dense and lexical search over the passage rows of one index generation."""

    name: str

    @property
    def count(self) -> int: ...  # vectors held

    @property
    def lexical_count(self) -> int: ...  # passages the BM25 side holds

    @property
    def dimension(self) -> int: ...

    @property
    def vector_kind(self) -> str: ...  # e.g. "flat", "hnsw-sq8", "milvus-hnsw"

    def add(self, vectors: NDArray[np.float32], lexical_texts: list[str]) -> None:
        """Append rows ``count .. count+len-1``: their vectors and their text for BM25."""

    @property
    def entry(self) -> dict[str, Any]: ...  # the manifest's ``backend`` entry

    def commit(self) -> dict[str, Any]:
        """Make the rows durable and searchable; returns :attr:`entry`."""

    def dense(self, queries: NDArray[np.float32], k: int) -> list[list[int]]:
        """Top-``k`` rows by inner product for each query vector, best first."""

    def lexical(self, texts: list[str], k: int) -> list[list[int]]:
        """Top-``k`` rows by BM25 for each query text, best first; no shared word, no row."""

    def vectors(self, rows: list[int]) -> NDArray[np.float32]:
        """The stored vectors of ``rows``, in that order."""

    def discard(self) -> None:
        """Delete what this unfinished generation wrote outside its folder."""

    def close(self) -> None: ...


def collection_name(index_dir: Path, generation: int) -> str:
    """A Milvus collection name unique to this index folder and generation (one Milvus
    server can hold many indexes)."""
    stem = re.sub(r"[^A-Za-z0-9_]", "_", index_dir.resolve().name)[:40] or "index"
    digest = hashlib.sha256(str(index_dir.resolve()).encode("utf-8")).hexdigest()[:8]
    return f"claimcheck_{stem}_{digest}_g{generation:06d}"


class EmbeddedBackend:
    """FAISS vectors and a bm25s index as files in the generation folder."""

    name = "embedded"

    def __init__(self, folder: Path, vectors: VectorIndex, lexical: LexicalIndex | None) -> None:
        self.folder = folder
        self._vectors = vectors
        self._lexical = lexical
        self._pending: list[str] = []

    @classmethod
    def create(cls, folder: Path, dimension: int, total: int) -> EmbeddedBackend:
        return cls(folder, VectorIndex.create(dimension, kind_for(total)), None)

    @classmethod
    def open(cls, folder: Path) -> EmbeddedBackend:
        vectors = VectorIndex.load(folder / "vectors.faiss")
        lexical = LexicalIndex.load(folder / "bm25", vectors.count)
        return cls(folder, vectors, lexical)

    @property
    def count(self) -> int:
        return self._vectors.count

    @property
    def lexical_count(self) -> int:
        return self._lexical.size if self._lexical is not None else len(self._pending)

    @property
    def dimension(self) -> int:
        return self._vectors.dimension

    @property
    def vector_kind(self) -> str:
        return self._vectors.kind

    def add(self, vectors: NDArray[np.float32], lexical_texts: list[str]) -> None:
        if self._lexical is not None:
            raise ValueError("this generation is committed; build a new one to add passages")
        self._vectors.add(vectors)
        self._pending.extend(lexical_texts)

    @property
    def entry(self) -> dict[str, Any]:
        return {"name": self.name}

    def commit(self) -> dict[str, Any]:
        if self._lexical is None:
            self._lexical = LexicalIndex.create(self._pending)
            self._pending = []
        self._vectors.save(self.folder / "vectors.faiss")
        self._lexical.save(self.folder / "bm25")
        return self.entry

    def dense(self, queries: NDArray[np.float32], k: int) -> list[list[int]]:
        _, rows = self._vectors.search(queries, k)
        return [[int(r) for r in row if r >= 0] for row in rows]

    def lexical(self, texts: list[str], k: int) -> list[list[int]]:
        if self._lexical is None:
            raise ValueError("commit the backend before searching it")
        return [[r for r, _ in hits] for hits in self._lexical.search(texts, k)]

    def vectors(self, rows: list[int]) -> NDArray[np.float32]:
        return self._vectors.vectors(rows)

    def discard(self) -> None:
        return None  # its files live in the generation folder, removed with it

    def close(self) -> None:
        return None


def create_backend(
    spec: BackendSpec, folder: Path, *, dimension: int, total: int, collection: str
) -> SearchBackend:
    """A new, empty backend for one generation; ``collection`` names its Milvus collection."""
    if spec.name == "milvus":
        from .milvus import MilvusBackend

        return MilvusBackend.create(
            spec.uri, collection, dimension=dimension, total=total, base=folder.parent
        )
    return EmbeddedBackend.create(folder, dimension, total)


def open_backend(folder: Path, manifest: IndexManifest) -> SearchBackend:
    """The backend a generation's manifest names (no entry: embedded, as before backends)."""
    entry = manifest.get("backend") or {"name": "embedded"}
    if not isinstance(entry, dict) or entry.get("name") not in BACKENDS:
        raise IndexCorruptError(
            f"index manifest in {folder} names an unknown backend {entry!r}; "
            "rebuild it with `claimcheck index build`"
        )
    if entry["name"] == "milvus":
        from .milvus import MilvusBackend

        return MilvusBackend.open(entry, base=folder.parent)
    return EmbeddedBackend.open(folder)


def drop_backend(folder: Path, manifest: IndexManifest) -> None:
    """Free what a retired generation holds outside its folder (its Milvus collection)."""
    entry = manifest.get("backend") or {}
    if isinstance(entry, dict) and entry.get("name") == "milvus":
        from .milvus import drop_collection

        drop_collection(entry, base=folder.parent)
