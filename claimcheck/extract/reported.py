"""Reported speech without quotation marks: `X said (that) ...`, `..., X said.`,
`According to X, ...`. Each becomes an attribution whose content is the reported clause, so the
claim that holds it knows its source."""

from __future__ import annotations

import re

from ..types import Span
from .people import ADVERB, APPOSITION, DESCRIPTION, NAME, POSSESSIVE, PRONOUN, TITLE, clean_name
from .quotes import FoundQuote

__all__ = ["find_indirect"]

# Verbs of reported speech without quotation marks: wider than the lexicon's cue verbs
# ("believes", "expects", "vowed": what someone holds, not only what they said aloud).
_REPORT = (
    r"(?:said|says|say|told|tells|argued|argues|claimed|claims|believes|believe|believed|warned|"
    r"warns|noted|notes|added|adds|announced|announces|reported|reports|wrote|writes|insisted|"
    r"insists|explained|explains|suggested|suggests|predicted|predicts|acknowledged|acknowledges|"
    r"denied|denies|stated|states|alleged|alleges|contended|contends|maintained|maintains|"
    r"argue|thinks|think|thought|asserted|asserts|conceded|concedes|admitted|admits|"
    r"estimated|estimates|expects|expected|vowed|vows|promised|promises|pledged|pledges)"
)
_OBJECT = (
    r"(?:\s+(?:reporters|journalists|supporters|voters|the \w+|an? \w+|"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*))?"
)
_INDIRECT_LEAD = re.compile(
    rf"^(?:[A-Z]\w*\s+)?{TITLE}(?P<who>{POSSESSIVE}|{NAME}|{DESCRIPTION}|{PRONOUN}){APPOSITION}"
    rf"\s+{ADVERB}(?P<cue>{_REPORT})(?:(?:(?<=told)|(?<=tells)|(?<=warned)){_OBJECT})?"
    rf"(?:\s+(?:on|in|at|last|this)\s+[\w.’'-]+)?"
    rf",?\s+(?:that\s+)?(?P<content>\S.*?)[.!]?$",
    re.S,
)
_INDIRECT_TAIL = re.compile(
    rf"^(?P<content>\S.*?),\s+(?:(?P<who1>{POSSESSIVE}|{NAME}|{DESCRIPTION}|{PRONOUN})"
    rf"{APPOSITION}\s+{ADVERB}(?P<cue1>{_REPORT})|(?P<cue2>{_REPORT})\s+(?P<who2>{NAME}|{DESCRIPTION}))"
    rf"(?:\s+[\w.’'-]+){{0,6}}[.!]?$",
    re.S,
)
_ACCORDING_LEAD = re.compile(
    rf"^(?P<cue>[Aa]ccording to)\s+{TITLE}(?P<who>{NAME}|{DESCRIPTION})[^,]{{0,60}},"
    rf"\s+(?P<content>\S.*?)[.!]?$",
    re.S,
)


def find_indirect(text: str, sentences: list[Span], quotes: list[FoundQuote]) -> list[FoundQuote]:
    """Reported speech without quotation marks: `X said (that) ...`, `..., X said.`,
    `According to X, ...`. Sentences that hold a quotation are left to the quote finder."""
    out: list[FoundQuote] = []
    for start, end in sentences:
        if any(q.marks[0] < end and start < q.marks[1] for q in quotes):
            continue
        sentence = text[start:end]
        m = _ACCORDING_LEAD.match(sentence) or _INDIRECT_LEAD.match(sentence)
        if m:
            who, cue = m.group("who"), m.group("cue")
            who_span = (start + m.start("who"), start + m.end("who"))
            cue_span = (start + m.start("cue"), start + m.end("cue"))
        else:
            m = _INDIRECT_TAIL.match(sentence)
            if not m:
                continue
            g = "1" if m.group("who1") else "2"
            who, cue = m.group("who" + g), m.group("cue" + g)
            who_span = (start + m.start("who" + g), start + m.end("who" + g))
            cue_span = (start + m.start("cue" + g), start + m.end("cue" + g))
        content = (start + m.start("content"), start + m.end("content"))
        if len(text[content[0] : content[1]].split()) < 3:
            continue
        out.append(
            FoundQuote(
                content, content, clean_name(who) or who, who_span, cue, cue_span, "indirect"
            )
        )
    return out
