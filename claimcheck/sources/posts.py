"""Posts on a web page (a forum thread, reader comments): blocks of one shape that each read
as a short name, a date, then the words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..text.dates import DATE_PATTERN, date_in, find_dates
from .html import BLOCK_TAGS

__all__ = ["Post", "find_posts", "lines_of", "norm"]

_BLOCK_TAGS = BLOCK_TAGS | {"header", "footer"}


def norm(text: str) -> str:
    return " ".join(text.split())


def lines_of(el: Any) -> list[str]:
    """An element's text with ``<br>`` kept as line breaks."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                if child.tail:
                    parts.append(child.tail)
                continue
            if child.tag.lower() in ("script", "style", "noscript"):
                pass
            elif child.tag.lower() == "br":
                parts.append("\n")
            elif child.tag.lower() in _BLOCK_TAGS:
                parts.append("\n")
                walk(child)
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return [norm(ln) for ln in "".join(parts).split("\n") if norm(ln)]


@dataclass(frozen=True)
class Post:
    author: str
    time: str | None
    body: str
    element: Any


def post_of(el: Any) -> Post | None:
    """A block that reads as one post: a short name, a date, then the words."""
    lines = lines_of(el)
    paragraphs = [norm(p.text_content()) for p in el.xpath(".//p")]
    paragraphs = [p for p in paragraphs if p]
    if not lines:
        return None
    head_text = " ".join(lines)[:200]
    times = el.xpath(".//time")
    stamp = None
    if times:
        stamp = date_in(times[0].get("datetime") or "") or date_in(norm(times[0].text_content()))
    if stamp is None:
        found = find_dates(head_text)
        stamp = found[0][0] if found else None
    if stamp is None:
        return None
    author = None
    for node in el.iter():
        if not isinstance(node.tag, str) or node is el or node.tag.lower() in ("p", "time"):
            continue
        text = norm(node.text_content())
        if 1 <= len(text.split()) <= 5 and len(text) <= 50 and not DATE_PATTERN.search(text):
            author = text
            break
    if author is None:
        return None
    body = " ".join(paragraphs) if paragraphs else ""
    if not body:
        rest = [ln for ln in lines if author not in ln and not DATE_PATTERN.search(ln)]
        body = " ".join(rest)
    if len(body) < 2:
        return None
    return Post(author=author, time=stamp, body=body, element=el)


def find_posts(tree: Any) -> list[Post]:
    """The largest run of sibling blocks of one shape that each read as a post."""
    best: list[Post] = []
    for parent in tree.iter():
        if not isinstance(parent.tag, str):
            continue
        groups: dict[tuple[str, str], list[Any]] = {}
        for child in parent:
            if isinstance(child.tag, str):
                groups.setdefault((child.tag, child.get("class") or ""), []).append(child)
        for members in groups.values():
            if len(members) < 2 or len(members) <= len(best):
                continue
            posts = [p for p in (post_of(m) for m in members) if p]
            if len(posts) >= 2 and len(posts) >= 0.6 * len(members) and len(posts) > len(best):
                best = posts
    return best
