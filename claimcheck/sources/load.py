"""Reading sources: one file (:func:`load_document`, :func:`read_source`) or every file under
folders (:func:`load_sources`), each a :class:`~claimcheck.types.Document` with its identity.

The format readers (``dispatch.py``) give the text and what the format shows; here the
sidecar ``.meta.json`` and ``sources.toml`` are added, turns are looked for in the text, and
the identity is decided (``identity.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClaimcheckError, InputError, SourceError
from ..types import Document, stable_id
from .clues import RANK
from .dispatch import SUPPORTED_SUFFIXES, read_format
from .identity import decide_identity
from .metadata import json_clues, sidecar, user_clues
from .overrides import OVERRIDES_FILE, read_overrides
from .turns import text_turns

__all__ = [
    "LoadResult",
    "SkippedSource",
    "load_document",
    "load_sources",
    "read_source",
]


@dataclass(frozen=True)
class SkippedSource:
    path: str
    reason: str


@dataclass(frozen=True)
class LoadResult:
    documents: tuple[Document, ...]
    skipped: tuple[SkippedSource, ...]


def _title_from_name(path: Path) -> str:
    stem = path.stem.replace("_", " ").replace("-", " ").strip()
    return stem[:1].upper() + stem[1:]


def load_document(path: Path, *, root: Path | None = None, comments: bool = False) -> Document:
    """Load one source file; raises InputError or SourceError naming the problem.

    ``comments``: read a web page's reader comments too, as turns with author and time."""
    read = read_format(path, comments=comments)
    body, meta = read.body, read.meta
    side = sidecar(path)
    clues = json_clues(side, origin="sidecar .meta.json", rank=RANK["user"]) + read.clues
    if not body.strip():
        raise SourceError(f"{path} has no text to index (add the document text)")
    turns = read.turns
    if not turns and read.text_turns:
        turns = text_turns(body, read.body_start)
    user = user_clues(path, root)
    identity = decide_identity(
        body,
        path,
        user + clues,
        body_start=read.body_start,
        kind_hint=read.kind_hint,
        text_from=read.reader_note or "the file as written",
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
        blocks=read.blocks,
        turn_times=read.turn_times,
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
