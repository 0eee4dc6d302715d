"""The corpus-wide stress tests' shared part: every document of a set in ONE real index.

The documents are written as text files (front matter for title, date and kind) into a temp
folder and indexed by ``build_index``, exactly as ``claimcheck index build`` would; each case is
then verified as a one-paragraph draft by ``verify_text``, as ``claimcheck verify`` would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..index import Index
from ..models.embedder import Embedder
from ..types import Judgment
from .datasets import hash_part
from .harness import built_index
from .metrics import Corpus

__all__ = [
    "CORPORA",
    "Corpus",
    "CorpusIndex",
    "DEV_PART",
    "SourceDoc",
    "corpus_index",
    "dev_part",
    "evidence_documents",
    "right_document",
]

CORPORA: tuple[Corpus, ...] = ("own", "all")
# Sets without a dev split (ECTSum has only its test folder): a document whose id hashes below
# this part of 100 is dev, the rest held out; the same 30/70 cut as DEV_PART in eval/grounded.py.
DEV_PART = 30


def dev_part(doc_id: str) -> bool:
    """Whether ``doc_id`` falls in the dev part (a stable hash, the same on every machine)."""
    return hash_part(doc_id) < DEV_PART


@dataclass(frozen=True)
class SourceDoc:
    """One document of a set, as a newsroom would file it."""

    id: str  # the set's own document id
    title: str
    text: str
    kind: str  # transcript, story, ...
    date: str | None


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _file_name(doc_id: str) -> str:
    return _UNSAFE.sub("_", doc_id) + ".txt"


def _front(doc: SourceDoc) -> str:
    lines = [f"title: {' '.join(doc.title.split())}", f"kind: {doc.kind}"]
    if doc.date:
        lines.append(f"date: {doc.date}")
    return "---\n" + "\n".join(lines) + "\n---\n"


@dataclass(frozen=True)
class CorpusIndex:
    """The built index and the set id of each indexed file (``Evidence.source.source``)."""

    index: Index
    set_ids: dict[str, str]


@contextmanager
def corpus_index(
    docs: Sequence[SourceDoc], folder: Path, *, embedder: Embedder, settings: Settings
) -> Iterator[CorpusIndex]:
    """Every document of ``docs`` in one index under ``folder`` (closed on exit)."""
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    set_ids: dict[str, str] = {}
    for d in docs:
        name = _file_name(d.id)
        set_ids[name] = d.id
        (sources / name).write_text(_front(d) + d.text, encoding="utf-8")
    with built_index([sources], folder / "index", embedder=embedder, settings=settings) as index:
        yield CorpusIndex(index, set_ids)


def right_document(judgment: Judgment, doc_id: str, set_ids: dict[str, str]) -> bool:
    """Whether the document ``doc_id`` is among the judgment's evidence."""
    return any(set_ids.get(e.source.source) == doc_id for e in judgment.evidence)


def evidence_documents(judgment: Judgment, set_ids: dict[str, str]) -> list[str]:
    """The set ids of the judgment's evidence, deciding passage first (repeats kept)."""
    return [set_ids.get(e.source.source, e.source.source) for e in judgment.evidence]
