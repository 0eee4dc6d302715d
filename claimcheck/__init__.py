"""claimcheck: verify a draft story's claims and quotes against a newsroom's own sources.

from claimcheck import Embedder, build_index, load_index, load_settings, verify

settings = load_settings()
embedder = Embedder()
build_index([Path("sample_sources")], Path("indexes/sample"), embedder=embedder, settings=settings)
report = verify(Path("draft.md"), index=load_index(Path("indexes/sample")),
                embedder=embedder, settings=settings)
"""

from __future__ import annotations

__version__ = "0.1.0"

from .config import Settings, load_settings  # noqa: E402
from .embed import Embedder  # noqa: E402
from .errors import ClaimcheckError  # noqa: E402
from .extract import extract_statements  # noqa: E402
from .index import build_index, load_index  # noqa: E402
from .pipeline import verify, verify_text  # noqa: E402
from .report import load_report, render_markdown, save_report  # noqa: E402
from .types import (  # noqa: E402
    Document,
    Evidence,
    Judgment,
    Passage,
    Report,
    Statement,
    Verdict,
)

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
