"""Measurements on ../shared/eval-data; skipped where the data is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.eval.datasets import is_training_row, read_claims
from claimcheck.eval.harness import evaluate_extraction
from tests.conftest import EVAL_DATA

pytestmark = [
    pytest.mark.evaldata,
    pytest.mark.skipif(not EVAL_DATA.exists(), reason="../shared/eval-data is absent"),
]

# Floors measured on PolNeAR's test split; raise them as extraction improves.
DIRECT_OVERLAP_F1_FLOOR = 0.89
DIRECT_SPEAKER_F1_FLOOR = 0.85


def test_evaldata_polnear_direct_quote_extraction_floor() -> None:
    metrics = evaluate_extraction(EVAL_DATA / "polnear", split="test")
    direct = metrics["direct"]
    assert direct["gold"] > 500
    assert direct["content_overlap_f1"] >= DIRECT_OVERLAP_F1_FLOOR
    assert direct["speaker_f1"] >= DIRECT_SPEAKER_F1_FLOOR


def test_evaldata_training_rows_never_include_test_splits() -> None:
    for name in ("check_covid", "healthver"):
        rows = read_claims(EVAL_DATA / name)
        assert rows
        assert not any(is_training_row(name, r) and r.split == "test" for r in rows)
    assert not any(
        is_training_row("averitec_test", r) for r in read_claims(EVAL_DATA / "averitec_test")
    )


def test_evaldata_eval_nli_leaves_out_trained_rows(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    out = tmp_path / "nli.json"
    result = CliRunner().invoke(
        app, ["eval", "nli", "--set", "check_covid", "--limit", "40", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text(encoding="utf-8"))
    for key in ("accuracy", "macro_f1", "supported_vs_contradicted_balanced_accuracy", "n"):
        assert key in metrics
    assert metrics["n"] == 40
    assert metrics["excluded_trained_rows"] > 1000  # train and dev rows are never scored
