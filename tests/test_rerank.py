"""The shipped reranker: loads from the repo with the bundled word embeddings, checks its hash,
scores the passage that decides a statement above on-topic ones that do not, and reorders only
the head of a ranking, keeping every passage's similarity score."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimcheck import Embedder
from claimcheck.config import Settings
from claimcheck.errors import ConfigError, ModelError
from claimcheck.eval.retrieval import corpus_index
from claimcheck.models.reranker import DEFAULT_RERANK_DIR, Reranker

pytestmark = pytest.mark.skipif(
    not (DEFAULT_RERANK_DIR / "manifest.json").exists(), reason="no reranker shipped yet"
)

CORPUS = [
    ("p1", "Netflix", "Netflix said revenue rose 16% to $11.08 billion in the second quarter."),
    ("p2", "Netflix", "Netflix was founded in 1997 and started by renting DVDs by mail."),
    ("p3", "Weather", "Heavy rain flooded streets in Rome on Saturday."),
    ("p4", "Studios", "Tyler Perry paused an $800 million studio expansion in Atlanta."),
    ("p5", "Netflix", "Netflix's chief executive spoke at a conference on streaming."),
]


@pytest.fixture(scope="module")
def reranker() -> Reranker:
    return Reranker()


def test_reranker_scores_the_deciding_passage_first(reranker: Reranker) -> None:
    claim = "Netflix revenue grew 16 percent in the second quarter"
    scores = reranker.score([(claim, f"{title}: {text}") for _, title, text in CORPUS])
    assert scores.shape == (len(CORPUS),)
    assert int(scores.argmax()) == 0
    assert scores[0] > scores[2]  # the Rome weather is far below the revenue figure
    again = reranker.score([(claim, f"{title}: {text}") for _, title, text in CORPUS])
    assert abs(float(scores[0] - again[0])) < 1e-5


def test_rerank_reorders_the_head_and_keeps_similarity_scores(
    tmp_path: Path, embedder: Embedder, reranker: Reranker
) -> None:
    corpus = [{"doc_id": i, "title": t, "text": x} for i, t, x in CORPUS]
    index = corpus_index(corpus, embedder, tmp_path)
    try:
        claim = "Netflix revenue grew 16 percent in the second quarter"
        hits = index.search(embedder.encode([claim]), 5, texts=[claim], mode="hybrid")
    finally:
        index.close()
    (reranked,) = reranker.rerank([claim], hits)
    assert [e.rank for e in reranked] == [1, 2, 3, 4, 5]
    assert {e.passage.id for e in reranked} == {e.passage.id for e in hits[0]}
    before = {e.passage.id: e.score for e in hits[0]}
    assert all(e.score == before[e.passage.id] for e in reranked)  # still cosine similarity
    assert reranked[0].passage.id == "p1"
    assert reranked[-1].passage.id in {"p3", "p4"}


def test_reranker_settings_come_from_its_manifest(reranker: Reranker) -> None:
    manifest = json.loads((DEFAULT_RERANK_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert reranker.depth == manifest["settings"]["depth"] >= 5
    assert reranker.fusion == manifest["settings"]["fusion"]
    trained = reranker.trained_row_ids()  # rows is_training_row allows, and only those
    assert trained and all(i.startswith(("climatefever-", "averitec-dev-")) for i in trained)


def test_reranker_rejects_weights_with_the_wrong_hash(tmp_path: Path) -> None:
    copy = tmp_path / "rerank"
    shutil.copytree(DEFAULT_RERANK_DIR, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["sha256"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match="sha256"):
        Reranker(copy).score([("a b", "a b c")])


def test_reranker_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="reranker is missing"):
        Reranker(tmp_path).score([("a b", "a b c")])


def test_rerank_setting_takes_only_on_or_off() -> None:
    assert Settings(rerank="off").validate().rerank == "off"
    with pytest.raises(ConfigError, match="rerank must be on or off"):
        Settings(rerank="maybe").validate()


def test_eval_retrieval_with_the_reranker_leaves_out_its_trained_claims(
    tmp_path: Path, embedder: Embedder, reranker: Reranker
) -> None:
    from claimcheck.eval.retrieval import evaluate_retrieval

    trained = sorted(reranker.trained_row_ids())[0]
    folder = tmp_path / "mini"
    folder.mkdir()
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for doc_id, title, text in CORPUS:
            fh.write(json.dumps({"doc_id": doc_id, "title": title, "text": text}) + "\n")
    claims = [
        ("q1", "Netflix revenue grew 16 percent in the second quarter", ["p1"]),
        ("q2", "Perry halted his Atlanta studio expansion", ["p4"]),
        (trained, "It rained hard in Rome at the weekend", ["p3"]),
    ]
    with (folder / "claims.jsonl").open("w", encoding="utf-8") as fh:
        for claim_id, claim, gold in claims:
            row = {"id": claim_id, "claim": claim, "label": "SUPPORTED", "evidence_doc_ids": gold}
            fh.write(json.dumps(row) + "\n")
    plain = evaluate_retrieval(folder, embedder)
    assert plain["claims"] == 3 and "reranked" not in plain
    metrics = evaluate_retrieval(folder, embedder, reranker=reranker)
    assert metrics["claims"] == 2 and metrics["excluded_trained_rows"] == 1
    assert metrics["reranked"]["hit@1"] == 1.0
    assert metrics["rerank"] == {"depth": reranker.depth, "fusion": reranker.fusion}


def test_cli_verify_with_rerank_on_records_the_reranker(
    sample_index_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app
    from tests.conftest import SAMPLE_DRAFTS

    out = tmp_path / "r.json"
    draft = str(SAMPLE_DRAFTS / "netflix_genai_story.md")
    monkeypatch.setenv("CLAIMCHECK_RERANK", "on")
    result = CliRunner().invoke(
        app, ["verify", draft, "--index", str(sample_index_path), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    manifest = json.loads((DEFAULT_RERANK_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert data["versions"]["rerank_model"] == manifest["sha256"]
    assert data["settings"]["rerank"] == "on"
    assert data["counts"]["contradicted"] >= 4  # the sample draft's misquotes and wrong figures
    monkeypatch.setenv("CLAIMCHECK_RERANK", "sometimes")
    bad = CliRunner().invoke(app, ["verify", draft, "--index", str(sample_index_path)])
    assert bad.exit_code == 1 and "rerank must be on or off" in bad.stderr


def test_cli_verify_with_rerank_on_and_no_model_is_one_clear_line(
    sample_index_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app
    from tests.conftest import SAMPLE_DRAFTS

    monkeypatch.setattr("claimcheck.models.reranker.DEFAULT_RERANK_DIR", tmp_path / "nothing")
    monkeypatch.setenv("CLAIMCHECK_RERANK", "on")
    out = tmp_path / "r.json"
    draft = str(SAMPLE_DRAFTS / "netflix_genai_story.md")
    result = CliRunner().invoke(
        app, ["verify", draft, "--index", str(sample_index_path), "-o", str(out)]
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "reranker is missing" in lines[0] and 'rerank = "off"' in lines[0]
    assert "Traceback" not in result.output and not out.exists()
