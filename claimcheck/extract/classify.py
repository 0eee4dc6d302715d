"""What kind of statement a sentence makes: the checkable kinds, and those to leave alone.

Questions, predictions and opinions that the draft asserts in its own voice are reported as
"not checkable". The same words attributed to someone ("the analyst expects ...", "X said")
are checkable: whether that person said or expects it is a fact. So is an announced plan: a
named organisation or person that "will close", "will cut 310 jobs", "is set to open ... in
June" or "plans to" reports what that party announced (a figure, a date or a concrete act of
its own), and the announcement can be checked; "Prices will rise" is the draft's own forecast.
"""

from __future__ import annotations

import re
from enum import StrEnum

import regex

from ..text.dates import DATE_PATTERN
from ..text.figures import has_figure
from ..text.lexicon import MONTHS, WEEKDAYS

__all__ = ["Category", "announced_plan", "classify_claim"]


class Category(StrEnum):
    QUOTE = "quote"
    NUMBER = "number"
    DATE_EVENT = "date_event"
    ATTRIBUTION = "attribution"
    OPINION = "opinion"
    PREDICTION = "prediction"
    QUESTION = "question"
    OTHER = "other"


NOT_CHECKABLE = frozenset({Category.OPINION, Category.PREDICTION, Category.QUESTION})

_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|according to|expects?|expected|anticipates?|anticipated|"
    r"forecasts?|predicts?|"
    r"predicted|estimates?|estimated|announced|reported|wrote|writes|argued|argues|claimed|"
    r"claims|believes|believed|plans?|planned|pledged|promised|warned|noted|added|"
    # Guidance and stated assumptions: "Company sees FY EPS of $3.65 to $3.95", "co now
    # assumes oil will average $52.50", "remains confident that sales will exceed $7 billion".
    r"sees|assumes|assumed|projects|projected|guides|guided|(?:confident|optimistic) that)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"\?\s*[\"”’)]*\s*$")
_PREDICTION = re.compile(
    r"\b(?:will|won't|is going to|are going to|is likely to|are likely to|is set to|"
    r"is poised to|is bound to)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"^(?:I|We)\s+(?:think|believe|feel|hope|suspect)\b|\b(?:should|ought to|must)\b|"
    r"\b(?:arguably|undoubtedly|sadly|unfortunately|clearly|obviously)\b|"
    r"\b(?:the (?:best|worst|greatest|most (?:exciting|important|interesting|beautiful)))\b|"
    r"\bdeserved?\b|\bdeserves\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# The draft's own hedged speculation: lower-case "may"/"might" (never the month) before a verb.
_HEDGED = re.compile(r"\b(?:may|might)\s+(?!\d)[a-z]+\b|\bremains to be seen\b")
# A question the draft leaves open ("Whether ... is another question") states nothing.
_OPEN_QUESTION = re.compile(r"^Whether\b.*\b(?:another|open) question\b|\bis anyone's guess\b")
# "should be finished by Dec. 5": a schedule, not the draft's opinion.
_SCHEDULED = regex.compile(r"\bshould\s+be\s+\p{L}+(?:ed|en)\s+(?:by|on|in|before)\b")
_FIGURE = re.compile(r"\d|\b(?:percent|million|billion|twice|half|ten|hundred)\b", re.IGNORECASE)
# The subject of a plan: a name (two capitalised words, "Brenna Textiles", or one inside the
# sentence) or "the company/council/..." before "will", "plans to", "is set to", "expects to".
_PLAN = regex.compile(
    r"^(?P<subject>(?:[^,;:]{0,60}?\s)?)(?:will|plans?\s+to|is\s+set\s+to|are\s+set\s+to|"
    r"expects?\s+to|intends?\s+to|is\s+to|are\s+to|aims?\s+to)\s+(?P<verb>\p{Ll}+)"
)
_NAMED = regex.compile(
    r"^\p{Lu}[\p{L}&'’.-]*(?:\s+(?:&\s+)?\p{Lu}[\p{L}&'’.-]*)+|\s\p{Lu}\p{L}+|^(?:The|the)\s+"
    r"(?:company|firm|group|council|government|ministry|department|agency|board|bank|"
    r"city|county|state|province|district|university|hospital|trust|union|club|airline|"
    r"operator|retailer|maker|carrier|authority|commission)\b"
)
# Verbs of a plan a party announces for itself (acts it takes), not a forecast of the world.
_PLAN_VERBS = frozenset(
    """close cut open build spend invest hire shed lay raise launch sell buy acquire merge
    move relocate expand reduce shut end start begin introduce add create pay offer appoint
    stop resume withdraw release publish hold sign increase double freeze suspend replace
    demolish convert retire issue list repay borrow restructure""".split()
)
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:" + "|".join(MONTHS + WEEKDAYS) + r"|"
    r"yesterday|today|last (?:week|month|year))\b"
)


# Month abbreviations with a day ("Dec. 5"), in the order tried; "May" too, as it is written.
_DAY = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?:19|20)\d\d)?|\b(?:19|20)\d\d\b"
)


_MONTH_WORD = re.compile(
    r"\b(?:in|by|from|on|until|before|after)\s+(?:" + "|".join(MONTHS) + r"|(?:19|20)\d\d)\b"
)


def announced_plan(text: str) -> bool:
    """Whether ``text`` reports a named party's own plan: a name (or "the company") as the
    subject of "will", "plans to", "is set to", "expects to", with a verb of its own acts
    ("close", "cut", "build") and a figure or a date to check it by."""
    m = _PLAN.match(text.strip())
    if m is None or m.group("verb") not in _PLAN_VERBS:
        return False
    if not _NAMED.search(m.group("subject")):
        return False
    return has_figure(text) or bool(DATE_PATTERN.search(text) or _MONTH_WORD.search(text))


def _specific(text: str) -> bool:
    """Whether a sentence in the future tense pins itself down: a figure (not a date or
    year), or a named subject ("Hawthorne Library will be merged into ...", "The pass will
    climb to $90", "the first in 40 years"). A news draft states scheduled and decided things
    that way, and a source can bear them out; "Prices will rise" and "AI will replace most
    artists by 2040" pin nothing down and are forecasts."""
    undated = _YEAR.sub(" ", DATE_PATTERN.sub(" ", text))  # "by 2030" pins no fact down
    if has_figure(undated):
        return True
    m = _PREDICTION.search(text)
    subject = text[: m.start()] if m else text
    return bool(_NAMED.search(subject))


def classify_claim(text: str) -> Category:
    """The category of a claim sentence (quotes are classified by the extractor)."""
    if _QUESTION.search(text):
        return Category.QUESTION
    attributed = bool(_ATTRIBUTION.search(text)) or announced_plan(text)
    if not attributed and (_HEDGED.search(text) or _OPEN_QUESTION.search(text)):
        return Category.PREDICTION if _HEDGED.search(text) else Category.OPINION
    if not attributed and _PREDICTION.search(text) and not _specific(text):
        return Category.PREDICTION
    if not attributed and _OPINION.search(text) and not _SCHEDULED.search(text):
        return Category.OPINION
    if attributed:
        return Category.ATTRIBUTION
    if _FIGURE.search(_DAY.sub(" ", text)):
        return Category.NUMBER
    if _DATE.search(text):
        return Category.DATE_EVENT
    return Category.OTHER
