"""The one encoder protocol, and the ``torch`` embedding runtime.

Everything that embeds texts satisfies :class:`BatchEncoder`: the two in-process runtimes
(:class:`TorchEncoder` here, ``onnx.OnnxInt8Encoder``), the :class:`~.embedder.Embedder` that
holds one of them, and the build's fan-out encoders (``pool.ProcessPoolEncoder``,
``pool.RayEncoder``). An index build hands any of them its passages in batches and gets the
vectors back in order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ..errors import ModelError
from .offline import quiet_offline

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["BatchEncoder", "InProcessEncoder", "TorchEncoder"]


class BatchEncoder(Protocol):
    """Vectors for batches of texts, in order: one unit-length float32 row of ``dimension``
    per text, from the embedding runtime ``runtime`` (``embedder.RUNTIMES``).

    ``batch_size`` is how many texts go through the network at once where the runtime batches
    them (``torch``); ``onnx-int8`` runs one text at a time whatever it is."""

    dimension: int
    runtime: str

    def map_batches(
        self, batches: Sequence[list[str]], *, batch_size: int = 64
    ) -> Iterator[NDArray[np.float32]]: ...


class InProcessEncoder:
    """``map_batches`` for an encoder that embeds in this process: ``encode`` on each batch."""

    def encode(
        self, texts: list[str] | tuple[str, ...], *, batch_size: int = 64
    ) -> NDArray[np.float32]:
        raise NotImplementedError

    def map_batches(
        self, batches: Sequence[list[str]], *, batch_size: int = 64
    ) -> Iterator[NDArray[np.float32]]:
        for batch in batches:
            yield self.encode(batch, batch_size=batch_size)


class TorchEncoder(InProcessEncoder):
    """The ``torch`` runtime: sentence-transformers in float32, the reference, and the one
    that runs on a GPU. ``threads`` caps torch's CPU threads."""

    runtime = "torch"

    def __init__(
        self, model_dir: Path, *, dimension: int, device: str = "cpu", threads: int | None = None
    ) -> None:
        self.dimension = dimension
        if threads:
            import torch

            torch.set_num_threads(threads)
        try:
            from sentence_transformers import SentenceTransformer

            quiet_offline(transformers=True)
            self._model: Any = SentenceTransformer(
                str(model_dir), device=device, local_files_only=True
            )
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelError(f"cannot load the embedding model from {model_dir}: {exc}") from exc

    def encode(
        self, texts: list[str] | tuple[str, ...], *, batch_size: int = 64
    ) -> NDArray[np.float32]:
        # Sorting by length keeps padding waste low inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = self._model.encode(
            [texts[i] for i in order],
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        out = np.empty_like(vectors, dtype=np.float32)
        out[order] = vectors
        return out
