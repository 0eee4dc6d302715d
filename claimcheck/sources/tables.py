"""Tables (CSV, XLSX, tables inside pages and Word files) read the way a reader reads a row:
each row with its column headers, and the table's title in front, one row per line. Each row
is its own block, so a passage never mixes two rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..types import Span

__all__ = ["TableText", "read_csv", "read_xlsx", "row_line", "rows_text"]


@dataclass(frozen=True)
class TableText:
    text: str
    blocks: tuple[Span, ...]  # one per row (and one for the title line)
    title: str | None  # a title row the table itself carries


def _clean(cell: object) -> str:
    return " ".join(str(cell if cell is not None else "").split())


def row_line(headers: Sequence[str], row: Sequence[str], title: str | None) -> str:
    """``Title — Header: value; Header: value.``; cells without a header stand alone."""
    parts: list[str] = []
    for i, cell in enumerate(row):
        if not cell:
            continue
        head = headers[i] if i < len(headers) else ""
        parts.append(f"{head}: {cell}" if head and head != cell else cell)
    if not parts:
        return ""
    body = "; ".join(parts)
    return f"{title} — {body}." if title else f"{body}."


def rows_text(rows: Sequence[Sequence[str]], name: str) -> TableText:
    """Text and row blocks for a table given as rows of cells; the first row with two or
    more cells is the header row; a single-cell row above it is the table's own title."""
    cleaned = [[_clean(c) for c in r] for r in rows]
    cleaned = [r for r in cleaned if any(r)]
    own_title: str | None = None
    while cleaned and sum(1 for c in cleaned[0] if c) == 1 and len(cleaned) > 1:
        own_title = own_title or next(c for c in cleaned[0] if c)
        cleaned = cleaned[1:]
    if not cleaned:
        raise SourceError(f"{name} holds no table rows (is it empty?)")
    headers, body = cleaned[0], cleaned[1:]
    label = own_title or name
    lines: list[str] = []
    blocks: list[Span] = []
    pos = 0
    if own_title:
        lines.append(own_title)
        blocks.append((0, len(own_title)))
        pos = len(own_title) + 1
    for row in body or [headers]:
        line = row_line(headers if body else [], row, label)
        if not line:
            continue
        lines.append(line)
        blocks.append((pos, pos + len(line)))
        pos += len(line) + 1
    return TableText("\n".join(lines), tuple(blocks), own_title)


def _title_from_name(path: Path) -> str:
    stem = re.sub(r"[_]+", " ", path.stem).strip()
    return stem[:1].upper() + stem[1:]


def read_csv(raw: str, path: Path) -> TableText:
    try:
        dialect = csv.Sniffer().sniff(raw[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        rows = list(csv.reader(io.StringIO(raw), dialect))
    except csv.Error as exc:
        raise SourceError(f"{path} is not a readable CSV ({exc}); re-export it") from exc
    return rows_text(rows, _title_from_name(path))


def read_xlsx(path: Path) -> TableText:
    """Every sheet of a workbook; a sheet's rows carry the sheet's name when there are
    several sheets."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SourceError(f"{path} is not a readable .xlsx ({exc}); re-save it") from exc
    texts: list[TableText] = []
    try:
        sheets = list(book.worksheets)
        for sheet in sheets:
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            if not any(any(c is not None for c in r) for r in rows):
                continue
            name = _title_from_name(path)
            if len(sheets) > 1:
                name = f"{name}, {sheet.title}"
            texts.append(rows_text([[_clean(c) for c in r] for r in rows], name))
    finally:
        book.close()
    if not texts:
        raise SourceError(f"{path} holds no table rows (is the workbook empty?)")
    parts: list[str] = []
    blocks: list[Span] = []
    pos = 0
    for t in texts:
        parts.append(t.text)
        blocks += [(a + pos, b + pos) for a, b in t.blocks]
        pos += len(t.text) + 2
    return TableText("\n\n".join(parts), tuple(blocks), texts[0].title)
