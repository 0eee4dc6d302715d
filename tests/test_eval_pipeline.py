"""`claimcheck eval claims` and `eval numbers`: the whole verdict pipeline on labelled data."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import Embedder, Settings
from claimcheck.cli import app
from claimcheck.eval.claims import evaluate_claims, verdict_metrics
from claimcheck.eval.numbers import change_one_number, evaluate_numbers
from claimcheck.judge.numbers import find_quantities, same_value
from claimcheck.models.nli_judge import NliJudge
from claimcheck.types import Verdict
from tests.conftest import EVAL_DATA

S, C, U, N = Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIABLE, Verdict.NOT_CHECKABLE


def test_verdict_metrics_per_label_macro_and_balanced() -> None:
    gold = [S, S, S, C, C, U]
    pred = [S, S, C, C, U, N]  # "not checkable" counts as no verdict: unverifiable
    m = verdict_metrics(gold, pred)
    assert m["n"] == 6
    assert m["per_label"]["supported"] == {
        "precision": 1.0, "recall": 0.6667, "f1": 0.8, "support": 3,
    }  # fmt: skip
    assert m["per_label"]["unverifiable"]["recall"] == 1.0
    assert m["confusion"]["contradicted"] == {"supported": 0, "contradicted": 1, "unverifiable": 1}
    assert m["balanced_accuracy"] == pytest.approx((2 / 3 + 1 / 2 + 1) / 3, abs=1e-4)
    assert m["macro_f1"] == pytest.approx(
        (0.8 + m["per_label"]["contradicted"]["f1"] + m["per_label"]["unverifiable"]["f1"]) / 3,
        abs=1e-3,
    )


@pytest.fixture(scope="module")
def tiny_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A labelled set of our own, in the shared layout: claims.jsonl + corpus.jsonl."""
    folder = tmp_path_factory.mktemp("tiny_set")
    corpus = [
        ("c0", "Harbor Metals reported third-quarter revenue of $412 million, up 9% from a year "
               "earlier, on stronger aluminium prices."),
        ("c1", "The city council approved a budget of $2.3 billion for 2026 after a six-hour "
               "meeting on Tuesday."),
        ("c2", "Lake Varna froze over in February for the first time since 1998, scientists at "
               "the regional institute said."),
    ]  # fmt: skip
    claims = [
        ("t0", "Harbor Metals reported third-quarter revenue of $412 million.", "SUPPORTED", "c0"),
        ("t1", "Harbor Metals reported third-quarter revenue of $512 million.", "CONTRADICTED",
         "c0"),
        ("t2", "The city council approved a budget of $2.9 billion for 2026.", "CONTRADICTED",
         "c1"),
        ("t3", "Lake Varna froze over in February for the first time since 1998.", "SUPPORTED",
         "c2"),
        ("t4", "The mayor of Lake Varna plans to resign next spring.", "UNVERIFIABLE", None),
    ]  # fmt: skip
    text = dict(corpus)
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps({"doc_id": i, "text": t}) + "\n" for i, t in corpus), encoding="utf-8"
    )
    (folder / "claims.jsonl").write_text(
        "".join(
            json.dumps({
                "id": i, "claim": c, "label": lab,
                "evidence": [text[e]] if e else [], "evidence_doc_ids": [e] if e else [],
            }) + "\n"
            for i, c, lab, e in claims
        ),
        encoding="utf-8",
    )  # fmt: skip
    return folder


@pytest.mark.parametrize("mode", ["corpus", "evidence"])
def test_eval_claims_runs_the_pipeline_on_a_folder(
    tiny_set: Path, embedder: Embedder, mode: str
) -> None:
    m = evaluate_claims(tiny_set, mode=mode, embedder=embedder, settings=Settings(), nli=NliJudge())
    assert m["n"] == (5 if mode == "corpus" else 4)
    records = {r["id"]: r for r in m["records"]}
    assert records["t1"]["predicted"] == "contradicted"
    assert records["t1"]["finding"] == "number_mismatch"
    assert records["t2"]["predicted"] == "contradicted"
    assert records["t0"]["predicted"] == "supported"
    assert sum(sum(row.values()) for row in m["confusion"].values()) == m["n"]
    if mode == "corpus":
        assert records["t4"]["predicted"] == "unverifiable"
        assert m["evidence_hit@5"] == 1.0


def test_eval_claims_leaves_out_the_rows_the_nli_judge_trained_on(
    tiny_set: Path, embedder: Embedder, tmp_path: Path
) -> None:
    from claimcheck.models.nli_judge import DEFAULT_NLI_DIR

    model = tmp_path / "nli"
    model.mkdir()
    for f in DEFAULT_NLI_DIR.iterdir():
        if f.name != "trained_rows.txt":
            (model / f.name).symlink_to(f)
    (model / "trained_rows.txt").write_text("t1\nsomething-else\n", encoding="utf-8")
    m = evaluate_claims(
        tiny_set, mode="corpus", embedder=embedder, settings=Settings(), nli=NliJudge(model)
    )
    assert m["n"] == 4 and m["excluded_trained_rows"] == 1
    assert "t1" not in {r["id"] for r in m["records"]}
    # Without the NLI judge nothing was trained on: every row counts.
    m = evaluate_claims(tiny_set, mode="corpus", embedder=embedder, settings=Settings(), nli=None)
    assert m["n"] == 5 and m["excluded_trained_rows"] == 0


def test_cli_eval_claims_writes_json(tiny_set: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.json"
    result = CliRunner().invoke(
        app, ["eval", "claims", "--set", str(tiny_set), "--mode", "corpus", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"macro_f1", "balanced_accuracy", "per_label", "confusion", "n", "records"} <= set(data)
    assert {"id", "gold", "predicted", "finding"} <= set(data["records"][0])


def test_change_one_number_writes_a_value_the_source_never_gives() -> None:
    source = "Revenue was $318.6 million, up 2.5%. Earnings per share were $0.64."
    rng = random.Random(3)
    for claim in ("q3 revenue rose 2.5 percent to $318.6 million.", "q3 eps $0.64."):
        changed, note = change_one_number(claim, source, rng) or ("", "")
        old, new = note.split(" -> ")
        assert changed == claim.replace(old, new, 1) and old != new
        assert new not in source
        assert len(new.split(".")[-1]) == len(old.split(".")[-1])  # same precision
        (before,) = [q for q in find_quantities(claim) if old in q.text]
        (after,) = [q for q in find_quantities(changed) if new in q.text]
        assert not same_value(before, after)
    assert change_one_number("no figures here.", source, rng) is None


@pytest.mark.evaldata
@pytest.mark.skipif(not (EVAL_DATA / "ectsum_test").exists(), reason="eval data absent")
def test_eval_numbers_on_two_earnings_calls(embedder: Embedder) -> None:
    m = evaluate_numbers(
        EVAL_DATA / "ectsum_test", embedder=embedder, settings=Settings(), nli=None, calls=2
    )
    assert m["calls"] == 2 and m["changed"] > 0 and m["unchanged"] > 0
    assert m["unchanged_contradicted"] <= 0.2
    assert m["changed_contradicted"] >= 0.5
    changed = [r for r in m["records"] if r["changed"]]
    assert all(" -> " in r["changed"] for r in changed)
