"""One source file read by its format: its text, the turns, blocks and clues the format itself
gives, and where the body proper starts. What all formats share (sidecar, ``sources.toml``,
identity) is done by the loader (``load.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, SourceError
from ..text.files import read_text
from ..types import Span
from .clues import RANK, Clue
from .formats import read_captions, read_docx, read_pdf
from .headers import front_matter_clues
from .metadata import (
    captions_note,
    front_matter,
    json_clues,
    json_source,
    plain_clues,
    property_clues,
)
from .tables import TableText, read_csv, read_xlsx
from .web import read_web_page

__all__ = ["MAX_SOURCE_BYTES", "SUPPORTED_SUFFIXES", "Reading", "read_format"]

SUPPORTED_SUFFIXES = frozenset(
    {
        ".txt",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".json",
        ".pdf",
        ".docx",
        ".vtt",
        ".srt",
        ".csv",
        ".tsv",
        ".xlsx",
    }
)
_BINARY = frozenset({".pdf", ".docx", ".xlsx"})
MAX_SOURCE_BYTES = 100 * 1024 * 1024


@dataclass
class Reading:
    """What a format reader found in one file."""

    body: str
    clues: list[Clue]
    turns: tuple[tuple[str, Span], ...] = ()
    turn_times: tuple[str | None, ...] = ()
    blocks: tuple[Span, ...] = ()
    body_start: int = 0  # past the header lines
    kind_hint: str | None = None  # a kind the format itself shows
    meta: dict[str, str] = field(default_factory=dict)  # front matter or a JSON source's fields
    reader_note: str | None = None  # how the text was read, where not "as written"
    text_turns: bool = True  # whether speaker turns may be looked for in the text


def _with_header(body: str, clues: list[Clue], meta: dict[str, str] | None = None) -> Reading:
    """A body whose opening lines may be header lines (plain text, PDF, Word)."""
    more, body_start = plain_clues(body)
    return Reading(body, clues + more, body_start=body_start, meta=meta or {})


def _table(table: TableText) -> Reading:
    clues = []
    if table.title:
        clues.append(Clue("title", table.title, "the table's title row", RANK["metadata"]))
    return Reading(table.text, clues, blocks=table.blocks, kind_hint="table", text_turns=False)


def read_format(path: Path, *, comments: bool = False) -> Reading:
    """Read ``path`` by its suffix; raises InputError or SourceError naming the problem.

    ``comments``: read a web page's reader comments too, as turns with author and time."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"unsupported file type {suffix or '(none)'}: {path} "
            f"(claimcheck reads {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    raw = ""
    if suffix in _BINARY:
        if not path.is_file():
            raise InputError(f"source not found or not a file: {path}")
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceError(f"{path} is over {MAX_SOURCE_BYTES // (1024 * 1024)} MiB; split it")
    else:
        raw, _ = read_text(path, what="source")
    if suffix in (".pdf", ".docx"):
        body, props = read_pdf(path) if suffix == ".pdf" else read_docx(path)
        return _with_header(body, property_clues(props, f"{suffix[1:].upper()} properties"))
    if suffix == ".xlsx":
        return _table(read_xlsx(path))
    if suffix in (".csv", ".tsv"):
        return _table(read_csv(raw, path))
    if suffix in (".vtt", ".srt"):
        body, turns = read_captions(raw)
        clues = captions_note(raw)
        if not turns:
            raise SourceError(f"{path} holds no caption cues (is it a WebVTT or SRT file?)")
        return Reading(body, clues, turns=turns, kind_hint="transcript")
    if suffix == ".json":
        meta, body, turns = json_source(raw, path)
        return Reading(body, json_clues(meta), turns=turns, meta=meta)
    if suffix in (".html", ".htm"):
        page = read_web_page(raw, name=str(path), comments=comments)
        return Reading(
            page.text,
            list(page.clues),
            turns=page.turns,
            turn_times=page.turn_times,
            blocks=page.blocks,
            reader_note=page.reader,
            text_turns=False,
        )
    meta, body = front_matter(raw)
    return _with_header(body, front_matter_clues(meta), meta)
