"""Labelled data -> metrics.

Scoring reports against a hand-written list of expected verdicts (``sample_drafts/EXPECTED.json``),
and the NLI judge against the labelled sets of ../shared/eval-data with gold evidence given.
Whole-pipeline evaluation (``--mode corpus``) arrives with the verdict-engine issue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import InputError
from .evaldata import nli_pairs, read_claims
from .textfile import read_text
from .types import Judgment, Report, StatementKind, Verdict

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .judge.nli import NliJudge

__all__ = [
    "ExpectedVerdict",
    "SampleScore",
    "classification_metrics",
    "evaluate_nli",
    "load_expected",
    "score_report",
]


@dataclass(frozen=True)
class ExpectedVerdict:
    anchor: str  # a piece of the statement's text in the draft
    kind: StatementKind
    expected: Verdict
    why: str


@dataclass(frozen=True)
class SampleScore:
    total: int
    correct: int
    misses: tuple[tuple[ExpectedVerdict, Verdict | None], ...]  # (expected, what we said)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_expected(path: Path) -> dict[str, tuple[ExpectedVerdict, ...]]:
    """Expected verdicts per draft file name."""
    text, _ = read_text(path, what="expected-verdicts file")
    try:
        data = json.loads(text)
        return {
            name: tuple(
                ExpectedVerdict(
                    anchor=item["anchor"],
                    kind=StatementKind(item["kind"]),
                    expected=Verdict(item["expected"]),
                    why=item.get("why", ""),
                )
                for item in items
            )
            for name, items in data["drafts"].items()
        }
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path} is not a valid expected-verdicts file ({exc!r})") from exc


def _find(report: Report, item: ExpectedVerdict) -> Judgment | None:
    at = report.draft.text.find(item.anchor)
    if at == -1:
        raise InputError(f"anchor not found in {report.draft.path}: {item.anchor!r}")
    for j in report.judgments:
        start, end = j.statement.span
        if j.statement.kind is item.kind and (
            start <= at < end or at <= start < at + len(item.anchor)
        ):
            return j
    return None


def score_report(report: Report, expected: tuple[ExpectedVerdict, ...]) -> SampleScore:
    """How many expected verdicts the report matches; a statement not extracted is a miss."""
    misses: list[tuple[ExpectedVerdict, Verdict | None]] = []
    for item in expected:
        j = _find(report, item)
        got = j.verdict if j else None
        if got is not item.expected:
            misses.append((item, got))
    return SampleScore(
        total=len(expected), correct=len(expected) - len(misses), misses=tuple(misses)
    )


# --- NLI evaluation ---------------------------------------------------------------------------

NLI_ORDER = (Verdict.SUPPORTED, Verdict.UNVERIFIABLE, Verdict.CONTRADICTED)  # model's label order


def classification_metrics(
    gold: list[Verdict], probs: NDArray[np.float32], *, labels: tuple[Verdict, ...] = NLI_ORDER
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-label precision/recall/F1, confusion, supported-vs-contradicted
    balanced accuracy and expected calibration error, from 3-way probabilities."""
    n = len(gold)
    pred = [labels[int(i)] for i in probs.argmax(axis=1)] if n else []
    per_label: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g is lab and p is lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g is not lab and p is lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g is lab and p is not lab)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[lab.value] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": sum(1 for g in gold if g is lab),
        }
    present = [lab for lab in labels if per_label[lab.value]["support"] > 0]
    macro_f1 = sum(per_label[lab.value]["f1"] for lab in present) / len(present) if present else 0.0
    confusion = {g.value: {p.value: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred, strict=True):
        confusion[g.value][p.value] += 1
    # Supported vs contradicted: on gold S/C rows, S when P(entail) > P(contradict).
    s_idx, c_idx = labels.index(Verdict.SUPPORTED), labels.index(Verdict.CONTRADICTED)
    recalls = []
    for lab, mine, other in (
        (Verdict.SUPPORTED, s_idx, c_idx),
        (Verdict.CONTRADICTED, c_idx, s_idx),
    ):
        rows = [i for i, g in enumerate(gold) if g is lab]
        if rows:
            recalls.append(sum(1 for i in rows if probs[i, mine] > probs[i, other]) / len(rows))
    conf = probs.max(axis=1) if n else np.zeros(0)
    correct = np.array([g is p for g, p in zip(gold, pred, strict=True)], dtype=float)
    ece = 0.0
    for lo in np.linspace(0, 1, 11)[:-1]:
        mask = (conf > lo) & (conf <= lo + 0.1)
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return {
        "n": n,
        "accuracy": round(float(correct.mean()) if n else 0.0, 4),
        "macro_f1": round(macro_f1, 4),
        "supported_vs_contradicted_balanced_accuracy": round(sum(recalls) / len(recalls), 4)
        if recalls
        else None,
        "per_label": per_label,
        "confusion": confusion,
        "expected_calibration_error": round(float(ece), 4),
    }


def evaluate_nli(set_dir: Path, judge: NliJudge, *, limit: int | None = None) -> dict[str, Any]:
    """The NLI judge on a labelled set with its gold evidence given, leaving out every row the
    shipped model trained or was calibrated on."""
    trained = judge.trained_row_ids()
    rows = read_claims(set_dir)
    kept = [r for r in rows if r.id not in trained]
    pairs = [p for r in kept for p in nli_pairs(r)]
    if limit:
        pairs = pairs[:limit]
    if not pairs:
        raise InputError(f"{set_dir} has no rows with evidence to judge")
    probs = judge.predict([(p.premise, p.hypothesis) for p in pairs])
    metrics = classification_metrics([p.label for p in pairs], probs)
    metrics["set"] = set_dir.name
    metrics["excluded_trained_rows"] = len(rows) - len(kept)
    metrics["model_sha256"] = judge.manifest.get("sha256")
    return metrics
