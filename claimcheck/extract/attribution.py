"""Who the draft says spoke a quotation: the attribution beside it, and whether it is direct.

After the closing mark: ``"...," Sarandos said``, ``said co-CEO Ted Sarandos``, ``the CNN host
said``, ``according to X``, a trailing ``—Name``. Before the opening mark: ``X said: "..."``,
``Said Comey, "..."``, ``Name: "..."``, a lead-in that ends in a cue or a colon, whose speaker
is the clause's subject. The pieces a speaker is made of are ``people.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import Span
from .people import (
    ADVERB,
    APPOSITION,
    CAPITALISED_PRONOUNS,
    CUE,
    CUE_SET,
    DESCRIPTION,
    FUNCTION_WORD,
    NAME,
    NOT_NAMES,
    ONE,
    OPENERS,
    POSSESSIVE,
    PRONOUN,
    TITLE,
    WHO,
)

__all__ = [
    "DASH_NAME",
    "SENTENCE_BREAK",
    "Attribution",
    "after_closed_quote",
    "after_quote",
    "before_quote",
    "is_direct",
    "owned_title",
    "short_quote",
]


@dataclass(frozen=True)
class Attribution:
    who: str
    who_span: Span
    cue: str
    cue_span: Span


_GAP = r"[\s,—–-]*"

# After the closing mark: `, Sarandos said`, `, the host said`, `, said Sarandos`, `according to X`.
# Right after a quotation any past-tense verb ("gushed", "implored") works as a cue.
# "Nadia Brenner of the Halvorsen Center for Arms Control Studies wrote"
_OF_ORG = (
    r"(?:\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][\w'’&.-]*"
    r"(?:\s+(?:[A-Z][\w'’&.-]*|for|of|and))*)?"
)
_AFTER_WHO_CUE = re.compile(
    rf"{_GAP}{TITLE}(?P<who>{WHO}){_OF_ORG}{APPOSITION}\s+{ADVERB}"
    rf"(?P<cue>{CUE}|[a-z]{{3,}}ed|[a-z]{{3,}}s)\b"
)
_AFTER_CUE_WHO = re.compile(
    rf"{_GAP}(?P<cue>{CUE})\s+(?:(?:[a-z][\w-]*|[A-Z]{{2,}}|co-[A-Z]{{2,}})\s+){{0,5}}?"
    rf"(?P<who>{NAME}|{DESCRIPTION}|{ONE})"
)
_ACCORDING = re.compile(rf"(?P<cue>[Aa]ccording\s+to)\s+{TITLE}(?P<who>{NAME}|{DESCRIPTION})")
# The same as a lead-in that runs right up to the opening mark: `According to the Daily Caller, "`.
_ACCORDING_LEAD = re.compile(_ACCORDING.pattern + r"[\s,:]*$")
# A cue before its speaker as a lead-in: `Said Comey, "..."`.
_BEFORE_CUE_WHO = re.compile(
    rf"(?:^|(?<=[.!?]\s))\s*(?P<cue>Said|Says|Added|Adds|Asked|Wrote|Writes)\s+{TITLE}"
    rf"(?P<who>{NAME}|{DESCRIPTION})\s*[,:]\s*$"
)
DASH_NAME = re.compile(rf"\s*[―—–-]+\s*(?P<who>{NAME})\.?\s*$")
# Before the opening mark: `Sarandos said:` / `the daily wrote,` / `According to X,` / `Name:`
_BEFORE_WHO_CUE = re.compile(
    rf"(?P<who>{WHO}){APPOSITION},?\s+{ADVERB}(?P<cue>{CUE})(?:\s+[\w'’-]+){{0,4}}?\s*[,:]?\s*$"
)
# Any past-tense or present-tense verb right before the opening mark, after a named or pronoun
# speaker: `Trump boasted, "..."`, `He jokes, "..."`, `Sen. Claire McCaskill (D-Mo.) scolded
# him: "..."`.
_BEFORE_WHO_VERB = re.compile(
    rf"(?P<who>{NAME}|\b{PRONOUN}){APPOSITION}\s+{ADVERB}(?P<cue>[a-z]{{3,}}(?:ed|[^s\W]s))"
    r"(?:\s+(?:him|her|them|us|me|back|reporters|the\s+crowd|the\s+audience))?\s*[,:]\s*$"
)
_BEFORE_COLON = re.compile(
    rf"^\s*(?P<who>{NAME}|{DESCRIPTION})(?:\s+(?P<verb>{CUE}|[a-z]{{3,}}(?:ed|s)))?\s*(?P<cue>:)\s*$"
)
# Where a sentence ends inside the words between two quotations. Not ``text.sentences``:
# this narrower rule (a few titles, single initials) is the one the attribution patterns
# were tuned on, and a closing mark right after the stop belongs to the break.
SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bRep\.)(?<!\bSen\.)"
    r"(?<!\bGov\.)(?<!\bGen\.)(?<!\bSt\.)(?<!\b[A-Z]\.)[\"”’]?\s+(?=[A-Z“\"]|$)"
)
# A lead-in that ends in a cue (`Trump returned to the stage and declared, "..."`) or in a
# colon (`Cruz called them on it: "..."`).
_LEAD_CUE = re.compile(
    rf"(?:\b(?P<cue>{CUE}|(?<=\bissued\sa\s)statement|(?<=\breleased\sa\s)statement)\s*[,:]"
    r"|(?P<colon>:))\s*$"
)
_SUBJECT = re.compile(rf"(?P<who>{POSSESSIVE}|{NAME}|\b{PRONOUN}\b)")
_SUBJECT_VERB = re.compile(
    rf"(?P<who>{POSSESSIVE}|{NAME}|{DESCRIPTION}|\b{PRONOUN}\b)\s+(?:[a-z]+ly\s+)?"
    # ("a few minutes later ... declared": "minutes" is no verb)
    rf"(?:{CUE}|(?!(?:was|has|is|as|seconds|minutes|hours|days|weeks|months|years|times)\b)"
    rf"[a-z]{{2,}}(?:ed|s))\b"
)


def _attribution(m: re.Match[str], offset: int) -> Attribution:
    return Attribution(
        who=m.group("who"),
        who_span=(offset + m.start("who"), offset + m.end("who")),
        cue=m.group("cue"),
        cue_span=(offset + m.start("cue"), offset + m.end("cue")),
    )


_DESCRIPTION_WORD = re.compile(rf"\s+(?!{FUNCTION_WORD}|{CUE}\b)([A-Za-z][\w'’-]*)")


def _whole_description(text: str, attr: Attribution, end: int) -> Attribution:
    """`said one former senior agency official`: a description after its cue runs on to the
    end of its noun phrase (up to six words), not just its first two."""
    stop = attr.who_span[1]
    for _ in range(6):
        m = _DESCRIPTION_WORD.match(text, stop, end)
        if m is None:
            break
        stop = m.end()
    if stop == attr.who_span[1]:
        return attr
    return Attribution(text[attr.who_span[0] : stop], (attr.who_span[0], stop), attr.cue,
                        attr.cue_span)  # fmt: skip


def after_quote(text: str, start: int, end: int) -> Attribution | None:
    """An attribution right after a closing mark, within its sentence."""
    segment = text[start:end]
    cut = SENTENCE_BREAK.search(segment)
    head = segment[: cut.start()] if cut else segment
    # `"Amazing," responded Abedin when a staffer forwarded it`: a cue right after the mark
    # takes the name after it, before any "who did" later in the sentence.
    first = re.match(r"[\s,—–-]*([a-z]+)", head)
    cue_first = first is not None and first.group(1) in CUE_SET
    patterns = (_AFTER_CUE_WHO, _AFTER_WHO_CUE) if cue_first else (_AFTER_WHO_CUE, _AFTER_CUE_WHO)
    for pattern in patterns:
        m = pattern.match(head)
        if m:
            attr = _attribution(m, start)
            if pattern is _AFTER_CUE_WHO and attr.who[:1].islower():
                attr = _whole_description(text, attr, start + len(head))
            return attr
    m = _ACCORDING.match(head.lstrip(" ,"))
    if m:
        return _attribution(m, start + len(head) - len(head.lstrip(" ,")))
    m = DASH_NAME.match(segment.split("\n\n")[0] if "\n\n" in segment else head)
    if m:
        return Attribution(
            m.group("who"), (start + m.start("who"), start + m.end("who")), "—", (start, start)
        )
    return None


# After a quotation that closes its own sentence (`"... missing." Trump said.`), a cue is the
# quote's attribution only when its sentence ends at the cue, or runs on with a circumstance
# ("in a statement", "after an event in Edison"), never with reported words of its own, and
# never when it leads on into the next quotation (`Miller added, "...`).
_CLOSING_TAIL = re.compile(
    r"\s*(?:[.!?]|(?:in|on|at|after|during|before|while|to|from|with|via|last|this|later|"
    r"earlier|yesterday|today|afterward|recently)\b(?:(?!\bthat\b)[^\"“”.!?]){0,60}[.!?])"
)


def after_closed_quote(text: str, start: int, end: int) -> Attribution | None:
    attr = after_quote(text, start, end)
    if attr is None or attr.cue in ("—", "―") or attr.cue_span[1] <= attr.cue_span[0]:
        return None
    if not _CLOSING_TAIL.match(text, attr.cue_span[1], end):
        return None
    # Only a named or pronoun speaker with a known cue: a new sentence that opens with a
    # description and some verb ("The crowd went nuts.") is the story going on.
    if attr.cue.lower() not in CUE_SET or not (attr.who[:1].isupper() or attr.who == "I"):
        return None
    if attr.who.split()[0] in NOT_NAMES - CAPITALISED_PRONOUNS:
        return None
    return attr


def short_quote(text: str, cursor: int, marks: Span, next_start: int) -> bool:
    """A quotation of one or two words is a quote only when it stands as a sentence of its
    own with an attribution after it (`"Elections matter," Kelly said.`), not a scare quote."""
    lead = text[cursor : marks[0]]
    pieces = list(SENTENCE_BREAK.finditer(lead))
    if (lead[pieces[-1].end() :] if pieces else lead).strip():
        return False
    tail = text[marks[1] - 2 : marks[1]]
    if not re.search(r"[,!?]", tail):
        return False
    return after_quote(text, marks[1], next_start) is not None


def _first_subject(tail: str, end: int) -> re.Match[str] | None:
    """The first name or pronoun in ``tail[:end]`` that is not an opening word."""
    for m in _SUBJECT.finditer(tail, 0, end):
        first = m.group("who").split()[0]
        if first.lower() not in OPENERS and first not in NOT_NAMES - CAPITALISED_PRONOUNS:
            return m
    return None


def before_quote(text: str, start: int, end: int) -> Attribution | None:
    """An attribution that leads into an opening mark, within its sentence."""
    segment = text[start:end]
    pieces = list(SENTENCE_BREAK.finditer(segment))
    base = start + (pieces[-1].end() if pieces else 0)
    tail = text[base:end]
    m = _ACCORDING_LEAD.search(tail) or _BEFORE_CUE_WHO.search(tail)
    if m:
        return _attribution(m, base)
    for pattern in (_BEFORE_WHO_CUE, _BEFORE_COLON):
        m = pattern.search(tail)
        if m:
            earlier = _SUBJECT_VERB.search(tail, 0, m.start("who"))
            participle = m.group("cue").endswith("ing")
            after_comma = participle and "," in tail[m.end("who") : m.start("cue")]
            if participle and (m.group("who")[:1].islower() or after_comma):
                # `During a speech, Trump attacked Clinton ..., saying, "..."`: the subject
                # nearest the participle, which may stand inside what looked like an apposition.
                clauses = list(_SUBJECT_VERB.finditer(tail, 0, m.start("cue")))
                named = [
                    c
                    for c in clauses
                    if c.group("who")[:1].isupper()
                    and not re.search(r"['’]s\b", c.group("who"))  # "Trump's golf courses"
                    and c.group("who").split()[0] not in NOT_NAMES - CAPITALISED_PRONOUNS
                    and c.group("who").split()[0].lower() not in OPENERS
                ]
                earlier = named[-1] if named else earlier
            if earlier is None and participle:
                earlier = _first_subject(tail, m.start("who"))
            # `Albright urged women to vote for Clinton, saying, "..."`: after a comma, a
            # participle's speaker is the clause's subject, not the name before the comma.
            if earlier and earlier.group("who").split()[0] in NOT_NAMES - CAPITALISED_PRONOUNS:
                earlier = None  # `When asked whether ..., he said:` is his, not "When"'s
            pronoun = re.fullmatch(PRONOUN, m.group("who")) is not None
            if earlier and (
                (participle and m.group("who")[:1].islower() and not pronoun) or after_comma
            ):
                # `He explained the headline by saying: "..."`: the clause's subject, not
                # the description that happens to stand before the cue.
                return Attribution(
                    earlier.group("who"),
                    (base + earlier.start("who"), base + earlier.end("who")),
                    m.group("cue"),
                    (base + m.start("cue"), base + m.end("cue")),
                )
            return _attribution(m, base)
    m = _BEFORE_WHO_VERB.search(tail)
    if m and m.group("who").split()[0] not in NOT_NAMES - CAPITALISED_PRONOUNS:
        return _attribution(m, base)
    cue = _LEAD_CUE.search(tail)
    subject = None
    if cue:  # the clause's subject: a name or description followed by its verb
        # The subject nearest the cue: `When Wallace died, President Clinton released the
        # following statement:` is Clinton's.
        subjects = list(_SUBJECT_VERB.finditer(tail, 0, cue.start() + 1))
        subject = subjects[-1] if subjects else None
    if cue and subject is None:  # else the first name or pronoun that is not an opening word
        subject = _first_subject(tail, cue.start())
    if cue and subject:
        name = "cue" if cue.group("cue") else "colon"
        return Attribution(
            subject.group("who"),
            (base + subject.start("who"), base + subject.end("who")),
            cue.group(name),
            (base + cue.start(name), base + cue.end(name)),
        )
    return None


def is_direct(text: str, para: Span, marks: Span, attribution: Attribution | None) -> bool:
    """Direct when the quotation stands as a clause of its own: nothing but an attribution
    beside it, or a lead-in that ends in a colon, or in a comma before a capitalised sentence.
    Mixed when the writer's own words run into the quoted ones. ``para`` starts at the
    paragraph start or the end of the previous quotation in it."""
    if re.match(r"\s+(?!and\b|or\b)[a-z]", text[marks[1] : marks[1] + 3]) and (
        attribution is None or attribution.who_span[0] < marks[0]
    ):
        return False  # the writer's sentence runs on after the quotation: `"..." that ...`
    before = text[para[0] : marks[0]]
    pieces = list(SENTENCE_BREAK.finditer(before))
    sentence_lead = (before[pieces[-1].end() :] if pieces else before).strip()
    capital = text[marks[0] + 1 : marks[0] + 2].isupper()
    if attribution and attribution.cue_span[1] <= marks[0] and attribution.cue != "―":
        # `X said, "..."` or `X told reporters on Monday: "..."` is direct; `X said that "..."`
        # or `X said on the other hand, "the ..."` is mixed.
        start = max(attribution.cue_span[1], attribution.who_span[1])
        between = text[start : marks[0]].strip()
        if between in ("", ",", ":"):
            return True
        if not capital or re.match(r"that\b", between):
            return False
        return between[-1] in ",:"
    lead = sentence_lead
    if attribution and attribution.who_span[1] <= marks[0]:
        lead = text[max(para[0], attribution.who_span[0]) : attribution.who_span[0]]
        lead = lead[lead.rfind(".") + 1 :] if "." in lead else lead
        lead = re.sub(r"^\s*(?:[Bb]ut|[Aa]nd|[Ss]o|[Aa]s)\b", "", lead)
    lead = lead.strip(" \t\n,:;—–-")
    if not lead or re.fullmatch(rf"[―—–-]\s*{NAME}\.?", lead):
        return True  # alone, or after the previous quote's signature `"..." ― Name`
    if sentence_lead.endswith(":") or (sentence_lead.endswith(",") and capital):
        return True  # `From the report: "..."`, `Stevens reported, "Overall ..."`
    letters = [c for c in lead if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)  # after an all-caps headline


# A quoted name (every word capitalised but the small ones): a plan's, a slogan's, a title.
_TITLE_WORDS = re.compile(r"^(?:[A-Z0-9][\w'’&.-]*|of|the|and|for|to|a|an|in|on|at)$")
_OWNER = re.compile(rf"(?P<who>{NAME})['’]s\s+$")


def owned_title(text: str, marks: Span, content: Span) -> Attribution | None:
    """The owner of a quoted name, as the words that name it: `Mayor Ana Ruiz's "Keep the
    Ferries Running" budget` is Mayor Ana Ruiz's phrase. None when the quotation is no
    name or no possessive leads into it."""
    words = text[content[0] : content[1]].split()
    if not words or not words[0][:1].isupper() or not all(_TITLE_WORDS.match(w) for w in words):
        return None
    m = _OWNER.search(text, max(0, marks[0] - 80), marks[0])
    if m is None or m.group("who").split()[0] in NOT_NAMES:
        return None
    end = m.end("who")
    return Attribution(m.group("who"), (m.start("who"), end), "’s", (end, end + 2))
