"""Marked-up drafts -> the words a reader sees, each character mapped back to the file.

A Markdown draft is read without its markup (``#`` headings, ``*emphasis*``, ``[links](url)``,
list and quote markers, front matter, code fences, HTML tags and entities); an HTML draft (a
CMS export) without its tags, scripts, styles, navigation and footers, and read as a reader
reads a web page: only the article's blocks, as the web reader (``sources/web.py``,
trafilatura) decides them, are kept, so ads, cookie banners, related lists and reader
comments never become statements. Headings and blocks stay paragraphs of their own.
``PlainText.original`` maps a span of the plain text back to the span of the same words in
the file, so statements point into the draft as written.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..types import Span

__all__ = ["MARKUPS", "PlainText", "markup_of", "plain_text"]

MARKUPS = ("text", "markdown", "html")


@dataclass(frozen=True)
class PlainText:
    text: str
    offsets: tuple[int, ...]  # offsets[i]: where text[i] stands in the file

    def original(self, span: Span) -> Span:
        """The file span holding the plain-text ``span``."""
        s, e = span
        if not self.offsets:
            return span
        if e <= s:
            at = self.offsets[min(s, len(self.offsets) - 1)]
            return (at, at)
        return (self.offsets[s], self.offsets[e - 1] + 1)


def markup_of(path: str) -> str:
    """The markup a draft's file name says it holds: markdown, html or text."""
    lower = path.lower()
    if lower.endswith((".md", ".markdown", ".mdown")):
        return "markdown"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"


def plain_text(text: str, markup: str) -> PlainText | None:
    """The words of ``text`` without its ``markup``; None for plain text (nothing to map)."""
    if markup == "markdown":
        return _tidy(_markdown(text))
    if markup == "html":
        return _main_content(text, _tidy(_html(text)))
    return None


# --- building --------------------------------------------------------------------------------


class _Out:
    def __init__(self) -> None:
        self.chars: list[str] = []
        self.pos: list[int] = []

    def add(self, chars: str, at: int, *, same: bool = False) -> None:
        """Emit ``chars``; each maps to ``at + i`` (or all to ``at`` when ``same``)."""
        for i, ch in enumerate(chars):
            self.chars.append(ch)
            self.pos.append(at if same else at + i)

    def done(self) -> PlainText:
        return PlainText("".join(self.chars), tuple(self.pos))


def _tidy(plain: PlainText) -> PlainText:
    """Spaces collapsed, lines trimmed, at most one blank line in a row, positions kept."""
    out = _Out()
    text, pos = plain.text, plain.offsets
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" or ch in " \t\r\f\v\xa0":
            j = i
            newlines = 0
            while j < n and (text[j] == "\n" or text[j] in " \t\r\f\v\xa0"):
                newlines += text[j] == "\n"
                j += 1
            if out.chars and j < n:  # no leading or trailing space
                first_nl = next((k for k in range(i, j) if text[k] == "\n"), i)
                gap = "\n\n" if newlines >= 2 else "\n" if newlines else " "
                out.add(gap, pos[first_nl], same=True)
            i = j
            continue
        out.add(ch, pos[i])
        i += 1
    return out.done()


# --- Markdown ---------------------------------------------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_=]\s*){3,}$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_INLINE = re.compile(
    r"(?P<esc>\\[\\`*_{}\[\]()#+\-.!>|~])"
    r"|(?P<link>!?\[(?P<label>[^\]\n]*)\](?:\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)|\[[^\]\n]*\]))"
    r"|(?P<auto><(?P<href>(?:https?://|mailto:)[^>\s]+)>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<code>`+)"
    r"|(?P<entity>&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});)"
    r"|(?P<emph>\*{1,3}|_{1,3}|~~)"
)


def _inline(line: str, at: int, out: _Out) -> None:
    """Emit ``line`` (which starts at ``at`` in the file) without inline markup."""
    i = 0
    for m in _INLINE.finditer(line):
        if m.start() < i:
            continue
        out.add(line[i : m.start()], at + i)
        kind = m.lastgroup
        if kind == "esc":
            out.add(line[m.start() + 1], at + m.start() + 1)
        elif kind == "link":
            label = m.group("label")
            _inline(label, at + m.start("label"), out)
        elif kind == "auto":
            out.add(m.group("href"), at + m.start("href"))
        elif kind == "code":
            close = line.find(m.group("code"), m.end())
            if close == -1:
                out.add(m.group(0), at + m.start())
            else:
                out.add(line[m.end() : close], at + m.end())
                i = close + len(m.group("code"))
                continue
        elif kind == "entity":
            out.add(html.unescape(m.group(0)), at + m.start(), same=True)
        elif kind == "emph" and not _is_marker(line, m.start(), m.end()):
            out.add(m.group(0), at + m.start())
        i = m.end()
    out.add(line[i:], at + i)


def _is_marker(line: str, s: int, e: int) -> bool:
    """Whether the run of ``*``, ``_`` or ``~`` at ``line[s:e]`` is emphasis markup: it
    touches a word on one side, and an underscore is not inside a word (snake_case)."""
    before = line[s - 1] if s > 0 else " "
    after = line[e] if e < len(line) else " "
    if before.isspace() and after.isspace():
        return False  # "3 * 4", a lone star
    return not (line[s] == "_" and before.isalnum() and after.isalnum())


def _markdown(text: str) -> PlainText:
    out = _Out()
    pos = 0
    front = _FRONT.match(text)
    if front:
        out.add("\n\n", front.end() - 1, same=True)
        pos = front.end()
    fenced = False
    for line in text[pos:].splitlines(keepends=True):
        body = line.rstrip("\r\n")
        end = pos + len(body)
        if _FENCE.match(body):
            fenced = not fenced
        elif fenced or _RULE.match(body) or _REFDEF.match(body):
            pass
        elif m := _HEADING.match(body):
            stop = _CLOSING_HASHES.search(body, m.end())
            out.add("\n\n", pos, same=True)
            _inline(body[m.end() : stop.start() if stop else len(body)], pos + m.end(), out)
            out.add("\n\n", end, same=True)  # a heading is a paragraph of its own
        else:
            start = 0
            q = _QUOTE.match(body)
            if q:
                start = q.end()
            item = _ITEM.match(body, start)
            if item and not _RULE.match(body):
                out.add("\n\n", pos, same=True)  # each list item a paragraph of its own
                start = item.end()
            _inline(body[start:], pos + start, out)
        out.add("\n", end, same=True)
        pos += len(line)
    return out.done()


# --- HTML -------------------------------------------------------------------------------------

_SKIP = frozenset(
    "script style head nav footer aside form noscript template svg button select iframe "
    "object canvas menu".split()
)
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote tr table section article header "
    "main hr figcaption pre address summary details caption title body".split()
)
_VOID = frozenset("br hr img input meta link area base col embed source track wbr".split())


class _Reader(HTMLParser):
    def __init__(self, source: str, out: _Out) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.out = out
        self.skip: list[str] = []
        starts = [0]
        for m in re.finditer("\n", source):
            starts.append(m.end())
        self.line_starts = starts

    def _at(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skip.append(tag)
        elif tag in _BLOCK or tag == "br":
            self.out.add("\n\n" if tag != "br" else "\n", self._at(), same=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK or tag == "br":
            self.out.add("\n", self._at(), same=True)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag in _BLOCK:
            self.out.add("\n\n", self._at(), same=True)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        at = self._at()
        if self.source[at : at + len(data)] != data:  # never expected; keep the words anyway
            found = self.source.find(data, max(0, at - len(data)))
            at = found if found != -1 else at
        self.out.add(data, at)

    def _ref(self, ref: str) -> None:
        if not self.skip:
            self.out.add(html.unescape(ref), self._at(), same=True)

    def handle_entityref(self, name: str) -> None:
        self._ref(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._ref(f"&#{name};")


def _html(text: str) -> PlainText:
    out = _Out()
    reader = _Reader(text, out)
    reader.feed(text)
    reader.close()
    return out.done()


# --- the article of an HTML draft -------------------------------------------------------------


def _article_lines(markup: str) -> tuple[list[str], list[str]] | None:
    """The article's blocks as the web reader finds them (precision settings), and the blocks
    trafilatura's default settings find, one line each, spaces collapsed; None where there is
    no main-content reading (not HTML, the reader's own fallback parser, a page of posts)."""
    import trafilatura

    from ..errors import SourceError
    from ..sources.web import EXTRACTOR, read_web_page

    try:
        page = read_web_page(markup, name="the draft")
    except SourceError:
        return None
    if page.reader != EXTRACTOR or page.is_thread:
        return None
    wide = trafilatura.extract(
        markup, output_format="txt", include_comments=False, include_tables=False,
        deduplicate=False,
    ) or ""  # fmt: skip
    precise = [" ".join(ln.split()) for ln in page.text.split("\n")]
    more = [" ".join(_LIST_MARK.sub("", ln).split()) for ln in wide.split("\n")]
    return [ln for ln in precise if ln], [ln for ln in more if ln]


_LIST_MARK = re.compile(r"^\s*[-*]\s+")


def _main_content(markup: str, plain: PlainText) -> PlainText:
    """``plain`` cut down to the regions that hold the article's blocks, positions kept.

    Each block the web reader returns is looked up, in order, in ``plain`` read with its spaces
    collapsed; so is each block trafilatura's default settings keep between the first and the
    last of them. What lies outside the found blocks (furniture) is dropped, and separate
    regions stay separate paragraphs. A page the reader finds no article in is kept whole."""
    found = _article_lines(markup)
    if not found or not found[0]:
        return plain
    lines, wide = found
    text = plain.text
    flat: list[str] = []
    where: list[int] = []  # where[i]: the index in ``text`` of flat[i]
    space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                flat.append(" ")
                where.append(i)
            space = True
        else:
            flat.append(ch)
            where.append(i)
            space = False
    flat_text = "".join(flat)

    def bounded(at: int, end: int) -> bool:  # the match is a whole paragraph of ``plain``
        s, e = where[at], where[end - 1] + 1
        return (s == 0 or text[s - 1] == "\n") and (e == len(text) or text[e] == "\n")

    def find(line: str, start: int) -> int:
        first = at = flat_text.find(line, start)
        while at != -1 and not bounded(at, at + len(line)):
            at = flat_text.find(line, at + 1)
        return at if at != -1 else first

    regions: list[tuple[int, int]] = []
    cursor = 0
    for line in lines:
        at = find(line, cursor)
        if at == -1:
            at = find(line, 0)  # out of order (a headline read before the page's top)
            if at == -1:
                continue
        else:
            cursor = at + len(line)
        regions.append((where[at], where[at + len(line) - 1] + 1))
    if not regions:
        return plain
    # Inside the article, what the default settings keep stays too (list items, short
    # paragraphs the precision settings drop): a draft's claims are never lost with its furniture.
    first, last = min(s for s, _ in regions), max(e for _, e in regions)
    for line in wide:
        at = find(line, 0)
        if at != -1 and first <= where[at] and where[at + len(line) - 1] < last:
            regions.append((where[at], where[at + len(line) - 1] + 1))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(regions):
        if merged and (s <= merged[-1][1] or not text[merged[-1][1] : s].strip()):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))  # only space between: as written
        else:
            merged.append((s, e))
    out = _Out()
    for k, (s, e) in enumerate(merged):
        if k:
            out.add("\n\n", plain.offsets[s], same=True)
        for i in range(s, e):
            out.add(text[i], plain.offsets[i])
    return out.done()
