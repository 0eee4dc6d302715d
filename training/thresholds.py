"""Precision and reach of the NLI judge's calibrated probabilities on the dev split, per threshold:
the numbers behind a model's verdict thresholds (its manifest's ``verdict_thresholds``, read
into ``JudgeParams`` in claimcheck/judge/params.py).

    python training/thresholds.py [--model claimcheck/models/nli] [--json FILE]

For each threshold t, "entailment >= t": how often the pairs the judge calls entailment at t are
gold entailments (precision), and what share of gold entailments it reaches (reach); the same
for contradiction. The verdicts use the lowest threshold whose precision is about 87%.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from claimcheck.models.nli_judge import CONTRADICTION, ENTAILMENT, NliJudge

HERE = Path(__file__).resolve().parent
STEPS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=HERE / "data" / "dev.jsonl.gz")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with gzip.open(args.data, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    judge = NliJudge(args.model)
    probs = judge.predict([(str(r["premise"]), str(r["hypothesis"])) for r in rows])
    labels = [int(r["label"]) for r in rows]
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, label in (("entailment", ENTAILMENT), ("contradiction", CONTRADICTION)):
        gold = sum(1 for y in labels if y == label) or 1
        out[name] = {}
        for t in STEPS:
            called = [y for p, y in zip(probs[:, label], labels, strict=True) if p >= t]
            right = sum(1 for y in called if y == label)
            out[name][str(t)] = {
                "precision": round(right / len(called), 3) if called else 0.0,
                "reach": round(right / gold, 3),
                "called": len(called),
            }
            print(
                f"{name:13s} >= {t:.2f}: precision {out[name][str(t)]['precision']:.3f}, "
                f"reach {out[name][str(t)]['reach']:.3f} ({len(called)} called)"
            )
    if args.json:
        args.json.write_text(json.dumps({"pairs": len(rows), **out}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
