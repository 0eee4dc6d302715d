"""A source's kind from what its text shows: speaker turns, datelines, release lines, motions
and votes, tables, salutations, report sections, bylines; and last, a hint in the file name."""

from __future__ import annotations

import re

from .clues import NONE
from .dates import DASH, PLACE
from .headers import HEADER_KEYS

__all__ = ["guess_kind", "kind_from_name", "looks_like_transcript", "person_turns"]

_TURN = re.compile(r"^(?P<who>[A-Z][\w.'’ -]{0,50}?)(?:\s*\([^)\n]{0,60}\))?:[ \t]+(?=\S)", re.M)
_NOT_SPEAKERS = HEADER_KEYS | {
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
_PR_DATELINE = re.compile(rf"{PLACE}\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}},?\s+\d{{4}}{DASH}", re.M)
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
