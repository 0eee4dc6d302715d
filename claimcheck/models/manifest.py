"""What the project's own shipped models (claimcheck/models/*) have in common: a manifest that
names the weights' sha256, a hash check before anything loads, and the list of shared eval rows
the model trained or was tuned on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .embedder import file_sha256

__all__ = ["check_weights", "read_manifest", "trained_rows"]


def trained_rows(model_dir: Path) -> frozenset[str]:
    """Ids in ``trained_rows.txt`` (none when the file is absent)."""
    path = model_dir / "trained_rows.txt"
    if not path.exists():
        return frozenset()
    return frozenset(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    )


def read_manifest(model_dir: Path, *, missing: str) -> dict[str, Any]:
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
    return manifest


def check_weights(weights: Path, manifest: dict[str, Any], *, what: str, restore: str) -> None:
    """Fail clearly unless ``weights`` exist and have the manifest's sha256."""
    if not weights.exists():
        raise ModelError(f"{what} weights missing at {weights} ({restore})")
    digest = file_sha256(weights)
    if digest != manifest.get("sha256"):
        raise ModelError(
            f"{what} weights at {weights} have sha256 {digest[:12]}…, the manifest says "
            f"{str(manifest.get('sha256'))[:12]}… ({restore})"
        )
