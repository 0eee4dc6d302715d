"""Bounded work: pathological inputs against ordinary prose of the same size.

A source of SIZE bytes with no sentence punctuation, and a draft of WORDS words that is one
long quote-laden run, each timed through `build_index` + `verify_text` against the same size
of ordinary prose. The target is within 10x of the ordinary case. Prints a table.

    .venv/bin/python bench/bench_bounded.py                  # 1 MB source, 200,000-word draft
    .venv/bin/python bench/bench_bounded.py --scale 0.1      # a tenth of each, for a quick look
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from claimcheck import Embedder, Settings, build_index, load_index
from claimcheck.pipeline import verify_text
from claimcheck.report import load_report, save_report

SIZES: list[str] = []  # each draft's saved report, read back

PROSE = (
    "Acme Corp said revenue rose 12% to $4 billion in 2025. The company hired 300 engineers "
    "in Lisbon. Its chief executive, Maria Lopes, said margins would widen next year. "
    "Analysts at Banco Norte expect profit of $1.1 billion. "
)
WORDS = "revenue rose profit fell the company said engineers hired margins analysts expect".split()


def _unpunctuated(size: int) -> str:
    rng = random.Random(1)
    out: list[str] = []
    n = 0
    while n < size:
        w = rng.choice(WORDS)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)[:size]  # auto-captions: no full stop, no line break


def _prose(size: int) -> str:
    return (PROSE * (size // len(PROSE) + 1))[:size]


def _quoted_draft(words: int) -> str:
    """One paragraph of short quotes with no sentence end: what strains quote extraction."""
    rng = random.Random(2)
    parts = [f'"{rng.choice(WORDS)} {rng.choice(WORDS)}" said Lopes' for _ in range(words // 4)]
    return " and ".join(parts) + ".\n"


def _time_source(text: str, folder: Path, embedder: Embedder, settings: Settings) -> float:
    src = folder / "src"
    src.mkdir()
    (src / "doc.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    build_index([src], folder / "idx", embedder=embedder, settings=settings)
    index = load_index(folder / "idx")
    try:
        verify_text(
            "Acme Corp said revenue rose 15% to $4 billion in 2025.\n",
            index=index, embedder=embedder, settings=settings,
        )  # fmt: skip
    finally:
        index.close()
    return time.perf_counter() - started


def _time_draft(text: str, index_dir: Path, embedder: Embedder, settings: Settings) -> float:
    """Seconds to verify ``text``; NaN (and the error on stderr) when verify fails."""
    index = load_index(index_dir)
    started = time.perf_counter()
    try:
        report = verify_text(text, index=index, embedder=embedder, settings=settings)
    except Exception as exc:  # a bench reports a failure as a row, and goes on
        print(f"draft of {len(text):,} characters failed: {exc!r:.300}", file=sys.stderr)
        return float("nan")
    finally:
        index.close()
    seconds = time.perf_counter() - started
    path = index_dir.parent / f"report-{len(SIZES)}.json"
    save_report(report, path)  # whatever verify writes, claimcheck reads back
    back = load_report(path)
    SIZES.append(
        f"draft of {len(text):,} characters: {len(back.judgments):,} statements, "
        f"report {path.stat().st_size / 2**20:.1f} MiB, read back"
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1 MB / 200k words")
    args = parser.parse_args()
    size, words = int(1_000_000 * args.scale), int(200_000 * args.scale)
    embedder, settings = Embedder(), Settings()
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for folder in ("p", "u"):
            (base / folder).mkdir()
        prose = _time_source(_prose(size), base / "p", embedder, settings)
        odd = _time_source(_unpunctuated(size), base / "u", embedder, settings)
        rows.append((f"source, {size / 1e6:.2f} MB: build + verify", prose, odd))
        ordinary_draft = " ".join((PROSE * (words // 40 + 1)).split()[:words]) + "\n"
        quoted = _quoted_draft(words)
        prose_d = _time_draft(ordinary_draft, base / "p" / "idx", embedder, settings)
        odd_d = _time_draft(quoted, base / "p" / "idx", embedder, settings)
        rows.append((f"draft, {words:,} words: verify", prose_d, odd_d))
    print(f"| {'case':<40} | ordinary s | pathological s | ratio |")
    print(f"|{'-' * 42}|-----------:|---------------:|------:|")
    for name, a, b in rows:
        print(f"| {name:<40} | {a:10.1f} | {b:14.1f} | {b / a:5.1f} |")
    for line in SIZES:
        print(line)


if __name__ == "__main__":
    main()
