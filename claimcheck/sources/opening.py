"""Titles, dates and bylines a source states in its opening (and dates in its sign-off)."""

from __future__ import annotations

import re

from .clues import RANK, Clue
from .dates import dateline_date, labelled_date, standalone_date, weekday_date

__all__ = ["opening_date_clues", "opening_people", "title_from_text"]

_BOILERPLATE = re.compile(
    r"(?i)^(?:for immediate release|news release|press release|edited transcript|transcript|"
    r"webvtt|embargoed.*|contact.*|media contact.*|published\b.*|posted\b.*|by\s.*|"
    r"interview by\b.*|update[d]?\b.*|---+)$"
)
_CONTACT = re.compile(r"(?i)(?:contact|@|\(\d{3}\)\s*\d{3}-\d{4}|\d{3}-\d{3}-\d{4}|phone|tel\.)")
_ORG_END = re.compile(
    r"(?i)(?:commission|office|department|district|authority|council|board|agency|bureau|"
    r"ministry|inc\.?|ltd\.?|llc|university|school|corporation|company|association)\s*$|"
    r"^(?:office|department|ministry|bureau) of\b|\b(?:office|department) of [^·]+$"
)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def _headline_like(line: str) -> bool:
    words = line.split()
    if len(words) < 2 or len(line) > 250:
        return False
    if _BOILERPLATE.match(line) or _CONTACT.search(line) or standalone_date(line):
        return False
    # A line that ends as a sentence ends is prose, not a headline (abbreviations aside).
    return not (
        line.endswith(".") and len(words) >= 6 and not re.search(r"\b[A-Z][a-z]{0,3}\.$", line)
    )


def _next_first_line(paragraphs: list[str], para: str) -> str:
    i = paragraphs.index(para)
    if i + 1 < len(paragraphs):
        return paragraphs[i + 1].splitlines()[0].strip("*_ ")
    return ""


def title_from_text(text: str, start: int = 0) -> str | None:
    """A title the opening gives: a Markdown heading, or the first line that reads as a
    headline, past mastheads (an all-caps or organisation line followed by more), release
    slugs and contact blocks. None when the text opens straight into prose."""
    paragraphs = _paragraphs(text[start:])[:6]
    for para in paragraphs:
        lines = [ln.strip() for ln in para.splitlines() if ln.strip()]
        first = lines[0]
        if first.startswith("#"):
            return first.lstrip("#").strip() or None
        if any(_CONTACT.search(ln) for ln in lines) and len(lines) > 1:
            continue  # an organisation and contact block
        prose = len(para) > 300 or len(re.findall(r"[a-z][.!?][\"”’]?\s+[A-Z\"“]", para)) >= 1
        if prose and len(lines) == 1:
            return None
        for i, line in enumerate(lines):
            clean = line.strip("*_ ")
            if not _headline_like(clean):
                continue
            following = lines[i + 1].strip("*_ ") if i + 1 < len(lines) else ""
            if not following and len(lines) == 1 and _ORG_END.search(clean):
                following = _next_first_line(paragraphs, para)  # a lone organisation line
            if (
                following
                and (_headline_like(following) or _BOILERPLATE.match(following))
                and (_is_caps(clean) or _ORG_END.search(clean))
            ):
                continue  # a masthead or kicker above the headline
            if re.search(r"[a-z][.!?][\"”’]?\s+[A-Z]", clean):
                break  # running prose
            return clean
    return None


def opening_date_clues(text: str, start: int, kind: str) -> list[Clue]:
    """Dates the document states about itself in its opening and sign-off."""
    rank = RANK["opening"]
    paragraphs = _paragraphs(text[start:])
    clues: list[Clue] = []
    for para in paragraphs[:8]:
        day = dateline_date(para)
        if day:
            clues.append(Clue("date", day, "dateline", RANK["metadata"]))
            break
    head_lines: list[str] = []
    for para in paragraphs[:6]:
        for line in para.splitlines():
            if line.strip():
                head_lines.append(line)
        if len(para) > 400:
            break
    head_lines = head_lines[:14]
    labelled = [d for d in (labelled_date(ln) for ln in head_lines) if d]
    standing = [d for d in (standalone_date(ln) for ln in head_lines) if d]
    found: list[tuple[str, str]] = []
    if kind in ("minutes", "transcript"):  # the day it was held comes first
        found += [(d, "date line in the opening") for d in standing]
        found += [(d, "dated line in the opening") for d in labelled]
    else:
        found += [(d, "dated line in the opening") for d in labelled]
        found += [(d, "date line in the opening") for d in standing]
    if not found:
        first_prose = next((p for p in paragraphs[:4] if len(p) > 120), "")
        day = weekday_date(first_prose[:600])
        if day:
            found.append((day, "weekday date in the opening"))
    if not found:
        tail = [ln for ln in text[start:].splitlines() if ln.strip()][-3:]
        found += [(d, "date line at the end") for d in (standalone_date(ln) for ln in tail) if d]
    clues += [Clue("date", d, origin, rank) for d, origin in found]
    return clues


def opening_people(text: str, start: int) -> list[Clue]:
    """Author and outlet from a byline: ``By Ines Farrow, Kelmscott Courier``."""
    for line in text[start : start + 1500].splitlines()[:12]:
        m = re.match(
            r"^\s*\**By\s+([A-Z][^,·|\n]{2,60}?)(?:\s*[,·|]\s*([^·|\n]{3,60}?))?\s*(?:[·|]|$)", line
        )
        if m:
            clues = [Clue("author", m.group(1).strip(), "byline", RANK["opening"])]
            outlet = (m.group(2) or "").strip()
            if outlet and not standalone_date(outlet) and not re.search(r"\d{4}", outlet):
                clues.append(Clue("outlet", outlet, "byline", RANK["opening"]))
            return clues
    return []
