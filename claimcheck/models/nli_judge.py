"""NliJudge: the project's own NLI cross-encoder, shipped in claimcheck/models/nli-mpnet (the
all-mpnet-base-v2 LoRA judge, the default) and claimcheck/models/nli (the MiniLM judge).

Reads (evidence, statement) pairs and returns calibrated probabilities of entailment, neutral
and contradiction. The model loads once, lazily, after its weights pass a sha256 check against
``manifest.json``. Evidence is read in sentence windows (each sentence, each pair of neighbours;
long evidence in overlapping chunks that fit the model), each judged; the window that shares
most of the statement's words (the shortest among equals) speaks for the passage, so nothing is
silently truncated and an unrelated sentence does not decide.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..text.sentences import split_sentences
from ..text.tokens import words
from .crossencoder import CrossEncoder
from .manifest import Calibration, GroundedThresholds, Manifest, Thresholds, trained_rows

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["ENTAILMENT", "NEUTRAL", "CONTRADICTION", "DEFAULT_NLI_DIR", "NliJudge"]

ENTAILMENT, NEUTRAL, CONTRADICTION = 0, 1, 2
MAX_SENTENCE_WINDOWS = 12  # beyond this many, long evidence is read in overlapping chunks
DEFAULT_NLI_DIR = Path(
    os.environ.get("CLAIMCHECK_NLI_MODEL", Path(__file__).resolve().parent / "nli-mpnet")
)


class NliJudge:
    """Calibrated 3-way NLI over (premise, hypothesis) pairs: labels, calibration, thresholds
    and evidence windows over the shared :class:`CrossEncoder` (which reads the manifest,
    checks the hash, picks the runtime and loads the model once)."""

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        device: str = "cpu",
        max_length: int = 256,
        runtime: str | None = None,
    ) -> None:
        self.model_dir = model_dir or DEFAULT_NLI_DIR
        self._device = device
        self._max_length = max_length
        self._encoder = CrossEncoder(
            self.model_dir, what="NLI", restore="restore claimcheck/models/nli-mpnet",
            max_length=max_length, runtime=runtime, on_load=self._calibrate,
        )  # fmt: skip
        self.temperature = 1.0
        self.manifest: Manifest = {}  # the loaded model's (empty until it loads)

    def available(self) -> bool:
        return self._encoder.available()

    def _thresholds(self, key: Literal["grounded_thresholds", "verdict_thresholds"]) -> Thresholds:
        manifest = self.manifest or self._encoder.peek_manifest()
        return manifest.get(key) or {}

    def grounded_thresholds(self) -> GroundedThresholds:
        """The grounded support/contradiction thresholds chosen for this model on a dev split
        (``manifest.json`` → ``grounded_thresholds``); the defaults where it has none."""
        chosen = self._thresholds("grounded_thresholds")
        default = GroundedThresholds()
        return GroundedThresholds(
            support=float(chosen.get("support", default.support)),
            contradict=float(chosen.get("contradict", default.contradict)),
        )

    def verdict_thresholds(self) -> dict[str, float]:
        """The entailment/contradiction at which this model's verdicts decide, chosen on its
        dev split (``manifest.json`` → ``verdict_thresholds``: ``support``, ``contradict``);
        empty where the manifest gives none (``JudgeParams`` keeps its defaults)."""
        chosen = self._thresholds("verdict_thresholds")
        return {k: float(chosen[k]) for k in ("support", "contradict") if k in chosen}

    def trained_row_ids(self) -> frozenset[str]:
        """Ids of ../shared/eval-data rows the model trained or was calibrated on."""
        return trained_rows(self.model_dir)

    def _calibrate(self, manifest: Manifest) -> None:
        """At load (once, under the encoder's lock): the manifest and the fitted temperature."""
        self.manifest = manifest
        calibration = self.model_dir / "calibration.json"
        if calibration.exists():
            fitted: Calibration = json.loads(calibration.read_text(encoding="utf-8"))
            self.temperature = float(fitted["temperature"])

    def _load(self) -> tuple[Any, Any]:
        """The cross-encoder (hash-checked, loaded once) and its tokenizer."""
        return self._encoder.load()

    def _windows(self, premise: str, hypothesis: str, tokenizer: Any) -> list[str]:
        """Premise windows close to what the model was trained on: each sentence, each pair of
        neighbouring sentences and, if it fits, the whole; for long evidence, overlapping chunks
        that fit the model."""
        budget = self._max_length - len(tokenizer.tokenize(hypothesis)) - 4
        sentences = [premise[s:e] for s, e in split_sentences(premise)] or [premise]
        if len(sentences) == 1:
            return sentences
        if len(sentences) <= MAX_SENTENCE_WINDOWS // 2:
            pairs = [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]
            whole = (
                [premise]
                if len(sentences) > 2 and len(tokenizer.tokenize(premise)) <= budget
                else []
            )
            return sentences + pairs + whole
        windows: list[str] = []
        current: list[str] = []
        size = 0
        for sentence in sentences:
            n = len(tokenizer.tokenize(sentence))
            if current and size + n > max(budget, 16):
                windows.append(" ".join(current))
                current = current[-1:]  # one sentence of overlap
                size = len(tokenizer.tokenize(current[0]))
            current.append(sentence)
            size += n
        if current:
            windows.append(" ".join(current))
        return windows

    def _aligned_window(self, premise: str, hypothesis: str, tokenizer: Any) -> str:
        windows = self._windows(premise, hypothesis, tokenizer)
        return max(windows, key=lambda w: (round(_overlap(w, hypothesis), 3), -len(w)))

    def predict(
        self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32, windows: bool = True
    ) -> NDArray[np.float32]:
        """Probabilities ``(n, 3)`` over (entailment, neutral, contradiction) for each pair.

        ``windows=False`` judges each premise as given (the caller chose its windows)."""
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        _, tokenizer = self._load()
        # The window that shares most of the statement's words is the one about the same thing;
        # among equals the shortest, so that a neighbouring sentence does not sway it. Only that
        # window is judged.
        chosen = [self._aligned_window(p, h, tokenizer) if windows else p for p, h in pairs]
        hypotheses = [h for _, h in pairs]
        logits = self._encoder.logits(list(zip(chosen, hypotheses, strict=True)))
        scaled = logits / self.temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        probs = np.exp(scaled)
        return np.asarray(probs / probs.sum(axis=1, keepdims=True), dtype=np.float32)


def _overlap(window: str, hypothesis: str) -> float:
    """Share of the statement's content words that the window holds."""
    wanted = {w for w in words(hypothesis.lower()) if len(w) > 2}
    if not wanted:
        return 1.0
    return len(wanted & set(words(window.lower()))) / len(wanted)
