"""How the index scales: build time, hybrid query latency and memory at 10k, 100k and 1M passages.

Passages are real text from ../shared/eval-data (corpus files, PolNeAR articles and ECTSum
transcripts cut into passages of three sentences), embedded with the real model; sizes beyond
the real passages embedded are filled with synthetic vectors (a mix of two real vectors plus
noise, renormalised) paired with real passage texts, so that FAISS and BM25 see realistic
data at a million rows without a million encoder passes. Each size runs in a fresh process so
that its peak memory is its own. Queries are claims from climate_fever and averitec_test.

    .venv/bin/python bench/bench_scale.py                      # 10k, 100k, 1M
    .venv/bin/python bench/bench_scale.py --sizes 10000 100000 --real 20000
    .venv/bin/python bench/bench_scale.py --backend milvus --reuse   # the same on milvus-lite

Prints a table; --json FILE also writes the figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimcheck.eval.datasets import DEFAULT_EVAL_DATA  # noqa: E402
from claimcheck.index.backend import BackendSpec, collection_name, create_backend  # noqa: E402
from claimcheck.index.open import Index  # noqa: E402
from claimcheck.index.store import Store  # noqa: E402
from claimcheck.models.embedder import Embedder  # noqa: E402
from claimcheck.types import Document, Passage  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
_SENT = re.compile(r"(?<=[.!?])\s+")


def _jsonl(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _threes(sentences: list[str]) -> list[str]:
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]


def real_passages(limit: int) -> list[str]:
    data = DEFAULT_EVAL_DATA
    texts: list[str] = []
    for name in ("climate_fever", "averitec_test", "averitec_dev", "check_covid", "wice",
                 "politihop"):  # fmt: skip
        texts += [str(d["text"]) for d in _jsonl(data / name / "corpus.jsonl")]
    for d in _jsonl(data / "polnear" / "articles.jsonl"):
        texts += _threes(_SENT.split(str(d["text"])))
    for d in _jsonl(data / "ectsum_test" / "transcripts.jsonl"):
        texts += _threes([str(s) for s in d["transcript_sentences"]])  # type: ignore[attr-defined]
    texts = [t[:1200] for t in texts if len(t.split()) >= 5]
    if not texts:
        sys.exit(f"no eval data at {data}: this benchmark reads its passages from there")
    return texts[:limit]


def queries(n: int) -> list[str]:
    out: list[str] = []
    for name in ("climate_fever", "averitec_test"):
        out += [str(d["claim"]) for d in _jsonl(DEFAULT_EVAL_DATA / name / "claims.jsonl")]
    return out[:n]


def prepare(real: int, n_queries: int) -> dict[str, float]:
    """Embed the real passages and the queries once, into bench/.cache."""
    CACHE.mkdir(exist_ok=True)
    texts = real_passages(real)
    embedder = Embedder()
    embedder.encode(["warm up"])
    started = time.perf_counter()
    vectors = embedder.encode(texts)
    seconds = time.perf_counter() - started
    qs = queries(n_queries)
    np.save(CACHE / "vectors.npy", vectors)
    np.save(CACHE / "queries.npy", embedder.encode(qs))
    (CACHE / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    (CACHE / "queries.json").write_text(json.dumps(qs), encoding="utf-8")
    single = []
    for q in qs[:50]:
        t = time.perf_counter()
        embedder.encode([q])
        single.append(time.perf_counter() - t)
    return {
        "real_passages": len(texts),
        "embed_passages_per_s": round(len(texts) / seconds, 1),
        "embed_seconds": round(seconds, 1),
        "query_embed_ms_p50": round(1000 * float(np.percentile(single, 50)), 2),
        "runtime": embedder.runtime,
    }


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_rss_mib() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss would
    carry over the parent's peak on Linux."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(
    size: int, *, backend: str = "embedded", with_verify: bool = True, seed: int = 5
) -> dict[str, object]:
    """Build an index of ``size`` passages on ``backend`` and time hybrid queries; runs in its
    own process. For ``milvus`` the collection lives in embedded Milvus (milvus-lite) in this
    process, so the memory figures include Milvus itself."""
    rng = np.random.default_rng(seed)
    real = np.load(CACHE / "vectors.npy")
    texts_real: list[str] = json.loads((CACHE / "texts.json").read_text(encoding="utf-8"))
    qv = np.load(CACHE / "queries.npy")
    qs: list[str] = json.loads((CACHE / "queries.json").read_text(encoding="utf-8"))
    n_real = min(size, len(real))
    vectors = np.empty((size, real.shape[1]), dtype=np.float32)
    vectors[:n_real] = real[:n_real]
    picks = rng.integers(0, len(real), size=(size - n_real, 2))
    for start in range(0, size - n_real, 100_000):
        a, b = picks[start : start + 100_000, 0], picks[start : start + 100_000, 1]
        mix = 0.7 * real[a] + 0.3 * real[b]
        mix += rng.normal(0, 0.02, mix.shape).astype(np.float32)
        mix /= np.linalg.norm(mix, axis=1, keepdims=True)
        vectors[n_real + start : n_real + start + len(a)] = mix
    texts = texts_real[:n_real] + [texts_real[int(i)] for i in picks[:, 0]]
    del real, texts_real, picks
    # Exact top 10 for the recall figure, in chunks, before the vectors go into the index.
    exact = np.zeros((len(qv), 10), dtype=np.int64)
    best = np.full((len(qv), 10), -np.inf, dtype=np.float32)
    for start in range(0, size, 100_000):
        scores = qv @ vectors[start : start + 100_000].T
        top = (
            np.argpartition(-scores, 10, axis=1)[:, :10]
            if scores.shape[1] > 10
            else (np.argsort(-scores, axis=1)[:, :10])
        )
        cand_s = np.concatenate([best, np.take_along_axis(scores, top, axis=1)], axis=1)
        cand_i = np.concatenate([exact, top + start], axis=1)
        order = np.argsort(-cand_s, axis=1)[:, :10]
        best = np.take_along_axis(cand_s, order, axis=1)
        exact = np.take_along_axis(cand_i, order, axis=1)

    with tempfile.TemporaryDirectory(prefix="claimcheck-scale-") as tmp:
        started = time.perf_counter()
        store = Store.create(Path(tmp) / "store.sqlite")
        per_doc = 1000
        for d in range(0, size, per_doc):
            doc_id = f"d{d // per_doc}"
            chunk = texts[d : d + per_doc]
            store.add_document(
                Document(id=doc_id, title=doc_id, text="\n".join(chunk), source=doc_id,
                         date=None, url=None, kind="other", speakers=(), turns=()),
                sha256="",
            )  # fmt: skip
            offset, passages = 0, []
            for i, t in enumerate(chunk):
                passages.append(
                    Passage(
                        id=f"{doc_id}-{i}",
                        doc_id=doc_id,
                        text=t,
                        span=(offset, offset + len(t)),
                        speaker=None,
                    )
                )
                offset += len(t) + 1
            store.add_passages(passages, d)
        store.commit()
        store_s = time.perf_counter() - started
        spec = BackendSpec(backend, str(Path(tmp) / "milvus.db") if backend == "milvus" else "")
        search = create_backend(
            spec.validate(), Path(tmp), dimension=vectors.shape[1], total=size,
            collection=collection_name(Path(tmp), 1),
        )  # fmt: skip
        started = time.perf_counter()
        search.add(vectors, texts)  # embedded: the FAISS index; milvus: inserts
        vectors_s = time.perf_counter() - started
        del vectors, texts
        started = time.perf_counter()
        search.commit()  # embedded: BM25 + files; milvus: flush, index build, load
        bm25_s = time.perf_counter() - started
        gc.collect()
        prep = json.loads((CACHE / "prepare.json").read_text(encoding="utf-8"))
        # The runtime that embedded the cached vectors; queries in `verify` use the same.
        manifest = {"model": {"runtime": prep.get("runtime", "torch")}}
        index = Index(Path(tmp), manifest, store, search)

        for i in range(5):  # warm up
            index.search(qv[i : i + 1], 10, texts=[qs[i]], mode="hybrid")
        times = []
        for i in range(len(qs)):
            t = time.perf_counter()
            index.search(qv[i : i + 1], 10, texts=[qs[i]], mode="hybrid")
            times.append(1000 * (time.perf_counter() - t))
        serving_mib = _rss_mib()  # the index open and answering, before any model loads
        # Recall of the dense top 10 against exact search over the same vectors.
        approx = search.dense(qv, 10)
        recall = float(
            np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact, strict=True)])
        )
        peak_mib = _peak_rss_mib()
        verify_s, words, statements = _time_verify(index) if with_verify else (None, 0, 0)
        index.close()
    return {
        "passages": size,
        "real_vectors": n_real,
        "backend": backend,
        "vector_index": search.vector_kind,
        "build_store_s": round(store_s, 1),
        "build_add_s": round(vectors_s, 1),
        "build_commit_s": round(bm25_s, 1),
        "hybrid_query_ms_p50": round(float(np.percentile(times, 50)), 2),
        "hybrid_query_ms_p95": round(float(np.percentile(times, 95)), 2),
        "dense_recall@10_vs_exact": round(recall, 4),
        "rss_serving_mib": round(serving_mib),
        "peak_rss_build_mib": round(peak_mib),
        "verify_draft_words": words,
        "verify_statements": statements,
        "verify_warm_s": verify_s,
        "peak_rss_with_models_mib": round(_peak_rss_mib()) if with_verify else None,
    }


def _time_verify(index: Index) -> tuple[float, int, int]:
    """Warm `verify` of a draft of about 1,000 words (the two sample drafts, repeated) against
    ``index``, with the NLI judge: the median of three runs."""
    from claimcheck.config import Settings
    from claimcheck.models.nli_judge import NliJudge
    from claimcheck.pipeline import verify_text

    drafts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_drafts").glob("*.md"))]
    text = ""
    while len(text.split()) < 1000:
        text += "\n\n".join(drafts) + "\n\n"
    embedder, nli, settings = Embedder.for_index(index.manifest), NliJudge(), Settings()
    verify_text(text, index=index, embedder=embedder, settings=settings, nli=nli)  # warm up
    times, n = [], 0
    for _ in range(3):
        t = time.perf_counter()
        report = verify_text(text, index=index, embedder=embedder, settings=settings, nli=nli)
        times.append(time.perf_counter() - t)
        n = len(report.judgments)
    return round(float(np.median(times)), 2), len(text.split()), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--real", type=int, default=20_000, help="real passages to embed")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backend", choices=["embedded", "milvus"], default="embedded")
    parser.add_argument("--no-verify", action="store_true", help="skip the verify timing")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the embeddings in bench/.cache if present"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, backend=args.backend, with_verify=not args.no_verify)))
        return
    cached = CACHE / "prepare.json"
    if args.reuse and cached.exists():
        prep = json.loads(cached.read_text(encoding="utf-8"))
    else:
        prep = prepare(args.real, args.queries)
        cached.write_text(json.dumps(prep), encoding="utf-8")
    print(
        f"Embedded {prep['real_passages']:,} real passages at {prep['embed_passages_per_s']}"
        f" passages/s ({prep.get('runtime', 'torch')} runtime); one query embeds in "
        f"{prep['query_embed_ms_p50']} ms (p50)"
    )
    print(
        "| passages | vectors | add rows | commit | build store | hybrid p50 | "
        "hybrid p95 | recall@10 vs exact | RSS serving | peak RSS (build) | verify 1,000 words | "
        "peak RSS (with models) |"
    )
    rows = []
    for size in args.sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--backend", args.backend,
             *(["--no-verify"] if args.no_verify else [])],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(
            f"| {r['passages']:>9,} | {r['vector_index']:<8} | {r['build_add_s']:>7} s | "
            f"{r['build_commit_s']:>6} s | {r['build_store_s']:>6} s | "
            f"{r['hybrid_query_ms_p50']:>6} ms | {r['hybrid_query_ms_p95']:>6} ms | "
            f"{r['dense_recall@10_vs_exact']:.3f} | {r['rss_serving_mib']:>5} MiB | "
            f"{r['peak_rss_build_mib']:>5} MiB | "
            f"{r['verify_warm_s']} s ({r['verify_statements']} statements) | "
            f"{r['peak_rss_with_models_mib']} MiB |",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps({"prepare": prep, "sizes": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
