"""What the project's own shipped models (claimcheck/models/*) have in common: a manifest that
names the weights' sha256, a hash check before anything loads, and the list of shared eval rows
the model trained or was tuned on.

:class:`Manifest` types the fields that code reads; a manifest holds more (training details,
dev figures, notes such as ``chosen_on``), which pass through untouched."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, cast

from ..errors import ModelError
from .offline import file_sha256

__all__ = [
    "AdapterBase",
    "Calibration",
    "GroundedThresholds",
    "Manifest",
    "RerankSettings",
    "Thresholds",
    "check_weights",
    "read_manifest",
    "rejoin_weights",
    "trained_rows",
    "write_manifest",
]


class AdapterBase(TypedDict, total=False):
    """The base model a LoRA adapter applies to (``manifest.json`` → ``base``)."""

    name: str
    sha256: str


class Thresholds(TypedDict, total=False):
    """Support and contradiction thresholds chosen on a dev split."""

    support: float
    contradict: float


class RerankSettings(TypedDict, total=False):
    """The reranker's settings, chosen on dev data (``manifest.json`` → ``settings``)."""

    depth: int
    fusion: float
    max_length: int


class Manifest(TypedDict, total=False):
    """The fields of a shipped model's ``manifest.json`` that are read."""

    name: str
    sha256: str  # of model.safetensors, or of adapter_model.safetensors for an adapter
    runtime: str  # the cross-encoder runtime it runs by default
    labels: list[str]
    base: AdapterBase
    adapter: dict[str, Any]  # present for a LoRA adapter over ``base``
    grounded_thresholds: Thresholds
    verdict_thresholds: Thresholds
    settings: RerankSettings


@dataclass(frozen=True)
class GroundedThresholds:
    """Where grounded support and contradiction decide (``judge/checks/grounded.py``). An NLI
    model's manifest carries the values chosen for it on a dev split (``claimcheck eval
    grounded --sweep``; ``grounded_thresholds`` in ``Manifest``); these defaults are for a model
    without them."""

    support: float = 0.5
    contradict: float = 0.8


class Calibration(TypedDict):
    """An NLI model's ``calibration.json``: the softmax temperature fitted on dev pairs."""

    temperature: float


def trained_rows(model_dir: Path) -> frozenset[str]:
    """Ids in ``trained_rows.txt`` (none when the file is absent)."""
    path = model_dir / "trained_rows.txt"
    if not path.exists():
        return frozenset()
    return frozenset(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    )


def read_manifest(model_dir: Path, *, missing: str) -> Manifest:
    """The model's ``manifest.json``; ``missing`` is the error when there is none."""
    path = model_dir / "manifest.json"
    if not path.exists():
        raise ModelError(missing)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path} is not valid JSON ({exc}); restore it") from exc
    if not isinstance(manifest, dict):
        raise ModelError(f"{path} is not a manifest object; restore it")
    return cast(Manifest, manifest)


def write_manifest(folder: Path, manifest: Manifest) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def rejoin_weights(model_dir: Path, *, what: str) -> None:
    """Join ``model.safetensors`` from its pieces (``model.safetensors.part*``) where the
    weights travelled in pieces and are not joined yet; the hash check follows."""
    target = model_dir / "model.safetensors"
    parts = sorted(model_dir.glob("model.safetensors.part*"))
    if target.exists() or not parts:
        return
    tmp = target.with_suffix(".tmp")
    try:
        with tmp.open("wb") as fh:
            for part in parts:
                fh.write(part.read_bytes())
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ModelError(f"cannot rejoin the {what} weights into {target}: {exc.strerror}") from exc


def check_weights(weights: Path, manifest: Manifest, *, what: str, restore: str) -> None:
    """Fail clearly unless ``weights`` exist and have the manifest's sha256."""
    if not weights.exists():
        raise ModelError(f"{what} weights missing at {weights} ({restore})")
    digest = file_sha256(weights)
    if digest != manifest.get("sha256"):
        raise ModelError(
            f"{what} weights at {weights} have sha256 {digest[:12]}…, the manifest says "
            f"{str(manifest.get('sha256'))[:12]}… ({restore})"
        )
