"""verify(): draft -> statements -> evidence -> judgments -> Report."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .config import Settings
from .embed import Embedder
from .extract import extract_statements
from .index import Index
from .judge import judge
from .retrieve import retrieve
from .textfile import read_text, sha256_bytes
from .types import Document, Draft, Report

__all__ = ["verify", "verify_text", "versions"]


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("claimcheck", "sentence-transformers", "faiss-cpu", "torch", "transformers"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def verify_text(
    text: str, *, index: Index, embedder: Embedder, settings: Settings, path: str = "<text>"
) -> Report:
    """Check every statement of ``text`` against ``index``."""
    statements = extract_statements(text)
    evidence = retrieve(statements, index, embedder, top_k=settings.top_k)

    @lru_cache(maxsize=256)
    def document(doc_id: str) -> Document:
        return index.store.document(doc_id)

    judgments = tuple(
        judge(s, ev, documents=document, settings=settings)
        for s, ev in zip(statements, evidence, strict=True)
    )
    return Report(
        draft=Draft(path=path, sha256=sha256_bytes(text.encode("utf-8")), text=text),
        judgments=judgments,
        index_manifest=dict(index.manifest),
        settings=settings.to_dict(),
        versions=versions(),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def verify(draft: Path, *, index: Index, embedder: Embedder, settings: Settings) -> Report:
    """Read the draft at ``draft`` (UTF-8 text or Markdown) and check it."""
    text, _ = read_text(draft, what="draft")
    return verify_text(text, index=index, embedder=embedder, settings=settings, path=str(draft))
