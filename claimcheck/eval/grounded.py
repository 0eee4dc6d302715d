"""``claimcheck eval grounded``: each claim against its own grounding documents only.

The protocol of LLM-AggreFact (the benchmark MiniCheck and its peers report on): a claim and the
document(s) it cites; the claim is supported or not (partially supported, conflicting and the
like count as not); the score is balanced accuracy. Each claim is checked the way
``claimcheck check CLAIM --against FILE`` checks it (``pipeline.verify_text`` with the documents
as named sources) and counts as supported when every statement drawn from it is supported.

Works on any folder with ``claims.jsonl`` (+ ``extra_labels.jsonl``) and ``corpus.jsonl`` in the
shared format. Splits: the set's own ``split`` field where it has one; otherwise a stable hash
of the claim id makes one (dev: hash part below ``DEV_PART`` of 100, test: the rest). Rows the
NLI model trained or was calibrated on are always left out, and counted.

``--sweep`` scores the dev split at each support threshold and names the best; the chosen value
goes into the NLI model's manifest (``grounded_thresholds``), so the rule and its number travel
with the model that they were chosen for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..models.embedder import Embedder
from ..models.manifest import GroundedThresholds
from ..models.nli_judge import NliJudge
from ..pipeline import Against, judge_all, prepare
from ..types import Document, Verdict
from .datasets import hash_part, iter_jsonl
from .metrics import (
    BinaryConfusion,
    GroundedMetrics,
    Stopwatch,
    balanced_accuracy,
    binary_confusion,
    recall,
)

__all__ = ["GroundedResult", "GroundedRow", "evaluate_grounded", "read_grounded"]

DEV_PART = 30  # sets without a split: hash part (of 100) below this is dev
SWEEP = tuple(round(0.05 * i, 2) for i in range(2, 20))
SWEEP_TOLERANCE = 0.01  # the sweep picks the highest threshold this close to the best on dev


@dataclass(frozen=True)
class GroundedRow:
    id: str
    claim: str
    supported: bool
    doc_ids: tuple[str, ...]
    split: str
    label: str  # the set's own label (SUPPORTED, partially_supported, ...)


@dataclass(frozen=True)
class GroundedResult:
    set_name: str
    split: str
    n: int
    left_out_trained: int
    balanced_accuracy: float
    recall_supported: float
    recall_unsupported: float
    confusion: BinaryConfusion  # gold/predicted: tp, fn, fp, tn
    seconds_per_claim: float
    threshold: float
    sweep: tuple[tuple[float, float], ...]  # (threshold, balanced accuracy) when swept
    by_label: dict[str, tuple[int, int]]  # set label -> (predicted supported, rows)

    def to_dict(self) -> GroundedMetrics:
        return {
            "set": self.set_name, "split": self.split, "n": self.n,
            "left_out_trained": self.left_out_trained,
            "balanced_accuracy": round(self.balanced_accuracy, 4),
            "recall_supported": round(self.recall_supported, 4),
            "recall_unsupported": round(self.recall_unsupported, 4),
            "confusion": self.confusion, "seconds_per_claim": round(self.seconds_per_claim, 3),
            "threshold": self.threshold, "sweep": [list(x) for x in self.sweep],
            "by_label": {k: list(v) for k, v in self.by_label.items()},
        }  # fmt: skip


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    if path.exists():
        yield from iter_jsonl(path)


def read_grounded(set_dir: Path) -> tuple[list[GroundedRow], dict[str, Document]]:
    """The set's claims with binary labels, and its grounding documents."""
    if not (set_dir / "claims.jsonl").exists() or not (set_dir / "corpus.jsonl").exists():
        raise InputError(
            f"{set_dir} is not a grounded set: it needs claims.jsonl and corpus.jsonl "
            "(see ../shared/eval-data/README.md for the layout)"
        )
    rows: list[GroundedRow] = []
    for d in list(_rows(set_dir / "claims.jsonl")) + list(_rows(set_dir / "extra_labels.jsonl")):
        doc_ids = tuple(str(x) for x in d.get("evidence_doc_ids") or [])
        if not doc_ids or d.get("nei_scope") == "evidence_sentence_only":
            continue  # no grounding document, or a "not enough info" that holds per sentence
        label = str(d.get("label") or d.get("orig_label") or "")
        cid = str(d["id"])
        split = str(d.get("split") or ("dev" if hash_part(cid) < DEV_PART else "test"))
        rows.append(GroundedRow(cid, str(d["claim"]), label == "SUPPORTED", doc_ids, split, label))
    docs: dict[str, Document] = {}
    for d in _rows(set_dir / "corpus.jsonl"):
        sentences = d.get("sentences")
        text = "\n".join(str(x) for x in sentences) if sentences else str(d.get("text") or "")
        doc_id = str(d["doc_id"])
        docs[doc_id] = Document(
            id=doc_id, title=str(d.get("title") or doc_id), text=text, source=doc_id,
            date=None, url=None, kind="other", speakers=(), turns=(),
        )  # fmt: skip
    return rows, docs


def _score(golds: list[bool], preds: list[bool]) -> tuple[float, float, float, BinaryConfusion]:
    c = binary_confusion(golds, preds)
    r_pos = recall(c["tp"], c["tp"] + c["fn"])
    r_neg = recall(c["tn"], c["tn"] + c["fp"])
    return balanced_accuracy([r_pos, r_neg]), r_pos, r_neg, c


def evaluate_grounded(
    set_dir: Path,
    *,
    split: str,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge,
    sweep: bool = False,
    limit: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> GroundedResult:
    """Balanced accuracy of supported-vs-not with each claim against its own documents."""
    rows, docs = read_grounded(set_dir)
    trained = nli.trained_row_ids()
    wanted = [r for r in rows if r.split == split]
    kept = [r for r in wanted if r.id not in trained]
    left_out = len(wanted) - len(kept)
    if limit:  # a stable sample across the set's labels, not the file's first rows
        kept = sorted(kept, key=lambda r: hash_part(r.id + "#sample"))[:limit]
    if not kept:
        raise InputError(f"{set_dir.name} has no {split} rows left to score")
    chosen = nli.grounded_thresholds()
    grid = SWEEP if sweep else (chosen.support,)
    preds: dict[float, list[bool]] = {t: [] for t in grid}
    clock = Stopwatch()
    for i, row in enumerate(kept):
        against = Against(tuple(docs[d] for d in row.doc_ids if d in docs), embedder, settings)
        p = prepare(row.claim, index=None, embedder=embedder, settings=settings, nli=nli,
                    against=against)  # fmt: skip
        for t in grid:
            judged = judge_all(
                p.statements, p.evidence, p.documents, settings, None, p.signals,
                replace(chosen, support=t) if sweep else chosen,
            )  # fmt: skip
            checked = [j for j in judged if j.verdict is not Verdict.NOT_CHECKABLE]
            preds[t].append(bool(checked) and all(j.verdict is Verdict.SUPPORTED for j in checked))
        if progress is not None:
            progress(i + 1, len(kept))
    seconds = clock.seconds / len(kept)
    golds = [r.supported for r in kept]
    scored = {t: _score(golds, preds[t]) for t in grid}
    # The highest threshold within SWEEP_TOLERANCE of the best balanced accuracy: differences
    # smaller than that are noise on a dev split of a few hundred claims, and a higher
    # threshold lets fewer unsupported claims pass as supported.
    top = max(scored[t][0] for t in grid)
    best = max(t for t in grid if scored[t][0] >= top - SWEEP_TOLERANCE)
    if not sweep:
        best = chosen.support
    bacc, r_pos, r_neg, confusion = scored[best]
    by_label: dict[str, tuple[int, int]] = {}
    for r, p_ in zip(kept, preds[best], strict=True):
        a, n = by_label.get(r.label, (0, 0))
        by_label[r.label] = (a + int(p_), n + 1)
    return GroundedResult(
        set_name=set_dir.name, split=split, n=len(kept), left_out_trained=left_out,
        balanced_accuracy=bacc, recall_supported=r_pos, recall_unsupported=r_neg,
        confusion=confusion, seconds_per_claim=seconds, threshold=best,
        sweep=tuple((t, round(scored[t][0], 4)) for t in grid) if sweep else (),
        by_label=by_label,
    )  # fmt: skip


def default_thresholds() -> GroundedThresholds:
    return GroundedThresholds()
