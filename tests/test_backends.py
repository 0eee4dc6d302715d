"""The same behaviour on both index backends: embedded (FAISS + bm25s) and Milvus (milvus-lite).

Every test that takes ``backend`` runs twice. The Milvus runs use embedded Milvus from the
``milvus-lite`` package, which speaks the same API as a Milvus server.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from claimcheck import Embedder, Settings, build_index, load_index
from claimcheck.errors import IndexCorruptError
from claimcheck.index.backend import BackendSpec
from claimcheck.index.manage import add_sources, remove_sources
from claimcheck.index.milvus import _client, release
from claimcheck.models.pool import ProcessPoolEncoder
from claimcheck.pipeline import verify_text
from tests.conftest import EVAL_DATA, SAMPLE_DRAFTS, SAMPLE_SOURCES
from tests.test_cli import assert_one_line_error, run
from tests.test_index import _small_sources

BACKENDS = ["embedded", "milvus"]
DRAFT = SAMPLE_DRAFTS / "netflix_genai_story.md"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[BackendSpec]:
    yield BackendSpec(request.param)


def _collections(index_dir: Path) -> list[str]:
    return sorted(_client(str(index_dir / "milvus.db")).list_collections())


def _close_milvus(index_dir: Path) -> None:
    if (index_dir / "milvus.db").exists():
        release(str(index_dir / "milvus.db"))


def _verdicts(index_dir: Path, embedder: Embedder) -> list[tuple[str, str, list[str]]]:
    index = load_index(index_dir)
    try:
        report = verify_text(
            DRAFT.read_text(encoding="utf-8"), index=index, embedder=embedder,
            settings=Settings(), path=str(DRAFT),
        )  # fmt: skip
    finally:
        index.close()
    return [
        (j.statement.text, j.verdict.value, [e.passage.id for e in j.evidence])
        for j in report.judgments
    ]


def test_backends_give_the_same_verdicts_and_evidence(
    backend: BackendSpec, tmp_path: Path, embedder: Embedder, sample_index_path: Path
) -> None:
    idx = tmp_path / "idx"
    result = build_index(
        [SAMPLE_SOURCES], idx, embedder=embedder, settings=Settings(), backend=backend
    )
    assert result.manifest["backend"]["name"] == backend.name
    try:
        got = _verdicts(idx, embedder)
        assert got == _verdicts(sample_index_path, embedder)  # the embedded reference index
        assert {v for _, v, _ in got} >= {"supported", "contradicted"}
        index = load_index(idx)
        query = "Harvest Market profit $2.3 billion"
        for mode in ("dense", "bm25", "hybrid"):
            (hits,) = index.search(embedder.encode([query]), 3, texts=[query], mode=mode)
            assert "Harvest Market" in hits[0].source.title, mode
        index.close()
    finally:
        _close_milvus(idx)


def test_backends_incremental_builds_and_generations(
    backend: BackendSpec, tmp_path: Path, embedder: Embedder
) -> None:
    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"
    try:
        first = build_index([src], idx, embedder=embedder, settings=Settings(), backend=backend)
        # The next build keeps the index's backend without being told.
        again = build_index([src], idx, embedder=embedder, settings=Settings())
        assert again.manifest["backend"]["name"] == backend.name
        assert (again.embedded, again.reused) == (0, first.manifest["passages"])
        (src / "b.txt").write_text("Snow is expected in Oslo on Sunday.", encoding="utf-8")
        (src / "a.txt").unlink()
        changed = build_index([src], idx, embedder=embedder, settings=Settings())
        assert (changed.embedded, changed.reused, changed.removed) == (1, 0, 1)
        # one live generation, newer than the first; the dead build's folder is gone
        live = sorted(p.name for p in idx.glob("gen-*"))
        assert len(live) == 1 and live[0] > "gen-000001" and not live[0].endswith(".tmp")
        if backend.name == "milvus":  # retired generations' collections are dropped
            assert _collections(idx) == [changed.manifest["backend"]["collection"]]
        index = load_index(idx)
        (hits,) = index.search(embedder.encode(["snow in Oslo"]), 2, texts=["snow in Oslo"])
        assert [h.passage.text for h in hits] == ["Snow is expected in Oslo on Sunday."]
        index.close()
    finally:
        _close_milvus(idx)


def test_backends_add_and_remove_sources(
    backend: BackendSpec, tmp_path: Path, embedder: Embedder
) -> None:
    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"
    extra = tmp_path / "memo.txt"
    extra.write_text("The harbour bridge will close for repairs in March.", encoding="utf-8")
    try:
        build_index([src], idx, embedder=embedder, settings=Settings(), backend=backend)
        added = add_sources(idx, [str(extra)], embedder=embedder, settings=Settings())
        assert (added.embedded, added.manifest["backend"]["name"]) == (1, backend.name)
        query = "When does the harbour bridge close?"
        index = load_index(idx)
        (hits,) = index.search(embedder.encode([query]), 1, texts=[query])
        assert "harbour bridge" in hits[0].passage.text
        index.close()
        removed = remove_sources(idx, ["memo.txt"], embedder=embedder, settings=Settings())
        assert removed.removed == 1 and removed.embedded == 0
        index = load_index(idx)
        (hits,) = index.search(embedder.encode([query]), 3, texts=[query])
        assert all("harbour" not in h.passage.text for h in hits)
        index.close()
    finally:
        _close_milvus(idx)


def test_backends_interrupted_build_keeps_the_previous_index(
    backend: BackendSpec, tmp_path: Path, embedder: Embedder
) -> None:
    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    try:
        first = build_index([src], idx, embedder=embedder, settings=Settings(), backend=backend)
        with pytest.raises(KeyboardInterrupt):
            build_index(
                [src], idx, embedder=embedder, settings=Settings(), progress=interrupt, full=True
            )
        assert sorted(p.name for p in idx.glob("gen-*")) == ["gen-000001"]
        if backend.name == "milvus":  # the unfinished generation's collection is gone too
            assert _collections(idx) == [first.manifest["backend"]["collection"]]
        index = load_index(idx)
        assert index.manifest["generation"] == 1 and index.backend.count == 2
        index.close()
    finally:
        _close_milvus(idx)


def test_backends_cli_build_status_check(backend: BackendSpec, tmp_path: Path) -> None:
    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"
    try:
        built = run("index", "build", str(src), "-i", str(idx), "-q", "--backend", backend.name)
        assert built.exit_code == 0, built.output
        status = run("index", "status", "-i", str(idx))
        assert status.exit_code == 0, status.output
        assert ("Milvus collection" in status.stdout) == (backend.name == "milvus")
        assert ("Milvus: milvus.db, collection claimcheck_idx_" in status.stdout) == (
            backend.name == "milvus"
        )
        check = run("index", "check", "-i", str(idx))
        assert check.exit_code == 0 and "sound" in check.stdout, check.output
    finally:
        _close_milvus(idx)


def test_milvus_missing_collection_is_a_one_line_error(tmp_path: Path, embedder: Embedder) -> None:
    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"
    result = build_index(
        [src], idx, embedder=embedder, settings=Settings(), backend=BackendSpec("milvus")
    )
    try:
        _client(str(idx / "milvus.db")).drop_collection(result.manifest["backend"]["collection"])
        with pytest.raises(IndexCorruptError, match="collection .* is missing"):
            load_index(idx)
        draft = tmp_path / "draft.md"
        draft.write_text("Revenue rose 16% to $11.08 billion.", encoding="utf-8")
        assert_one_line_error(run("verify", str(draft), "-i", str(idx)), "is missing")
        rebuilt = run("index", "build", str(src), "-i", str(idx), "-q")  # the fix it names
        assert rebuilt.exit_code == 0, rebuilt.output
        assert load_index(idx).backend.count == 2
    finally:
        _close_milvus(idx)


def test_milvus_bad_uris_are_one_line_errors(tmp_path: Path) -> None:
    src = _small_sources(tmp_path)
    not_db = run("index", "build", str(src), "-i", str(tmp_path / "a"), "--uri", "x.txt", "-q")
    assert_one_line_error(not_db, "neither a server")
    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = run("index", "build", str(src), "-i", str(tmp_path / "b"), "-q",
               "--uri", f"http://127.0.0.1:{port}")  # fmt: skip
    assert_one_line_error(down, "cannot reach Milvus")
    assert not (tmp_path / "b").exists()
    wrong = run("index", "build", str(src), "-i", str(tmp_path / "c"), "--backend", "qdrant")
    assert_one_line_error(wrong, "unknown index backend")


def test_milvus_uri_outside_the_index_folder(tmp_path: Path, embedder: Embedder) -> None:
    src = _small_sources(tmp_path)
    db = tmp_path / "shared" / "newsroom.db"
    idx = tmp_path / "idx"
    spec = BackendSpec("milvus", str(db))
    try:
        result = build_index([src], idx, embedder=embedder, settings=Settings(), backend=spec)
        assert result.manifest["backend"]["uri"] == str(db.resolve())
        assert db.is_dir() and not (idx / "milvus.db").exists()
        assert load_index(idx).backend.count == 2
    finally:
        release(str(db))


def test_embed_pool_workers_match_in_process(embedder: Embedder) -> None:
    texts = [f"Passage {i}: revenue rose {i}% in the quarter to ${i}.5 billion." for i in range(40)]
    batches = [texts[i : i + 7] for i in range(0, len(texts), 7)]
    pooled = np.concatenate(list(ProcessPoolEncoder(2).map_batches(batches)))
    assert np.allclose(pooled, embedder.encode(texts), atol=1e-5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def ray_cluster() -> Iterator[str]:
    """A one-node Ray cluster started for the test (`ray start --head`), stopped after it."""
    ray_bin = Path(sys.executable).with_name("ray")
    if not ray_bin.exists():
        pytest.skip("ray is not installed (pip install -e '.[scale]')")
    port = _free_port()
    temp = Path(tempfile.mkdtemp(prefix="ccray-"))  # Ray's socket paths must stay short
    env_args = ["--disable-usage-stats", "--include-dashboard=false", "--node-ip-address=127.0.0.1"]
    started = subprocess.run(
        [str(ray_bin), "start", "--head", f"--port={port}", "--num-cpus=2",
         "--object-store-memory=100000000", f"--temp-dir={temp}", *env_args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr[-2000:]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([str(ray_bin), "stop", "--force"], capture_output=True, timeout=120)
        shutil.rmtree(temp, ignore_errors=True)


def test_ray_build_on_a_local_cluster_writes_milvus_and_matches(
    ray_cluster: str, tmp_path: Path, embedder: Embedder, sample_index_path: Path
) -> None:
    idx = tmp_path / "idx"
    cli = Path(sys.executable).with_name("claimcheck")
    done = subprocess.run(
        [str(cli), "index", "build", str(SAMPLE_SOURCES), "-i", str(idx), "-q",
         "--ray", ray_cluster, "--backend", "milvus"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    try:
        manifest = load_index(idx).manifest
        assert manifest["backend"]["name"] == "milvus"
        reference = load_index(sample_index_path)
        # every passage embedded by the cluster, as many as the local build of the same sources
        assert manifest["embedded"] == manifest["passages"] == reference.manifest["passages"]
        ray_built = load_index(idx)
        rows = list(range(manifest["passages"]))
        assert np.allclose(
            ray_built.backend.vectors(rows), reference.backend.vectors(rows), atol=1e-5
        )
        reference.close()
        ray_built.close()
        assert _verdicts(idx, embedder) == _verdicts(sample_index_path, embedder)
    finally:
        _close_milvus(idx)


def test_ray_unreachable_cluster_is_a_one_line_error(tmp_path: Path) -> None:
    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"
    cli = Path(sys.executable).with_name("claimcheck")
    done = subprocess.run(
        [str(cli), "index", "build", str(src), "-i", str(idx), "-q",
         "--ray", f"127.0.0.1:{_free_port()}"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("Error: ") and "Ray cluster" in lines[-1], done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert not idx.exists()


class _CachedEmbedder(Embedder):
    """The real model, computing each distinct text once across the two backends' runs."""

    def __init__(self) -> None:
        super().__init__()
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts, *, batch_size: int = 64):  # type: ignore[no-untyped-def,override]
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            self._cache.update(zip(todo, super().encode(todo, batch_size=batch_size), strict=True))
        return np.stack([self._cache[t] for t in texts]) if texts else super().encode(texts)


@pytest.mark.evaldata
@pytest.mark.skipif(not (EVAL_DATA / "climate_fever").exists(), reason="eval data absent")
def test_backends_eval_retrieval_climate_fever_within_001() -> None:
    from claimcheck.eval.retrieval import MODES, evaluate_retrieval

    cached = _CachedEmbedder()
    results = {
        name: evaluate_retrieval(EVAL_DATA / "climate_fever", cached, backend=BackendSpec(name))
        for name in BACKENDS
    }
    for mode in MODES:
        for metric, value in results["embedded"][mode].items():
            assert abs(results["milvus"][mode][metric] - value) <= 0.01, (mode, metric)
    assert results["embedded"]["hybrid"]["hit@5"] > 0.5  # a real retrieval, not an empty one
    json.dumps(results)  # both results are plain data


def test_switching_backends_reuses_every_vector(tmp_path: Path, embedder: Embedder) -> None:
    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"
    query = "How much did revenue rise?"
    try:
        build_index([src], idx, embedder=embedder, settings=Settings())
        before = load_index(idx)
        expected = [
            (e.passage.id, round(e.score, 5))
            for e in before.search(embedder.encode([query]), 2, texts=[query])[0]
        ]
        before.close()
        moved = build_index(
            [src], idx, embedder=embedder, settings=Settings(), backend=BackendSpec("milvus")
        )
        assert (moved.embedded, moved.reused) == (0, moved.manifest["passages"])
        after = load_index(idx)
        got = after.search(embedder.encode([query]), 2, texts=[query])[0]
        assert [(e.passage.id, round(e.score, 5)) for e in got] == expected
        after.close()
        back = build_index(
            [src], idx, embedder=embedder, settings=Settings(), backend=BackendSpec("embedded")
        )
        assert back.embedded == 0 and _collections(idx) == []  # the Milvus generation is gone
    finally:
        _close_milvus(idx)


def test_settings_pick_the_backend_of_a_new_index(tmp_path: Path, embedder: Embedder) -> None:
    src = _small_sources(tmp_path)
    config = tmp_path / "claimcheck.toml"
    config.write_text('[claimcheck]\nbackend = "milvus"\n', encoding="utf-8")
    idx = tmp_path / "idx"
    try:
        built = run("index", "build", str(src), "-i", str(idx), "-q", "--config", str(config))
        assert built.exit_code == 0, built.output
        assert load_index(idx).manifest["backend"]["name"] == "milvus"
    finally:
        _close_milvus(idx)
    config.write_text('[claimcheck]\nbackend = "elastic"\n', encoding="utf-8")
    bad = run("index", "build", str(src), "-i", str(tmp_path / "x"), "--config", str(config))
    assert_one_line_error(bad, "backend must be embedded or milvus")


def test_milvus_killed_build_leaves_the_index_whole_and_its_collection_is_cleaned(
    tmp_path: Path, embedder: Embedder
) -> None:
    import os
    import signal
    import time

    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"
    first = build_index(
        [src], idx, embedder=embedder, settings=Settings(), backend=BackendSpec("milvus")
    )
    _close_milvus(idx)  # let the build below open the embedded Milvus file
    cli = Path(sys.executable).with_name("claimcheck")
    proc = subprocess.Popen(
        [str(cli), "index", "build", str(src), "-i", str(idx), "-q", "--full"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    note = idx / "gen-000002.tmp" / "backend.json"
    deadline = time.monotonic() + 120
    while not note.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert note.exists(), "the build never reached its backend"
    os.kill(proc.pid, signal.SIGKILL)  # no clean-up code runs
    proc.wait()
    try:
        assert (idx / "gen-000002.tmp").is_dir()
        assert len(_collections(idx)) == 2  # the dead build's collection is still there
        index = load_index(idx)  # the previous generation still answers
        assert index.manifest["generation"] == 1 and index.backend.count == 2
        index.close()
        again = build_index([src], idx, embedder=embedder, settings=Settings())
        # one live generation, newer than the first; the dead build's folder is gone
        live = sorted(p.name for p in idx.glob("gen-*"))
        assert len(live) == 1 and live[0] > "gen-000001" and not live[0].endswith(".tmp")
        assert _collections(idx) == [again.manifest["backend"]["collection"]]
        assert first.manifest["backend"]["collection"] not in _collections(idx)
    finally:
        _close_milvus(idx)


def test_milvus_file_open_in_another_process_is_a_one_line_error(
    tmp_path: Path, embedder: Embedder
) -> None:
    src = _small_sources(tmp_path)
    idx = tmp_path / "idx"
    build_index([src], idx, embedder=embedder, settings=Settings(), backend=BackendSpec("milvus"))
    _close_milvus(idx)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from claimcheck import load_index; "
         f"load_index(Path({str(idx)!r})); print('open', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        draft = tmp_path / "draft.md"
        draft.write_text("Revenue rose 16% to $11.08 billion.", encoding="utf-8")
        result = run("verify", str(draft), "-i", str(idx))
        assert_one_line_error(result, "open in another process")
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert load_index(idx).backend.count == 2  # free again once the other process is gone
    _close_milvus(idx)
