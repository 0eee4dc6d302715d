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

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..errors import SourceError
from ..types import Span
from .dates import DATE_PATTERN, find_dates, labelled_date, parse_date
from .html import html_to_text
from .identity import RANK, Clue
from .tables import row_line

__all__ = ["EXTRACTOR", "FALLBACK", "WebPage", "looks_like_html", "read_web_page"]

EXTRACTOR = "trafilatura"
FALLBACK = "claimcheck's own HTML parser (the extractor found no main text)"
_HTML_START = re.compile(
    r"(?is)^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body)"
)
_ANY_TAG = re.compile(r"(?i)<(?:p|div|article|main|section|h[1-6]|span|table|a|meta|title)\b")
_FURNITURE_START = re.compile(r"(?i)^(?:advertisement|sponsored|ad\b|promoted|share\b)")
_BYLINE_START = re.compile(r"(?i)^\s*(?:by\s+[A-Z]|posted\b|published\b|updated\b|written by\b)")
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "table",
        "tr",
        "dd",
        "dt",
        "figure",
        "figcaption",
    }
)
_META_DATES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "date",
    "pubdate",
    "publish-date",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
)


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


def _norm(text: str) -> str:
    return " ".join(text.split())


def _lines_of(el: Any) -> list[str]:
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
    return [_norm(ln) for ln in "".join(parts).split("\n") if _norm(ln)]


# -- structured metadata ----------------------------------------------------------------------


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name_of(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        name = value.get("name")
        return str(name) if name else None
    return str(value) if value else None


def _markup_clues(tree: Any) -> list[Clue]:
    rank = RANK["metadata"]
    clues: list[Clue] = []
    meta: dict[str, str] = {}
    for el in tree.xpath("//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key and el.get("content") and key not in meta:
            meta[key] = el.get("content").strip()
    for key in _META_DATES:
        day = parse_date(meta.get(key, "")[:10]) or _date_in(meta.get(key, ""))
        if day:
            clues.append(Clue("date", day, f"HTML meta {key}", rank))
            break
    for item in _json_ld(tree):
        for key in ("datePublished", "dateCreated", "uploadDate"):
            day = _date_in(str(item.get(key) or ""))
            if day:
                clues.append(Clue("date", day, f"JSON-LD {key}", rank))
        if item.get("headline"):
            clues.append(Clue("title", str(item["headline"]), "JSON-LD headline", rank))
        author = _name_of(item.get("author"))
        if author:
            clues.append(Clue("author", author, "JSON-LD author", rank))
        publisher = _name_of(item.get("publisher"))
        if publisher:
            clues.append(Clue("outlet", publisher, "JSON-LD publisher", rank))
        kind = str(item.get("@type") or "")
        if kind in ("DiscussionForumPosting", "SocialMediaPosting", "BlogPosting", "Comment"):
            clues.append(Clue("kind", "post", f"JSON-LD {kind}", rank))
        elif kind in ("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle"):
            clues.append(Clue("kind", "story", f"JSON-LD {kind}", rank))
    times = tree.xpath("//article//time[@datetime] | //main//time[@datetime]") or tree.xpath(
        "//time[@datetime]"
    )
    for el in times[:1]:
        day = _date_in(el.get("datetime") or "")
        if day:
            clues.append(Clue("date", day, "<time datetime>", rank))
    if meta.get("og:title"):
        clues.append(Clue("title", meta["og:title"], "HTML meta og:title", rank + 1))
    if meta.get("author"):
        clues.append(Clue("author", meta["author"], "HTML meta author", rank))
    if meta.get("og:site_name"):
        clues.append(Clue("outlet", meta["og:site_name"], "HTML meta og:site_name", rank))
    return clues


def _date_in(value: str) -> str | None:
    m = DATE_PATTERN.search(value)
    return parse_date(m.group(0)) if m else None


# -- posts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Post:
    author: str
    time: str | None
    body: str
    element: Any


def _post_of(el: Any) -> _Post | None:
    """A block that reads as one post: a short name, a date, then the words."""
    lines = _lines_of(el)
    paragraphs = [_norm(p.text_content()) for p in el.xpath(".//p")]
    paragraphs = [p for p in paragraphs if p]
    if not lines:
        return None
    head_text = " ".join(lines)[:200]
    times = el.xpath(".//time")
    stamp = None
    if times:
        stamp = _date_in(times[0].get("datetime") or "") or _date_in(_norm(times[0].text_content()))
    if stamp is None:
        found = find_dates(head_text)
        stamp = found[0][0] if found else None
    if stamp is None:
        return None
    author = None
    for node in el.iter():
        if not isinstance(node.tag, str) or node is el or node.tag.lower() in ("p", "time"):
            continue
        text = _norm(node.text_content())
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
    return _Post(author=author, time=stamp, body=body, element=el)


def _find_posts(tree: Any) -> list[_Post]:
    """The largest run of sibling blocks of one shape that each read as a post."""
    best: list[_Post] = []
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
            posts = [p for p in (_post_of(m) for m in members) if p]
            if len(posts) >= 2 and len(posts) >= 0.6 * len(members) and len(posts) > len(best):
                best = posts
    return best


# -- the page ---------------------------------------------------------------------------------


def _recovered_header(tree: Any, kept: str) -> tuple[str | None, list[str]]:
    """The headline and the dated or bylined lines right under it that the extractor dropped."""
    heads = tree.xpath("//h1")
    if not heads:
        return None, []
    h1 = heads[0]
    title = _norm(h1.text_content()) or None
    lines: list[str] = []
    for sib in list(h1.itersiblings())[:4]:
        if not isinstance(sib.tag, str) or sib.tag.lower() in ("h1", "h2", "h3", "table"):
            break
        text = _norm(sib.text_content())
        if not text:
            continue
        if text in kept:
            break
        if _FURNITURE_START.match(text) or len(text) > 400:
            continue
        links = sum(len(_norm(a.text_content())) for a in sib.xpath(".//a"))
        if links > 0.5 * len(text):
            continue
        if find_dates(text) or _BYLINE_START.match(text):
            lines += _lines_of(sib)
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
        return [(_norm("".join(c.itertext())), c.get("role") == "head") for c in row.iter("cell")]

    for el in main:
        tag = el.tag
        if tag == "head":
            last_head = _norm("".join(el.itertext()))
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
                text = _norm("".join(item.itertext()))
                if text:
                    out.append(("p", text))
        else:
            text = _norm("".join(el.itertext()))
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
    clues = _markup_clues(tree)
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
    posts = _find_posts(tree)
    kept = _norm(" ".join(t for _, t in blocks))
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
            if title and paras and _norm(paras[0]) == title:
                paras = paras[1:]
            parts += [("p", p) for p in paras]
        else:
            skip_first = bool(title and blocks and blocks[0][0] == "head" and blocks[0][1] == title)
            parts += blocks[1:] if skip_first else blocks
        if comments and posts:
            parts.append(("head", "Comments"))
            parts += [(f"post:{i}", p.body) for i, p in enumerate(posts)]
    page_titles = tree.xpath("//title")
    segments = (
        [seg.strip().lower() for seg in re.split(r"[|–—:]", _norm(page_titles[0].text_content()))]
        if page_titles
        else []
    )
    if any(
        seg
        in (
            "newsroom",
            "press room",
            "press releases",
            "press release",
            "news release",
            "media centre",
            "media center",
        )
        for seg in segments
    ):
        clues.append(Clue("kind", "press_release", "a newsroom or press page", RANK["opening"]))
    if not title:
        titles = tree.xpath("//title")
        page_title = _norm(titles[0].text_content()) if titles else ""
        if page_title:
            head, _, site = page_title.partition(" | ")
            clues.append(Clue("title", head.strip(), "HTML <title>", RANK["metadata"] + 1))
            if site.strip():
                clues.append(Clue("outlet", site.strip(), "HTML <title>", RANK["metadata"] + 1))
    else:
        titles = tree.xpath("//title")
        page_title = _norm(titles[0].text_content()) if titles else ""
        if " | " in page_title:
            clues.append(
                Clue("outlet", page_title.rsplit(" | ", 1)[1], "HTML <title>", RANK["metadata"] + 1)
            )
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
