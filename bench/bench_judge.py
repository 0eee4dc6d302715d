"""The NLI judge's speed: load time, first prediction after load, batched pairs/s, per runtime.

    .venv/bin/python bench/bench_judge.py [--model claimcheck/models/nli] [--pairs 256]
                                          [--runtime torch onnx-int8]

Pairs are (three-sentence passage, one-sentence statement) of news length, written here, about
70 tokens a pair. The ONNX int8 graph is derived on first use and cached; its one-off derivation
time is printed apart from the load.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claimcheck.models.nli_judge import DEFAULT_NLI_DIR, NliJudge  # noqa: E402

PASSAGE = (
    "The county board approved a budget of {n} million dollars on Tuesday, after a debate that "
    "ran past midnight. Spending on road repairs rises by {p} percent. The sheriff's office gets "
    "{k} new deputies, fewer than it asked for."
)
STATEMENT = "The board approved a {n} million dollar budget with {k} new deputies."


def pairs(n: int) -> list[tuple[str, str]]:
    return [
        (
            PASSAGE.format(n=40 + i, p=3 + i % 7, k=5 + i % 11),
            STATEMENT.format(n=40 + i, k=5 + i % 3),
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_NLI_DIR)
    parser.add_argument("--pairs", type=int, default=256)
    parser.add_argument("--runtime", nargs="*", default=["torch", "torch-bf16", "onnx-int8"])
    args = parser.parse_args()
    work = pairs(args.pairs)
    print(f"model {args.model} ({args.pairs} pairs)")
    print(
        f"{'runtime':<11} {'derive s':>9} {'load s':>7} {'first s':>8} {'pairs/s':>8} "
        f"{'peak RSS MB':>12}"
    )
    for runtime in args.runtime:
        derive = 0.0
        if runtime == "onnx-int8":  # the cached graph is made once; time it apart
            t = time.perf_counter()
            NliJudge(args.model, runtime=runtime).predict(work[:1])
            derive = time.perf_counter() - t
        judge = NliJudge(args.model, runtime=runtime)
        t = time.perf_counter()
        judge._load()
        load = time.perf_counter() - t
        t = time.perf_counter()
        judge.predict(work[:1])
        first = time.perf_counter() - t
        t = time.perf_counter()
        judge.predict(work, windows=False)
        rate = len(work) / (time.perf_counter() - t)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{runtime:<11} {derive:>9.1f} {load:>7.2f} {first:>8.2f} {rate:>8.1f} {rss:>12.0f}")


if __name__ == "__main__":
    main()
