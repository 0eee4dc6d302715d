"""What a web page's markup says about the page: ``<meta>`` tags, JSON-LD, ``<time datetime>``
and the ``<title>``, read as identity clues."""

from __future__ import annotations

import json
import re
from typing import Any

from ..text.dates import date_in, parse_date
from .clues import RANK, Clue
from .posts import norm

__all__ = ["markup_clues", "title_clues"]

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


def markup_clues(tree: Any) -> list[Clue]:
    rank = RANK["metadata"]
    clues: list[Clue] = []
    meta: dict[str, str] = {}
    for el in tree.xpath("//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key and el.get("content") and key not in meta:
            meta[key] = el.get("content").strip()
    for key in _META_DATES:
        day = parse_date(meta.get(key, "")[:10]) or date_in(meta.get(key, ""))
        if day:
            clues.append(Clue("date", day, f"HTML meta {key}", rank))
            break
    for item in _json_ld(tree):
        for key in ("datePublished", "dateCreated", "uploadDate"):
            day = date_in(str(item.get(key) or ""))
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
        day = date_in(el.get("datetime") or "")
        if day:
            clues.append(Clue("date", day, "<time datetime>", rank))
    if meta.get("og:title"):
        clues.append(Clue("title", meta["og:title"], "HTML meta og:title", rank + 1))
    if meta.get("author"):
        clues.append(Clue("author", meta["author"], "HTML meta author", rank))
    if meta.get("og:site_name"):
        clues.append(Clue("outlet", meta["og:site_name"], "HTML meta og:site_name", rank))
    return clues


_PRESS_PAGES = (
    "newsroom",
    "press room",
    "press releases",
    "press release",
    "news release",
    "media centre",
    "media center",
)


def title_clues(tree: Any, headline: str | None) -> list[Clue]:
    """What the page's ``<title>`` says: that it is a newsroom or press page, the headline
    (on a page without an ``<h1>`` headline) and the site (``Headline | Site``)."""
    titles = tree.xpath("//title")
    page_title = norm(titles[0].text_content()) if titles else ""
    clues: list[Clue] = []
    if any(seg.strip().lower() in _PRESS_PAGES for seg in re.split(r"[|–—:]", page_title)):
        clues.append(Clue("kind", "press_release", "a newsroom or press page", RANK["opening"]))
    later = RANK["metadata"] + 1
    if not headline:
        if page_title:
            head, _, site = page_title.partition(" | ")
            clues.append(Clue("title", head.strip(), "HTML <title>", later))
            if site.strip():
                clues.append(Clue("outlet", site.strip(), "HTML <title>", later))
    elif " | " in page_title:
        clues.append(Clue("outlet", page_title.rsplit(" | ", 1)[1], "HTML <title>", later))
    return clues
