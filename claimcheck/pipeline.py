"""verify(): draft -> statements -> evidence -> judgments -> Report."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from . import drafts
from .config import Settings
from .errors import InputError
from .extract import NOT_CHECKABLE, extract_statements
from .index import Index
from .index.passages import make_passages
from .judge import DocumentLookup, GroundedSignal, GroundedThresholds, judge
from .judge.grounded import ground
from .judge.params import JudgeParams
from .models.embedder import Embedder
from .models.nli_judge import NliJudge
from .models.reranker import Reranker
from .retrieve import retrieve
from .schema import IndexManifest
from .sources import load_document, load_sources
from .text.files import sha256_bytes
from .types import (
    Document,
    Draft,
    Evidence,
    Judgment,
    Report,
    SourceRef,
    Statement,
    StatementKind,
    stable_id,
)

__all__ = [
    "Against",
    "Prepared",
    "judge_all",
    "load_against",
    "prepare",
    "prepare_against",
    "read_draft",
    "verify",
    "verify_text",
    "versions",
]


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("claimcheck", "sentence-transformers", "faiss-cpu", "torch", "transformers"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def judge_all(
    statements: tuple[Statement, ...],
    evidence: list[tuple[Evidence, ...]],
    documents: DocumentLookup,
    settings: Settings,
    nli: NliJudge | None,
    grounded: dict[str, GroundedSignal] | None = None,
    thresholds: GroundedThresholds | None = None,
) -> tuple[Judgment, ...]:
    """Judge every statement, once; the NLI judge is asked only for the claims that quotes,
    figures and names leave undecided (it is the slowest check).

    The checks read all the evidence given (``settings.depth`` passages: a figure's passage
    is often a little down the ranking for a terse claim); each judgment keeps the first
    ``settings.top_k``, the deciding passage first."""
    signals = grounded or {}
    params = JudgeParams.from_settings(settings, nli.verdict_thresholds() if nli else None)
    judged = (
        judge(
            s, ev, documents=documents, settings=settings, scorer=nli,
            grounded=signals.get(s.id), thresholds=thresholds, params=params,
        )
        for s, ev in zip(statements, evidence, strict=True)
    )  # fmt: skip
    return tuple(replace(j, evidence=j.evidence[: settings.top_k]) for j in judged)


class Against:
    """Sources named for one verification (``--against``): their passages, embedded once,
    searched in memory; no index is written."""

    def __init__(self, documents: tuple[Document, ...], embedder: Embedder, settings: Settings):
        self.documents = {d.id: d for d in documents}
        self.passages = [
            (p, d)
            for d in documents
            for p in make_passages(
                d, sentences=settings.passage_sentences, stride=settings.passage_stride
            )
        ]
        self.refs = {
            d.id: SourceRef(
                doc_id=d.id,
                title=d.title,
                kind=d.kind,
                date=d.date,
                source=d.source,
                url=d.url,
                date_from=d.identity.date_from if d.identity is not None and d.date else "",
            )  # fmt: skip
            for d in documents
        }
        self.vectors = (
            embedder.encode([p.text for p, _ in self.passages])
            if self.passages
            else np.zeros((0, 1), dtype=np.float32)
        )

    def search(self, queries: NDArray[np.float32], k: int) -> list[tuple[Evidence, ...]]:
        """Every passage of the named sources, most similar first (at most ``k``)."""
        if not self.passages:
            return [() for _ in range(len(queries))]
        scores = queries @ self.vectors.T
        out = []
        for row in scores:
            order = np.argsort(-row, kind="stable")[:k]
            out.append(
                tuple(
                    Evidence(
                        passage=self.passages[j][0], source=self.refs[self.passages[j][1].id],
                        score=float(row[j]), rank=r,
                    )
                    for r, j in enumerate(order, 1)
                )
            )  # fmt: skip
        return out


def load_against(paths: Sequence[Path]) -> tuple[Document, ...]:
    """The named sources, read as ``index build`` reads them. A named file that is missing or
    unreadable, or a folder with no readable source, is an error (nothing is skipped quietly)."""
    docs: list[Document] = []
    seen: set[str] = set()
    for path in paths:
        if not path.exists():
            raise InputError(f"source {path} does not exist (check the path given to --against)")
        if path.is_dir():
            found = load_sources([path]).documents  # raises when nothing is readable
        else:
            found = (load_document(path, root=path.parent),)
        for d in found:
            if d.id in seen:  # two files of the same name: keep both, under their full paths
                d = replace(d, id=stable_id("against", d.source))
            seen.add(d.id)
            docs.append(d)
    return tuple(docs)


def prepare_against(
    documents: tuple[Document, ...], embedder: Embedder, settings: Settings
) -> Against:
    """The named sources, ready to search."""
    return Against(documents, embedder, settings)


AGAINST_PASSAGES = 60  # passages of the named sources each statement keeps as evidence


def _merge(a: tuple[Evidence, ...], b: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Named-source and index evidence in one ranking by similarity, ranks renumbered."""
    seen: set[str] = set()
    merged = []
    for e in sorted(a + b, key=lambda e: -e.score):
        if e.passage.id not in seen:
            seen.add(e.passage.id)
            merged.append(e)
    return tuple(replace(e, rank=r) for r, e in enumerate(merged, 1))


def grounded_signals(
    statements: tuple[Statement, ...],
    evidence: list[tuple[Evidence, ...]],
    against: Against,
    documents: DocumentLookup,
    nli: NliJudge,
) -> dict[str, GroundedSignal]:
    """Each checkable claim against every sentence of the named sources."""

    def scorer(pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        return nli.predict(list(pairs), windows=False)

    out: dict[str, GroundedSignal] = {}
    for s, ev in zip(statements, evidence, strict=True):
        if s.kind is not StatementKind.CLAIM or s.category in NOT_CHECKABLE:
            continue
        mine = tuple(e for e in ev if e.source.doc_id in against.documents)
        signal = ground(s.standalone, mine, documents, scorer)
        if signal is not None:
            out[s.id] = signal
    return out


@dataclass(frozen=True)
class Prepared:
    """A draft's statements with their evidence and grounded signals, ready to judge."""

    statements: tuple[Statement, ...]
    evidence: list[tuple[Evidence, ...]]
    documents: DocumentLookup
    signals: dict[str, GroundedSignal]


def prepare(
    text: str,
    *,
    index: Index | None,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None = None,
    reranker: Reranker | None = None,
    against: Against | None = None,
    markup: str = "text",
) -> Prepared:
    """Statements, their evidence from ``index`` and/or the named sources ``against``, and
    (with the NLI judge) each claim's grounded signal against every sentence of those."""
    if index is None and against is None:
        raise InputError("nothing to check against: give an index or sources to check against")
    statements = extract_statements(text, markup=markup)
    evidence: list[tuple[Evidence, ...]] = [() for _ in statements]
    if index is not None:
        evidence = retrieve(
            statements, index, embedder, top_k=settings.depth, mode=settings.retrieval,
            reranker=reranker,
        )  # fmt: skip
    if against is not None and statements:
        named = against.search(
            embedder.encode([s.standalone for s in statements]), AGAINST_PASSAGES
        )
        evidence = [_merge(n, e) for n, e in zip(named, evidence, strict=True)]

    @lru_cache(maxsize=256)
    def document(doc_id: str) -> Document:
        if against is not None and doc_id in against.documents:
            return against.documents[doc_id]
        if index is None:
            raise InputError(f"no document {doc_id}")
        return index.store.document(doc_id)

    signals = (
        grounded_signals(statements, evidence, against, document, nli)
        if against is not None and nli is not None
        else {}
    )
    return Prepared(statements, evidence, document, signals)


def verify_text(
    text: str,
    *,
    index: Index | None,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None = None,
    reranker: Reranker | None = None,
    path: str = "<text>",
    against: Against | None = None,
    thresholds: GroundedThresholds | None = None,
) -> Report:
    """Check every statement of ``text`` against ``index`` and/or the named sources
    ``against`` (every sentence of those is read); ``nli`` adds the NLI judge, ``reranker``
    reorders each statement's retrieved passages before they are judged."""
    p = prepare(
        text, index=index, embedder=embedder, settings=settings, nli=nli, reranker=reranker,
        against=against, markup=drafts.draft_markup(path),
    )  # fmt: skip
    if thresholds is None and nli is not None:
        thresholds = nli.grounded_thresholds()
    judgments = judge_all(
        p.statements, p.evidence, p.documents, settings, nli, p.signals, thresholds
    )
    used = versions()
    used["nli_model"] = str(nli.manifest.get("sha256", "not loaded")) if nli is not None else "off"
    used["rerank_model"] = (
        str(reranker.manifest.get("sha256", "not loaded")) if reranker is not None else "off"
    )
    return Report(
        draft=Draft(path=path, sha256=sha256_bytes(text.encode("utf-8")), text=text),
        judgments=judgments,
        index_manifest=_manifest_of(index, against),
        settings={
            **settings.to_dict(),
            "judge": JudgeParams.from_settings(
                settings, nli.verdict_thresholds() if nli else None
            ).to_dict(),
        },
        versions=used,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _manifest_of(index: Index | None, against: Against | None) -> IndexManifest:
    manifest: IndexManifest = IndexManifest(**index.manifest) if index is not None else {}
    if against is not None:
        manifest["against"] = [
            {"doc_id": d.id, "source": d.source, "title": d.title}
            for d in against.documents.values()
        ]
    return manifest


def read_draft(draft: Path) -> str:
    """The draft's text as the report shows it: the file as is (Markdown and HTML are read
    without their markup, spans still into the file), or a ``.docx`` draft's paragraphs."""
    return drafts.read_draft(draft)


def verify(
    draft: Path,
    *,
    index: Index | None,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None = None,
    reranker: Reranker | None = None,
    against: Against | None = None,
) -> Report:
    """Read the draft at ``draft`` (UTF-8 text, Markdown, or HTML whose main text is used)
    and check it."""
    text = read_draft(draft)
    return verify_text(
        text, index=index, embedder=embedder, settings=settings, nli=nli, reranker=reranker,
        path=str(draft), against=against,
    )  # fmt: skip
