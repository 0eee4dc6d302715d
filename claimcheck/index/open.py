"""Opening a built index, with checks that it matches this model and format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..embed import MODEL_ID, MODEL_SHA256
from ..errors import IndexCorruptError, IndexMismatchError, IndexNotFoundError
from ..types import Evidence
from .store import Store
from .vectors import VectorIndex

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["FORMAT_VERSION", "Index", "current_generation", "load_index", "read_manifest"]

FORMAT_VERSION = 1
_REBUILD = "rebuild it with `claimcheck index build SOURCES --index {path}`"


def current_generation(path: Path) -> Path | None:
    pointer = path / "CURRENT"
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return path / name if name else None


def read_manifest(path: Path) -> dict[str, Any]:
    """The live generation's manifest, after checking format and model."""
    if not path.exists():
        raise IndexNotFoundError(
            f"no index at {path} (build one with `claimcheck index build SOURCES --index {path}`)"
        )
    gen = current_generation(path)
    if gen is None or not gen.is_dir():
        raise IndexNotFoundError(
            f"{path} holds no complete index "
            f"(build one with `claimcheck index build SOURCES --index {path}`)"
        )
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
    return manifest


class Index:
    """A loaded index: search vectors, then read passages and their documents."""

    def __init__(
        self, path: Path, manifest: dict[str, Any], store: Store, vectors: VectorIndex
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.store = store
        self.vectors = vectors

    def close(self) -> None:
        self.store.close()

    def search(self, queries: NDArray[np.float32], k: int) -> list[tuple[Evidence, ...]]:
        """Top-``k`` evidence for each query vector, best first."""
        if self.vectors.count == 0 or len(queries) == 0:
            return [() for _ in range(len(queries))]
        scores, rows = self.vectors.search(queries, k)
        wanted = sorted({int(r) for r in rows.ravel() if r >= 0})
        passages = self.store.passages(wanted)
        out: list[tuple[Evidence, ...]] = []
        for score_row, id_row in zip(scores, rows, strict=True):
            hits: list[Evidence] = []
            for score, row in zip(score_row, id_row, strict=True):
                if row < 0:
                    continue
                passage = passages.get(int(row))
                if passage is None:
                    raise IndexCorruptError(
                        f"vector {int(row)} has no passage in the store; "
                        + _REBUILD.format(path=self.path)
                    )
                hits.append(
                    Evidence(
                        passage=passage,
                        source=self.store.source_ref(passage.doc_id),
                        score=float(score),
                        rank=len(hits) + 1,
                    )
                )
            out.append(tuple(hits))
        return out


def load_index(path: Path) -> Index:
    """Open the live generation of the index at ``path``; checks model, format and counts."""
    manifest = read_manifest(path)
    gen = current_generation(path)
    if gen is None:
        raise IndexNotFoundError(f"{path} holds no complete index; " + _REBUILD.format(path=path))
    store = Store.open(gen / "store.sqlite")
    vectors = VectorIndex.load(gen / "vectors.faiss")
    n_store = store.count("passages")
    if vectors.count != n_store or n_store != manifest.get("passages"):
        store.close()
        raise IndexCorruptError(
            f"index {path} is inconsistent ({vectors.count} vectors, {n_store} passages, "
            f"manifest says {manifest.get('passages')}); " + _REBUILD.format(path=path)
        )
    if vectors.dimension != manifest.get("model", {}).get("dimension"):
        store.close()
        raise IndexMismatchError(
            f"index {path} holds {vectors.dimension}-d vectors; the model makes "
            f"{manifest.get('model', {}).get('dimension')}-d ones; " + _REBUILD.format(path=path)
        )
    return Index(path, manifest, store, vectors)
