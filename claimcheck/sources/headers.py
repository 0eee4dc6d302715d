"""Header lines of a plain-text source (``Title:``, ``Date:``, e-mail headers) and front
matter, read as identity clues."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.dates import date_in
from .clues import RANK, Clue, normalise_kind
from .dates import parse_email_date

__all__ = [
    "HEADER_KEYS",
    "HeaderBlock",
    "front_matter_clues",
    "header_block",
    "header_clues",
    "is_email_header",
]

HEADER_KEYS = frozenset(
    {
        "title",
        "date",
        "kind",
        "byline",
        "author",
        "from",
        "to",
        "cc",
        "bcc",
        "subject",
        "sent",
        "re",
        "reply-to",
        "tickers",
        "issued by",
        "outlet",
        "publication",
        "source",
        "dateline",
        "type",
        "category",
    }
)
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z -]{0,20}):[ \t]*(?P<value>.*\S)?[ \t]*$")


@dataclass(frozen=True)
class HeaderBlock:
    """Leading ``Key: value`` lines (``Title:``, ``Date:``, ``From:``...): metadata, never
    speaker turns. ``end`` is where the block ends in the text."""

    fields: tuple[tuple[str, str], ...]
    end: int

    def get(self, key: str) -> str | None:
        for k, v in self.fields:
            if k == key:
                return v
        return None


def header_block(text: str) -> HeaderBlock:
    """The leading header lines of a plain-text document (empty if it has none). A block
    counts only when it names at least one known metadata key; continuation lines of a
    header value are not supported."""
    fields: list[tuple[str, str]] = []
    pos = 0
    known = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            if fields:
                pos += len(line)
                break
            pos += len(line)
            continue
        m = _HEADER_LINE.match(stripped)
        if not m:
            break
        key = m.group("key").strip().lower()
        if key in HEADER_KEYS:
            known += 1
        fields.append((key, (m.group("value") or "").strip()))
        pos += len(line)
    if not fields or known == 0 or known < len(fields) / 2:
        return HeaderBlock((), 0)
    return HeaderBlock(tuple(fields), pos)


def header_clues(block: HeaderBlock) -> list[Clue]:
    """Clues from header lines: e-mail headers when it reads as an e-mail, else plain
    ``Title:``/``Date:``/``Kind:`` lines; a memo's ``Re:`` gives its title."""
    if not block.fields:
        return []
    rank = RANK["metadata"]
    email = is_email_header(block)
    origin = "e-mail header" if email else "header line"
    clues: list[Clue] = []
    for key, value in block.fields:
        if not value:
            continue
        if key in ("date", "sent"):
            day = parse_email_date(value) if email else date_in(value)
            if day:
                clues.append(Clue("date", day, f"{key.capitalize()}: {origin}", rank))
        elif key == "title":
            clues.append(Clue("title", value, "Title: header line", rank))
        elif key in ("subject", "re") and not block.get("title"):
            clues.append(Clue("title", value, f"{key.capitalize()}: {origin}", rank))
        elif key in ("kind", "type"):
            kind = normalise_kind(value)
            if kind:
                clues.append(Clue("kind", kind, "Kind: header line", rank))
        elif key in ("byline", "author"):
            clues.append(Clue("author", value, f"{key.capitalize()}: header line", rank))
        elif key in ("outlet", "publication"):
            clues.append(Clue("outlet", value, f"{key.capitalize()}: header line", rank))
        elif key == "from" and email:
            clues.append(Clue("author", re.sub(r"\s*<[^>]*>", "", value), "From: header", rank))
    if email:
        clues.append(Clue("kind", "email", "e-mail headers", rank))
    return clues


def is_email_header(block: HeaderBlock) -> bool:
    keys = {k for k, _ in block.fields}
    sender = block.get("from") or ""
    return "from" in keys and bool(keys & {"to", "cc"}) and ("subject" in keys or "@" in sender)


def front_matter_clues(meta: dict[str, str]) -> list[Clue]:
    rank = RANK["metadata"]
    clues: list[Clue] = []
    if meta.get("title"):
        clues.append(Clue("title", meta["title"], "front matter", rank))
    for key in ("date", "published", "pubdate"):
        day = date_in(meta.get(key, ""))
        if day:
            clues.append(Clue("date", day, "front matter", rank))
            break
    for key in ("kind", "document_type", "type", "category"):
        kind = normalise_kind(meta.get(key, ""))
        if kind:
            clues.append(Clue("kind", kind, f"front matter {key}", rank))
            break
    for key in ("author", "byline"):
        if meta.get(key):
            clues.append(Clue("author", meta[key], "front matter", rank))
            break
    for key in ("publication", "outlet", "site", "issuer"):
        if meta.get(key):
            clues.append(Clue("outlet", meta[key], "front matter", rank))
            break
    return clues
