"""The shipped NLI judge: loads from the repo, checks its hash, returns calibrated
probabilities, and windows long evidence instead of truncating it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from claimcheck.errors import ModelError
from claimcheck.models.nli_judge import DEFAULT_NLI_DIR, NliJudge

pytestmark = pytest.mark.skipif(
    not (DEFAULT_NLI_DIR / "manifest.json").exists(), reason="no NLI model shipped yet"
)


@pytest.fixture(scope="module")
def nli() -> NliJudge:
    return NliJudge()


def test_nli_probabilities_are_distributions_and_deterministic(nli: NliJudge) -> None:
    pairs = [
        ("Revenue grew 16% to $11.08 billion in the quarter.", "Revenue grew 16% in the quarter."),
        ("The factory closed in 2019.", "The factory closed in 2021."),
        ("The council approved the transit budget.", "Rain is expected in Rome."),
    ]
    first = nli.predict(pairs)
    assert first.shape == (3, 3)
    assert np.allclose(first.sum(axis=1), 1.0, atol=1e-4)
    assert np.allclose(first, nli.predict(pairs), atol=1e-5)


def test_nli_long_evidence_is_windowed_not_truncated(nli: NliJudge) -> None:
    filler = " ".join(f"Paragraph {i} talks about the weather in town." for i in range(120))
    premise = filler + " The factory closed in 2019."
    _, tokenizer = nli._load()
    assert len(nli._windows(premise, "The factory closed in 2019.", tokenizer)) > 1
    (probs,) = nli.predict([(premise, "The factory closed in 2019.")])
    assert probs.shape == (3,)


def test_nli_rejects_weights_with_the_wrong_hash(tmp_path: Path) -> None:
    copy = tmp_path / "nli"
    shutil.copytree(DEFAULT_NLI_DIR, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["sha256"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match="sha256"):
        NliJudge(copy).predict([("a b c", "a b")])


def test_nli_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="NLI model is missing"):
        NliJudge(tmp_path).predict([("a b c", "a b")])
