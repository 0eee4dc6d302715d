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
from ..text.files import read_text
from ..types import Document, Span, stable_id
from .dates import find_dates
from .formats import read_captions, read_docx, read_pdf
from .identity import (
    KINDS,
    RANK,
    Clue,
    decide_identity,
    front_matter_clues,
    header_block,
    header_clues,
    looks_like_transcript,
    normalise_kind,
    person_turns,
)
from .overrides import OVERRIDES_FILE, read_overrides
from .tables import read_csv, read_xlsx
from .web import read_web_page

__all__ = [
    "KINDS",
    "SUPPORTED_SUFFIXES",
    "LoadResult",
    "SkippedSource",
    "load_document",
    "load_sources",
    "read_source",
]

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
_QA_TURN = re.compile(
    r"^(?P<tag>Q|A)[.:][ \t]+(?:(?P<who>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}):[ \t]+)?", re.M
)
_NAME = re.compile(r"\b(?:Dr\.\s+)?[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-zA-Z'’-]+\b")


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


def _speaker_name(raw: str) -> str:
    name = " ".join(raw.split())
    return name.title() if name.isupper() else name


def _transcript_turns(text: str, start: int = 0) -> tuple[tuple[str, Span], ...]:
    """Speaker turns of a ``Speaker: text`` transcript from ``start`` (past header lines);
    a turn runs to the next speaker line. Labels that name fields, not people, are no turns."""
    found = person_turns(text, start)
    turns: list[tuple[str, Span]] = []
    for i, (who, _, body_start) in enumerate(found):
        end = found[i + 1][1] if i + 1 < len(found) else len(text)
        while end > body_start and text[end - 1].isspace():
            end -= 1
        turns.append((_speaker_name(who), (body_start, end)))
    return tuple(turns)


def _interview_names(text: str, start: int) -> tuple[str, str]:
    """(interviewer, interviewee) of a ``Q:``/``A:`` interview: named on the turns, by an
    ``Interview by X (Q) with Y (A)`` line, or else the interviewer is the byline and the
    interviewee the person the opening names most."""
    opening = text[start : start + 2500]
    q_name = a_name = None
    m = re.search(
        r"(?i)by\s+([^()\n]{3,60}?)\s*\(Q\)\s*(?:with|and)\s+([^()\n]{3,60}?)\s*\(A\)", opening
    )
    if m:
        q_name, a_name = m.group(1).strip(), m.group(2).strip()
    byline = re.search(r"(?m)^\s*By\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})", opening)
    if q_name is None and byline:
        q_name = byline.group(1)
    if a_name is None:
        first_q = _QA_TURN.search(text, start)
        intro = text[start : first_q.start() if first_q else start + 1500]
        intro = "\n".join(ln for ln in intro.splitlines() if not re.match(r"\s*By\s", ln))
        counts: dict[str, int] = {}
        for name in _NAME.findall(intro):
            if q_name and name in q_name:
                continue
            counts[name] = counts.get(name, 0) + 1
            surname = name.split()[-1]
            counts[name] += len(re.findall(rf"\b{re.escape(surname)}\b", intro)) - 1
        if counts:
            a_name = max(counts, key=lambda n: counts[n])
    return q_name or "Interviewer", a_name or "Interviewee"


def _qa_turns(text: str, start: int = 0) -> tuple[tuple[str, Span], ...]:
    """Turns of a ``Q:``/``A:`` interview: questions to the interviewer, answers to the
    interviewee (or to the name a turn gives itself)."""
    found = list(_QA_TURN.finditer(text, start))
    q_name, a_name = _interview_names(text, start)
    turns: list[tuple[str, Span]] = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        while end > m.end() and text[end - 1].isspace():
            end -= 1
        who = m.group("who") or (q_name if m.group("tag") == "Q" else a_name)
        turns.append((_speaker_name(who), (m.end(), end)))
    return tuple(turns)


def _title_from_name(path: Path) -> str:
    stem = path.stem.replace("_", " ").replace("-", " ").strip()
    return stem[:1].upper() + stem[1:]


def _property_clues(props: dict[str, str], origin: str) -> list[Clue]:
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


def _json_clues(
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


def _user_clues(path: Path, root: Path | None) -> list[Clue]:
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
        speaker = _speaker_name(str(turn.get("speaker") or "Unknown"))
        lead = f"{speaker}: "
        body = " ".join(turn["text"].split())
        start = pos + len(lead)
        parts.append(lead + body)
        turns.append((speaker, (start, start + len(body))))
        pos += len(lead) + len(body) + 2
    meta.setdefault("kind", "transcript")
    return meta, "\n\n".join(parts), tuple(turns)


def _captions_note(raw: str) -> list[Clue]:
    """A WebVTT ``NOTE`` block's date (``NOTE Council meeting, Tuesday, June 10, 2025``)."""
    for block in re.split(r"\n\s*\n", raw.replace("\r\n", "\n"))[:6]:
        if block.lstrip().startswith("NOTE"):
            found = find_dates(block)
            if found:
                return [Clue("date", found[0][0], "caption NOTE", RANK["metadata"])]
    return []


def _plain_clues(body: str) -> tuple[list[Clue], int]:
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


def load_document(path: Path, *, root: Path | None = None, comments: bool = False) -> Document:
    """Load one source file; raises InputError or SourceError naming the problem.

    ``comments``: read a web page's reader comments too, as turns with author and time."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"unsupported file type {suffix or '(none)'}: {path} "
            f"(claimcheck reads {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    turns: tuple[tuple[str, Span], ...] = ()
    turn_times: tuple[str | None, ...] = ()
    blocks: tuple[Span, ...] = ()
    raw = ""
    clues: list[Clue] = []
    body_start = 0
    kind_hint: str | None = None
    meta: dict[str, str] = {}
    reader_note: str | None = None
    if suffix in _BINARY:
        if not path.is_file():
            raise InputError(f"source not found or not a file: {path}")
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise SourceError(f"{path} is over {MAX_SOURCE_BYTES // (1024 * 1024)} MiB; split it")
    else:
        raw, _ = read_text(path, what="source")
    if suffix == ".pdf":
        body, props = read_pdf(path)
        clues += _property_clues(props, "PDF properties")
        more, body_start = _plain_clues(body)
        clues += more
    elif suffix == ".docx":
        body, props = read_docx(path)
        clues += _property_clues(props, "DOCX properties")
        more, body_start = _plain_clues(body)
        clues += more
    elif suffix == ".xlsx":
        table = read_xlsx(path)
        body, blocks, kind_hint = table.text, table.blocks, "table"
        if table.title:
            clues.append(Clue("title", table.title, "the table's title row", RANK["metadata"]))
    elif suffix in (".csv", ".tsv"):
        table = read_csv(raw, path)
        body, blocks, kind_hint = table.text, table.blocks, "table"
        if table.title:
            clues.append(Clue("title", table.title, "the table's title row", RANK["metadata"]))
    elif suffix in (".vtt", ".srt"):
        body, turns = read_captions(raw)
        kind_hint = "transcript"
        clues += _captions_note(raw)
        if not turns:
            raise SourceError(f"{path} holds no caption cues (is it a WebVTT or SRT file?)")
    elif suffix == ".json":
        meta, body, turns = _from_json(raw, path)
        clues += _json_clues(meta)
    elif suffix in (".html", ".htm"):
        page = read_web_page(raw, name=str(path), comments=comments)
        body, blocks, turns, turn_times = page.text, page.blocks, page.turns, page.turn_times
        clues += page.clues
        reader_note = page.reader
    else:
        meta, body = _front_matter(raw)
        clues += front_matter_clues(meta)
        more, body_start = _plain_clues(body)
        clues += more
    side = _sidecar(path)
    clues = _json_clues(side, origin="sidecar .meta.json", rank=RANK["user"]) + clues
    if not body.strip():
        raise SourceError(f"{path} has no text to index (add the document text)")
    if not turns and suffix not in (".html", ".htm", ".csv", ".tsv", ".xlsx"):
        if looks_like_transcript(body, body_start):
            turns = _transcript_turns(body, body_start)
        elif _QA_TURN.search(body[body_start:]):
            turns = _qa_turns(body, body_start)
    user = _user_clues(path, root)
    identity = decide_identity(
        body,
        path,
        user + clues,
        body_start=body_start,
        kind_hint=kind_hint,
        text_from=reader_note or "the file as written",
    )
    speakers = tuple(dict.fromkeys(s for s, _ in turns))
    if not speakers and meta.get("speakers"):
        speakers = tuple(s.strip() for s in meta["speakers"].split(",") if s.strip())
    relative = path.relative_to(root).as_posix() if root else path.name
    return Document(
        id=stable_id("doc", relative),
        title=identity.title or _title_from_name(path),
        text=body,
        source=relative,
        date=identity.date,
        url=side.get("url") or meta.get("url"),
        kind=identity.kind,
        speakers=speakers,
        turns=turns,
        identity=identity,
        blocks=blocks,
        turn_times=turn_times,
    )


def read_source(path: Path | str, *, root: Path | None = None, comments: bool = False) -> Document:
    """What claimcheck reads from one source file: its text, turns and identity with
    provenance (``doc.identity``). The library function behind ``claimcheck read``."""
    return load_document(Path(path), root=root, comments=comments)


def _wanted(child: Path) -> bool:
    return (
        not child.name.startswith(".")
        and not child.name.endswith(".meta.json")
        and child.name.lower() != "readme.md"
        and child.name != OVERRIDES_FILE
    )


def _walk(root: Path, found: list[Path], skipped: list[SkippedSource]) -> None:
    """Every file under ``root``, following links to folders, each real folder once: its
    plain folders first, then the links in order of path. A link into a folder already read
    (a loop, or a second way to the same folder) is named in ``skipped``, and so is a link
    that leads nowhere."""
    seen: dict[tuple[int, int], Path] = {}
    links: list[Path] = []

    def visit(top: Path) -> None:
        stack = [top]
        while stack:
            folder = stack.pop()
            info = folder.stat()
            seen[(info.st_dev, info.st_ino)] = folder
            try:
                children = sorted(folder.iterdir())
            except OSError as exc:
                reason = f"cannot read the folder ({exc.strerror or exc})"
                skipped.append(SkippedSource(str(folder), reason))
                continue
            for child in children:
                if child.is_symlink() and child.is_dir():
                    links.append(child)
                elif child.is_dir():
                    stack.append(child)
                elif child.is_file():
                    if _wanted(child):
                        found.append(child)
                elif child.is_symlink():
                    skipped.append(SkippedSource(str(child), "a link to nothing (broken symlink)"))

    visit(root)
    while links:
        links.sort()
        link = links.pop(0)
        info = link.stat()
        earlier = seen.get((info.st_dev, info.st_ino))
        if earlier is not None:
            reason = f"a link to a folder already read ({earlier}); not read twice"
            skipped.append(SkippedSource(str(link), reason))
            continue
        visit(link)


def _discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[SkippedSource]]:
    found: list[tuple[Path, Path]] = []
    skipped: list[SkippedSource] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"source path not found: {p} (check the path)")
        if p.is_dir():
            files: list[Path] = []
            _walk(p, files, skipped)
            found += ((child, p) for child in sorted(files))
        else:
            found.append((p, p.parent))
    return found, skipped


def load_sources(paths: Iterable[Path], *, comments: bool = False) -> LoadResult:
    """Load every supported file under ``paths``; unreadable files are skipped with a reason.

    ``comments``: read web pages' reader comments too, as posts (see ``load_document``)."""
    docs: list[Document] = []
    files, skipped = _discover(paths)
    for root in dict.fromkeys(r for _, r in files):
        read_overrides(root)  # a bad sources.toml stops the build before anything is read
    for path, root in files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(
                SkippedSource(str(path), f"unsupported file type {path.suffix or '(none)'}")
            )
            continue
        try:
            docs.append(load_document(path, root=root, comments=comments))
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
