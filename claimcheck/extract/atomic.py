"""Compound sentences -> atomic claims.

A sentence splits where independent clauses are joined (`;`, `, and`, `, but`, `, while`,
`whereas`): the part after the joint must have its own subject and verb, so a shared-subject
list ("rose 16% and ended the year higher") stays whole. Each part keeps its own span.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..types import Span

__all__ = ["split_atomic", "split_facts"]

_JOINT = re.compile(
    r";\s+|,\s+(?:and|but|while|whereas|although|though|yet)\s+|\s+(?:whereas|while)\s+(?=[A-Z])"
)
_SUBJECT = (
    r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*|it|he|she|they|we|its|his|her|their|"
    r"(?:the|a|an|its|his|her|their)\s+(?:(?!(?:that|which|who)\b)[\w'’-]+\s+){0,3}?(?!(?:that|which|who)\b)[\w'’-]+|"
    r"(?!(?:so|then|that|which|who)\b)[a-z][\w'’-]*"
    r"(?:\s+(?!(?:that|which|who)\b)[a-z][\w'’-]*){0,2})"
)
_CLAUSE = re.compile(
    rf"^{_SUBJECT}\s+(?:[a-z]+ly\s+)?(?:is|was|are|were|has|had|have|will|would|can|could|did|"
    r"does|do|rose|fell|grew|won|lost|made|took|said|says|paid|sold|cut|[a-z]{3,}ed|[a-z]{3,}s)\b"
)
_MIN_WORDS = 4


def split_atomic(text: str, span: Span) -> list[Span]:
    """Spans of the atomic claims in the sentence at ``span``; one span if it does not split."""
    start, end = span
    sentence = text[start:end]
    parts: list[Span] = []
    cursor = 0
    for joint in _JOINT.finditer(sentence):
        left = sentence[cursor : joint.start()]
        right = sentence[joint.end() :]
        if len(left.split()) < _MIN_WORDS or len(right.split()) < _MIN_WORDS:
            continue
        if not _CLAUSE.match(right):
            continue
        parts.append((start + cursor, start + joint.start()))
        cursor = joint.end()
    parts.append((start + cursor, end))
    return parts


# --- finer: one checkable fact per claim ------------------------------------------------------
# A figure: digits, or a number word ("a quarter more", "four fewer", "the first increase").
_FIGURE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|trillion|dozen|half|quarter|twice|double|"
    r"triple|percent|first|second|third|fourth|fifth|last|record|majority)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’&.-]*[A-Za-z]")
_VERB = (
    r"(?:[a-z]{2,}ed|[a-z]{3,}s|said|is|was|are|were|will|would|has|had|have|won|led|held|"
    r"told|made|paid|sold|cut|grew|rose|fell|took|gave|got|ran|put|set|left|lost|kept|met|saw|"
    r"spent|began|became|came|went|drew|hit|shot|struck|brought|bought|thought|found|"
    r"finished|can|could|may|might|must|should)\b"
)
# "Okonjo, 51, finished ...", "Mireille Osei, an analyst at X, said ...", "The study, known as
# TEMPO-HF, enrolled ...": the subject, an apposition that carries a fact, then the verb.
_APPOSITION = re.compile(
    r"(?P<subject>(?:[A-Z][\w'’.&-]*(?:\s+(?:[A-Z][\w'’.&-]*|\d+|of|de|van|von|&))*"
    r"|[Tt]he\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?))"
    r",\s+(?P<apposition>[^,;\"“”]{2,90}?(?:,\s+[^,;\"“”]{2,60}?)?),\s+"
    rf"(?=(?:[a-z]+ly\s+)?{_VERB})"
)
_SUBORDINATE = re.compile(r"\s+(?=(?:after|before|when|because|since|as|until)\s+\S)")
_RELATIVE = re.compile(r"\s+(?=(?:that|which)\s+(?:[a-z]{3,}s|[a-z]{2,}ed|set|cut|put|led)\b)")
# ", widening the lead ...", ", down from $2.75", ", a 25 percent jump", ", four fewer than ...";
# never a list's next item ("for paving, lighting and signs": a word, then "and", "or" or ",").
_TAIL = re.compile(
    r",\s+(?![\w'’-]+(?:\s+(?:and|or)\s|,))"
    r"(?=(?:[a-z]{3,}ing|down|up|compared|against|versus|from|more|less|fewer|"
    r"a|an|the|about|nearly|almost|roughly|some|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|\$?\d)\b)"
)
_AND_VERB = re.compile(r"\s+and\s+(?=(?:[a-z]+ly\s+)?(?:[a-z]{2,}ed|raised|cut|set|held|won|"
                       r"lost|rose|fell|grew|paid|sold|made|took|gave|put|kept)\b)")  # fmt: skip
_PURPOSE = re.compile(r"\s+(?=to\s+(?!(?:a|an|the|his|her|its|their|our|my|this|that|these|"
                      r"those|be|date|\$?\d)\b)[a-z]{2,}\b)")  # fmt: skip
_TAKES_INFINITIVE = frozenset(
    """is are was were be been has have had going able likely unlikely set due plans plan
    wants want seeks seek aims aim expects expect hopes hope needs need tries try intends
    intend promises promise threatens vows vow continues continue begins begin means mean
    agrees agree decides decide chooses choose refuses refuse asks ask tells urges urge helps
    help allows allow enough order how what where""".split()
)
_FACT_MIN_WORDS = 3  # a part carrying one fact has at least this many words


def _facts(part: str) -> bool:
    return bool(_FIGURE.search(part) or _NAMED.search(part))


def _figure(part: str) -> bool:
    return bool(_FIGURE.search(part))


def _cut(
    text: str, span: Span, joints: re.Pattern[str], ok: Callable[[str, str], bool]
) -> list[Span]:
    """``span`` cut at each match of ``joints`` where ``ok(left, right, joint)`` holds."""
    start, end = span
    piece = text[start:end]
    parts: list[Span] = []
    cursor = 0
    for joint in joints.finditer(piece):
        left, right = piece[cursor : joint.start()], piece[joint.end() :]
        if len(left.split()) < _FACT_MIN_WORDS or len(right.split()) < _FACT_MIN_WORDS:
            continue
        if not ok(left, right):
            continue
        parts.append((start + cursor, start + joint.start()))
        cursor = joint.end()
    parts.append((start + cursor, end))
    return parts


def _year_first(right: str) -> bool:
    return bool(re.match(r"(?:19|20)\d\d\b", right))  # "on Nov. 3, 2025" is no joint


def _own_clause(right: str) -> bool:
    """Whether "after ...", "when ..." has its own subject and verb."""
    words = right.split(None, 1)
    return len(words) == 2 and bool(_CLAUSE.match(words[1]))


_JOINTS: tuple[tuple[re.Pattern[str], Callable[[str, str], bool]], ...] = (
    (_SUBORDINATE, lambda a, b: _figure(b) and _facts(a) and _own_clause(b)),
    (_RELATIVE, lambda a, b: _figure(b) and _facts(a)),
    (_TAIL, lambda a, b: _figure(b) and _facts(a) and not _year_first(b)),
    (_AND_VERB, lambda a, b: _figure(b) and len(a.split()) > _FACT_MIN_WORDS),
    (
        _PURPOSE,
        lambda a, b: _figure(b) and _figure(a)
        and a.split()[-1].lower() not in _TAKES_INFINITIVE
        and not a.split()[-1].lower().endswith("ed"),
    ),
)  # fmt: skip
_STARTS_WITH_VERB = re.compile(rf"^(?:and\s+)?(?:[a-z]+ly\s+)?(?:{_VERB}|[a-z]{{3,}}ing\b)")
_LEAD_SUBJECT = re.compile(rf"^(?P<who>\S+(?:\s+\S+){{0,5}}?)\s+(?=(?:[a-z]+ly\s+)?{_VERB})")


def split_facts(text: str, span: Span) -> list[tuple[Span, str]]:
    """The sentence at ``span`` cut into claims of one checkable fact each: each part's span
    and the words to read it by (with the subject a part leaves out; an apposition with the
    verb it leads into). Independent clauses (``split_atomic``), a
    subject's apposition that carries a fact ("Okonjo, 51, finished ..."), subordinate and
    relative clauses, participle and figure tails (", widening the lead to ...", ", down from
    $2.75"), verbs joined by "and" and purpose clauses; each cut only where the part after it
    carries a figure and the part before a figure or a name."""
    out: list[tuple[Span, str]] = []
    for s, e in split_atomic(text, span):
        pieces: list[Span] = []
        subject = ""
        m = _APPOSITION.match(text, s, e)
        if m and _facts(m.group("apposition")) and len(text[m.end() : e].split()) >= 2:
            subject = m.group("subject")
            pieces.append((s, m.end("apposition")))
            s = m.end()
        rest = [(s, e)]
        for joints, test in _JOINTS:
            rest = [p for r in rest for p in _cut(text, r, joints, test)]
        apposition = bool(pieces)
        pieces += rest
        if not subject:
            lead = _LEAD_SUBJECT.match(text[pieces[0][0] : pieces[0][1]])
            subject = lead.group("who") if lead else ""
        for i, (a, b) in enumerate(pieces):
            words = text[a:b].rstrip(" ,;")
            if i == 0 and apposition and len(pieces) > 1:
                # What the apposition says of whom, read with the verb it leads into.
                words = f"{words}, {text[pieces[1][0] : pieces[1][1]].rstrip(' ,;')}"
            elif i > 0 and subject and _STARTS_WITH_VERB.match(words):
                words = f"{subject} {words}"
            out.append(((a, b), words))
    return out
