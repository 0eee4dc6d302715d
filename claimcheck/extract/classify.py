"""What kind of statement a sentence makes: the checkable kinds, and those to leave alone.

Questions, predictions and opinions that the draft asserts in its own voice are reported as
"not checkable". The same words attributed to someone ("the analyst expects ...", "X said")
are checkable: whether that person said or expects it is a fact.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["Category", "classify_claim"]


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
    r"\b(?:the (?:best|worst|greatest|most (?:exciting|important|interesting|beautiful)))\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d|\b(?:percent|million|billion|twice|half|ten|hundred)\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|today|last (?:week|month|year))\b"
)


_DAY = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?:19|20)\d\d)?|\b(?:19|20)\d\d\b"
)


def classify_claim(text: str) -> Category:
    """The category of a claim sentence (quotes are classified by the extractor)."""
    if _QUESTION.search(text):
        return Category.QUESTION
    attributed = bool(_ATTRIBUTION.search(text))
    if not attributed and _PREDICTION.search(text):
        return Category.PREDICTION
    if not attributed and _OPINION.search(text):
        return Category.OPINION
    if attributed:
        return Category.ATTRIBUTION
    if _FIGURE.search(_DAY.sub(" ", text)):
        return Category.NUMBER
    if _DATE.search(text):
        return Category.DATE_EVENT
    return Category.OTHER
