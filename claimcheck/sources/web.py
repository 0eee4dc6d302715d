"""Web pages read as a reader reads them: the article is evidence, the page furniture never.

The main text comes from ``trafilatura`` (precision settings, tables kept, comments off), the
field's standard extractor for news pages; navigation, breadcrumbs, ads, cookie banners,
newsletter prompts, related lists, share bars, footers and reader comments stay out. The
lines it drops between the headline and the body (byline, dateline, the meeting's date and
place) come back, since they say who wrote it and when. Tables keep their rows with column
headers. A page whose content *is* posts (a forum thread) becomes turns with each post's author
and time, kind ``post``; reader comments under an article become turns only when asked for
(``comments=True``). When the extractor finds nothing, claimcheck's own parser
(``html.py``) reads the page and the provenance says so.

Dates: the page's structured metadata first (``<meta>`` ``article:published_time``, ``og:*``,
``dc.date``, JSON-LD ``datePublished``, ``<time datetime>``), then a dated byline on the page,
then ``htmldate``.
"""

import re
from dataclasses import dataclass
from typing import Any

from ..errors import SourceError
from ..text.dates import find_dates, parse_date
from ..types import Span
from .clues import RANK, Clue
from .dates import labelled_date
from .html import html_to_text
from .posts import find_posts, lines_of, norm
from .tables import row_line
from .webmeta import markup_clues, title_clues

__all__ = ["EXTRACTOR", "FALLBACK", "WebPage", "looks_like_html", "read_web_page"]

EXTRACTOR = "trafilatura"
FALLBACK = "claimcheck's own HTML parser (the extractor found no main text)"
_HTML_START = re.compile(
    r"(?is)^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body)"
)
_ANY_TAG = re.compile(r"(?i)<(?:p|div|article|main|section|h[1-6]|span|table|a|meta|title)\b")
_FURNITURE_START = re.compile(r"(?i)^(?:advertisement|sponsored|ad\b|promoted|share\b)")
_BYLINE_START = re.compile(r"(?i)^\s*(?:by\s+[A-Z]|posted\b|published\b|updated\b|written by\b)")


@dataclass(frozen=True)
class WebPage:
    text: str
    blocks: tuple[Span, ...]  # spans passages never cross (paragraphs of tables, posts)
    turns: tuple[tuple[str, Span], ...]  # posts: (author, span of the post's words)
    turn_times: tuple[str | None, ...]
    clues: tuple[Clue, ...]
    reader: str  # EXTRACTOR or FALLBACK
    is_thread: bool


def looks_like_html(markup: str) -> bool:
    head = markup[:5000]
    return bool(_HTML_START.match(head) or len(_ANY_TAG.findall(head)) >= 2)


# -- the page ---------------------------------------------------------------------------------


def _recovered_header(tree: Any, kept: str) -> tuple[str | None, list[str]]:
    """The headline and the dated or bylined lines right under it that the extractor dropped."""
    heads = tree.xpath("//h1")
    if not heads:
        return None, []
    h1 = heads[0]
    title = norm(h1.text_content()) or None
    lines: list[str] = []
    for sib in list(h1.itersiblings())[:4]:
        if not isinstance(sib.tag, str) or sib.tag.lower() in ("h1", "h2", "h3", "table"):
            break
        text = norm(sib.text_content())
        if not text:
            continue
        if text in kept:
            break
        if _FURNITURE_START.match(text) or len(text) > 400:
            continue
        links = sum(len(norm(a.text_content())) for a in sib.xpath(".//a"))
        if links > 0.5 * len(text):
            continue
        if find_dates(text) or _BYLINE_START.match(text):
            lines += lines_of(sib)
    return title, lines


# A paragraph that opens with the label pages put on paid or promotional boxes is furniture,
# whatever the box's markup (trafilatura keeps an ad written as a <p> inside a <div>).
FURNITURE_LABEL = re.compile(
    r"^\W*(?:advertisement|advertising|sponsored(?: content| post| by)?|paid (?:content|post|"
    r"partner content)|promoted(?: content)?|partner content|story continues (?:below|after) "
    r"(?:this )?advertisement)\b",
    re.IGNORECASE,
)


def _xml_blocks(xml: str) -> list[tuple[str, str]]:
    """(kind, text) blocks of trafilatura's XML: ``head``, ``p`` and one ``row`` per table
    row, read with its column headers and the nearest heading as the table's title."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return []
    out: list[tuple[str, str]] = []
    last_head = root.get("title") or ""

    def cells(row: Any) -> list[tuple[str, bool]]:
        return [(norm("".join(c.itertext())), c.get("role") == "head") for c in row.iter("cell")]

    for el in main:
        tag = el.tag
        if tag == "head":
            last_head = norm("".join(el.itertext()))
            out.append(("head", last_head))
        elif tag == "table":
            rows = [cells(r) for r in el.iter("row")]
            rows = [r for r in rows if any(t for t, _ in r)]
            if not rows:
                continue
            header: list[str] = []
            if len(rows[0]) > 1 and all(h for _, h in rows[0]):
                header = [t for t, _ in rows[0]]
                rows = rows[1:]
            for row in rows:
                texts = [t for t, _ in row]
                if not header and len(texts) == 2:
                    line = f"{last_head} — {texts[0]}: {texts[1]}." if last_head else ""
                    line = line or f"{texts[0]}: {texts[1]}."
                else:
                    line = row_line(header, texts, last_head or None)
                if line:
                    out.append(("row", line))
        elif tag == "list":
            for item in el.iter("item"):
                text = norm("".join(item.itertext()))
                if text:
                    out.append(("p", text))
        else:
            text = norm("".join(el.itertext()))
            if text and not FURNITURE_LABEL.match(text):
                out.append(("p", text))
    return out


def _join(parts: list[tuple[str, str]]) -> tuple[str, list[Span], list[int]]:
    """Text from blocks, one per line group; rows each their own line."""
    text = ""
    spans: list[Span] = []
    starts: list[int] = []
    for i, (kind, part) in enumerate(parts):
        if text:
            text += "\n" if kind == "row" and parts[i - 1][0] == "row" else "\n\n"
        starts.append(len(text))
        spans.append((len(text), len(text) + len(part)))
        text += part
    return text, spans, starts


def read_web_page(markup: str, *, name: str, comments: bool = False) -> WebPage:
    """Read one HTML page. Raises SourceError for a file that is not HTML or holds no text."""
    if not looks_like_html(markup):
        raise SourceError(
            f"{name} is named like a web page but holds no HTML; rename it to .txt if it is "
            "plain text, or save the page again"
        )
    import trafilatura
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        tree = lxml_html.fromstring(markup)
    except (ParserError, ValueError) as exc:
        raise SourceError(
            f"{name}: the HTML cannot be parsed ({exc}); save the page again"
        ) from exc
    clues = markup_clues(tree)
    xml = trafilatura.extract(
        markup,
        output_format="xml",
        favor_precision=True,
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
    )
    blocks = _xml_blocks(xml) if xml else []
    posts = find_posts(tree)
    kept = norm(" ".join(t for _, t in blocks))
    post_chars = sum(len(p.body) for p in posts)
    main_chars = sum(len(t) for k, t in blocks if k != "head")
    is_thread = bool(posts) and (
        not blocks or post_chars >= 0.6 * max(main_chars, 1) or len(posts) >= 3 and not main_chars
    )
    title, header_lines = _recovered_header(tree, kept)
    reader = EXTRACTOR
    parts: list[tuple[str, str]] = []
    if title:
        parts.append(("head", title))
        clues.append(Clue("title", title, "HTML <h1>", RANK["metadata"]))
    parts += [("meta", ln) for ln in header_lines]
    turns: list[tuple[str, Span]] = []
    times: list[str | None] = []
    if is_thread:
        parts += [(f"post:{i}", p.body) for i, p in enumerate(posts)]
        clues.append(Clue("kind", "post", "page of posts (author and time each)", RANK["metadata"]))
    else:
        if not blocks:
            fallback = html_to_text(markup)
            reader = FALLBACK
            paras = [p for p in fallback.text.split("\n\n") if p.strip()]
            if title and paras and norm(paras[0]) == title:
                paras = paras[1:]
            parts += [("p", p) for p in paras]
        else:
            skip_first = bool(title and blocks and blocks[0][0] == "head" and blocks[0][1] == title)
            parts += blocks[1:] if skip_first else blocks
        if comments and posts:
            parts.append(("head", "Comments"))
            parts += [(f"post:{i}", p.body) for i, p in enumerate(posts)]
    clues += title_clues(tree, title)
    text, spans, _ = _join([(("row" if k == "row" else "p"), t) for k, t in parts])
    blocks_out: list[Span] = []
    merge_next = False
    for (kind, _), span in zip(parts, spans, strict=True):
        prose = kind in ("p", "head", "meta")
        if prose and blocks_out and merge_next:
            blocks_out[-1] = (blocks_out[-1][0], span[1])
        else:
            blocks_out.append(span)
        merge_next = prose
    if not text.strip():
        raise SourceError(f"{name}: no readable text found in the HTML (is it a real page?)")
    for (kind, _), span in zip(parts, spans, strict=True):
        if kind.startswith("post:"):
            post = posts[int(kind.split(":")[1])]
            turns.append((post.author, span))
            times.append(post.time)
    # The page's own dated lines (byline, dateline) before htmldate's reading of the markup.
    for line in header_lines + [t for k, t in parts[:6] if k in ("p", "meta")]:
        day = labelled_date(line)
        if day:
            clues.append(Clue("date", day, "dated line on the page", RANK["metadata"]))
            break
    if is_thread and posts and posts[0].time:
        clues.append(Clue("date", posts[0].time, "first post's time", RANK["metadata"]))
    from htmldate import find_date

    found = find_date(markup, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    if found and parse_date(found):
        clues.append(Clue("date", found, "htmldate", RANK["metadata"]))
    for line in header_lines:
        m = re.search(r"(?i)\bby\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})", line)
        if m:
            clues.append(Clue("author", m.group(1), "byline", RANK["opening"]))
            break
    return WebPage(
        text=text,
        blocks=tuple(blocks_out),
        turns=tuple(turns),
        turn_times=tuple(times),
        clues=tuple(clues),
        reader=reader,
        is_thread=is_thread,
    )
