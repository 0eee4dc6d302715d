"""Scoring what claimcheck reads from sources against labels, for ``claimcheck eval newsrooms``.

- :func:`score_identity`: each newsroom's ``sources.json`` (``{"sources/FILE": {"date", "kind",
  "title"}}``): the share of sources dated right (where the label is null, no date or a date the
  file name carries is right), kinds right, and titles taken from the document.
- :func:`score_web_pages`: ``web_pages.json`` (``{"NEWSROOM/sources/FILE": {"content": [...],
  "furniture": [...]}}``): the share of furniture sentences found in what claimcheck reads
  (target at most 2%) and of content sentences kept (target at least 95%).

A sentence is found when it stands in the read text, spaces aside. Both return small records;
the caller prints them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClaimcheckError, InputError
from ..types import Document

__all__ = [
    "IdentityMiss",
    "IdentityScore",
    "WebPageScore",
    "WebScore",
    "score_identity",
    "score_web_pages",
]

Reader = Callable[[Path], Document]


def _share(part: int, whole: int, *, none: float = 0.0) -> float:
    """``part`` of ``whole``; ``none`` when there is nothing to count."""
    return part / whole if whole else none


@dataclass(frozen=True)
class IdentityMiss:
    source: str  # NEWSROOM/sources/FILE
    field: str  # date, kind or title
    expected: str | None
    found: str | None
    found_from: str


@dataclass(frozen=True)
class IdentityScore:
    sources: int
    dated_right: int
    kinds_right: int
    titles_right: int
    unread: int  # sources claimcheck could not read at all
    misses: tuple[IdentityMiss, ...]

    @property
    def dated_share(self) -> float:
        return _share(self.dated_right, self.sources)

    @property
    def kinds_share(self) -> float:
        return _share(self.kinds_right, self.sources)

    @property
    def titles_share(self) -> float:
        return _share(self.titles_right, self.sources)


@dataclass(frozen=True)
class WebPageScore:
    page: str
    furniture: int
    furniture_kept: tuple[str, ...]
    content: int
    content_lost: tuple[str, ...]
    reader: str


@dataclass(frozen=True)
class WebScore:
    pages: tuple[WebPageScore, ...]

    @property
    def furniture(self) -> int:
        return sum(p.furniture for p in self.pages)

    @property
    def furniture_kept(self) -> int:
        return sum(len(p.furniture_kept) for p in self.pages)

    @property
    def content(self) -> int:
        return sum(p.content for p in self.pages)

    @property
    def content_kept(self) -> int:
        return self.content - sum(len(p.content_lost) for p in self.pages)

    @property
    def furniture_share(self) -> float:
        return _share(self.furniture_kept, self.furniture)

    @property
    def content_share(self) -> float:
        return _share(self.content_kept, self.content, none=1.0)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def _title_norm(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"[\"“”'‘’*#_]", "", text)
    return _norm(text).strip(" .:")


def _title_right(expected: str | None, doc: Document) -> bool:
    identity = doc.identity
    found = identity.title if identity else doc.title
    if expected is None:
        return found is None or (identity is not None and identity.title_from == "none")
    if not found:
        return False
    a, b = _title_norm(expected), _title_norm(found)
    return a == b or (len(b) >= 12 and (a in b or b in a))


def _dated_right(expected: str | None, doc: Document, name: str) -> bool:
    if expected is None:
        return doc.date is None or doc.date.replace("-", "") in re.sub(r"[^0-9]", "", name)
    return doc.date == expected


def _default_reader(path: Path) -> Document:
    from . import read_source

    return read_source(path, root=path.parent)


def _load_json(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {path} ({exc}); check the newsrooms folder") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path} must hold a JSON object")
    return data


def score_identity(newsrooms: Iterable[Path], *, reader: Reader | None = None) -> IdentityScore:
    """Score date, kind and title of every source listed in each newsroom's ``sources.json``."""
    read = reader or _default_reader
    total = dated = kinds = titles = unread = 0
    misses: list[IdentityMiss] = []
    for room in newsrooms:
        labels_path = room / "sources.json"
        if not labels_path.is_file():
            continue
        for rel, label in sorted(_load_json(labels_path).items()):
            total += 1
            name = f"{room.name}/{rel}"
            try:
                doc = read(room / rel)
            except ClaimcheckError as exc:
                unread += 1
                misses.append(IdentityMiss(name, "read", None, str(exc), "error"))
                continue
            ident = doc.identity
            exp_date = label.get("date")
            exp_kind = label.get("kind")
            exp_title = label.get("title")
            if _dated_right(exp_date if isinstance(exp_date, str) else None, doc, rel):
                dated += 1
            else:
                misses.append(
                    IdentityMiss(
                        name,
                        "date",
                        exp_date if isinstance(exp_date, str) else None,
                        doc.date,
                        ident.date_from if ident else "?",
                    )
                )
            if doc.kind == exp_kind:
                kinds += 1
            else:
                misses.append(
                    IdentityMiss(
                        name,
                        "kind",
                        str(exp_kind),
                        doc.kind,
                        ident.kind_from if ident else "?",
                    )
                )
            if _title_right(exp_title if isinstance(exp_title, str) else None, doc):
                titles += 1
            else:
                misses.append(
                    IdentityMiss(
                        name,
                        "title",
                        exp_title if isinstance(exp_title, str) else None,
                        ident.title if ident else doc.title,
                        ident.title_from if ident else "?",
                    )
                )
    return IdentityScore(total, dated, kinds, titles, unread, tuple(misses))


def _strings(value: object) -> list[str]:
    return [str(s) for s in value] if isinstance(value, list) else []


def score_web_pages(
    labels: Path, *, newsrooms_dir: Path | None = None, reader: Reader | None = None
) -> WebScore:
    """Score furniture and content sentences of each page in ``web_pages.json``; pages are
    found relative to ``newsrooms_dir`` (default: the folder holding ``labels``)."""
    base = newsrooms_dir or labels.parent
    read = reader or _default_reader
    pages: list[WebPageScore] = []
    for rel, label in sorted(_load_json(labels).items()):
        path = base / rel
        if not path.is_file():
            continue
        doc = read(path)
        text = _norm(doc.text)
        furniture = _strings(label.get("furniture"))
        content = _strings(label.get("content"))
        pages.append(
            WebPageScore(
                page=rel,
                furniture=len(furniture),
                furniture_kept=tuple(s for s in furniture if _norm(s) in text),
                content=len(content),
                content_lost=tuple(s for s in content if _norm(s) not in text),
                reader=doc.identity.text_from if doc.identity else "?",
            )
        )
    return WebScore(tuple(pages))
