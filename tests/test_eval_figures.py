"""eval figures: one source, one draft sentence, scored by the draft's verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.config import Settings
from claimcheck.errors import InputError
from claimcheck.eval.figures import evaluate_figures, format_figures, read_cases
from claimcheck.models.embedder import Embedder

SHARED = Path(__file__).resolve().parents[2] / "shared" / "figures_names"
FIGURES_BAR = 0.95  # issue 27's bar for the shared set (and the cases held back)


def _write(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    (tmp_path / "cases.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    return tmp_path


def test_eval_figures_bad_rows_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="want is"):
        read_cases(
            _write(
                tmp_path, [{"id": "x", "kind": "k", "want": "maybe", "source": "s", "draft": "d"}]
            )
        )
    with pytest.raises(InputError, match="does not exist"):
        read_cases(tmp_path / "nowhere")


def test_eval_figures_scores_own_cases(
    tmp_path: Path, embedder: Embedder, settings: Settings
) -> None:
    rows = [
        {
            "id": "yen", "kind": "currency", "want": "contradicted",
            "source": "Kestrel Ferries will spend ¥640 billion on new ships, the firm said.",
            "draft": "Kestrel Ferries will spend $640 billion on new ships, the firm said.",
        },
        {
            "id": "words", "kind": "number_words", "want": "supported",
            "source": "The trust said 7,000 trees were planted along the Orwen river.",
            "draft": "Seven thousand trees were planted along the Orwen river, the trust said.",
        },
    ]  # fmt: skip
    m = evaluate_figures(_write(tmp_path, rows), embedder=embedder, settings=settings, nli=None)
    assert m["n"] == 2 and m["right"] == 2, format_figures(m)
    assert set(m["per_kind"]) == {"currency", "number_words"}


@pytest.mark.evaldata
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/figures_names is absent")
def test_eval_figures_shared_set_meets_the_bar(embedder: Embedder, settings: Settings) -> None:
    from claimcheck.models.nli_judge import NliJudge

    m = evaluate_figures(SHARED, embedder=embedder, settings=settings, nli=NliJudge())
    assert m["accuracy"] >= FIGURES_BAR, format_figures(m)
