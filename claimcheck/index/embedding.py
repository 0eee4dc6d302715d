"""The vectors of a new generation: reused from the live generation where a passage's
document and text are unchanged (same model, runtime and passage settings), embedded otherwise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import Settings
from ..models.embedder import Embedder, index_runtime
from ..models.pool import BatchEncoder, encode_batches
from .open import Index

__all__ = ["Progress", "Reuse", "embed", "reusable"]

Progress = Callable[[int, int], None]  # (passages embedded so far, total)


@dataclass(frozen=True)
class Reuse:
    index: Index  # the live generation, open
    rows: dict[tuple[str, str], int]  # (document id, passage text) -> row


def reusable(previous: Index | None, settings: Settings, runtime: str) -> Reuse | None:
    """The live generation's vectors, if they can be reused: same model, runtime, format and
    passage settings. Anything else (none, another model, corrupt) means a full rebuild."""
    if previous is None:
        return None
    m = previous.manifest
    same = (m.get("passage_sentences"), m.get("passage_stride"), index_runtime(m)) == (
        settings.passage_sentences,
        settings.passage_stride,
        runtime,
    )
    return Reuse(previous, previous.store.passage_rows()) if same else None


_BATCH = 256  # passages per embedding batch (and per progress step)


def embed(
    texts: list[str],
    keys: list[tuple[str, str]],
    previous: Reuse | None,
    encoder: Embedder | BatchEncoder,
    progress: Progress | None,
) -> tuple[np.ndarray[Any, np.dtype[np.float32]], int]:
    """Vectors for every passage: reused where the previous generation has the same document
    and text, embedded otherwise. Returns the matrix and how many were reused."""
    matrix = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    reuse = {i: previous.rows[k] for i, k in enumerate(keys) if previous and k in previous.rows}
    if previous and reuse:
        rows = sorted(set(reuse.values()))
        stored = dict(zip(rows, previous.index.backend.vectors(rows), strict=True))
        for i, row in reuse.items():
            matrix[i] = stored[row]
    todo = [i for i in range(len(texts)) if i not in reuse]
    chunks = [todo[start : start + _BATCH] for start in range(0, len(todo), _BATCH)]
    done = 0
    for chunk, vectors in zip(
        chunks, encode_batches(encoder, [[texts[i] for i in c] for c in chunks]), strict=True
    ):
        matrix[chunk] = vectors
        done += len(chunk)
        if progress:
            progress(done, len(todo))
    return matrix, len(reuse)
