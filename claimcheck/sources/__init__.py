"""Source files -> Documents.

Reads ``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf``, ``.docx``, ``.json`` transcripts and
``.vtt``/``.srt`` captions. Metadata comes from a
front-matter block (``---`` lines with ``key: value``), a sidecar ``<file>.meta.json``, or is
found in the document. Transcripts, in ``Speaker: text`` form or JSON ``turns``, keep their
speaker turns with spans, so quote checks can tell who said a line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ClaimcheckError, InputError, SourceError
from ..textfile import read_text
from ..types import Document, Span, stable_id
from .formats import read_captions, read_docx, read_pdf
from .html import html_to_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "LoadResult",
    "SkippedSource",
    "load_document",
    "load_sources",
]

SUPPORTED_SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".pdf", ".docx", ".vtt", ".srt"}
)
_BINARY = frozenset({".pdf", ".docx"})
MAX_SOURCE_BYTES = 100 * 1024 * 1024
KINDS = (
    "transcript",
    "filing",
    "press_release",
    "shareholder_letter",
    "wire",
    "story",
    "analyst_note",
    "interview",
    "other",
)
_TURN = re.compile(r"^(?P<who>[A-Z][\w.'’ -]{0,50}?)(?:\s*\([^)\n]{0,60}\))?:[ \t]+(?=\S)", re.M)
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_MONTHS = "january february march april may june july august september october november december"
_LONG_DATE = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in _MONTHS.split()) + r")\s+(\d{1,2}),\s+(\d{4})\b"
)


@dataclass(frozen=True)
class SkippedSource:
    path: str
    reason: str


@dataclass(frozen=True)
class LoadResult:
    documents: tuple[Document, ...]
    skipped: tuple[SkippedSource, ...]


def _front_matter(text: str) -> tuple[dict[str, str], str]:
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


def _find_date(text: str) -> str | None:
    head = text[:4000]
    m = _ISO_DATE.search(head)
    if m:
        return m.group(0)
    m = _LONG_DATE.search(head)
    if m:
        month = _MONTHS.split().index(m.group(1).lower()) + 1
        return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(2)):02d}"
    return None


def _guess_kind(name: str, is_transcript: bool) -> str:
    if is_transcript:
        return "transcript"
    lowered = name.lower()
    for key, kind in (
        ("transcript", "transcript"),
        ("release", "press_release"),
        ("letter", "shareholder_letter"),
        ("filing", "filing"),
        ("10-q", "filing"),
        ("wire", "wire"),
        ("analyst", "analyst_note"),
        ("interview", "interview"),
        ("story", "story"),
    ):
        if key in lowered:
            return kind
    return "other"


def _speaker_name(raw: str) -> str:
    name = " ".join(raw.split())
    return name.title() if name.isupper() else name


def _transcript_turns(text: str) -> tuple[tuple[str, Span], ...]:
    """Speaker turns of a ``Speaker: text`` transcript; a turn runs to the next speaker line."""
    matches = list(_TURN.finditer(text))
    turns: list[tuple[str, Span]] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        while end > m.end() and text[end - 1].isspace():
            end -= 1
        turns.append((_speaker_name(m.group("who")), (m.end(), end)))
    return tuple(turns)


def _looks_like_transcript(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    turns = sum(1 for ln in lines if _TURN.match(ln))
    return turns >= 3 and turns >= 0.5 * len(lines)


def _title_from(body: str, path: Path) -> str:
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip()
        if stripped:
            break
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize()


def _sidecar(path: Path) -> dict[str, str]:
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


def _from_json(raw: str, path: Path) -> tuple[dict[str, str], str, tuple[tuple[str, Span], ...]]:
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
    meta = {k: str(v) for k, v in data.items() if k in ("title", "date", "kind", "url") and v}
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
        speaker = _speaker_name(str(turn.get("speaker") or "Unknown"))
        lead = f"{speaker}: "
        body = " ".join(turn["text"].split())
        start = pos + len(lead)
        parts.append(lead + body)
        turns.append((speaker, (start, start + len(body))))
        pos += len(lead) + len(body) + 2
    meta.setdefault("kind", "transcript")
    return meta, "\n\n".join(parts), tuple(turns)


def load_document(path: Path, *, root: Path | None = None) -> Document:
    """Load one source file; raises InputError or SourceError naming the problem."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"unsupported file type {suffix or '(none)'}: {path} "
            f"(claimcheck reads {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    turns: tuple[tuple[str, Span], ...] = ()
    raw = ""
    if suffix in _BINARY:
        if not path.is_file():
            raise InputError(f"source not found or not a file: {path}")
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceError(f"{path} is over {MAX_SOURCE_BYTES // (1024 * 1024)} MiB; split it")
    else:
        raw, _ = read_text(path, what="source")
    if suffix == ".pdf":
        body, meta = read_pdf(path)
    elif suffix == ".docx":
        body, meta = read_docx(path)
    elif suffix in (".vtt", ".srt"):
        body, turns = read_captions(raw)
        meta = {"kind": "transcript"}
        if not turns:
            raise SourceError(f"{path} holds no caption cues (is it a WebVTT or SRT file?)")
    elif suffix == ".json":
        meta, body, turns = _from_json(raw, path)
    elif suffix in (".html", ".htm"):
        page = html_to_text(raw)
        body = page.text
        meta = {}
        if page.title:
            meta["title"] = page.title
        if page.date:
            meta["date"] = page.date
        if not body.strip():
            raise SourceError(f"{path}: no readable text found in the HTML (is it a real page?)")
    else:
        meta, body = _front_matter(raw)
        if meta.get("kind") == "transcript" or (
            not meta.get("kind") and _looks_like_transcript(body)
        ):
            turns = _transcript_turns(body)
    meta = {**meta, **_sidecar(path)}
    if not body.strip():
        raise SourceError(f"{path} has no text to index (add the document text)")
    kind = meta.get("kind") or _guess_kind(path.name, bool(turns))
    if kind not in KINDS:
        kind = "other"
    speakers = tuple(dict.fromkeys(s for s, _ in turns))
    if not speakers and meta.get("speakers"):
        speakers = tuple(s.strip() for s in meta["speakers"].split(",") if s.strip())
    relative = path.relative_to(root).as_posix() if root else path.name
    return Document(
        id=stable_id("doc", relative),
        title=meta.get("title") or _title_from(body, path),
        text=body,
        source=relative,
        date=meta.get("date") or _find_date(body),
        url=meta.get("url"),
        kind=kind,
        speakers=speakers,
        turns=turns,
    )


def _discover(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    found: list[tuple[Path, Path]] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"source path not found: {p} (check the path)")
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if (
                    child.is_file()
                    and not child.name.startswith(".")
                    and not child.name.endswith(".meta.json")
                    and child.name.lower() != "readme.md"
                ):
                    found.append((child, p))
        else:
            found.append((p, p.parent))
    return found


def load_sources(paths: Iterable[Path]) -> LoadResult:
    """Load every supported file under ``paths``; unreadable files are skipped with a reason."""
    docs: list[Document] = []
    skipped: list[SkippedSource] = []
    files = _discover(paths)
    for path, root in files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(
                SkippedSource(str(path), f"unsupported file type {path.suffix or '(none)'}")
            )
            continue
        try:
            docs.append(load_document(path, root=root))
        except ClaimcheckError as exc:
            skipped.append(SkippedSource(str(path), str(exc)))
    if not docs:
        where = ", ".join(str(p) for p in paths)
        if skipped:
            raise InputError(
                f"no readable source documents in {where}: {skipped[0].reason} "
                f"(and {len(skipped) - 1} more skipped)"
                if len(skipped) > 1
                else f"no readable source documents in {where}: {skipped[0].reason}"
            )
        raise InputError(
            f"no source documents found in {where} (add .txt, .md, .html or .json files)"
        )
    return LoadResult(documents=tuple(docs), skipped=tuple(skipped))
