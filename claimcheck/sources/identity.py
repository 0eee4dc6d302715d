"""What a source is: its date, kind and title (author and outlet where given), each with where
it came from. The one place that decides a document's identity.

Order of trust, for each field: what the user says (``sources.toml``), the document's own
metadata (header lines, front matter, e-mail headers, HTML meta, JSON-LD, a dateline, a caption
``NOTE``), a date or title stated in the document's opening, PDF/DOCX properties, and last
none (a title falls back to the file name). Never the file's modification time.

The format readers gather :class:`Clue` records; :func:`decide_identity` weighs them with what
the text itself shows. Kinds come from the content, in :data:`KINDS`; the file name is only a
last hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..types import Identity
from .dates import (
    dateline_date,
    labelled_date,
    parse_date,
    parse_email_date,
    standalone_date,
    weekday_date,
)

__all__ = [
    "KINDS",
    "KIND_ALIASES",
    "NONE",
    "RANK",
    "Clue",
    "HeaderBlock",
    "Identity",
    "decide_identity",
    "guess_kind",
    "header_block",
    "normalise_kind",
]

KINDS = (
    "story",
    "wire",
    "press_release",
    "statement",
    "email",
    "transcript",
    "interview",
    "filing",
    "minutes",
    "table",
    "post",
    "letter",
    "report",
    "other",
)
KIND_ALIASES = {
    "press-release": "press_release",
    "press release": "press_release",
    "release": "press_release",
    "news release": "press_release",
    "news_release": "press_release",
    "article": "story",
    "news": "story",
    "news story": "story",
    "feature": "story",
    "fact check": "story",
    "factcheck": "story",
    "e-mail": "email",
    "mail": "email",
    "notice": "filing",
    "regulatory filing": "filing",
    "court filing": "filing",
    "shareholder_letter": "letter",
    "shareholder letter": "letter",
    "analyst_note": "report",
    "analyst note": "report",
    "memo": "report",
    "memorandum": "report",
    "study": "report",
    "abstract": "report",
    "budget": "table",
    "budget summary": "table",
    "results": "table",
    "spreadsheet": "table",
    "captions": "transcript",
    "speech": "transcript",
    "q&a": "interview",
    "blog": "post",
    "forum": "post",
    "comment": "post",
    "social": "post",
}
NONE = "none"
# Lower is more trusted. The readers rank their clues with these.
RANK = {"user": 1, "metadata": 2, "opening": 3, "properties": 4}

_HEADER_KEYS = frozenset(
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
class Clue:
    """One reader's finding about a field (``title``, ``date``, ``kind``, ``author``,
    ``outlet``): its value, where it came from, and how far it is trusted (:data:`RANK`)."""

    field: str
    value: str
    origin: str
    rank: int


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


def normalise_kind(value: str) -> str | None:
    """A kind in :data:`KINDS` for a word a document or user gives, or None."""
    key = " ".join(value.strip().lower().replace("_", " ").split())
    if key.replace(" ", "_") in KINDS:
        return key.replace(" ", "_")
    return KIND_ALIASES.get(key) or KIND_ALIASES.get(key.replace(" ", "-"))


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
        if key in _HEADER_KEYS:
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
            day = parse_email_date(value) if email else _date_of(value)
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


def _date_of(value: str) -> str | None:
    from .dates import DATE_PATTERN

    m = DATE_PATTERN.search(value)
    return parse_date(m.group(0)) if m else None


def front_matter_clues(meta: dict[str, str]) -> list[Clue]:
    rank = RANK["metadata"]
    clues: list[Clue] = []
    if meta.get("title"):
        clues.append(Clue("title", meta["title"], "front matter", rank))
    for key in ("date", "published", "pubdate"):
        day = _date_of(meta.get(key, ""))
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


# -- what the text shows ----------------------------------------------------------------------

_TURN = re.compile(r"^(?P<who>[A-Z][\w.'’ -]{0,50}?)(?:\s*\([^)\n]{0,60}\))?:[ \t]+(?=\S)", re.M)
_NOT_SPEAKERS = _HEADER_KEYS | {
    "note",
    "update",
    "correction",
    "contact",
    "media contact",
    "sources",
    "speakers",
    "present",
    "absent",
    "action",
    "district",
    "q",
    "a",
    "the claim",
    "our rating",
    "editor's note",
    "disclosure",
    "summary",
    "background",
    "methods",
    "results",
    "conclusions",
    "conclusion",
}
_TIMESTAMP = re.compile(r"^\[?\(?\d{1,2}:\d{2}(?::\d{2})?\]?\)?$")
_QA = re.compile(r"^(Q|A)[.:]\s", re.M)
_AGENCY_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]{1,40}(?:,[^()\n]{2,30})?\s*\((?P<agency>[^)\n]{2,40})\)\s*(?:-{1,2}|—|–)\s",
    re.M,
)
_PR_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12}\.?)?,"
    r"\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}"
    r"\s*(?:-{1,2}|—|–)\s",
    re.M,
)
_RELEASE = re.compile(r"(?im)^\s*(?:for immediate release|news release|press release)\b")
_ANNOUNCED = re.compile(r"(?i)\b(?:today announced|announced today|announces|announced\s+\w+day)\b")
_ISSUER = re.compile(
    r"(?i)\b(?:office of (?:communications|the superintendent|the mayor|public affairs)|"
    r"communications office|press office|media relations|public affairs|public information)\b"
)
_MINUTES = re.compile(
    r"(?i)\b(?:called the meeting to order|meeting was adjourned|adjourned the meeting|"
    r"moved by|seconded by|ayes\b|noes\b|motion carried|roll call)"
)
_FILING = re.compile(
    r"(?i)\b(?:securities and exchange commission|form (?:8-k|10-k|10-q|s-1)|case no\.|"
    r"docket no\.|plaintiff|defendant|in the (?:\w+ )?court|petitioner|respondent|"
    r"hereby (?:gives notice|notifies)|rescor(?:ed|ing)|revised .{0,40} results|"
    r"notice of|pursuant to)\b"
)
_REPORT = re.compile(
    r"(?im)^\s*(?:#+\s*)?(?:\d+\.\s*)?(?:abstract|executive summary|background|methods|"
    r"findings|conclusions?|recommendations?|summary|board memorandum|memorandum)\b"
)
_STATEMENT = re.compile(
    r"(?i)\b(?:issued the following statement|said in a statement|statement from|"
    r"statement (?:of|by|on)\b)"
)
_LETTER = re.compile(r"(?im)^\s*(?:dear\s+\w+|to whom it may concern)")
_SIGNOFF = re.compile(r"(?im)^\s*(?:sincerely|yours (?:truly|faithfully|sincerely)|regards),?\s*$")
_BYLINE = re.compile(
    r"(?im)^\s*(?:\*\*)?(?:by|interview by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
)
_POSTED_BY = re.compile(r"(?i)\bposted\b[^\n]{0,60}\bby\b")
_QUOTE_SAID = re.compile(r"(?i)[\"“”][^\"“”\n]{10,}[\"“”][^.\n]{0,40}\bsaid\b|\bsaid\b")
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")
_NUMERIC_LINE = re.compile(r"^\s*[-+]?[$€£]?\d[\d,.]*\s*%?\s*$")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def person_turns(text: str, start: int = 0) -> list[tuple[str, int, int]]:
    """``Speaker: words`` lines from ``start`` whose label names a person, not a field."""
    out: list[tuple[str, int, int]] = []
    for m in _TURN.finditer(text, start):
        who = " ".join(m.group("who").split())
        if who.lower() in _NOT_SPEAKERS or len(who.split()) > 5:
            continue
        out.append((who, m.start(), m.end()))
    return out


def looks_like_transcript(text: str, start: int = 0) -> bool:
    """Speaker turns that are people make up the body: three turns or more, someone speaks
    twice, and the turns are at least 40% of the body's lines (timestamps aside)."""
    turns = person_turns(text, start)
    if len(turns) < 3:
        return False
    counts: dict[str, int] = {}
    for who, _, _ in turns:
        counts[who] = counts.get(who, 0) + 1
    if len(counts) < 2 or max(counts.values()) < 2:
        return False
    lines = [
        ln for ln in text[start:].splitlines() if ln.strip() and not _TIMESTAMP.match(ln.strip())
    ]
    return len(turns) >= 0.4 * len(lines)


def _table_share(text: str) -> tuple[int, float]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return 0, 0.0
    rows = sum(1 for ln in lines if _TABLE_LINE.match(ln) or _NUMERIC_LINE.match(ln))
    rows += sum(1 for ln in lines if ln.count(";") >= 2 and ln.count(":") >= 3)  # read rows
    return rows, rows / len(lines)


def guess_kind(
    text: str, *, body_start: int = 0, title: str = "", author: str = ""
) -> tuple[str, str]:
    """The kind the content shows, and what showed it (a short phrase for provenance)."""
    body = text[body_start:]
    opening = body[:2500]
    if looks_like_transcript(text, body_start):
        return "transcript", "speaker turns"
    qa = _QA.findall(body)
    if qa.count("Q") >= 2 and qa.count("A") >= 2:
        return "interview", "Q:/A: turns"
    if _AGENCY_DATELINE.search(opening):
        return "wire", "agency dateline"
    if _RELEASE.search(opening):
        return "press_release", "'for immediate release'"
    if _PR_DATELINE.search(opening) and (_ANNOUNCED.search(opening) or "contact" in body.lower()):
        return "press_release", "dateline and announcement"
    if _ISSUER.search(author) or _ISSUER.search(body[-400:]):
        return "press_release", "issued by a communications office"
    if len(_MINUTES.findall(body)) >= 3:
        return "minutes", "motions and votes"
    rows, share = _table_share(body)
    if rows >= 6 and share >= 0.3:
        return "table", "mainly a table"
    if rows >= 3 and re.search(r"(?i)\b(?:budget|results|canvass|finance summary)\b", title):
        return "table", "a table of figures"
    if _STATEMENT.search(opening) or _STATEMENT.search(title):
        return "statement", "a statement"
    if _LETTER.search(opening) and _SIGNOFF.search(body):
        return "letter", "salutation and sign-off"
    if len(_FILING.findall(opening)) >= 1 and not _BYLINE.search(opening[:400]):
        return "filing", "the form of a filing"
    if len(_REPORT.findall(body)) >= 2:
        return "report", "report sections"
    if _POSTED_BY.search(opening[:600]):
        return "post", "'posted by' line"
    if _BYLINE.search(opening[:800]) or len(_QUOTE_SAID.findall(body)) >= 2:
        return "story", "byline and reported speech"
    return "other", NONE


def kind_from_name(name: str) -> str | None:
    lowered = name.lower()
    for key, kind in (
        ("transcript", "transcript"),
        ("minutes", "minutes"),
        ("release", "press_release"),
        ("statement", "statement"),
        ("interview", "interview"),
        ("email", "email"),
        ("letter", "letter"),
        ("filing", "filing"),
        ("wire", "wire"),
        ("story", "story"),
        ("report", "report"),
        ("post", "post"),
    ):
        if key in lowered:
            return kind
    return None


# -- titles and dates in the opening ----------------------------------------------------------

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


def _best(clues: Iterable[Clue], field: str) -> Clue | None:
    ranked = [c for c in clues if c.field == field and c.value]
    return min(ranked, key=lambda c: c.rank) if ranked else None


def decide_identity(
    text: str,
    path: Path,
    clues: Sequence[Clue],
    *,
    body_start: int = 0,
    kind_hint: str | None = None,
    text_from: str = "the file as written",
) -> Identity:
    """Weigh the readers' clues with what the text shows; the most trusted clue wins.

    ``body_start`` is where the body begins (after header lines); ``kind_hint`` is a kind the
    format itself shows (captions are transcripts, a CSV is a table)."""
    all_clues = list(clues)
    title_clue = _best(all_clues, "title")
    if (title_clue is None or title_clue.rank > RANK["opening"]) and kind_hint != "table":
        found = title_from_text(text, body_start)
        if found:
            title_clue = Clue("title", found, "first line", RANK["opening"])
    author_clue = _best(all_clues, "author")
    people = opening_people(text, body_start)
    if author_clue is None:
        author_clue = _best(people, "author")
    outlet_clue = _best(all_clues, "outlet") or _best(people, "outlet")

    kind_clue = _best(all_clues, "kind")
    if kind_clue is None and kind_hint:
        kind_clue = Clue("kind", kind_hint, "file format", RANK["metadata"])
    if kind_clue is None:
        kind, why = guess_kind(
            text,
            body_start=body_start,
            title=title_clue.value if title_clue else "",
            author=author_clue.value if author_clue else "",
        )
        if kind == "other":
            hinted = kind_from_name(path.name)
            kind_clue = Clue("kind", hinted or "other", "file name" if hinted else NONE, 9)
        else:
            kind_clue = Clue("kind", kind, f"content: {why}", RANK["opening"])
    date_clue = _best(all_clues, "date")
    if date_clue is None or date_clue.rank > RANK["opening"]:
        opening = _best(opening_date_clues(text, body_start, kind_clue.value), "date")
        if opening is not None and (date_clue is None or opening.rank < date_clue.rank):
            date_clue = opening
    return Identity(
        title=title_clue.value if title_clue else None,
        title_from=title_clue.origin if title_clue else NONE,
        date=date_clue.value if date_clue else None,
        date_from=date_clue.origin if date_clue else NONE,
        kind=kind_clue.value,
        kind_from=kind_clue.origin,
        author=author_clue.value if author_clue else None,
        outlet=outlet_clue.value if outlet_clue else None,
        text_from=text_from,
    )
