"""`claimcheck eval` commands on small labelled folders written by the tests themselves."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from claimcheck import Embedder
from claimcheck.eval.harness import classification_metrics
from claimcheck.eval.retrieval import evaluate_retrieval
from claimcheck.types import Verdict

CORPUS = [
    ("c1", "Netflix said quarterly revenue rose 16% to $11.08 billion."),
    ("c2", "Tyler Perry paused an $800 million studio expansion in Atlanta in 2024."),
    ("c3", "Heavy rain flooded streets in Rome on Saturday."),
    ("c4", "The actors' strike of 2023 lasted 118 days."),
    ("c5", "Harvest Market opened 40 new grocery stores in the Midwest."),
]
CLAIMS = [
    ("q1", "Netflix revenue grew 16 percent", ["c1"]),
    ("q2", "Perry halted his Atlanta studio expansion", ["c2"]),
    ("q3", "How long did the 2023 strike by actors last?", ["c4"]),
]


def _write_set(folder: Path) -> Path:
    folder.mkdir()
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for doc_id, text in CORPUS:
            fh.write(json.dumps({"doc_id": doc_id, "text": text}) + "\n")
    with (folder / "claims.jsonl").open("w", encoding="utf-8") as fh:
        for claim_id, claim, gold in CLAIMS:
            row = {"id": claim_id, "claim": claim, "label": "SUPPORTED", "evidence_doc_ids": gold}
            fh.write(json.dumps(row) + "\n")
    return folder


def test_eval_retrieval_reports_all_modes_on_a_small_set(
    tmp_path: Path, embedder: Embedder
) -> None:
    metrics = evaluate_retrieval(_write_set(tmp_path / "mini"), embedder)
    assert metrics["claims"] == 3 and metrics["passages"] == 5
    for mode in ("dense", "bm25", "hybrid"):
        assert set(metrics[mode]) == {"hit@1", "hit@5", "recall@5", "hit@10", "recall@10"}
        assert metrics[mode]["hit@5"] == 1.0
    assert metrics["hybrid"]["hit@1"] == 1.0


def test_eval_metrics_confusion_and_balanced_accuracy() -> None:
    gold = [Verdict.SUPPORTED, Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIABLE]
    probs = np.array(
        [[0.8, 0.1, 0.1], [0.2, 0.2, 0.6], [0.1, 0.2, 0.7], [0.1, 0.8, 0.1]], dtype=np.float32
    )
    m = classification_metrics(gold, probs)
    assert m["accuracy"] == 0.75
    assert m["confusion"]["supported"] == {"supported": 1, "unverifiable": 0, "contradicted": 1}
    assert m["supported_vs_contradicted_balanced_accuracy"] == 0.75  # (1/2 + 1/1) / 2
    assert m["per_label"]["contradicted"]["precision"] == 0.5


def test_eval_quotes_stress_test_on_a_small_polnear_style_set(tmp_path: Path) -> None:
    from claimcheck.eval.quotes import evaluate_quotes

    text = (
        "The council met on Tuesday.\n\n"
        "“We will finish the new light-rail stop by the end of next year,” Jorge Alvarez said.\n\n"
        "“The budget relies on fares that riders cannot afford,” said Maria Lopez."
    )
    folder = tmp_path / "mini"
    folder.mkdir()
    (folder / "articles.jsonl").write_text(
        json.dumps({"doc_id": "a1", "split": "test", "title": "Council", "text": text}) + "\n",
        encoding="utf-8",
    )
    rows = []
    for source, quote in (
        ("Jorge Alvarez", "We will finish the new light-rail stop by the end of next year"),
        ("Maria Lopez", "The budget relies on fares that riders cannot afford"),
    ):
        start = text.index(quote)
        rows.append(
            {"id": f"a1-{source}", "doc_id": "a1", "split": "test", "source": source,
             "quote_kind": "direct", "content_spans": [[start, start + len(quote)]]}
        )  # fmt: skip
    for pronoun in ("They", "He", "She"):  # sources PolNeAR gives as pronouns are not names
        rows.append(
            {"id": f"a1-{pronoun}", "doc_id": "a1", "split": "test", "source": pronoun,
             "quote_kind": "indirect", "content_spans": [[0, 27]]}
        )  # fmt: skip
    (folder / "attributions.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    metrics = evaluate_quotes(folder)
    given = {r["speaker"] for r in metrics["records"] if r["case"] == "misattributed"}
    assert given == {"Jorge Alvarez", "Maria Lopez"}
    assert {k: (v["right"], v["n"]) for k, v in metrics["cases"].items()} == {
        "exact": (2, 2),
        "substituted": (2, 2),
        "inserted": (2, 2),
        "deleted": (2, 2),
        "misattributed": (2, 2),
    }
    assert metrics["exact_flagged"] == 0.0
