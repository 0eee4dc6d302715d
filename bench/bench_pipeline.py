"""Time `index build` and `verify` on the sample newsroom; print a table.

    .venv/bin/python bench/bench_pipeline.py [--repeat 3]

Reports model load time, build throughput (passages/s), embedding throughput on 1,000
passages, cold and warm verify time per draft (statements/s), peak memory, and the sample
drafts' accuracy against sample_drafts/EXPECTED.json.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck import Embedder, Settings, build_index, extract_statements, load_index, verify  # noqa: E402
from claimcheck.eval.harness import load_expected, score_report  # noqa: E402
from claimcheck.index.passages import make_passages  # noqa: E402
from claimcheck.models.nli_judge import NliJudge  # noqa: E402
from claimcheck.models.reranker import Reranker  # noqa: E402
from claimcheck.sources import load_sources  # noqa: E402


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs to take the median of")
    args = parser.parse_args()
    settings = Settings()
    rows: list[tuple[str, str]] = []

    embedder = Embedder()
    t0 = time.perf_counter()
    embedder.encode(["warm up"])
    rows.append(("model load + first encode", f"{time.perf_counter() - t0:.2f} s"))

    drafts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_drafts").glob("*.md"))]
    long_draft = "\n\n".join(drafts * 3)
    n_words = len(long_draft.split())
    extract_statements(long_draft)
    t0 = time.perf_counter()
    for _ in range(20):
        extract_statements(long_draft)
    dt = (time.perf_counter() - t0) / 20
    rows.append(
        (
            f"extract statements ({n_words}-word draft)",
            f"{dt * 1000:.1f} ms = {n_words / dt:,.0f} words/s",
        )
    )

    docs = load_sources([ROOT / "sample_sources"]).documents
    texts = [p.text for d in docs for p in make_passages(d)]
    batch = (texts * (1000 // len(texts) + 1))[:1000]
    for runtime in ("onnx-int8", "torch"):
        one = embedder if runtime == embedder.runtime else Embedder(runtime=runtime)
        one.encode(["warm up"])
        t0 = time.perf_counter()
        one.encode(batch)
        dt = time.perf_counter() - t0
        rows.append(
            (f"embed 1,000 passages ({runtime})", f"{dt:.2f} s = {1000 / dt:.0f} passages/s")
        )

    nli = NliJudge()
    if nli.available():
        pairs = [(t, t.split(".")[0] + ".") for t in texts]
        pairs = (pairs * (256 // len(pairs) + 1))[:256]
        t0 = time.perf_counter()
        nli.predict(pairs[:1])
        rows.append(("NLI load + first prediction", f"{time.perf_counter() - t0:.2f} s"))
        t0 = time.perf_counter()
        nli.predict(pairs)
        dt = time.perf_counter() - t0
        rows.append(("NLI 256 (passage, claim) pairs", f"{dt:.2f} s = {256 / dt:.0f} pairs/s"))
    else:
        nli = None

    reranker = Reranker()
    if reranker.available():  # 40 statements, each with the ten passages it reorders
        claims = [t.split(".")[0] for t in texts]
        rr_pairs = [(claims[i % len(claims)], texts[(i * 7) % len(texts)]) for i in range(400)]
        t0 = time.perf_counter()
        reranker.score(rr_pairs[:1])
        rows.append(("reranker load + first score", f"{time.perf_counter() - t0:.2f} s"))
        t0 = time.perf_counter()
        reranker.score(rr_pairs)
        dt = time.perf_counter() - t0
        rows.append(
            ("reranker 400 (statement, passage) pairs", f"{dt:.2f} s = {400 / dt:.0f} pairs/s")
        )

    with tempfile.TemporaryDirectory() as tmp:
        builds = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = build_index(
                [ROOT / "sample_sources"],
                Path(tmp) / "idx",
                embedder=embedder,
                settings=settings,
                full=True,
            )
            builds.append(time.perf_counter() - t0)
        n_passages = result.manifest["passages"]
        build_s = statistics.median(builds)
        rows.append(
            (
                f"index build --full ({result.manifest['documents']} docs, {n_passages} passages)",
                f"{build_s:.2f} s = {n_passages / build_s:.0f} passages/s",
            )
        )
        t0 = time.perf_counter()
        again = build_index(
            [ROOT / "sample_sources"], Path(tmp) / "idx", embedder=embedder, settings=settings
        )
        rows.append(
            (
                "index build, nothing changed (incremental)",
                f"{time.perf_counter() - t0:.2f} s ({again.embedded} embedded, "
                f"{again.reused} reused)",
            )
        )
        index = load_index(Path(tmp) / "idx")
        expected = load_expected(ROOT / "sample_drafts" / "EXPECTED.json")
        correct = total = 0
        for name, items in expected.items():
            draft = ROOT / "sample_drafts" / name
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                report = verify(draft, index=index, embedder=embedder, settings=settings, nli=nli)
                times.append(time.perf_counter() - t0)
            n = len(report.judgments)
            words = len(report.draft.text.split())
            warm = statistics.median(times)
            rows.append(
                (
                    f"verify {name} ({words} words, {n} statements)",
                    f"{warm * 1000:.0f} ms = {n / warm:.0f} statements/s",
                )
            )
            score = score_report(report, items)
            correct += score.correct
            total += score.total
        index.close()
    rows.append(("sample accuracy (EXPECTED.json)", f"{correct}/{total} = {correct / total:.3f}"))
    rows.append(("peak resident memory", f"{peak_rss_mib():.0f} MiB"))

    width = max(len(k) for k, _ in rows)
    print(f"claimcheck bench · Python {platform.python_version()} · {platform.machine()}")
    print(f"{'measure'.ljust(width)} | result")
    print(f"{'-' * width}-|-{'-' * 32}")
    for k, v in rows:
        print(f"{k.ljust(width)} | {v}")


if __name__ == "__main__":
    main()
