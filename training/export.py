"""Export a trained run into claimcheck/models/nli: fp16 safetensors, tokenizer, config,
calibration, the ids of the shared rows it trained on, and a manifest with the sha256.

    python training/export.py training/runs/NAME/final [--dest claimcheck/models/nli]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

HERE = Path(__file__).resolve().parent
MAX_BYTES = 50 * 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path, help="a run's final/ (or checkpoint/) folder")
    parser.add_argument("--dest", type=Path, default=HERE.parent / "claimcheck" / "models" / "nli")
    args = parser.parse_args()
    args.dest.mkdir(parents=True, exist_ok=True)
    tensors = load_file(str(args.run / "model.safetensors"))
    half = {k: v.to(torch.float16).contiguous() for k, v in tensors.items()}
    weights = args.dest / "model.safetensors"
    save_file(half, str(weights), metadata={"format": "pt"})
    if weights.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{weights} is over 50 MB")
    for name in (
        "config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "calibration.json",
        "training.json",
    ):
        if (args.run / name).exists():
            shutil.copy(args.run / name, args.dest / name)
    rows = HERE / "data" / "trained_rows.txt"
    if rows.exists():
        shutil.copy(rows, args.dest / "trained_rows.txt")
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    training = json.loads((args.run / "training.json").read_text(encoding="utf-8"))
    manifest = {
        "name": "claimcheck-nli-minilm-l6",
        "sha256": digest,
        "bytes": weights.stat().st_size,
        "dtype": "float16",
        "labels": ["entailment", "neutral", "contradiction"],
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "training": training,
    }
    (args.dest / "manifest.json").write_text(
        json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
    )
    print(f"exported {weights} ({weights.stat().st_size / 1e6:.1f} MB, sha256 {digest})")


if __name__ == "__main__":
    main()
