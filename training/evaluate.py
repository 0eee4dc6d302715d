"""Evaluate an NLI model folder on the held-out tests and the shared sets; print a table and
write metrics JSON (used for the model card).

    python training/evaluate.py [--model claimcheck/models/nli] [--json training/runs/metrics.json]
                                [--limit N]

Held-out tests (built by build_data.py): VitaminC test pages, SNLI test, presuppositions, and the
synthetic test of changed numbers, years, names and negations from text never trained on.
Shared sets (gold evidence given, trained and calibration rows left out): check_covid,
climate_fever (per evidence sentence), healthver, averitec_test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claimcheck.eval.datasets import DEFAULT_EVAL_DATA  # noqa: E402
from claimcheck.eval.harness import classification_metrics, evaluate_nli  # noqa: E402
from claimcheck.models.nli_judge import DEFAULT_NLI_DIR, NliJudge  # noqa: E402
from claimcheck.types import Verdict  # noqa: E402

LABELS = (Verdict.SUPPORTED, Verdict.UNVERIFIABLE, Verdict.CONTRADICTED)
SHARED = ("check_covid", "climate_fever", "healthver", "averitec_test")


def test_file(judge: NliJudge, path: Path, limit: int | None) -> dict[str, object]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    probs = judge.predict([(str(r["premise"]), str(r["hypothesis"])) for r in rows])
    return classification_metrics([LABELS[int(r["label"])] for r in rows], probs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_NLI_DIR)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--only", nargs="*", help="evaluate only these tests or sets")
    args = parser.parse_args()
    judge = NliJudge(args.model)
    limit = args.limit or None
    results: dict[str, dict[str, object]] = {}
    t0 = time.perf_counter()
    for name in ("vitaminc_test", "snli_test", "presupposition_test", "synthetic_test"):
        path = args.data / "tests" / f"{name}.jsonl.gz"
        if path.exists() and (not args.only or name in args.only):
            results[name] = test_file(judge, path, limit)
    for name in SHARED:
        if (DEFAULT_EVAL_DATA / name).exists() and (not args.only or name in args.only):
            results[name] = evaluate_nli(DEFAULT_EVAL_DATA / name, judge, limit=limit)
    print(f"{'test':22} {'n':>6} {'acc':>6} {'macroF1':>8} {'S-v-C bal':>10} {'ECE':>6}")
    for name, m in results.items():
        svc = m["supported_vs_contradicted_balanced_accuracy"]
        print(
            f"{name:22} {m['n']:>6} {m['accuracy']:>6.3f} {m['macro_f1']:>8.3f} "
            f"{(f'{svc:.3f}' if isinstance(svc, float) else '-'):>10} "
            f"{m['expected_calibration_error']:>6.3f}"
        )
    print(f"({time.perf_counter() - t0:.0f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
