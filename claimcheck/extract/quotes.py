"""Direct and mixed quotes, and who the draft says spoke them.

Finds quoted words inside quotation marks (straight or curly; a quote that opens a paragraph
and does not close runs on, as news style does across paragraphs) and the attribution around
them: ``"...," Sarandos said``, ``said co-CEO Ted Sarandos``, ``the CNN host said``,
``according to X``, ``X told Reuters``, ``X said: "..."``, ``Name: "..."``, a trailing
``—Name`` line. Pronouns and "the company" resolve to the last person or organisation named.

A quote is *direct* when the quotation stands as a clause of its own, with at most an
attribution beside it; *mixed* when quoted words sit inside the writer's own sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.lexicon import CUE_VERBS, MONTHS, SUBJECT_PRONOUNS, WEEKDAYS, capitalised
from ..text.sentences import paragraph_spans, quote_spans
from ..types import Span
from .speakers import Genders, carried_speaker, typed_speaker

__all__ = ["FoundQuote", "find_quotes", "same_speaker"]

_CUE_WORDS = CUE_VERBS
_CUE = r"(?:" + "|".join(_CUE_WORDS) + r")"
_CUE_SET = frozenset(_CUE_WORDS)
_NAME = (
    r"(?:(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Prof|Gen|Pres)\.\s+)?"
    r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|van|von|bin|al|le|la|dos))*"
)
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)"
_FUNCTION = (
    r"(?:and|or|but|then|to|that|which|who|of|in|on|at|for|with|as|even|when|while|if|because)\b"
)
_DESCRIPTION = (
    r"\b(?:[Tt]he|[Aa]n?|[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir|[Tt]his|[Tt]hese|[Oo]ne|[Aa]nother|"
    r"[Ss]ome|[Ss]everal|[Tt]wo|[Tt]hree)\s+"
    rf"(?:(?!{_FUNCTION})[\w'’-]+\s+){{0,4}}?(?!{_FUNCTION})[\w'’-]+"
)
_ADVERB = r"(?:(?:[a-z]+ly|also|later|then|once|again|had|has|have)\s+)?"
_POSSESSIVE = rf"{_NAME}['’]s\s+(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*"  # "Obama's former aide"
_ONE = r"(?:[Oo]ne|[Aa]nother)\b(?!\s+of\b)"  # `"...," one said.` / `said another.`
_WHO = rf"(?:{_POSSESSIVE}|{_NAME}|{_DESCRIPTION}|{_PRONOUN}|{_ONE})"
# Words that may precede a name: "co-CEO Ted Sarandos", "Republican pollster Bill McInturff".
_TITLE = (
    r"(?:(?:(?:[a-z][\w-]*|[A-Z]{2,}|co-[A-Z]{2,}|[A-Z][a-z]+(?=\s+[a-z]))\s+){0,4}?"
    # "Wyoming GOP chairman Matt Micheli", "Fight for $15 organizing director Kendall Fells"
    r"|(?:(?:[A-Z][\w'’&.-]*|\$?\d[\d,.]*|for|of|and)\s+){1,5}?(?:[a-z][\w-]*\s+){1,3}?(?=[A-Z])"
    r"|(?:[A-Z][\w'’&.-]*\s+){0,4}?[A-Z][\w&.-]*['’]s\s+(?=[A-Z]))"  # "Iowa State University's"
)
_APPOSITION = r"(?:\s*\([^()\"“”]{1,40}\))?(?:,[^,\"“”]{1,90},)?"  # "(D-Wis.)", ", a Democrat,"
_GAP = r"[\s,—–-]*"

# After the closing mark: `, Sarandos said`, `, the host said`, `, said Sarandos`, `according to X`.
# Right after a quotation any past-tense verb ("gushed", "implored") works as a cue.
# "Nadia Brenner of the Halvorsen Center for Arms Control Studies wrote"
_OF_ORG = (
    r"(?:\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][\w'’&.-]*"
    r"(?:\s+(?:[A-Z][\w'’&.-]*|for|of|and))*)?"
)
_AFTER_WHO_CUE = re.compile(
    rf"{_GAP}{_TITLE}(?P<who>{_WHO}){_OF_ORG}{_APPOSITION}\s+{_ADVERB}"
    rf"(?P<cue>{_CUE}|[a-z]{{3,}}ed|[a-z]{{3,}}s)\b"
)
_AFTER_CUE_WHO = re.compile(
    rf"{_GAP}(?P<cue>{_CUE})\s+(?:(?:[a-z][\w-]*|[A-Z]{{2,}}|co-[A-Z]{{2,}})\s+){{0,5}}?"
    rf"(?P<who>{_NAME}|{_DESCRIPTION}|{_ONE})"
)
_ACCORDING = re.compile(rf"(?P<cue>[Aa]ccording\s+to)\s+{_TITLE}(?P<who>{_NAME}|{_DESCRIPTION})")
# The same as a lead-in that runs right up to the opening mark: `According to the Daily Caller, "`.
_ACCORDING_LEAD = re.compile(_ACCORDING.pattern + r"[\s,:]*$")
# A cue before its speaker as a lead-in: `Said Comey, "..."`.
_BEFORE_CUE_WHO = re.compile(
    rf"(?:^|(?<=[.!?]\s))\s*(?P<cue>Said|Says|Added|Adds|Asked|Wrote|Writes)\s+{_TITLE}"
    rf"(?P<who>{_NAME}|{_DESCRIPTION})\s*[,:]\s*$"
)
_DASH_NAME = re.compile(rf"\s*[―—–-]+\s*(?P<who>{_NAME})\.?\s*$")
# Before the opening mark: `Sarandos said:` / `the daily wrote,` / `According to X,` / `Name:`
_BEFORE_WHO_CUE = re.compile(
    rf"(?P<who>{_WHO}){_APPOSITION},?\s+{_ADVERB}(?P<cue>{_CUE})(?:\s+[\w'’-]+){{0,4}}?\s*[,:]?\s*$"
)
# Any past-tense or present-tense verb right before the opening mark, after a named or pronoun
# speaker: `Trump boasted, "..."`, `He jokes, "..."`, `Sen. Claire McCaskill (D-Mo.) scolded
# him: "..."`.
_BEFORE_WHO_VERB = re.compile(
    rf"(?P<who>{_NAME}|\b{_PRONOUN}){_APPOSITION}\s+{_ADVERB}(?P<cue>[a-z]{{3,}}(?:ed|[^s\W]s))"
    r"(?:\s+(?:him|her|them|us|me|back|reporters|the\s+crowd|the\s+audience))?\s*[,:]\s*$"
)
_BEFORE_COLON = re.compile(
    rf"^\s*(?P<who>{_NAME}|{_DESCRIPTION})(?:\s+(?P<verb>{_CUE}|[a-z]{{3,}}(?:ed|s)))?\s*(?P<cue>:)\s*$"
)
_PERSON = re.compile(r"\b[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)+\b")
_NOT_NAMES = frozenset(
    """The This That These Those It He She They We In On At But And A An Its His Her Their
    According After Before When While If As For From By With Of To Said Says Added Asked Wrote
    Here There Now Today Yesterday Later Earlier Still Also However Meanwhile Recently
    Immediately""".split()
) | frozenset(WEEKDAYS + MONTHS)
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bRep\.)(?<!\bSen\.)"
    r"(?<!\bGov\.)(?<!\bGen\.)(?<!\bSt\.)(?<!\b[A-Z]\.)[\"”’]?\s+(?=[A-Z“\"]|$)"
)
# A lead-in that ends in a cue (`Trump returned to the stage and declared, "..."`) or in a
# colon (`Cruz called them on it: "..."`).
_LEAD_CUE = re.compile(
    rf"(?:\b(?P<cue>{_CUE}|(?<=\bissued\sa\s)statement|(?<=\breleased\sa\s)statement)\s*[,:]"
    r"|(?P<colon>:))\s*$"
)
_SUBJECT = re.compile(rf"(?P<who>{_POSSESSIVE}|{_NAME}|\b{_PRONOUN}\b)")
_SUBJECT_VERB = re.compile(
    rf"(?P<who>{_POSSESSIVE}|{_NAME}|{_DESCRIPTION}|\b{_PRONOUN}\b)\s+(?:[a-z]+ly\s+)?"
    # ("a few minutes later ... declared": "minutes" is no verb)
    rf"(?:{_CUE}|(?!(?:was|has|is|as|seconds|minutes|hours|days|weeks|months|years|times)\b)"
    rf"[a-z]{{2,}}(?:ed|s))\b"
)
_SUBJECT_PRONOUNS = capitalised(SUBJECT_PRONOUNS)
_SUBJECT_CUE = re.compile(rf"\b(?P<who>{_NAME})\s+(?:[a-z]+ly\s+)?(?:{_CUE})\b")
_OPENERS = frozenset(
    """later earlier meanwhile then still also however in on at after before when while""".split()
)


@dataclass(frozen=True)
class FoundQuote:
    content: Span  # the quoted words, marks and edge punctuation excluded
    marks: Span  # the quotation including its marks
    speaker: str | None  # resolved: a pronoun becomes the name it stands for
    speaker_span: Span | None  # the words in the draft that identified the speaker
    cue: str | None  # said, told, according to, ...
    cue_span: Span | None
    kind: str  # "direct", "mixed", or "turn" (a quoted transcript turn: `"PENCE: ...`)


@dataclass(frozen=True)
class _Attribution:
    who: str
    who_span: Span
    cue: str
    cue_span: Span


def _clean_name(name: str) -> str | None:
    words = name.strip().rstrip(".,").split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    return " ".join(words) if words else None


def _content_span(text: str, marks: Span) -> Span:
    s, e = marks
    s += 1
    if e > s and text[e - 1] in '"”“':  # “ too: some writers close with the opening mark
        e -= 1
    while s < e and (text[s].isspace() or text[s] in "‘'"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",’'"):
        e -= 1
    return (s, e)


class _Mentions:
    """People and organisations named so far, to resolve pronouns and bare surnames."""

    def __init__(self) -> None:
        self.people: list[str] = []
        # The last full name seen for each surname, kept as names are seen (looking them up
        # in ``people`` for every quote made extraction quadratic): by the surname in lower
        # case, and as written.
        self.full: dict[str, str] = {}
        self._by_surname: dict[str, str] = {}
        self.last_speaker: str | None = None
        self.last_span: Span | None = None  # the words that identified the last speaker
        # The last person named as the subject of a speech verb since the last attribution
        # (`Trump said Clinton could ...`): whom a following "he said" most likely means.
        self.recent_subject: str | None = None

    def see(self, text: str, offset: int = 0) -> None:
        """Take in the words between quotes (``text`` starts at ``offset`` in the story)."""
        for m in _PERSON.finditer(text):
            name = _clean_name(m.group(0))
            if name and len(name.split()) >= 2:
                self.people.append(name)
                self.full[name.split()[-1].lower()] = name
                self._by_surname[name.split()[-1]] = name
        for m in _SUBJECT_CUE.finditer(text):
            span = (offset + m.start("who"), offset + m.end("who"))
            if self.last_span and span[0] < self.last_span[1] and self.last_span[0] < span[1]:
                continue  # the last quote's own attribution: its speaker is already known
            # A name match can run over a sentence end ("on Monday. He said"): keep the part
            # after the last one.
            who = re.split(r"(?<=[a-z]{2})\.\s+", m.group("who"))[-1]
            first = who.split()[0]
            if first in _NOT_NAMES or first.lower() in _OPENERS or first == "I":
                continue
            if who.split()[-1] in _SUBJECT_PRONOUNS:  # "in Washington D.C. He said"
                continue
            self.recent_subject = self._full(_clean_name(who) or who)

    def attributed(self, speaker: str, span: Span) -> None:
        self.last_speaker = speaker
        self.last_span = span
        self.recent_subject = None

    def _full(self, name: str) -> str:
        if len(name.split()) == 1:  # a bare surname: expand to the full name seen earlier
            return self._by_surname.get(name, name)
        return name

    def resolve(self, who: str) -> str:
        if re.fullmatch(_PRONOUN, who):
            if who.lower() in ("he", "she") and self.recent_subject:
                return self.recent_subject
            if who.lower() in ("he", "she") and self.last_speaker:
                return self.last_speaker
            return self.last_speaker or (self.people[-1] if self.people else who)
        if re.fullmatch(r"[Tt]he (?:company|firm|studio|group|network|newspaper)", who):
            return self.last_speaker or who
        if re.match(r"(?:[Tt]he|[Aa]n?)\s", who):
            return who  # a description such as "the CNN host", as the story names them
        return self._full(_clean_name(who) or who)


def same_speaker(a: str, b: str) -> bool:
    """True when two speaker names plausibly name the same person (surnames agree)."""

    def key(name: str) -> str:
        words = re.findall(r"[A-Za-z][\w'’-]*", name)
        return words[-1].lower() if words else name.lower()

    return key(a) == key(b)


def _attribution(m: re.Match[str], offset: int) -> _Attribution:
    return _Attribution(
        who=m.group("who"),
        who_span=(offset + m.start("who"), offset + m.end("who")),
        cue=m.group("cue"),
        cue_span=(offset + m.start("cue"), offset + m.end("cue")),
    )


_DESCRIPTION_WORD = re.compile(rf"\s+(?!{_FUNCTION}|{_CUE}\b)([A-Za-z][\w'’-]*)")


def _whole_description(text: str, attr: _Attribution, end: int) -> _Attribution:
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
    return _Attribution(text[attr.who_span[0] : stop], (attr.who_span[0], stop), attr.cue,
                        attr.cue_span)  # fmt: skip


def _after(text: str, start: int, end: int) -> _Attribution | None:
    """An attribution right after a closing mark, within its sentence."""
    segment = text[start:end]
    cut = _SENTENCE_BREAK.search(segment)
    head = segment[: cut.start()] if cut else segment
    # `"Amazing," responded Abedin when a staffer forwarded it`: a cue right after the mark
    # takes the name after it, before any "who did" later in the sentence.
    first = re.match(r"[\s,—–-]*([a-z]+)", head)
    cue_first = first is not None and first.group(1) in _CUE_SET
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
    m = _DASH_NAME.match(segment.split("\n\n")[0] if "\n\n" in segment else head)
    if m:
        return _Attribution(
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


def _after_closed(text: str, start: int, end: int) -> _Attribution | None:
    attr = _after(text, start, end)
    if attr is None or attr.cue in ("—", "―") or attr.cue_span[1] <= attr.cue_span[0]:
        return None
    if not _CLOSING_TAIL.match(text, attr.cue_span[1], end):
        return None
    # Only a named or pronoun speaker with a known cue: a new sentence that opens with a
    # description and some verb ("The crowd went nuts.") is the story going on.
    if attr.cue.lower() not in _CUE_SET or not (attr.who[:1].isupper() or attr.who == "I"):
        return None
    if attr.who.split()[0] in _NOT_NAMES - _SUBJECT_PRONOUNS:
        return None
    return attr


def _short_quote(text: str, cursor: int, marks: Span, next_start: int) -> bool:
    """A quotation of one or two words is a quote only when it stands as a sentence of its
    own with an attribution after it (`"Elections matter," Kelly said.`), not a scare quote."""
    lead = text[cursor : marks[0]]
    pieces = list(_SENTENCE_BREAK.finditer(lead))
    if (lead[pieces[-1].end() :] if pieces else lead).strip():
        return False
    tail = text[marks[1] - 2 : marks[1]]
    if not re.search(r"[,!?]", tail):
        return False
    return _after(text, marks[1], next_start) is not None


def _first_subject(tail: str, end: int) -> re.Match[str] | None:
    """The first name or pronoun in ``tail[:end]`` that is not an opening word."""
    for m in _SUBJECT.finditer(tail, 0, end):
        first = m.group("who").split()[0]
        if first.lower() not in _OPENERS and first not in _NOT_NAMES - _SUBJECT_PRONOUNS:
            return m
    return None


def _before(text: str, start: int, end: int) -> _Attribution | None:
    """An attribution that leads into an opening mark, within its sentence."""
    segment = text[start:end]
    pieces = list(_SENTENCE_BREAK.finditer(segment))
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
                    and c.group("who").split()[0] not in _NOT_NAMES - _SUBJECT_PRONOUNS
                    and c.group("who").split()[0].lower() not in _OPENERS
                ]
                earlier = named[-1] if named else earlier
            if earlier is None and participle:
                earlier = _first_subject(tail, m.start("who"))
            # `Albright urged women to vote for Clinton, saying, "..."`: after a comma, a
            # participle's speaker is the clause's subject, not the name before the comma.
            if earlier and earlier.group("who").split()[0] in _NOT_NAMES - _SUBJECT_PRONOUNS:
                earlier = None  # `When asked whether ..., he said:` is his, not "When"'s
            pronoun = re.fullmatch(_PRONOUN, m.group("who")) is not None
            if earlier and (
                (participle and m.group("who")[:1].islower() and not pronoun) or after_comma
            ):
                # `He explained the headline by saying: "..."`: the clause's subject, not
                # the description that happens to stand before the cue.
                return _Attribution(
                    earlier.group("who"),
                    (base + earlier.start("who"), base + earlier.end("who")),
                    m.group("cue"),
                    (base + m.start("cue"), base + m.end("cue")),
                )
            return _attribution(m, base)
    m = _BEFORE_WHO_VERB.search(tail)
    if m and m.group("who").split()[0] not in _NOT_NAMES - _SUBJECT_PRONOUNS:
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
        return _Attribution(
            subject.group("who"),
            (base + subject.start("who"), base + subject.end("who")),
            cue.group(name),
            (base + cue.start(name), base + cue.end(name)),
        )
    return None


def _is_direct(text: str, para: Span, marks: Span, attribution: _Attribution | None) -> bool:
    """Direct when the quotation stands as a clause of its own: nothing but an attribution
    beside it, or a lead-in that ends in a colon, or in a comma before a capitalised sentence.
    Mixed when the writer's own words run into the quoted ones. ``para`` starts at the
    paragraph start or the end of the previous quotation in it."""
    if re.match(r"\s+(?!and\b|or\b)[a-z]", text[marks[1] : marks[1] + 3]) and (
        attribution is None or attribution.who_span[0] < marks[0]
    ):
        return False  # the writer's sentence runs on after the quotation: `"..." that ...`
    before = text[para[0] : marks[0]]
    pieces = list(_SENTENCE_BREAK.finditer(before))
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
    if not lead or re.fullmatch(rf"[―—–-]\s*{_NAME}\.?", lead):
        return True  # alone, or after the previous quote's signature `"..." ― Name`
    if sentence_lead.endswith(":") or (sentence_lead.endswith(",") and capital):
        return True  # `From the report: "..."`, `Stevens reported, "Overall ..."`
    letters = [c for c in lead if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)  # after an all-caps headline


# A quoted transcript turn opens with its speaker's label in capitals: `"PENCE: Well, ...`.
_TURN_LABEL = re.compile(r"(?P<who>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,2}):\s")


def _quoted_turn(
    text: str,
    marks: Span,
    content: Span,
    p_start: int,
    paragraphs: list[Span],
    p_index: int,
    last_turn: tuple[int, FoundQuote] | None,
) -> FoundQuote | None:
    """A quotation that quotes a transcript (`"WALLACE: ...`, `"PENCE: ...`) is a turn of
    the labelled speaker, kind "turn", not the story's own attribution; so is a paragraph's
    opening quotation that goes on from a turn left open at the end of the paragraph before."""
    label = _TURN_LABEL.match(text, content[0], content[1])
    if label is not None:
        who = (label.start("who"), label.end("who"))
        words = (label.end(), content[1])
        return FoundQuote(words, marks, label.group("who"), who, ":", (who[1], who[1] + 1), "turn")
    if last_turn is None or marks[0] != p_start or last_turn[0] != p_index - 1:
        return None
    before = last_turn[1]
    if before.marks[1] != paragraphs[p_index - 1][1] or text[before.marks[1] - 1] in '"”':
        return None  # the turn before was closed: this quotation is the story's again
    return FoundQuote(content, marks, before.speaker, before.speaker_span, None, None, "turn")


def find_quotes(text: str) -> list[FoundQuote]:
    """Every quotation of three or more words in ``text``, with its speaker and kind."""
    found: list[FoundQuote] = []
    mentions = _Mentions()
    paragraphs = paragraph_spans(text)
    genders = Genders()
    genders.learn(text)
    last_turn: tuple[int, FoundQuote] | None = None  # the last quoted transcript turn
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        spans = quote_spans(text, p_start, p_end)
        cursor = p_start
        pending: list[tuple[Span, Span]] = []
        para_attr: tuple[str, _Attribution] | None = None  # the paragraph's last attribution
        for i, marks in enumerate(spans):
            mentions.see(text[cursor : marks[0]], cursor)
            content = _content_span(text, marks)
            turn = _quoted_turn(text, marks, content, p_start, paragraphs, p_index, last_turn)
            if turn is not None:
                found.append(turn)
                last_turn = (p_index, turn)
                cursor = marks[1]
                continue
            if len(text[content[0] : content[1]].split()) < 3 and not _short_quote(
                text, cursor, marks, spans[i + 1][0] if i + 1 < len(spans) else p_end
            ):
                cursor = marks[1]
                continue  # a scare-quoted word or a title, not a quote
            next_start = spans[i + 1][0] if i + 1 < len(spans) else p_end
            closed_sentence = text[content[1] : marks[1]].lstrip(",’'").startswith(".") or (
                text[content[1] - 1 : content[1]] == "."
            )
            dash = _DASH_NAME.match(text[marks[1] : next_start])
            attr: _Attribution | None
            if dash:  # `"..." ― Name`: a signed quote
                who_span = (marks[1] + dash.start("who"), marks[1] + dash.end("who"))
                attr = _Attribution(dash.group("who"), who_span, "―", (marks[1], marks[1]))
            else:
                after = (
                    _after_closed(text, marks[1], next_start)
                    if closed_sentence
                    else _after(text, marks[1], next_start)
                )
                attr = after or _before(text, cursor, marks[0])
            if attr is None and marks[1] >= p_end and p_index + 1 < len(paragraphs):
                # A quote that ends its paragraph: the next line may carry "—Name".
                n_start, n_end = paragraphs[p_index + 1]
                m = _DASH_NAME.match(text[n_start:n_end])
                if m:
                    who_span = (n_start + m.start("who"), n_start + m.end("who"))
                    attr = _Attribution(m.group("who"), who_span, "—", (n_start, n_start))
            if attr is None and marks[0] == p_start and p_index > 0:
                # The speaker introduced on the line before: `Sarandos said:` then the quote.
                q_start, q_end = paragraphs[p_index - 1]
                if text[q_start:q_end].rstrip().endswith(":"):
                    attr = _before(text, q_start, q_end)
            split_quote = (
                attr is None
                and para_attr is not None
                and para_attr[1].who_span[0] >= cursor
                and text[cursor : marks[0]].rstrip().endswith(",")
            )  # `"...," Trump said during a rally in Kenansville, "but ..."`
            direct = split_quote or _is_direct(text, (cursor, p_end), marks, attr)
            kind = "direct" if direct else "mixed"
            if attr is None and kind == "mixed":
                # `Castellano said the trial gives patients "..."`: the sentence's speaker.
                lead = text[cursor : marks[0]]
                cut = list(_SENTENCE_BREAK.finditer(lead))
                subject = _SUBJECT_CUE.search(lead, cut[-1].end() if cut else 0)
                if subject is not None and subject.group("who").split()[0] not in _NOT_NAMES:
                    attr = _Attribution(
                        subject.group("who"),
                        (cursor + subject.start("who"), cursor + subject.end("who")),
                        "said",
                        (cursor + subject.end("who"), cursor + subject.end("who")),
                    )
            if attr is not None:
                before = found[-1] if found else None
                previous = (
                    before.speaker
                    if before is not None
                    and p_index > 0
                    and paragraphs[p_index - 1][0] <= before.marks[0] < paragraphs[p_index - 1][1]
                    else None
                )
                full = mentions.full
                speaker = typed_speaker(
                    text, paragraphs, p_index, marks[0], attr.who, previous, genders, full
                ) or mentions.resolve(attr.who)
                mentions.attributed(speaker, attr.who_span)
                para_attr = (speaker, attr)
                for c, m_ in pending:  # an earlier part of a split quote shares this speaker
                    found.append(
                        FoundQuote(c, m_, speaker, attr.who_span, attr.cue, attr.cue_span, "direct")
                    )
                pending = []
                found.append(
                    FoundQuote(
                        content, marks, speaker, attr.who_span, attr.cue, attr.cue_span, kind
                    )
                )
            elif kind == "direct" and para_attr is not None:
                # A quotation that goes on after an attributed one: the same speaker.
                speaker, a = para_attr
                found.append(FoundQuote(content, marks, speaker, a.who_span, None, None, kind))
            elif kind == "direct":
                pending.append((content, marks))
            else:
                found.append(FoundQuote(content, marks, None, None, None, None, kind))
            cursor = marks[1]
        full_names = mentions.full
        carried = carried_speaker(text, paragraphs, p_index, full_names) if pending else None
        if carried is not None:
            carried = mentions.resolve(carried)
        for c, m_ in pending:  # no attribution in the paragraph: the speaker the paragraph
            # before names goes on, else the last speaker
            found.append(
                FoundQuote(
                    c,
                    m_,
                    carried or mentions.last_speaker,
                    mentions.last_span,
                    None,
                    None,
                    "direct",
                )
            )
        mentions.see(text[cursor:p_end], cursor)
    found.sort(key=lambda q: q.content)
    return found
