"""Loaders for the formats that need parsing: PDF, Word (.docx) and captions (.vtt, .srt).

Each returns the document's text, its metadata where the file holds some, and for captions the
speaker turns, so quote checks can tell who said a line.
"""

from __future__ import annotations

import logging
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..types import Span

__all__ = ["MAX_UNZIPPED_BYTES", "read_captions", "read_docx", "read_pdf"]

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a .docx that inflates past this is refused (zip bomb)
_CUE_TIME = re.compile(
    r"^\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{3}\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{3}"
)
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>)?$")
_SPEAKER = re.compile(r"^([A-Z][\w .'’-]{0,40}):\s+(.+)$")
_TAG = re.compile(r"<[^>]+>")
_log = logging.getLogger(__name__)


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def _pypdf_notes() -> Iterator[list[str]]:
    """What pypdf says while reading (its log lines, which with no handler configured Python
    prints bare on stderr, and its warnings), collected instead of printed."""
    notes: list[str] = []
    logger = logging.getLogger("pypdf")
    handler = _Collect(notes)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield notes
        notes += (str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def read_pdf(path: Path) -> tuple[str, dict[str, str]]:
    """Text and properties of a PDF. pypdf's complaints about a damaged file become part of
    the reason it is skipped when no text comes out, and debug log lines otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    with _pypdf_notes() as notes:
        try:
            reader = PdfReader(str(path))
            if reader.is_encrypted:
                raise SourceError(f"{path} is an encrypted PDF (save an unlocked copy to index it)")
            pages = [page.extract_text() or "" for page in reader.pages]
            info: Any = reader.metadata or {}
        except (PdfReadError, ValueError, KeyError, OSError) as exc:
            raise SourceError(
                f"{path} is not a readable PDF ({exc}); re-export it or remove it"
            ) from exc
    text = "\n\n".join(re.sub(r"[ \t]+\n", "\n", p).strip() for p in pages if p.strip())
    if notes and not text:
        said = "; ".join(dict.fromkeys(" ".join(n.split()) for n in notes))
        raise SourceError(
            f"{path} gave no text; the PDF looks damaged (pypdf: {said:.200}); re-export it"
        )
    for note in notes:
        _log.debug("%s: pypdf: %s", path, note)
    meta: dict[str, str] = {}
    title = info.get("/Title")
    if title:
        meta["title"] = str(title)
    created = str(info.get("/CreationDate") or "")
    if info.get("/Author"):
        meta["author"] = str(info.get("/Author"))
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", created)
    if m:
        meta["date"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return text, meta


def read_docx(path: Path) -> tuple[str, dict[str, str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path} is not a valid .docx (not a zip archive); re-save it") from exc
    if inflated > MAX_UNZIPPED_BYTES:
        raise SourceError(
            f"{path} would inflate to {inflated // (1024 * 1024)} MiB; refusing it (a zip bomb?)"
        )
    from docx import Document as open_docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = open_docx(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise SourceError(f"{path} is not a readable .docx ({exc}); re-save it in Word") from exc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .tables import row_line

    paragraphs: list[str] = []
    last_text = ""
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, doc).text.strip()
            if text:
                paragraphs.append(text)
                last_text = text
        elif tag == "tbl":
            rows = [[c.text.strip() for c in row.cells] for row in Table(child, doc).rows]
            rows = [r for r in rows if any(r)]
            if not rows:
                continue
            headers, body = rows[0], rows[1:]
            title = last_text if len(last_text) <= 120 else None
            lines = [row_line(headers, r, title) for r in body] or [
                "| " + " | ".join(headers) + " |"
            ]
            paragraphs.append("\n".join(ln for ln in lines if ln))
    meta: dict[str, str] = {}
    props = doc.core_properties
    if props.title:
        meta["title"] = props.title
    if props.created:
        meta["date"] = props.created.date().isoformat()
    if props.author and props.author != "python-docx":
        meta["author"] = props.author
    return "\n\n".join(paragraphs), meta


def read_captions(raw: str) -> tuple[str, tuple[tuple[str, Span], ...]]:
    """Text and speaker turns of WebVTT or SRT captions; consecutive cues of one speaker join."""
    turns: list[tuple[str, list[str]]] = []
    speaker = "Unknown"
    for block in re.split(r"\n\s*\n", raw.replace("\r\n", "\n")):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines or lines[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        timed = [i for i, ln in enumerate(lines) if _CUE_TIME.match(ln)]
        if not timed:
            continue
        for line in lines[timed[0] + 1 :]:
            voice = _VOICE.match(line) or _SPEAKER.match(line)
            if voice:
                speaker = " ".join(voice.group(1).split()).strip()
                line = voice.group(2)
            line = _TAG.sub("", line).strip()
            if not line:
                continue
            if turns and turns[-1][0] == speaker:
                turns[-1][1].append(line)
            else:
                turns.append((speaker, [line]))
    parts: list[str] = []
    spans: list[tuple[str, Span]] = []
    pos = 0
    for who, lines in turns:
        lead = f"{who}: "
        body = " ".join(lines)
        spans.append((who, (pos + len(lead), pos + len(lead) + len(body))))
        parts.append(lead + body)
        pos += len(lead) + len(body) + 2
    return "\n\n".join(parts), tuple(spans)
