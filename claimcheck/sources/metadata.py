"""A source's own metadata read as identity clues: front matter, a sidecar ``.meta.json``, a
JSON source's fields, PDF and Word properties, ``sources.toml``, a caption ``NOTE`` and a
memo's ``To:``/``From:``/``Date:``/``Re:`` lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..text.dates import find_dates
from ..types import Span
from .clues import RANK, Clue, normalise_kind
from .headers import header_block, header_clues
from .overrides import OVERRIDES_FILE, read_overrides
from .turns import speaker_name

__all__ = [
    "captions_note",
    "front_matter",
    "json_clues",
    "json_source",
    "plain_clues",
    "property_clues",
    "sidecar",
    "user_clues",
]


def front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end == -1:
        return {}, text
    meta: dict[str, str] = {}
    for line in text[3:end].splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            meta[key.strip().lower()] = value.strip().strip("\"'")
    body_start = text.find("\n", end + 4)
    return meta, (text[body_start + 1 :] if body_start != -1 else "")


def property_clues(props: dict[str, str], origin: str) -> list[Clue]:
    """Dates from file properties are trusted least (they often hold when the file was
    written). A Word title is an author's; a PDF's is often a file or template name, so the
    PDF's own first lines come before it."""
    rank = RANK["properties"]
    clues = []
    if props.get("title"):
        title_rank = RANK["opening"] if origin.startswith("DOCX") else rank
        clues.append(Clue("title", props["title"], origin, title_rank))
    if props.get("date"):
        clues.append(Clue("date", props["date"], origin, rank))
    if props.get("author"):
        clues.append(Clue("author", props["author"], origin, rank))
    return clues


def json_clues(
    meta: dict[str, str], *, origin: str = "JSON fields", rank: int = RANK["metadata"]
) -> list[Clue]:
    clues: list[Clue] = []
    if meta.get("title"):
        clues.append(Clue("title", meta["title"], origin, rank))
    day = find_dates(meta.get("date", ""))
    if day:
        clues.append(Clue("date", day[0][0], origin, rank))
    kind = normalise_kind(meta.get("kind", ""))
    if kind:
        clues.append(Clue("kind", kind, origin, rank))
    for key in ("author", "outlet"):
        if meta.get(key):
            clues.append(Clue(key, meta[key], origin, rank))
    return clues


def user_clues(path: Path, root: Path | None) -> list[Clue]:
    """What ``sources.toml`` beside the sources says about ``path``."""
    base = root if root is not None else path.parent
    try:
        relative = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return []
    entry = read_overrides(base).get(relative)
    if entry is None:
        return []
    rank = RANK["user"]
    origin = OVERRIDES_FILE
    clues = []
    if entry.date:
        clues.append(Clue("date", entry.date, origin, rank))
    if entry.kind:
        clues.append(Clue("kind", entry.kind, origin, rank))
    if entry.title:
        clues.append(Clue("title", entry.title, origin, rank))
    return clues


def sidecar(path: Path) -> dict[str, str]:
    side = path.with_name(path.name + ".meta.json")
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(
            f"metadata file {side} is not valid JSON ({exc}); fix or delete it"
        ) from exc
    if not isinstance(data, dict):
        raise SourceError(f"metadata file {side} must hold a JSON object; fix or delete it")
    return {str(k).lower(): str(v) for k, v in data.items() if v is not None}


def json_source(raw: str, path: Path) -> tuple[dict[str, str], str, tuple[tuple[str, Span], ...]]:
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"{path} is not valid JSON (line {exc.lineno}: {exc.msg}); fix the file or remove it"
        ) from exc
    if not isinstance(data, dict) or not (
        isinstance(data.get("turns"), list) or isinstance(data.get("text"), str)
    ):
        raise SourceError(
            f"{path}: a JSON source needs a 'turns' list of {{speaker, text}} or a 'text' string"
        )
    meta = {
        k: str(v)
        for k, v in data.items()
        if k in ("title", "date", "kind", "url", "author", "outlet") and v
    }
    if "speakers" in data and isinstance(data["speakers"], list):
        meta["speakers"] = ", ".join(str(s) for s in data["speakers"])
    if isinstance(data.get("text"), str) and not isinstance(data.get("turns"), list):
        return meta, data["text"], ()
    parts: list[str] = []
    turns: list[tuple[str, Span]] = []
    pos = 0
    for i, turn in enumerate(data["turns"]):
        if not isinstance(turn, dict) or not isinstance(turn.get("text"), str):
            raise SourceError(f"{path}: turn {i + 1} needs a 'text' string")
        speaker = speaker_name(str(turn.get("speaker") or "Unknown"))
        lead = f"{speaker}: "
        body = " ".join(turn["text"].split())
        start = pos + len(lead)
        parts.append(lead + body)
        turns.append((speaker, (start, start + len(body))))
        pos += len(lead) + len(body) + 2
    meta.setdefault("kind", "transcript")
    return meta, "\n\n".join(parts), tuple(turns)


def captions_note(raw: str) -> list[Clue]:
    """A WebVTT ``NOTE`` block's date (``NOTE Council meeting, Tuesday, June 10, 2025``)."""
    for block in re.split(r"\n\s*\n", raw.replace("\r\n", "\n"))[:6]:
        if block.lstrip().startswith("NOTE"):
            found = find_dates(block)
            if found:
                return [Clue("date", found[0][0], "caption NOTE", RANK["metadata"])]
    return []


def plain_clues(body: str) -> tuple[list[Clue], int]:
    """Clues of a plain-text body's header lines, and where the body proper starts."""
    block = header_block(body)
    clues = header_clues(block)
    memo = _memo_clues(body) if not block.fields else []
    return clues + memo, block.end


def _memo_clues(text: str) -> list[Clue]:
    """A memo's ``To:``/``From:``/``Date:``/``Re:`` lines a little way in (Word memos)."""
    lines = [ln.strip() for ln in text.splitlines()[:40] if ln.strip()][:15]
    fields: dict[str, str] = {}
    for line in lines:
        m = re.match(r"^(To|From|Date|Re|Subject):\s+(.+)$", line)
        if m:
            fields.setdefault(m.group(1).lower(), m.group(2).strip())
    if len(fields) < 3 or "date" not in fields:
        return []
    rank = RANK["metadata"]
    clues: list[Clue] = []
    found = find_dates(fields["date"])
    if found:
        clues.append(Clue("date", found[0][0], "memo Date: line", rank))
    subject = fields.get("re") or fields.get("subject")
    if subject:
        clues.append(Clue("title", subject, "memo Re: line", rank))
    return clues
