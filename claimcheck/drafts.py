"""Reading a draft: the text a report shows and highlights, and the markup to read it by.

Plain text and Markdown drafts are shown as written; an HTML draft (a CMS export) is shown as
its file, read without its tags; statements of all three point into the file itself. A Word
draft (``.docx``) is shown as its paragraphs, one per block, and statements point into that
text. Every problem is one ``InputError`` naming the file and the fix; nothing is written.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import InputError
from .extract.markup import markup_of
from .text.files import MAX_TEXT_BYTES, read_text

__all__ = ["MAX_UNZIPPED_BYTES", "draft_markup", "read_draft"]

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a .docx that inflates past this is refused
# Formats a draft is never read as, so their markup is never "verified" as prose.
UNREAD_DRAFT_SUFFIXES = frozenset({".rtf", ".pdf", ".doc", ".odt", ".pages", ".wpd"})


def draft_markup(path: str) -> str:
    """How to read the text ``read_draft`` gives for ``path``: markdown, html or text."""
    return "text" if path.lower().endswith(".docx") else markup_of(path)


def read_draft(path: Path) -> str:
    """The draft's text as a report shows it (see the module doc)."""
    suffix = path.suffix.lower()
    if suffix in UNREAD_DRAFT_SUFFIXES:
        raise InputError(
            f"draft {path} is a {suffix} file, which claimcheck does not read as a draft; "
            "save it as .docx, .md, .html or .txt and verify that"
        )
    if suffix == ".docx":
        return _read_docx(path)
    text, _ = read_text(path, what="draft")
    if markup_of(str(path)) == "html":
        from .extract.markup import plain_text

        plain = plain_text(text, "html")
        if plain is None or not plain.text.strip():
            raise InputError(f"draft {path} has no readable text in its HTML (is it a real page?)")
    return text


def _read_docx(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"draft not found: {path} (check the path)")
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise InputError(f"draft {path} is too large (the limit is 50 MiB; split it)")
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(
            f"draft {path} is not a Word .docx file (not a zip archive); re-save it as .docx"
        ) from exc
    if inflated > MAX_UNZIPPED_BYTES:
        raise InputError(f"draft {path} would inflate to over 200 MiB; refusing it (re-save it)")
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = open_docx(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"draft {path} is not a readable .docx ({type(exc).__name__}); re-save it in Word"
        ) from exc
    blocks = [" ".join(p.text.split()) for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            cells = [" ".join(c.text.split()) for c in row.cells]
            blocks.append(" | ".join(dict.fromkeys(c for c in cells if c)))
    text = "\n\n".join(b for b in blocks if b)
    if not text.strip():
        raise InputError(f"draft {path} has no text in it (give a draft with text)")
    return text
