"""The whole verdict pipeline on a labelled set: gold evidence given, or retrieved from a corpus.

``evidence`` mode hands each claim's gold evidence to the judges as its passages (how well the
judges decide); ``corpus`` mode indexes the set's ``corpus.jsonl`` with the real index parts,
retrieves the top k for each claim and judges those (how well claimcheck does end to end).
Claims are judged exactly as a draft's claims are: classified (opinions, predictions and
questions are "not checkable", scored as unverifiable), figures and names first, then the NLI
judge, then similarity.
"""

from __future__ import annotations

from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import InputError
from ..index import Index
from ..models.embedder import Embedder
from ..models.nli_judge import NliJudge
from ..models.reranker import Reranker
from ..pipeline import judge_all
from ..types import (
    Document,
    Evidence,
    Passage,
    SourceRef,
    Verdict,
)
from .datasets import LabelledClaim, read_claims
from .harness import claim_statement, evidence_for, row_documents, temporary_index
from .metrics import (
    ClaimRecord,
    ClaimsMetrics,
    EvidenceHits,
    VerdictMetrics,
    balanced_accuracy,
    confusion_matrix,
    per_label_metrics,
)
from .retrieval import read_corpus

__all__ = ["MODES", "claim_statement", "evaluate_claims", "verdict_metrics"]

MODES = ("evidence", "corpus")
LABELS = (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIABLE)


def _deciding_ids(row: LabelledClaim) -> set[str]:
    """Gold evidence ids; where the set labels each evidence sentence, only those labelled as
    supporting or contradicting (as ``claimcheck eval retrieval`` counts them)."""
    if row.evidence_labels and len(row.evidence_labels) == len(row.evidence_ids):
        return {
            i for i, lab in zip(row.evidence_ids, row.evidence_labels, strict=True)
            if lab in (Verdict.SUPPORTED, Verdict.CONTRADICTED)
        }  # fmt: skip
    return set(row.evidence_ids)


def verdict_metrics(gold: list[Verdict], pred: list[Verdict]) -> VerdictMetrics:
    """Per-label precision/recall/F1, macro-F1 and balanced accuracy over the gold labels
    present, and the confusion matrix (gold -> predicted). "Not checkable" counts as
    unverifiable: no verdict was given."""
    pred = [Verdict.UNVERIFIABLE if p is Verdict.NOT_CHECKABLE else p for p in pred]
    per_label = per_label_metrics(gold, pred, LABELS)
    present = [lab.value for lab in LABELS if per_label[lab.value]["support"]]
    confusion = confusion_matrix(
        ((g.value, p.value) for g, p in zip(gold, pred, strict=True)), [lab.value for lab in LABELS]
    )
    n = len(gold)
    return {
        "n": n,
        "accuracy": round(sum(1 for g, p in zip(gold, pred, strict=True) if g is p) / n, 4)
        if n
        else 0.0,
        "macro_f1": round(sum(per_label[x]["f1"] for x in present) / len(present), 4)
        if present
        else 0.0,
        "balanced_accuracy": round(balanced_accuracy([per_label[x]["recall"] for x in present]), 4)
        if present
        else 0.0,
        "per_label": per_label,
        "confusion": confusion,
    }


def _gold_evidence(rows: list[LabelledClaim], embedder: Embedder) -> list[tuple[Evidence, ...]]:
    """Each claim's gold evidence as passages of their own, scored by cosine similarity."""
    claims = embedder.encode([r.claim for r in rows])
    out: list[tuple[Evidence, ...]] = []
    for row, c in zip(rows, claims, strict=True):
        if not row.evidence:
            out.append(())
            continue
        scores = embedder.encode(list(row.evidence)) @ c
        items = []
        for i, (text, score) in enumerate(zip(row.evidence, scores, strict=True)):
            pid = f"{row.id}#e{i}"
            items.append(
                Evidence(
                    passage=Passage(
                        id=pid, doc_id=pid, text=text, span=(0, len(text)), speaker=None
                    ),
                    source=SourceRef(
                        doc_id=pid,
                        title="gold evidence",
                        kind="other",
                        date=None,
                        source=pid,
                        url=None,
                    ),
                    score=float(score),
                    rank=0,
                )  # fmt: skip
            )
        items.sort(key=lambda e: -e.score)
        out.append(tuple(Evidence(e.passage, e.source, e.score, r) for r, e in enumerate(items, 1)))
    return out


def evaluate_claims(
    set_dir: Path,
    *,
    mode: str,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None,
    limit: int | None = None,
    reranker: Reranker | None = None,
) -> dict[str, Any]:
    """Verdict metrics, evidence recall (corpus mode) and one record per claim: a
    ``ClaimsMetrics`` record. ``reranker`` reorders the retrieved passages in corpus mode, as
    ``verify`` does (evidence by ``retrieve()``, as ``verify`` retrieves it).

    Annotated as a plain dict only because the CLI's ``_print_metrics`` takes
    ``dict[str, object]``; once that takes ``Mapping[str, object]`` this returns
    ``ClaimsMetrics``."""
    if mode not in MODES:
        raise InputError(f"unknown mode {mode!r}: use evidence or corpus")
    rows = read_claims(set_dir)
    if mode == "evidence":
        rows = [r for r in rows if r.evidence]
    else:  # an NEI that holds only for one sentence of a document is not an NEI for the corpus
        rows = [r for r in rows if r.nei_scope != "evidence_sentence_only"]
    # Rows the shipped NLI judge or reranker trained or was tuned on would flatter them: left out.
    trained = nli.trained_row_ids() if nli is not None else frozenset()
    if reranker is not None and mode == "corpus":
        trained |= reranker.trained_row_ids()
    excluded = sum(1 for r in rows if r.id in trained)
    rows = [r for r in rows if r.id not in trained]
    rows = rows[:limit] if limit else rows
    if not rows:
        raise InputError(f"{set_dir} has no labelled claims usable in {mode} mode")
    statements = tuple(claim_statement(r.id, r.claim) for r in rows)
    docs: dict[str, Document] = {}
    index: Index | None = None
    with ExitStack() as stack:
        if mode == "evidence":
            evidence = _gold_evidence(rows, embedder)
            for ev in evidence:
                for e in ev:
                    docs[e.passage.doc_id] = Document(
                        id=e.passage.doc_id, title="gold evidence", text=e.passage.text,
                        source=e.passage.doc_id, date=None, url=None, kind="other", speakers=(),
                        turns=(),
                    )  # fmt: skip
        else:
            corpus = read_corpus(set_dir)
            index = stack.enter_context(temporary_index(row_documents(corpus), embedder))
            evidence = evidence_for(statements, index, embedder, settings, reranker)

        def document(doc_id: str) -> Document:
            if doc_id not in docs:
                assert index is not None
                docs[doc_id] = index.store.document(doc_id)
            return docs[doc_id]

        judgments = judge_all(statements, evidence, document, settings, nli)

    gold = [r.label for r in rows]
    pred = [j.verdict for j in judgments]
    hits: EvidenceHits = {}
    if mode == "corpus":
        pairs = [(_deciding_ids(r), ev) for r, ev in zip(rows, evidence, strict=True)]
        with_gold = [(ids, ev) for ids, ev in pairs if ids]
        found = {
            k: [bool({e.passage.doc_id for e in ev[:k]} & ids) for ids, ev in with_gold]
            for k in (1, 5)
        }
        hits["evidence_hit@1"] = round(float(np.mean(found[1])), 4) if found[1] else None
        hits["evidence_hit@5"] = round(float(np.mean(found[5])), 4) if found[5] else None
    records: list[ClaimRecord] = [
        {
            "id": r.id,
            "claim": r.claim,
            "gold": r.label.value,
            "predicted": j.verdict.value,
            "finding": j.finding.value,
            "confidence": round(j.confidence, 3),
            "reason": j.reason,
            "evidence": [e.passage.doc_id for e in j.evidence[:3]],
        }
        for r, j in zip(rows, judgments, strict=True)
    ]
    result: ClaimsMetrics = {
        "set": set_dir.name,
        "mode": mode,
        **verdict_metrics(gold, pred),
        "excluded_trained_rows": excluded,
        "not_checkable": sum(1 for p in pred if p is Verdict.NOT_CHECKABLE),
        "findings": dict(Counter(j.finding.value for j in judgments).most_common()),
        **hits,
        "records": records,
    }
    return dict(result)
