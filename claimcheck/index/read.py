"""What claimcheck reads from one source, as one plain object: ``claimcheck read``.

Identity with provenance, the text, the passages with their spans into that text, and the
turns (speaker, span, time). A URL is fetched into a temporary folder, read, and deleted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..sources import read_source
from ..types import Document
from .passages import make_passages

__all__ = ["document_view", "read_view"]


def document_view(doc: Document, *, sentences: int = 3, stride: int = 2) -> dict[str, Any]:
    ident = doc.identity
    passages = make_passages(doc, sentences=sentences, stride=stride)
    times = list(doc.turn_times) + [None] * (len(doc.turns) - len(doc.turn_times))
    return {
        "source": doc.source,
        "url": doc.url,
        "title": doc.title,
        "title_from": ident.title_from if ident else None,
        "kind": doc.kind,
        "kind_from": ident.kind_from if ident else None,
        "date": doc.date,
        "date_from": ident.date_from if ident else "none",
        "author": ident.author if ident else None,
        "outlet": ident.outlet if ident else None,
        "text_from": ident.text_from if ident else "the file as written",
        "text": doc.text,
        "passages": [
            {"id": p.id, "span": list(p.span), "speaker": p.speaker, "text": p.text}
            for p in passages
        ],
        "turns": [
            {"speaker": who, "span": list(span), "time": when}
            for (who, span), when in zip(doc.turns, times, strict=True)
        ],
    }


def read_view(
    source: str, *, comments: bool = False, sentences: int = 3, stride: int = 2
) -> dict[str, Any]:
    """Read a file or an http(s) URL; raises ClaimcheckError naming the problem."""
    if "://" in source:
        from .fetch import fetch_to

        with tempfile.TemporaryDirectory(prefix="claimcheck-read-") as folder:
            path = fetch_to(source, Path(folder))
            doc = read_source(path, comments=comments)
            view = document_view(doc, sentences=sentences, stride=stride)
        view["source"] = source
        return view
    doc = read_source(Path(source), comments=comments)
    return document_view(doc, sentences=sentences, stride=stride)
