"""Speaker turns of a source's text: ``Speaker: text`` transcripts and ``Q:``/``A:``
interviews, each turn a speaker and the span of their words."""

from __future__ import annotations

import re

from ..types import Span
from .kinds import looks_like_transcript, person_turns

__all__ = ["qa_turns", "speaker_name", "text_turns", "transcript_turns"]

_QA_TURN = re.compile(
    r"^(?P<tag>Q|A)[.:][ \t]+(?:(?P<who>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}):[ \t]+)?", re.M
)
_NAME = re.compile(r"\b(?:Dr\.\s+)?[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-zA-Z'’-]+\b")


def speaker_name(raw: str) -> str:
    name = " ".join(raw.split())
    return name.title() if name.isupper() else name


def transcript_turns(text: str, start: int = 0) -> tuple[tuple[str, Span], ...]:
    """Speaker turns of a ``Speaker: text`` transcript from ``start`` (past header lines);
    a turn runs to the next speaker line. Labels that name fields, not people, are no turns."""
    found = person_turns(text, start)
    turns: list[tuple[str, Span]] = []
    for i, (who, _, body_start) in enumerate(found):
        end = found[i + 1][1] if i + 1 < len(found) else len(text)
        while end > body_start and text[end - 1].isspace():
            end -= 1
        turns.append((speaker_name(who), (body_start, end)))
    return tuple(turns)


def _interview_names(text: str, start: int) -> tuple[str, str]:
    """(interviewer, interviewee) of a ``Q:``/``A:`` interview: named on the turns, by an
    ``Interview by X (Q) with Y (A)`` line, or else the interviewer is the byline and the
    interviewee the person the opening names most."""
    opening = text[start : start + 2500]
    q_name = a_name = None
    m = re.search(
        r"(?i)by\s+([^()\n]{3,60}?)\s*\(Q\)\s*(?:with|and)\s+([^()\n]{3,60}?)\s*\(A\)", opening
    )
    if m:
        q_name, a_name = m.group(1).strip(), m.group(2).strip()
    byline = re.search(r"(?m)^\s*By\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})", opening)
    if q_name is None and byline:
        q_name = byline.group(1)
    if a_name is None:
        first_q = _QA_TURN.search(text, start)
        intro = text[start : first_q.start() if first_q else start + 1500]
        intro = "\n".join(ln for ln in intro.splitlines() if not re.match(r"\s*By\s", ln))
        counts: dict[str, int] = {}
        for name in _NAME.findall(intro):
            if q_name and name in q_name:
                continue
            counts[name] = counts.get(name, 0) + 1
            surname = name.split()[-1]
            counts[name] += len(re.findall(rf"\b{re.escape(surname)}\b", intro)) - 1
        if counts:
            a_name = max(counts, key=lambda n: counts[n])
    return q_name or "Interviewer", a_name or "Interviewee"


def qa_turns(text: str, start: int = 0) -> tuple[tuple[str, Span], ...]:
    """Turns of a ``Q:``/``A:`` interview: questions to the interviewer, answers to the
    interviewee (or to the name a turn gives itself)."""
    found = list(_QA_TURN.finditer(text, start))
    q_name, a_name = _interview_names(text, start)
    turns: list[tuple[str, Span]] = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        while end > m.end() and text[end - 1].isspace():
            end -= 1
        who = m.group("who") or (q_name if m.group("tag") == "Q" else a_name)
        turns.append((speaker_name(who), (m.end(), end)))
    return tuple(turns)


def text_turns(body: str, start: int = 0) -> tuple[tuple[str, Span], ...]:
    """The turns the text itself shows from ``start``: a transcript's speaker lines, else an
    interview's ``Q:``/``A:`` lines, else none."""
    if looks_like_transcript(body, start):
        return transcript_turns(body, start)
    if _QA_TURN.search(body[start:]):
        return qa_turns(body, start)
    return ()
