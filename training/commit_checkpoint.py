"""Keep a train_mpnet.py run's progress in the repository, small: the adapter (fp16), its config
and the position reached, so the next session continues with ``--init-adapter``.

    python training/commit_checkpoint.py training/runs/NAME [--dest training/checkpoints/NAME]

The optimiser's state (twice the adapter's size in float32) is not kept: a continued run starts
it afresh with a short re-warm-up, and walks on through the same shuffled mix from the step
reached, so it never sees a pair twice.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import torch
from safetensors.torch import save_file

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--dest", type=Path, default=None)
    args = parser.parse_args()
    dest = args.dest or HERE / "checkpoints" / args.run.name
    state = torch.load(args.run / "checkpoint" / "state.pt", weights_only=False, map_location="cpu")
    dest.mkdir(parents=True, exist_ok=True)
    half = {k: v.to(torch.float16).contiguous() for k, v in state["adapter"].items()}
    save_file(half, str(dest / "adapter_model.safetensors"), metadata={"format": "pt"})
    shutil.copy(args.run / "checkpoint" / "adapter" / "adapter_config.json", dest)
    meta = state["meta"]
    position = {
        "step": int(state["step"]),
        "pairs_seen": int(state["step"]) * int(meta["batch"]),
        "seconds": round(float(state["seconds"])),
        "planned_pairs": meta["planned_pairs"],
        "args": {k: meta[k] for k in ("batch", "lr", "max_length", "seed", "caps")},
        "adapter": meta["adapter"],
        "base": meta["base"],
    }
    (dest / "position.json").write_text(json.dumps(position, indent=2) + "\n", encoding="utf-8")
    print(f"kept step {position['step']} ({position['pairs_seen']:,} pairs) in {dest}")


if __name__ == "__main__":
    main()
