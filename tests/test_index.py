from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from claimcheck import Embedder, Settings, build_index, load_index
from claimcheck.errors import (
    IndexCorruptError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    InputError,
    ModelError,
)
from claimcheck.index import Index
from claimcheck.index.open import current_generation
from claimcheck.index.passages import make_passages
from claimcheck.sources import load_document
from tests.conftest import SAMPLE_SOURCES


def _small_sources(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(
        "Revenue rose 16% to $11.08 billion. Profit rose to $3.1 billion. Margins widened.",
        encoding="utf-8",
    )
    (src / "b.txt").write_text("Rain is expected in Rome on Saturday.", encoding="utf-8")
    return src


def test_index_manifest_counts_and_model(sample_index: Index) -> None:
    m = sample_index.manifest
    assert m["format_version"] == 2
    assert m["model"]["id"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert m["model"]["dimension"] == 384
    assert m["documents"] == 14
    assert m["passages"] == sample_index.backend.count == sample_index.store.count("passages")


def test_index_passages_have_spans_into_their_document() -> None:
    doc = load_document(SAMPLE_SOURCES / "2025-07-17_q2_earnings_interview_transcript.txt")
    passages = make_passages(doc, sentences=3, stride=2)
    assert passages
    for p in passages:
        assert doc.text[p.span[0] : p.span[1]] == p.text
        assert p.speaker in doc.speakers


def test_index_search_finds_the_right_document(sample_index: Index, embedder: Embedder) -> None:
    query = embedder.encode(["How many views did the last season of Squid Game get?"])
    (hits,) = sample_index.search(query, 3)
    assert "Squid Game" in hits[0].passage.text
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].score >= hits[1].score >= hits[2].score


def test_index_rebuild_switches_generation_and_removes_the_old(
    tmp_path: Path, embedder: Embedder
) -> None:
    src = _small_sources(tmp_path)
    idx_path = tmp_path / "idx"
    first = build_index([src], idx_path, embedder=embedder, settings=Settings())
    second = build_index([src], idx_path, embedder=embedder, settings=Settings())
    assert (first.manifest["generation"], second.manifest["generation"]) == (1, 2)
    assert current_generation(idx_path) == idx_path / "gen-000002"
    assert sorted(p.name for p in idx_path.iterdir()) == ["CURRENT", "gen-000002", "write.lock"]


def test_index_interrupted_build_keeps_the_previous_index(
    tmp_path: Path, embedder: Embedder
) -> None:
    src = _small_sources(tmp_path)
    idx_path = tmp_path / "idx"
    build_index([src], idx_path, embedder=embedder, settings=Settings())

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):  # --full, so that it embeds and can be interrupted
        build_index(
            [src], idx_path, embedder=embedder, settings=Settings(), progress=interrupt, full=True
        )
    assert sorted(p.name for p in idx_path.iterdir()) == ["CURRENT", "gen-000001", "write.lock"]
    index = load_index(idx_path)
    assert index.manifest["generation"] == 1
    index.close()


def test_index_failed_first_build_leaves_nothing(tmp_path: Path, embedder: Embedder) -> None:
    src = _small_sources(tmp_path)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(
            [src], tmp_path / "new", embedder=embedder, settings=Settings(), progress=interrupt
        )
    assert not (tmp_path / "new").exists()


def test_index_lock_keeps_builds_apart(tmp_path: Path, embedder: Embedder) -> None:
    import fcntl
    import subprocess
    import sys

    src = _small_sources(tmp_path)
    idx_path = tmp_path / "idx"
    idx_path.mkdir()
    # Another process holds the write lock (as a running build would), until told to stop.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | "
         "os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX); os.pwrite(fd, str(os.getpid()).encode(), "
         "0); print('held', flush=True); sys.stdin.read()", str(idx_path / "write.lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(IndexLockedError, match=f"another writer \\(pid {holder.pid}\\)"):
            build_index([src], idx_path, embedder=embedder, settings=Settings(), wait=False)
    finally:
        holder.communicate("")
    # The holder is gone (the kernel freed its lock): its pid in the file does not matter.
    build_index([src], idx_path, embedder=embedder, settings=Settings(), wait=False)
    fd = os.open(idx_path / "write.lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released again
    os.close(fd)


def test_index_errors_missing_mismatched_corrupt(tmp_path: Path, embedder: Embedder) -> None:
    with pytest.raises(IndexNotFoundError, match="claimcheck index build"):
        load_index(tmp_path / "nowhere")
    src = _small_sources(tmp_path)
    idx_path = tmp_path / "idx"
    build_index([src], idx_path, embedder=embedder, settings=Settings())
    manifest_path = idx_path / "gen-000001" / "manifest.json"
    good = json.loads(manifest_path.read_text(encoding="utf-8"))

    other_model = {**good, "model": {**good["model"], "id": "some/other-model"}}
    manifest_path.write_text(json.dumps(other_model), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="some/other-model.*rebuild"):
        load_index(idx_path)

    manifest_path.write_text(json.dumps({**good, "format_version": 99}), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="format version 99"):
        load_index(idx_path)

    manifest_path.write_text("{ broken", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="corrupt"):
        load_index(idx_path)

    manifest_path.write_text(json.dumps(good), encoding="utf-8")
    (idx_path / "gen-000001" / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexCorruptError, match="unreadable"):
        load_index(idx_path)


def test_index_embeddings_are_unit_length(embedder: Embedder) -> None:
    vectors = embedder.encode(["one short text", "a rather longer piece of text about revenue"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_index_no_text_sources_is_an_error(tmp_path: Path, embedder: Embedder) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("---\ntitle: only metadata\n---\n", encoding="utf-8")
    with pytest.raises(InputError, match="no readable source documents"):
        build_index([src], tmp_path / "idx", embedder=embedder, settings=Settings())
    assert not (tmp_path / "idx").exists()


def test_index_embedder_rejects_weights_with_the_wrong_hash(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the official weights")
    with pytest.raises(ModelError, match="sha256"):
        Embedder(model_dir=tmp_path).encode(["hello"])


def test_index_hybrid_finds_exact_figures_and_names(
    sample_index: Index, embedder: Embedder
) -> None:
    query = "Harvest Market profit $2.3 billion"
    vectors = embedder.encode([query])
    for mode in ("bm25", "hybrid"):
        (hits,) = sample_index.search(vectors, 3, texts=[query], mode=mode)
        assert "Harvest Market" in hits[0].source.title, mode
    (dense,) = sample_index.search(vectors, 3, mode="dense")
    (hybrid,) = sample_index.search(vectors, 3, texts=[query], mode="hybrid")
    scores = {h.passage.id: h.score for h in dense}
    for h in hybrid:  # scores are cosine similarity in every mode
        if h.passage.id in scores:
            assert abs(h.score - scores[h.passage.id]) < 1e-5


def test_index_missing_lexical_index_is_corrupt(tmp_path: Path, embedder: Embedder) -> None:
    import shutil

    src = _small_sources(tmp_path)
    idx_path = tmp_path / "idx"
    build_index([src], idx_path, embedder=embedder, settings=Settings())
    shutil.rmtree(idx_path / "gen-000001" / "bm25")
    with pytest.raises(IndexCorruptError, match="lexical index missing"):
        load_index(idx_path)


def test_index_incremental_build_embeds_only_new_and_changed_text(
    tmp_path: Path, embedder: Embedder
) -> None:
    src = _small_sources(tmp_path)
    idx_path = tmp_path / "idx"
    first = build_index([src], idx_path, embedder=embedder, settings=Settings())
    assert (first.embedded, first.reused) == (first.manifest["passages"], 0)
    again = build_index([src], idx_path, embedder=embedder, settings=Settings())
    assert (again.embedded, again.reused, again.removed) == (0, first.manifest["passages"], 0)

    (src / "b.txt").write_text("Snow is expected in Oslo on Sunday.", encoding="utf-8")
    (src / "c.txt").write_text("The museum reopened after a two-year renovation.", encoding="utf-8")
    (src / "a.txt").unlink()
    changed = build_index([src], idx_path, embedder=embedder, settings=Settings())
    assert (changed.embedded, changed.reused, changed.removed) == (2, 0, 1)

    # The incremental index answers exactly as a full rebuild of the same sources does.
    full_path = tmp_path / "full"
    full = build_index([src], full_path, embedder=embedder, settings=Settings(), full=True)
    assert full.embedded == full.manifest["passages"]
    a, b = load_index(idx_path), load_index(full_path)
    query = embedder.encode(["snow in Oslo"])
    hits_a = [(e.passage.text, round(e.score, 5)) for e in a.search(query, 2)[0]]
    hits_b = [(e.passage.text, round(e.score, 5)) for e in b.search(query, 2)[0]]
    assert hits_a == hits_b
    a.close()
    b.close()


def test_index_unreadable_previous_generation_means_a_full_rebuild(
    tmp_path: Path, embedder: Embedder
) -> None:
    src = _small_sources(tmp_path)
    idx_path = tmp_path / "idx"
    build_index([src], idx_path, embedder=embedder, settings=Settings())
    (idx_path / "gen-000001" / "vectors.faiss").write_bytes(b"garbage")
    rebuilt = build_index([src], idx_path, embedder=embedder, settings=Settings())
    assert rebuilt.reused == 0 and rebuilt.embedded == rebuilt.manifest["passages"]
    load_index(idx_path).close()


def test_vector_index_kind_follows_size_and_hnsw_finds_neighbours(tmp_path: Path) -> None:
    import numpy as np

    from claimcheck.index.vectors import HNSW_FROM, VectorIndex, kind_for

    assert kind_for(HNSW_FROM - 1) == "flat" and kind_for(HNSW_FROM) == "hnsw-sq8"
    rng = np.random.default_rng(0)
    data = rng.normal(size=(3000, 384)).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    hnsw = VectorIndex.create(384, "hnsw-sq8")
    hnsw.add(data)
    hnsw.save(tmp_path / "v.faiss")
    loaded = VectorIndex.load(tmp_path / "v.faiss")
    assert loaded.kind == "hnsw-sq8" and loaded.count == 3000
    queries = data[:200] + rng.normal(scale=0.05, size=(200, 384)).astype(np.float32)
    _, rows = loaded.search(queries, 10)
    exact = np.argsort(-(queries @ data.T), axis=1)[:, :10]
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(rows, exact, strict=True)])
    assert recall >= 0.9
    assert all(rows[i][0] == i for i in range(200))  # each query's own vector comes first
    stored = loaded.vectors([5])[0]  # 8-bit vectors decode close to the originals
    assert float(stored @ data[5]) > 0.99


def test_lexical_index_numba_backend_ranks_like_numpy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    from claimcheck.index import lexical

    rng = random.Random(1)
    words = [f"w{i}" for i in range(400)] + ["netflix", "revenue", "16%", "11.08", "sarandos"]
    texts = [" ".join(rng.choice(words) for _ in range(30)) for _ in range(3000)]
    queries = ["netflix revenue 16%", "sarandos 11.08 w7", "w1 w2 w3 w4"]
    plain = lexical.LexicalIndex.create(texts)
    monkeypatch.setattr(lexical, "NUMBA_FROM", 1000)
    fast = lexical.LexicalIndex.create(texts)
    assert fast._retriever.backend == "numba" and plain._retriever.backend == "numpy"
    fast.save(tmp_path / "bm25")
    loaded = lexical.LexicalIndex.load(tmp_path / "bm25", len(texts))
    assert loaded._retriever.backend == "numba"
    for a, b, c in zip(
        plain.search(queries, 10), fast.search(queries, 10), loaded.search(queries, 10), strict=True
    ):
        # The same scores in the same order; rows of equal score may come in another order.
        assert [round(s, 4) for _, s in a] == [round(s, 4) for _, s in b]
        assert b == c
        scores_a, scores_b = dict(a), dict(b)
        assert all(abs(scores_a[r] - scores_b[r]) < 1e-4 for r in scores_a.keys() & scores_b)
        assert a[0][0] == b[0][0] or abs(a[0][1] - a[1][1]) < 1e-4
