"""The two embedding runtimes: int8 ONNX Runtime (default on the CPU) and torch float32."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from claimcheck import Embedder, Settings, build_index, load_index
from claimcheck.cli import app
from claimcheck.errors import IndexMismatchError, ModelError
from claimcheck.extract import extract_statements
from claimcheck.models.onnx import int8_model_path
from claimcheck.retrieve import retrieve

from .conftest import SAMPLE_SOURCES

TEXTS = [
    "Netflix said revenue rose 16% to $11.08 billion in the second quarter.",
    "Ted Sarandos told analysts the company would keep spending on live sports.",
    "Der Umsatz stieg im zweiten Quartal um 16 Prozent.",
    "",
    "Snow fell in Oslo.",
    " ".join(["The council voted to raise the levy on commercial property again."] * 40),
]


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    return Embedder(runtime="torch")


def test_embed_int8_vectors_agree_with_torch(embedder: Embedder, torch_embedder: Embedder) -> None:
    assert embedder.runtime == "onnx-int8"
    fast, ref = embedder.encode(TEXTS), torch_embedder.encode(TEXTS)
    assert fast.shape == ref.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    cosines = (fast * ref).sum(axis=1)
    assert cosines.min() > 0.97, cosines
    # The same nearest neighbour for every text, in both runtimes.
    assert ((fast @ fast.T).argsort(1)[:, -2] == (ref @ ref.T).argsort(1)[:, -2]).all()


def test_embed_every_encoder_maps_batches_like_encode(
    embedder: Embedder, torch_embedder: Embedder
) -> None:
    from claimcheck.models.pool import encode_batches

    batches = [TEXTS[:2], TEXTS[2:]]
    for one, atol in ((embedder, 0.0), (torch_embedder, 1e-5)):  # torch pads within a batch
        mapped = list(encode_batches(one, batches))
        assert [m.shape for m in mapped] == [(2, 384), (len(TEXTS) - 2, 384)]
        assert np.allclose(np.concatenate(mapped), one.encode(TEXTS), rtol=0, atol=atol)
    assert embedder.encode([]).shape == (0, 384)


def test_embed_int8_vector_does_not_depend_on_its_batch(embedder: Embedder) -> None:
    alone = embedder.encode([TEXTS[0]])
    mixed = embedder.encode([TEXTS[5], TEXTS[0], TEXTS[3]])
    assert np.allclose(alone[0], mixed[1], atol=1e-6)


def test_embed_int8_parallel_runs_keep_each_vector_in_its_row(embedder: Embedder) -> None:
    # Many texts of many lengths run side by side on the cores: each row must still be the
    # vector of its own text, the same as one worker embedding them one by one.
    texts = [f"{t} (item {i})" for i, t in enumerate(TEXTS * 8)]
    together = embedder.encode(texts)
    one_worker = Embedder(threads=1).encode(texts)
    assert np.array_equal(together, one_worker)
    for i in (0, 13, 47):
        assert np.allclose(embedder.encode([texts[i]])[0], together[i], atol=1e-6)
    # Distinct texts, distinct vectors (the long one is cut at 256 tokens, before its number).
    assert len({v.tobytes() for v in together}) == len(texts) - 7


def test_embed_int8_graph_is_derived_once_and_a_damaged_one_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, torch_embedder: Embedder
) -> None:
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    model_dir = torch_embedder.model_dir
    graph = int8_model_path(model_dir, torch_embedder.model_sha256)
    assert graph.is_file() and graph.parent.parent == tmp_path / "cache"
    assert [p.name for p in graph.parent.iterdir() if p.suffix == ".onnx"] == [graph.name]
    stamp = graph.stat().st_mtime_ns
    assert int8_model_path(model_dir, torch_embedder.model_sha256) == graph
    assert graph.stat().st_mtime_ns == stamp  # reused, not derived again

    reference = Embedder().encode(TEXTS[:2])
    graph.write_bytes(b"not an onnx graph")
    with pytest.raises(ModelError, match="cannot be loaded"):
        Embedder().encode(["hello"])
    assert not graph.exists()  # removed, so the next run derives it again
    assert np.allclose(Embedder().encode(TEXTS[:2]), reference, atol=1e-6)


def test_embed_unknown_runtime_and_int8_on_a_gpu_are_errors() -> None:
    with pytest.raises(ModelError, match="unknown embedding runtime"):
        Embedder(runtime="tensorrt")
    with pytest.raises(ModelError, match="runs on the CPU"):
        Embedder(device="cuda", runtime="onnx-int8")


def _sources(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name in (
        "2025-07-17_shareholder_letter_q2.md",
        "2025-07-17_q2_earnings_interview_transcript.txt",
    ):
        shutil.copy(SAMPLE_SOURCES / name, src / name)
    return src


def test_embed_index_records_its_runtime_and_queries_use_it(
    tmp_path: Path, embedder: Embedder, torch_embedder: Embedder
) -> None:
    src = _sources(tmp_path)
    idx = tmp_path / "idx"
    first = build_index([src], idx, embedder=torch_embedder, settings=Settings())
    assert first.manifest["model"]["runtime"] == "torch"
    index = load_index(idx)
    try:
        statements = extract_statements("Netflix revenue rose 16% to $11.08 billion.")
        assert Embedder.for_index(index.manifest).runtime == "torch"
        with pytest.raises(IndexMismatchError, match="torch runtime"):
            retrieve(statements, index, embedder, top_k=3)
        hits = retrieve(statements, index, torch_embedder, top_k=3)
        assert "11.08 billion" in hits[0][0].passage.text
    finally:
        index.close()

    # Another runtime reuses no vector; the same one reuses all.
    switched = build_index([src], idx, embedder=embedder, settings=Settings())
    assert switched.manifest["model"]["runtime"] == "onnx-int8"
    assert (switched.embedded, switched.reused) == (first.manifest["passages"], 0)
    again = build_index([src], idx, embedder=embedder, settings=Settings())
    assert (again.embedded, again.reused) == (0, first.manifest["passages"])


def test_embed_index_from_before_runtimes_counts_as_torch() -> None:
    legacy = {"model": {"id": "sentence-transformers/all-MiniLM-L6-v2", "dimension": 384}}
    assert Embedder.for_index(legacy).runtime == "torch"
    assert Embedder.for_index({}).runtime == "torch"


def test_embed_cli_keeps_the_index_runtime_and_rejects_a_bad_one(tmp_path: Path) -> None:
    src = _sources(tmp_path)
    idx = tmp_path / "idx"
    runner = CliRunner()
    built = runner.invoke(app, ["index", "build", str(src), "--index", str(idx), "-q",
                                "--runtime", "torch"])  # fmt: skip
    assert built.exit_code == 0, built.output
    again = runner.invoke(app, ["index", "build", str(src), "--index", str(idx), "-q"])
    assert again.exit_code == 0, again.output
    status = runner.invoke(app, ["index", "status", "--index", str(idx)])
    assert "torch runtime" in status.output
    draft = tmp_path / "draft.md"
    draft.write_text("Netflix said revenue rose 16% to $11.08 billion.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    verified = runner.invoke(
        app, ["verify", str(draft), "--index", str(idx), "--no-nli", "-o", str(report)]
    )
    assert verified.exit_code == 0, verified.output
    assert json.loads(report.read_text(encoding="utf-8"))["judgments"]
    bad = runner.invoke(app, ["index", "build", str(src), "--index", str(idx), "--runtime", "x"])
    assert bad.exit_code == 1
    assert bad.output.count("\n") == 1 and "unknown embedding runtime" in bad.output


def test_embed_build_refuses_an_encoder_of_another_runtime(
    tmp_path: Path, embedder: Embedder
) -> None:
    from claimcheck.errors import ConfigError
    from claimcheck.models.pool import ProcessPoolEncoder

    with pytest.raises(ConfigError, match="same runtime"):
        build_index(
            [_sources(tmp_path)], tmp_path / "idx", embedder=embedder, settings=Settings(),
            encoder=ProcessPoolEncoder(2, runtime="torch"),
        )  # fmt: skip
    assert not (tmp_path / "idx").exists()


def test_embed_int8_cache_falls_back_to_the_temp_folder_and_a_bad_given_one_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, torch_embedder: Embedder
) -> None:
    import tempfile

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should go", encoding="utf-8")
    monkeypatch.delenv("CLAIMCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    graph = int8_model_path(torch_embedder.model_dir, torch_embedder.model_sha256)
    assert graph.is_file() and graph.is_relative_to(tmp_path / "tmp")

    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(blocker / "given"))
    with pytest.raises(ModelError, match="CLAIMCHECK_CACHE_DIR"):
        int8_model_path(torch_embedder.model_dir, torch_embedder.model_sha256)


def test_embed_first_build_in_a_fresh_process_prints_nothing_stray(tmp_path: Path) -> None:
    # The quantizer logs through the root logger; in a plain process that would install a
    # stderr handler echoing other libraries' debug lines after the graph is derived.
    import os
    import subprocess
    import sys

    env = {**os.environ, "CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck.cli", "index", "build", str(_sources(tmp_path)),
         "--index", str(tmp_path / "idx"), "-q"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Indexed 2 documents" in done.stdout
