"""What every evaluation returns, and the counting they share.

The records are ``TypedDict``s: the CLI prints them and writes them as JSON unchanged, so each
is a plain dict at run time, with its keys in the order they are written. The functions are
the loops the evaluations have in common: per-label precision and recall, confusion matrices,
balanced accuracy, rates, and timing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, NotRequired, TypedDict, TypeVar

from ..types import Verdict

__all__ = [
    "BinaryConfusion",
    "CaseRate",
    "ClaimRecord",
    "ClaimsMetrics",
    "ClassificationMetrics",
    "Confusion",
    "Corpus",
    "EvidenceHits",
    "ExtractionMetrics",
    "FigureRecord",
    "FigureStatement",
    "FiguresMetrics",
    "GroundedMetrics",
    "IdentityFigures",
    "KindAccuracy",
    "LabelScores",
    "NewsroomMetrics",
    "NewsroomScores",
    "NliMetrics",
    "NumbersMetrics",
    "NumbersRecord",
    "PhraseRow",
    "QuoteCase",
    "QuoteRecord",
    "QuotesMetrics",
    "RankMetrics",
    "RerankInfo",
    "RetrievalMetrics",
    "Share",
    "SourceFigures",
    "StatementShare",
    "Stopwatch",
    "UnitScores",
    "VerdictMetrics",
    "WebPageFigures",
    "balanced_accuracy",
    "binary_confusion",
    "confusion_matrix",
    "per_label_metrics",
    "rate",
    "recall",
    "share",
]

Corpus = Literal["own", "all"]  # the corpus-wide stress tests: each case's own source, or all
QuoteCase = Literal["exact", "substituted", "inserted", "deleted", "misattributed"]

# --- shared parts -----------------------------------------------------------------------------


class LabelScores(TypedDict):
    precision: float
    recall: float
    f1: float
    support: int


Confusion = dict[str, dict[str, int]]  # gold -> predicted -> count


class BinaryConfusion(TypedDict):
    """Supported (positive) vs not: gold/predicted."""

    tp: int
    fn: int
    fp: int
    tn: int


class Share(TypedDict):
    n: int
    correct: int
    accuracy: float


# --- eval nli, eval extract (harness.py) ------------------------------------------------------


class ClassificationMetrics(TypedDict):
    n: int
    accuracy: float
    macro_f1: float
    supported_vs_contradicted_balanced_accuracy: float | None
    per_label: dict[str, LabelScores]
    confusion: Confusion
    expected_calibration_error: float


class NliMetrics(ClassificationMetrics):
    set: str
    excluded_trained_rows: int
    model_sha256: str | None


class UnitScores(TypedDict):
    gold: int
    predicted: int
    content_exact_f1: float
    content_overlap_f1: float
    content_overlap_precision: float
    content_overlap_recall: float
    speaker_f1: float
    speaker_precision: float
    speaker_recall: float


class ExtractionMetrics(TypedDict):
    set: str
    split: str
    documents: int
    direct: UnitScores
    all: UnitScores


# --- eval claims (claims.py) ------------------------------------------------------------------


class VerdictMetrics(TypedDict):
    n: int
    accuracy: float
    macro_f1: float
    balanced_accuracy: float
    per_label: dict[str, LabelScores]
    confusion: Confusion


class ClaimRecord(TypedDict):
    id: str
    claim: str
    gold: str
    predicted: str
    finding: str
    confidence: float
    reason: str
    evidence: list[str]


# Corpus mode only: the share of claims with a deciding gold passage in the top k.
EvidenceHits = TypedDict(
    "EvidenceHits", {"evidence_hit@1": float | None, "evidence_hit@5": float | None}, total=False
)

ClaimsMetrics = TypedDict(
    "ClaimsMetrics",
    {
        "set": str,
        "mode": str,
        "n": int,
        "accuracy": float,
        "macro_f1": float,
        "balanced_accuracy": float,
        "per_label": dict[str, LabelScores],
        "confusion": Confusion,
        "excluded_trained_rows": int,
        "not_checkable": int,
        "findings": dict[str, int],
        "evidence_hit@1": NotRequired[float | None],
        "evidence_hit@5": NotRequired[float | None],
        "records": list[ClaimRecord],
    },
)

# --- eval retrieval (retrieval.py) ------------------------------------------------------------

# hit@k and recall@k for each cut-off (keys made from the cut-offs, so a plain dict).
RankMetrics = dict[str, float]


class RerankInfo(TypedDict):
    depth: int
    fusion: float


class RetrievalMetrics(TypedDict):
    set: str
    claims: int
    passages: int
    backend: str
    runtime: str
    excluded_trained_rows: NotRequired[int]  # with a reranker
    dense: RankMetrics
    bm25: RankMetrics
    hybrid: RankMetrics
    reranked: NotRequired[RankMetrics]  # with a reranker
    rerank: NotRequired[RerankInfo]  # with a reranker


# --- eval numbers (numbers.py) ----------------------------------------------------------------


class NumbersRecord(TypedDict):
    id: str
    claim: str
    changed: str | None  # "1.8 -> 2.16"; None for an unchanged bullet
    verdict: str
    finding: str
    reason: str
    right_document: bool | None
    evidence_documents: list[str]


class NumbersMetrics(TypedDict):
    set: str
    corpus: str
    split: str
    calls: int
    seconds: float
    unchanged: int
    changed: int
    changed_contradicted: float
    unchanged_contradicted: float
    unchanged_supported: float
    changed_supported: float
    right_document_unchanged: float | None
    right_document_changed: float | None
    findings_changed: dict[str, int]
    findings_unchanged: dict[str, int]
    records: list[NumbersRecord]


# --- eval quotes (quotes.py) ------------------------------------------------------------------


class CaseRate(TypedDict):
    right: int
    n: int
    rate: float | None


class QuoteRecord(TypedDict):
    id: str
    case: str
    speaker: str | None
    verdict: str
    finding: str
    right: bool
    right_document: bool | None
    evidence_documents: list[str] | None


class QuotesMetrics(TypedDict):
    set: str
    split: str
    corpus: str
    articles: int
    seconds: float
    cases: dict[str, CaseRate]
    altered_caught_with_right_kind: float
    exact_supported: float
    exact_flagged: float
    right_document: float | None
    records: list[QuoteRecord]


# --- eval grounded (grounded.py) --------------------------------------------------------------


class GroundedMetrics(TypedDict):
    set: str
    split: str
    n: int
    left_out_trained: int
    balanced_accuracy: float
    recall_supported: float
    recall_unsupported: float
    confusion: BinaryConfusion
    seconds_per_claim: float
    threshold: float
    sweep: list[list[float]]
    by_label: dict[str, list[int]]


# --- eval figures (figures.py) ----------------------------------------------------------------


class FigureStatement(TypedDict):
    text: str
    kind: str
    category: str
    verdict: str
    reason: str


class FigureRecord(TypedDict):
    id: str
    kind: str
    want: str
    got: str
    right: bool
    statements: list[FigureStatement]
    reason: str


class KindAccuracy(TypedDict):
    n: int
    right: int
    accuracy: float


class FiguresMetrics(TypedDict):
    set: str
    n: int
    right: int
    accuracy: float
    per_kind: dict[str, KindAccuracy]
    got: dict[str, int]
    cases: list[FigureRecord]


# --- eval newsrooms (newsrooms.py) ------------------------------------------------------------


class StatementShare(Share):
    span: float
    kind: float
    speaker: float
    per_newsroom: dict[str, Share]


class PhraseRow(TypedDict):
    newsroom: str
    draft: str
    phrase: str
    kind: str
    want: str
    got: str | None
    reason: str
    statement: str | None
    statement_kind: str | None
    speaker: str | None
    span_right: bool
    kind_right: bool
    speaker_right: bool


class NewsroomScores(TypedDict):
    overall: Share
    per_newsroom: dict[str, Share]
    per_verdict: dict[str, Share]
    per_kind: dict[str, Share]
    confusion: Confusion
    statement_right: StatementShare
    misses: list[PhraseRow]
    wrong_statements: list[PhraseRow]
    phrases: list[PhraseRow]


class IdentityFigures(TypedDict):
    sources: int
    dated_right: float
    kinds_right: float
    titles_right: float
    unread: int


class WebPageFigures(TypedDict):
    pages: int
    furniture_dropped: float
    content_kept: float


class SourceFigures(TypedDict, total=False):
    identity: IdentityFigures
    web_pages: WebPageFigures


class NewsroomMetrics(NewsroomScores):
    newsrooms: list[str]
    sources: SourceFigures


# --- counting ---------------------------------------------------------------------------------

T = TypeVar("T")


def per_label_metrics(
    gold: list[Verdict], pred: list[Verdict], labels: tuple[Verdict, ...]
) -> dict[str, LabelScores]:
    """Precision, recall, F1 and support of each label."""
    per_label: dict[str, LabelScores] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g is lab and p is lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g is not lab and p is lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g is lab and p is not lab)
        precision = tp / (tp + fp) if tp + fp else 0.0
        rec = recall(tp, tp + fn)
        f1 = 2 * precision * rec / (precision + rec) if precision + rec else 0.0
        per_label[lab.value] = {
            "precision": round(precision, 4),
            "recall": round(rec, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }
    return per_label


def confusion_matrix(
    pairs: Iterable[tuple[str, str]], rows: Sequence[str], columns: Sequence[str] | None = None
) -> Confusion:
    """Counts of (gold, predicted) pairs: one row per gold label in ``rows``, one column per
    predicted label in ``columns`` (``rows`` when not given), zeros included."""
    cols = rows if columns is None else columns
    out = {g: dict.fromkeys(cols, 0) for g in rows}
    for g, p in pairs:
        out[g][p] += 1
    return out


def binary_confusion(golds: Sequence[bool], preds: Sequence[bool]) -> BinaryConfusion:
    """Positive (True) vs negative: true/false positives and negatives."""
    pairs = list(zip(golds, preds, strict=True))
    return {
        "tp": sum(g and p for g, p in pairs),
        "fn": sum(g and not p for g, p in pairs),
        "fp": sum(p and not g for g, p in pairs),
        "tn": sum(not g and not p for g, p in pairs),
    }


def recall(found: int, total: int) -> float:
    """``found`` of ``total``; 0 when there is nothing to find."""
    return found / total if total else 0.0


def balanced_accuracy(recalls: Sequence[float]) -> float:
    """The mean of the per-class recalls given (0 when none is)."""
    return sum(recalls) / len(recalls) if recalls else 0.0


def rate(hits: Iterable[bool]) -> float:
    """The share of true values, rounded to 4 places (the caller checks there is one)."""
    values = list(hits)
    return round(sum(1 for h in values if h) / len(values), 4)


def share(results: Sequence[T], test: Callable[[T], bool]) -> Share:
    """How many of ``results`` pass ``test``: count and accuracy (0 for none)."""
    n = len(results)
    k = sum(1 for r in results if test(r))
    return {"n": n, "correct": k, "accuracy": round(k / n, 4) if n else 0.0}


class Stopwatch:
    """Wall-clock seconds since it was made: an evaluation's run time."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started
