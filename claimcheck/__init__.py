"""claimcheck: verify a draft story's claims and quotes against a newsroom's own sources.

from claimcheck import Embedder, build_index, load_index, load_settings, verify

settings = load_settings()
embedder = Embedder()
build_index([Path("sample_sources")], Path("indexes/sample"), embedder=embedder, settings=settings)
report = verify(Path("draft.md"), index=load_index(Path("indexes/sample")),
                embedder=embedder, settings=settings)
"""

from __future__ import annotations

from .config import Settings, load_settings
from .errors import ClaimcheckError
from .extract import extract_statements
from .index import build_index, load_index
from .models.embedder import Embedder
from .pipeline import verify, verify_text
from .report import load_report, render_markdown, save_report
from .types import (
    Document,
    Evidence,
    Judgment,
    Passage,
    Report,
    Statement,
    Verdict,
)
from .version import __version__

__all__ = [
    "ClaimcheckError",
    "Document",
    "Embedder",
    "Evidence",
    "Judgment",
    "Passage",
    "Report",
    "Settings",
    "Statement",
    "Verdict",
    "__version__",
    "build_index",
    "extract_statements",
    "load_index",
    "load_report",
    "load_settings",
    "render_markdown",
    "save_report",
    "verify",
    "verify_text",
]
