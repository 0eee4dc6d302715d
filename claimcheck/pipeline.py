"""verify(): draft -> statements -> evidence -> judgments -> Report."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .config import Settings
from .embed import Embedder
from .errors import InputError
from .extract import NOT_CHECKABLE, extract_statements
from .index import Index
from .judge import NliScores, judge
from .judge.nli import NliJudge
from .retrieve import retrieve
from .sources.html import html_to_text
from .textfile import read_text, sha256_bytes
from .types import Document, Draft, Evidence, Report, Statement, StatementKind

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["read_draft", "verify", "verify_text", "versions"]


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("claimcheck", "sentence-transformers", "faiss-cpu", "torch", "transformers"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


NLI_PASSAGES = 3  # passages per claim the NLI judge reads


def _nli_scores(
    statements: tuple[Statement, ...],
    evidence: list[tuple[Evidence, ...]],
    nli: NliJudge,
    settings: Settings,
) -> dict[str, NliScores]:
    """NLI probabilities for each checkable claim against its top related passages, batched."""
    wanted: list[tuple[str, Evidence]] = []
    for s, ev in zip(statements, evidence, strict=True):
        if s.kind is StatementKind.CLAIM and s.category not in NOT_CHECKABLE:
            related = [e for e in ev if e.score >= settings.related_threshold][:NLI_PASSAGES]
            wanted += [(s.id, e) for e in related]
    texts = {s.id: s.standalone for s in statements}
    probs = nli.predict([(e.passage.text, texts[sid]) for sid, e in wanted])
    out: dict[str, list[tuple[Evidence, NDArray[np.float32]]]] = {}
    for (sid, e), p in zip(wanted, probs, strict=True):
        out.setdefault(sid, []).append((e, p))
    return {sid: tuple(v) for sid, v in out.items()}


def verify_text(
    text: str,
    *,
    index: Index,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None = None,
    path: str = "<text>",
) -> Report:
    """Check every statement of ``text`` against ``index``; ``nli`` adds the NLI judge."""
    statements = extract_statements(text)
    evidence = retrieve(statements, index, embedder, top_k=settings.top_k, mode=settings.retrieval)
    scores = _nli_scores(statements, evidence, nli, settings) if nli is not None else {}

    @lru_cache(maxsize=256)
    def document(doc_id: str) -> Document:
        return index.store.document(doc_id)

    judgments = tuple(
        judge(s, ev, documents=document, settings=settings, nli=scores.get(s.id, ()))
        for s, ev in zip(statements, evidence, strict=True)
    )
    used = versions()
    used["nli_model"] = str(nli.manifest.get("sha256", "not loaded")) if nli is not None else "off"
    return Report(
        draft=Draft(path=path, sha256=sha256_bytes(text.encode("utf-8")), text=text),
        judgments=judgments,
        index_manifest=dict(index.manifest),
        settings=settings.to_dict(),
        versions=used,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def read_draft(draft: Path) -> str:
    """The draft's text: the file as is, or for ``.html``/``.htm`` its main text."""
    text, _ = read_text(draft, what="draft")
    if draft.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text).text
        if not text.strip():
            raise InputError(f"draft {draft} has no readable text in its HTML (is it a real page?)")
    return text


def verify(
    draft: Path,
    *,
    index: Index,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None = None,
) -> Report:
    """Read the draft at ``draft`` (UTF-8 text, Markdown, or HTML whose main text is used)
    and check it."""
    text = read_draft(draft)
    return verify_text(
        text, index=index, embedder=embedder, settings=settings, nli=nli, path=str(draft)
    )
