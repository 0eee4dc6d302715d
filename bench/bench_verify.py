"""Warm `verify` of a 1,000-word draft (the sample drafts, repeated and cut to 1,000 words)
against the sample index, with the NLI judge off and on; print the median of three warm runs.

    .venv/bin/python bench/bench_verify.py [REPO]

REPO (default: this checkout) is the tree whose sample_sources/ and sample_drafts/ are read; run
it with PYTHONPATH=OTHER_TREE to compare two versions of the code on the same draft.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from claimcheck import Embedder, Settings, build_index, load_index
from claimcheck.models.nli_judge import NliJudge
from claimcheck.pipeline import verify_text

WORDS = 1000
RUNS = 3


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    text = "\n\n".join(p.read_text() for p in sorted((root / "sample_drafts").glob("*.md")))
    while len(text.split()) < WORDS:
        text = text + "\n\n" + text
    text = " ".join(text.split()[:WORDS])
    embedder, settings = Embedder(), Settings()
    with tempfile.TemporaryDirectory() as tmp:
        build_index([root / "sample_sources"], Path(tmp) / "idx", embedder=embedder,
                    settings=settings)  # fmt: skip
        index = load_index(Path(tmp) / "idx")
        print(f"{'NLI judge':<12} {'median s':>9}  runs")
        for label, nli in (("off", None), ("on", NliJudge())):
            verify_text(text, index=index, embedder=embedder, settings=settings, nli=nli)
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                verify_text(text, index=index, embedder=embedder, settings=settings, nli=nli)
                times.append(time.perf_counter() - started)
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(f"{label:<12} {statistics.median(times):>9.2f}  {runs}")


if __name__ == "__main__":
    main()
