"""Main text of an HTML page: boilerplate (scripts, navigation, headers, footers) dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["BLOCK_TAGS", "HtmlText", "html_to_text"]

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "iframe",
        "svg",
        "template",
        "button",
        "select",
    ]
)
# Tags that break text into blocks, in this parser and in the web reader's own reading.
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "blockquote",
        "figure",
        "figcaption",
        "dd",
        "dt",
    ]
)
_BLOCK = BLOCK_TAGS | {"main", "br", "hr", "pre"}
_VOID = frozenset(
    [
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str | None
    date: str | None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[str] = []
        self.title: str | None = None
        self.h1: str | None = None
        self.date: str | None = None
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("name") or a.get("property") or "").lower()
            if name in ("date", "article:published_time", "dc.date", "pubdate") and a.get(
                "content"
            ):
                self.date = self.date or a["content"][:10]
            return
        if tag == "time" and a.get("datetime") and self.date is None:
            self.date = a["datetime"][:10]
        if tag in _VOID:
            if tag in _BLOCK:
                self.parts.append("\n")
            return
        self.stack.append(tag)
        if tag in _SKIP or (a.get("role") or "") in ("navigation", "banner", "contentinfo"):
            self.skip_depth += 1
            self.stack[-1] = tag + "#skip"
        self._mark(tag, inside=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # Pop to the matching open tag; tolerate unclosed or stray tags.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].split("#")[0] == tag:
                for closed in self.stack[i:]:
                    if closed.endswith("#skip"):
                        self.skip_depth -= 1
                del self.stack[i:]
                break
        self._mark(tag, inside=False)

    def _mark(self, tag: str, *, inside: bool) -> None:
        """Entering (or leaving) ``tag``: note the title and headline, break a block."""
        if tag == "title":
            self._in_title = inside
        if tag == "h1":
            self._in_h1 = inside
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = ((self.title or "") + data).strip()
            return
        if self.skip_depth > 0:
            return
        if self._in_h1:
            self.h1 = ((self.h1 or "") + data).strip()
        self.parts.append(data)


def html_to_text(markup: str) -> HtmlText:
    """Readable text with paragraphs separated by blank lines."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts)
    paragraphs = [re.sub(r"[ \t\r\f\v\n]+", " ", p).strip() for p in re.split(r"\n\s*\n", raw)]
    text = "\n\n".join(p for p in paragraphs if p)
    return HtmlText(text=text, title=parser.h1 or parser.title, date=parser.date)
