"""Reading the labelled sets in ../shared/eval-data (or any folder of the same layout).

A set is a folder with ``claims.jsonl`` (one labelled claim a line, with its gold evidence) and,
for some sets, ``corpus.jsonl``. This module reads them in place, never copies them, and holds
the one rule for which rows may be trained on, so training and evaluation agree.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Verdict

__all__ = [
    "DEFAULT_EVAL_DATA",
    "LabelledClaim",
    "hash_part",
    "NliPair",
    "is_training_row",
    "iter_jsonl",
    "nli_pairs",
    "read_polnear",
    "read_claims",
    "resolve_set",
]

DEFAULT_EVAL_DATA = Path(
    os.environ.get(
        "CLAIMCHECK_EVAL_DATA",
        Path(__file__).resolve().parents[3] / "shared" / "eval-data",
    )
)
_LABELS = {
    "SUPPORTED": Verdict.SUPPORTED,
    "CONTRADICTED": Verdict.CONTRADICTED,
    "UNVERIFIABLE": Verdict.UNVERIFIABLE,
}


@dataclass(frozen=True)
class LabelledClaim:
    set_name: str
    id: str
    claim: str
    label: Verdict
    evidence: tuple[str, ...]
    evidence_labels: tuple[Verdict, ...]  # per evidence sentence where the set has them, else ()
    split: str | None
    evidence_ids: tuple[str, ...] = ()  # corpus.jsonl doc ids of the gold evidence
    nei_scope: str | None = None  # "evidence_sentence_only": an NEI that only holds per sentence


@dataclass(frozen=True)
class NliPair:
    row_id: str  # the claim id the pair comes from
    premise: str  # evidence
    hypothesis: str  # claim
    label: Verdict


def resolve_set(
    name_or_path: str, *, root: Path | None = None, needs: str = "claims.jsonl"
) -> Path:
    """A set name under the eval-data root, or a path to a folder of the same layout; ``needs``
    is the file that tells such a folder apart."""
    candidate = Path(name_or_path)
    if not (candidate / needs).exists():
        candidate = (root or DEFAULT_EVAL_DATA) / name_or_path
    if not (candidate / needs).exists():
        raise InputError(
            f"no labelled set at {name_or_path!r} (give a set name under "
            f"{root or DEFAULT_EVAL_DATA} or a folder holding {needs})"
        )
    return candidate


def read_polnear(
    set_dir: Path, split: str
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """PolNeAR-style articles of ``split`` by id, and the attributions that belong to them."""
    articles = set_dir / "articles.jsonl"
    attributions = set_dir / "attributions.jsonl"
    if not articles.exists() or not attributions.exists():
        raise InputError(
            f"{set_dir} is not a PolNeAR-style set (needs articles.jsonl and attributions.jsonl)"
        )
    texts = {d["doc_id"]: d for d in iter_jsonl(articles) if d.get("split") == split}
    rows = [d for d in iter_jsonl(attributions) if d.get("doc_id") in texts]
    return texts, rows


def hash_part(row_id: str) -> int:
    """A stable part of 100 for an id (sha256, the same on every machine): how sets without a
    split are cut into dev and test, and samples are drawn."""
    return int(hashlib.sha256(row_id.encode("utf-8")).hexdigest()[:8], 16) % 100


def is_training_row(set_name: str, row: LabelledClaim) -> bool:
    """The rows the shipped NLI model may train on: train/dev splits, or for sets without
    splits a fixed 70% chosen by hashing the claim id. Test data is never trained on."""
    if set_name == "check_covid":
        return row.split == "train"
    if set_name == "healthver":
        return row.split == "dev"
    if set_name == "climate_fever":
        return hash_part(row.id) < 70
    return set_name == "averitec_dev"


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path} line {number} is not valid JSON ({exc.msg})") from exc


def read_claims(set_dir: Path) -> list[LabelledClaim]:
    """Every labelled row of ``claims.jsonl``; rows without a clean label are skipped."""
    rows: list[LabelledClaim] = []
    for d in iter_jsonl(set_dir / "claims.jsonl"):
        label = _LABELS.get(str(d.get("label")))
        if label is None:
            continue
        evidence = d.get("evidence") or []
        ev_labels = d.get("evidence_labels") or []
        rows.append(
            LabelledClaim(
                set_name=set_dir.name,
                id=str(d["id"]),
                claim=str(d["claim"]),
                label=label,
                evidence=tuple(str(e) for e in evidence if isinstance(e, str)),
                evidence_labels=tuple(_LABELS.get(str(x), Verdict.UNVERIFIABLE) for x in ev_labels)
                if len(ev_labels) == len(evidence)
                else (),
                split=d.get("split"),
                evidence_ids=tuple(str(x) for x in d.get("evidence_doc_ids") or []),
                nei_scope=d.get("nei_scope"),
            )
        )
    return rows


def nli_pairs(row: LabelledClaim) -> list[NliPair]:
    """(evidence, claim, label) pairs of a row: one per evidence sentence where the set labels
    sentences (Climate-FEVER), else all evidence joined into one premise."""
    if row.evidence_labels:
        return [
            NliPair(row_id=row.id, premise=e, hypothesis=row.claim, label=lab)
            for e, lab in zip(row.evidence, row.evidence_labels, strict=True)
        ]
    if not row.evidence:
        return []
    return [
        NliPair(
            row_id=row.id, premise=" ".join(row.evidence), hypothesis=row.claim, label=row.label
        )
    ]
