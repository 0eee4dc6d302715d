"""Labelled data -> metrics.

Scoring reports against a hand-written list of expected verdicts (``sample_drafts/EXPECTED.json``),
and the NLI judge against the labelled sets of ../shared/eval-data with gold evidence given.
Whole-pipeline evaluation (``--mode corpus``) arrives with the verdict-engine issue.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from ..extract.quotes import find_quotes, same_speaker
from ..extract.reported import find_indirect
from ..extract.sentences import split_sentences
from ..text.files import read_text
from ..types import Judgment, Report, Span, StatementKind, Verdict
from .datasets import nli_pairs, read_claims, read_polnear

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..models.nli_judge import NliJudge

__all__ = [
    "ExpectedVerdict",
    "SampleScore",
    "classification_metrics",
    "evaluate_extraction",
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


def per_label_metrics(
    gold: list[Verdict], pred: list[Verdict], labels: tuple[Verdict, ...]
) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each label."""
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
            "support": tp + fn,
        }
    return per_label


def classification_metrics(
    gold: list[Verdict], probs: NDArray[np.float32], *, labels: tuple[Verdict, ...] = NLI_ORDER
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-label precision/recall/F1, confusion, supported-vs-contradicted
    balanced accuracy and expected calibration error, from 3-way probabilities."""
    n = len(gold)
    pred = [labels[int(i)] for i in probs.argmax(axis=1)] if n else []
    per_label = per_label_metrics(gold, pred, labels)
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


# --- extraction evaluation (PolNeAR) ----------------------------------------------------------

_EDGE = " \t\n\"“”‘’'.,;:!?—–-"
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class _Unit:
    doc: str
    span: Span
    sources: tuple[Span, ...]  # gold: source spans; predicted: the speaker mention span
    speaker: str | None


def _trim(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return (s, e)


def _tokens(words: list[Span], span: Span) -> set[int]:
    return {i for i, (s, e) in enumerate(words) if s >= span[0] and e <= span[1]}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _score_units(
    texts: dict[str, str], gold: list[_Unit], pred: list[_Unit]
) -> dict[str, float | int]:
    words = {d: [m.span() for m in _WORD_RE.finditer(t)] for d, t in texts.items()}
    tok = {id(u): _tokens(words[u.doc], _trim(texts[u.doc], u.span)) for u in gold + pred}
    by_doc: dict[str, list[_Unit]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    pred_by_doc: dict[str, list[_Unit]] = {}
    for p in pred:
        pred_by_doc.setdefault(p.doc, []).append(p)

    def best(u: _Unit, pool: list[_Unit]) -> tuple[_Unit | None, int]:
        scored = [(len(tok[id(u)] & tok[id(v)]), v) for v in pool]
        if not scored:
            return None, 0
        n, v = max(scored, key=lambda x: x[0])
        return (v, n) if n else (None, 0)

    def speaker_ok(p: _Unit, g: _Unit) -> bool:
        if any(a < d and c < b for a, b in p.sources for c, d in g.sources):
            return True
        gold_names = [texts[g.doc][c:d] for c, d in g.sources]
        return bool(p.speaker) and any(
            p.speaker is not None and same_speaker(p.speaker, name) and name[:1].isupper()
            for name in gold_names
        )

    exact_p = sum(
        1
        for p in pred
        if any(
            _trim(texts[p.doc], p.span) == _trim(texts[g.doc], g.span)
            for g in by_doc.get(p.doc, [])
        )
    )
    exact_r = sum(
        1
        for g in gold
        if any(
            _trim(texts[g.doc], g.span) == _trim(texts[p.doc], p.span)
            for p in pred_by_doc.get(g.doc, [])
        )
    )
    # Overlap: word-level, against the union of the other side's spans in the same document.
    gold_union = {d: set().union(*(tok[id(g)] for g in units)) for d, units in by_doc.items()}
    pred_union = {d: set().union(*(tok[id(p)] for p in units)) for d, units in pred_by_doc.items()}
    over_p = sum(len(tok[id(p)] & gold_union.get(p.doc, set())) for p in pred)
    over_r = sum(len(tok[id(g)] & pred_union.get(g.doc, set())) for g in gold)
    speaker_p = 0
    for p in pred:
        match, n = best(p, by_doc.get(p.doc, []))
        if match is not None and 2 * n >= len(tok[id(match)]) and speaker_ok(p, match):
            speaker_p += 1
    speaker_r = 0
    for g in gold:
        found, n = best(g, pred_by_doc.get(g.doc, []))
        if found is not None and 2 * n >= len(tok[id(g)]) and speaker_ok(found, g):
            speaker_r += 1
    pred_tokens = sum(len(tok[id(p)]) for p in pred) or 1
    gold_tokens = sum(len(tok[id(g)]) for g in gold) or 1
    n_pred, n_gold = len(pred) or 1, len(gold) or 1
    return {
        "gold": len(gold),
        "predicted": len(pred),
        "content_exact_f1": round(_f1(exact_p / n_pred, exact_r / n_gold), 4),
        "content_overlap_f1": round(_f1(over_p / pred_tokens, over_r / gold_tokens), 4),
        "content_overlap_precision": round(over_p / pred_tokens, 4),
        "content_overlap_recall": round(over_r / gold_tokens, 4),
        "speaker_f1": round(_f1(speaker_p / n_pred, speaker_r / n_gold), 4),
        "speaker_precision": round(speaker_p / n_pred, 4),
        "speaker_recall": round(speaker_r / n_gold, 4),
    }


def evaluate_extraction(set_dir: Path, *, split: str = "test") -> dict[str, Any]:
    """Quote and speaker extraction against PolNeAR's gold attributions.

    Units are content spans (a split quote has two). ``direct``: gold direct quotes against the
    quotes we call direct; ``all``: every gold attribution (direct, mixed, indirect) against every
    quote we find. Exact F1 compares spans with quote marks and edge punctuation trimmed;
    overlap F1 counts shared words; a speaker is right when our speaker mention overlaps the
    gold source span or names the same person.
    """
    articles, attributions = read_polnear(set_dir, split)
    texts = {doc_id: str(d["text"]) for doc_id, d in articles.items()}
    gold_direct: list[_Unit] = []
    gold_all: list[_Unit] = []
    for d in attributions:
        sources = tuple((int(a), int(b)) for a, b in d.get("source_spans") or [])
        for a, b in d.get("content_spans") or []:
            unit = _Unit(d["doc_id"], (int(a), int(b)), sources, d.get("source"))
            gold_all.append(unit)
            if d.get("quote_kind") == "direct":
                gold_direct.append(unit)
    pred_direct: list[_Unit] = []
    pred_all: list[_Unit] = []
    for doc_id, text in texts.items():
        quotes = find_quotes(text)
        for q in quotes + find_indirect(text, split_sentences(text), quotes):
            unit = _Unit(doc_id, q.marks, (q.speaker_span,) if q.speaker_span else (), q.speaker)
            pred_all.append(unit)
            if q.kind == "direct":
                pred_direct.append(unit)
    return {
        "set": set_dir.name,
        "split": split,
        "documents": len(texts),
        "direct": _score_units(texts, gold_direct, pred_direct),
        "all": _score_units(texts, gold_all, pred_all),
    }
