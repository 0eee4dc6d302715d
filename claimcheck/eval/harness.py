"""The one evaluation harness, and labelled data -> metrics for ``eval nli`` and ``eval extract``.

The harness: how every evaluation indexes a set (``passages_index``, ``rows_index`` and
``temporary_index`` for a set's own passages; ``built_index`` for files indexed as ``claimcheck
index build`` indexes them), turns a labelled claim into a statement (``claim_statement``) and
asks for evidence (``evidence_for``: the library's ``retrieve()`` with the settings ``verify``
uses). Verdicts come from ``pipeline.verify``/``verify_text``/``judge_all`` or the judge.

Scoring reports against a hand-written list of expected verdicts (``sample_drafts/EXPECTED.json``),
and the NLI judge against the labelled sets of ../shared/eval-data with gold evidence given.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..config import Settings
from ..errors import InputError
from ..extract.classify import classify_claim
from ..extract.quotes import find_quotes, same_speaker
from ..extract.reported import find_indirect
from ..index import build_index, load_index
from ..index.backend import BackendSpec, collection_name, create_backend
from ..index.open import Index
from ..index.passages import index_text
from ..index.store import Store
from ..models.embedder import Embedder
from ..retrieve import retrieve
from ..text.files import read_text
from ..text.sentences import split_sentences
from ..types import (
    Document,
    Evidence,
    Judgment,
    Passage,
    Report,
    Span,
    Statement,
    StatementKind,
    Verdict,
)
from .datasets import nli_pairs, read_claims, read_polnear
from .metrics import (
    ClassificationMetrics,
    ExtractionMetrics,
    NliMetrics,
    UnitScores,
    balanced_accuracy,
    confusion_matrix,
    per_label_metrics,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..models.nli_judge import NliJudge
    from ..models.reranker import Reranker

__all__ = [
    "ExpectedVerdict",
    "SampleScore",
    "built_index",
    "claim_statement",
    "classification_metrics",
    "evaluate_extraction",
    "evaluate_nli",
    "evidence_for",
    "load_expected",
    "passages_index",
    "per_label_metrics",
    "row_documents",
    "rows_index",
    "score_report",
    "temporary_index",
]


# --- the harness: indexes, statements, evidence -----------------------------------------------


def claim_statement(claim_id: str, text: str) -> Statement:
    """A bare claim as the pipeline would take it from a draft: classified, standing alone."""
    return Statement(
        id=claim_id, kind=StatementKind.CLAIM, text=text, span=(0, len(text)), speaker=None,
        context=text, category=classify_claim(text).value, standalone=text,
    )  # fmt: skip


def passages_index(
    docs: list[tuple[Document, list[Passage]]],
    embedder: Embedder,
    folder: Path,
    *,
    backend: BackendSpec | None = None,
) -> Index:
    """An index in ``folder`` of these documents and passages, made of the same parts as a
    real one (SQLite store, the chosen search backend, BM25 that reads each passage with its
    title), but without generations: for evaluations that index a set in a temporary folder.
    Its manifest records only the embedding runtime, which ``retrieve()`` checks."""
    store = Store.create(folder / "store.sqlite")
    row = 0
    for doc, passages in docs:
        store.add_document(doc, sha256="")
        row = store.add_passages(passages, row)
    store.commit()
    spec = (backend or BackendSpec()).validate()
    if spec.name == "milvus" and not spec.uri:
        spec = BackendSpec("milvus", str(folder / "milvus.db"))
    search = create_backend(
        spec,
        folder,
        dimension=embedder.dimension,
        total=row,
        collection=collection_name(folder, 1),
    )
    titled = [index_text(doc.title, p.text) for doc, ps in docs for p in ps]
    search.add(embedder.encode([p.text for _, ps in docs for p in ps]), titled)
    search.commit()
    return Index(folder, {"model": {"runtime": embedder.runtime}}, store, search)


def row_documents(corpus: list[dict[str, Any]]) -> list[tuple[Document, list[Passage]]]:
    """One document of one passage per ``corpus.jsonl`` row (ids = the row's ``doc_id``)."""
    docs = []
    for d in corpus:
        doc_id, text = str(d["doc_id"]), str(d["text"])
        doc = Document(
            id=doc_id, title=str(d.get("title") or "") or doc_id, text=text, source=doc_id,
            date=None, url=None, kind="other", speakers=(), turns=(),
        )  # fmt: skip
        passage = Passage(id=doc_id, doc_id=doc_id, text=text, span=(0, len(text)), speaker=None)
        docs.append((doc, [passage]))
    return docs


def rows_index(
    corpus: list[dict[str, Any]],
    embedder: Embedder,
    folder: Path,
    *,
    backend: BackendSpec | None = None,
) -> Index:
    """An index in ``folder`` with one passage per ``corpus.jsonl`` row (``row_documents``)."""
    return passages_index(row_documents(corpus), embedder, folder, backend=backend)


@contextmanager
def temporary_index(
    docs: list[tuple[Document, list[Passage]]],
    embedder: Embedder,
    *,
    prefix: str = "claimcheck-eval-",
    backend: BackendSpec | None = None,
) -> Iterator[Index]:
    """``passages_index`` in a temporary folder, closed (and an embedded Milvus released) and
    removed on exit."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        index = passages_index(docs, embedder, Path(tmp), backend=backend)
        try:
            yield index
        finally:
            index.close()
            if index.backend.name == "milvus":
                from ..index.milvus import release

                release(str(Path(tmp) / "milvus.db"))


@contextmanager
def built_index(
    sources: Sequence[Path], folder: Path, *, embedder: Embedder, settings: Settings
) -> Iterator[Index]:
    """``sources`` indexed into ``folder`` by ``build_index``, as ``claimcheck index build``
    indexes them, and opened (closed on exit)."""
    build_index(list(sources), folder, embedder=embedder, settings=settings)
    index = load_index(folder)
    try:
        yield index
    finally:
        index.close()


def evidence_for(
    statements: Sequence[Statement],
    index: Index,
    embedder: Embedder,
    settings: Settings,
    reranker: Reranker | None = None,
) -> list[tuple[Evidence, ...]]:
    """Each statement's evidence as ``verify`` retrieves it: ``retrieve()`` to
    ``settings.depth`` passages in ``settings.retrieval`` mode, reranked when a reranker is
    given."""
    return retrieve(
        statements, index, embedder, top_k=settings.depth, mode=settings.retrieval,
        reranker=reranker,
    )  # fmt: skip


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
) -> ClassificationMetrics:
    """Accuracy, macro-F1, per-label precision/recall/F1, confusion, supported-vs-contradicted
    balanced accuracy and expected calibration error, from 3-way probabilities."""
    n = len(gold)
    pred = [labels[int(i)] for i in probs.argmax(axis=1)] if n else []
    per_label = per_label_metrics(gold, pred, labels)
    present = [lab for lab in labels if per_label[lab.value]["support"] > 0]
    macro_f1 = sum(per_label[lab.value]["f1"] for lab in present) / len(present) if present else 0.0
    confusion = confusion_matrix(
        ((g.value, p.value) for g, p in zip(gold, pred, strict=True)), [lab.value for lab in labels]
    )
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
        "supported_vs_contradicted_balanced_accuracy": round(balanced_accuracy(recalls), 4)
        if recalls
        else None,
        "per_label": per_label,
        "confusion": confusion,
        "expected_calibration_error": round(float(ece), 4),
    }


def evaluate_nli(set_dir: Path, judge: NliJudge, *, limit: int | None = None) -> dict[str, Any]:
    """The NLI judge on a labelled set with its gold evidence given, leaving out every row the
    shipped model trained or was calibrated on: an ``NliMetrics`` record.

    Annotated as a plain dict only because the CLI's ``_print_metrics`` takes
    ``dict[str, object]``; once that takes ``Mapping[str, object]`` this returns
    ``NliMetrics``."""
    trained = judge.trained_row_ids()
    rows = read_claims(set_dir)
    kept = [r for r in rows if r.id not in trained]
    pairs = [p for r in kept for p in nli_pairs(r)]
    if limit:
        pairs = pairs[:limit]
    if not pairs:
        raise InputError(f"{set_dir} has no rows with evidence to judge")
    probs = judge.predict([(p.premise, p.hypothesis) for p in pairs])
    metrics: NliMetrics = {
        **classification_metrics([p.label for p in pairs], probs),
        "set": set_dir.name,
        "excluded_trained_rows": len(rows) - len(kept),
        "model_sha256": judge.manifest.get("sha256"),
    }
    return dict(metrics)


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


def _score_units(texts: dict[str, str], gold: list[_Unit], pred: list[_Unit]) -> UnitScores:
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


def evaluate_extraction(set_dir: Path, *, split: str = "test") -> ExtractionMetrics:
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
