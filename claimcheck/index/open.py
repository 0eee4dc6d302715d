"""Opening a built index, with checks that it matches this model and format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np

from ..errors import IndexCorruptError, IndexMismatchError, IndexNotFoundError
from ..models.embedder import MODEL_ID, MODEL_SHA256
from ..schema import IndexManifest
from ..types import Evidence
from .backend import SearchBackend, open_backend
from .store import Store

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "FORMAT_VERSION",
    "Index",
    "current_generation",
    "load_index",
    "manifest_sources",
    "read_manifest",
]

FORMAT_VERSION = 2  # 2: adds the BM25 lexical index
RRF_K = 5  # reciprocal rank fusion constant: 5 beat 10 and 60 on all five eval corpora (README)
CANDIDATES = 4  # each retriever proposes k * CANDIDATES passages before fusion
T = TypeVar("T")
_REBUILD = "rebuild it with `claimcheck index build SOURCES --index {path}`"


def _pointer(path: Path) -> str | None:
    """The live generation's name, from one read of ``CURRENT`` (replaced atomically)."""
    try:
        name = (path / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(
            f"{path / 'CURRENT'} is unreadable; " + _REBUILD.format(path=path)
        ) from exc
    return name or None


def current_generation(path: Path) -> Path | None:
    name = _pointer(path)
    return path / name if name else None


def _not_built(path: Path) -> IndexNotFoundError:
    return IndexNotFoundError(
        f"{path} holds no complete index "
        f"(build one with `claimcheck index build SOURCES --index {path}`)"
    )


def _generation_manifest(path: Path, gen: Path) -> IndexManifest:
    manifest_path = gen / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(
            f"index manifest {manifest_path} is missing or corrupt; " + _REBUILD.format(path=path)
        ) from exc
    if not isinstance(manifest, dict):
        raise IndexCorruptError(
            f"index manifest {manifest_path} is corrupt; " + _REBUILD.format(path=path)
        )
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index {path} has format version {version}, this claimcheck reads {FORMAT_VERSION}; "
            + _REBUILD.format(path=path)
        )
    model = manifest.get("model")
    if (
        not isinstance(model, dict)
        or model.get("id") != MODEL_ID
        or model.get("sha256") != MODEL_SHA256
    ):
        built_with = model.get("id") if isinstance(model, dict) else "an unknown model"
        raise IndexMismatchError(
            f"index {path} was built with {built_with}, "
            f"not {MODEL_ID} (sha256 {MODEL_SHA256[:12]}…); " + _REBUILD.format(path=path)
        )
    return cast(IndexManifest, manifest)


def _across_a_switch(path: Path, read: Callable[[Path], T]) -> T:
    """``read(generation)`` of the live generation, found by one pointer read. A build that
    switches generations meanwhile may retire the one being read: then the pointer has moved,
    and the new one is read once more. Only a failure on a generation that stayed live is
    reported (so "corrupt" means corrupt)."""
    if not path.exists():
        raise IndexNotFoundError(
            f"no index at {path} (build one with `claimcheck index build SOURCES --index {path}`)"
        )
    for attempt in range(3):
        name = _pointer(path)
        if name is None:
            raise _not_built(path)
        try:
            if not (path / name).is_dir():
                raise _not_built(path)
            return read(path / name)
        except (IndexCorruptError, IndexNotFoundError):
            if attempt < 2 and _pointer(path) != name:
                continue  # switched while we read: read the new generation
            raise
    raise _not_built(path)  # pragma: no cover - the loop returns or raises


def read_manifest(path: Path) -> IndexManifest:
    """The live generation's manifest, after checking format and model."""
    return _across_a_switch(path, lambda gen: _generation_manifest(path, gen))


def manifest_sources(path: Path, manifest: IndexManifest) -> list[Path]:
    """The source folders and files a generation was built from (not its added copies).
    Paths inside the index folder are stored relative to it, so a moved index still works."""
    out: list[Path] = []
    for s in manifest.get("sources", []):
        p = Path(s)
        out.append(p if p.is_absolute() else path / p)
    return out


class Index:
    """A loaded index: dense and lexical (BM25) search over the same passages, through
    whichever backend built it (``index/backend.py``)."""

    def __init__(
        self,
        path: Path,
        manifest: IndexManifest,
        store: Store,
        backend: SearchBackend,
        *,
        generation: Path | None = None,
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.store = store
        self.backend = backend
        self.generation = generation  # the generation folder this was opened from

    def close(self) -> None:
        self.store.close()
        self.backend.close()

    def search(
        self,
        queries: NDArray[np.float32],
        k: int,
        *,
        texts: list[str] | None = None,
        mode: str = "dense",
    ) -> list[tuple[Evidence, ...]]:
        """Top-``k`` evidence for each query, best first.

        ``mode`` is ``dense`` (vectors), ``bm25`` (words of ``texts``) or ``hybrid`` (both,
        fused by reciprocal rank). Every hit's score is its cosine similarity to the query, so
        thresholds mean the same in every mode.
        """
        if mode not in ("dense", "bm25", "hybrid"):
            raise ValueError(mode)
        if self.backend.count == 0 or len(queries) == 0:
            return [() for _ in range(len(queries))]
        pool = k * CANDIDATES if mode == "hybrid" else k
        ranked: list[list[int]] = [[] for _ in range(len(queries))]
        if mode in ("dense", "hybrid"):
            dense = self.backend.dense(queries, pool)
        if mode in ("bm25", "hybrid"):
            if texts is None or len(texts) != len(queries):
                raise ValueError("bm25 and hybrid search need the query texts")
            lexical = self.backend.lexical(texts, pool)
        for i in range(len(queries)):
            if mode == "dense":
                ranked[i] = dense[i][:k]
            elif mode == "bm25":
                ranked[i] = lexical[i][:k]
            else:
                fused: dict[int, float] = {}
                for run in (dense[i], lexical[i]):
                    for rank, row in enumerate(run):
                        fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
                ranked[i] = sorted(fused, key=lambda r: -fused[r])[:k]
        wanted = sorted({r for rows_ in ranked for r in rows_})
        passages = self.store.passages(wanted)
        stored = dict(zip(wanted, self.backend.vectors(wanted), strict=True))
        out: list[tuple[Evidence, ...]] = []
        for query, rows_ in zip(queries, ranked, strict=True):
            hits: list[Evidence] = []
            for row in rows_:
                passage = passages.get(row)
                if passage is None:
                    raise IndexCorruptError(
                        f"vector {row} has no passage in the store; "
                        + _REBUILD.format(path=self.path)
                    )
                hits.append(
                    Evidence(
                        passage=passage,
                        source=self.store.source_ref(passage.doc_id),
                        score=float(np.dot(stored[row], query)),
                        rank=len(hits) + 1,
                    )
                )
            out.append(tuple(hits))
        return out


def load_index(path: Path) -> Index:
    """Open the live generation of the index at ``path``; checks model, format and counts."""
    return _across_a_switch(path, lambda gen: _open_generation(path, gen))


def _open_generation(path: Path, gen: Path) -> Index:
    manifest = _generation_manifest(path, gen)
    store = Store.open(gen / "store.sqlite")
    try:
        backend = open_backend(gen, manifest)
    except BaseException:
        store.close()
        raise
    n_store = store.count("passages")
    if backend.count != n_store or n_store != manifest.get("passages"):
        store.close()
        backend.close()
        raise IndexCorruptError(
            f"index {path} is inconsistent ({backend.count} vectors, {n_store} passages, "
            f"manifest says {manifest.get('passages')}); " + _REBUILD.format(path=path)
        )
    if backend.dimension != manifest.get("model", {}).get("dimension"):
        store.close()
        backend.close()
        raise IndexMismatchError(
            f"index {path} holds {backend.dimension}-d vectors; the model makes "
            f"{manifest.get('model', {}).get('dimension')}-d ones; " + _REBUILD.format(path=path)
        )
    return Index(path, manifest, store, backend, generation=gen)
