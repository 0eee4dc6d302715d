"""The shapes of a speaker in a draft: the name, pronoun, description or title an attribution
gives (``Sen. Claire McCaskill (D-Mo.)``, ``the CNN host``, ``co-CEO Ted Sarandos``, ``Obama's
former aide``), as regular-expression pieces, shared by the quote finder (``quotes.py``,
``attribution.py``) and the reader of reported speech (``reported.py``).
"""

from __future__ import annotations

import re

from ..text.lexicon import (
    CLAUSE_OPENERS,
    CUE_VERBS,
    LEAD_WORDS,
    MONTHS,
    SUBJECT_PRONOUNS,
    WEEKDAYS,
    capitalised,
)

__all__ = [
    "ADVERB",
    "APPOSITION",
    "CAPITALISED_PRONOUNS",
    "CUE",
    "CUE_SET",
    "DESCRIPTION",
    "FUNCTION_WORD",
    "NAME",
    "NOT_NAMES",
    "ONE",
    "OPENERS",
    "PERSON_RUN",
    "POSSESSIVE",
    "PRONOUN",
    "SUBJECT_CUE",
    "TITLE",
    "WHO",
    "clean_name",
]

# A reporting verb ("said", "told", "wrote in", ...): the lexicon's cue verbs, in its order.
CUE = r"(?:" + "|".join(CUE_VERBS) + r")"
CUE_SET = frozenset(CUE_VERBS)
NAME = (
    r"(?:(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Prof|Gen|Pres)\.\s+)?"
    r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|van|von|bin|al|le|la|dos))*"
)
PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)"
FUNCTION_WORD = (
    r"(?:and|or|but|then|to|that|which|who|of|in|on|at|for|with|as|even|when|while|if|because)\b"
)
DESCRIPTION = (
    r"\b(?:[Tt]he|[Aa]n?|[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir|[Tt]his|[Tt]hese|[Oo]ne|[Aa]nother|"
    r"[Ss]ome|[Ss]everal|[Tt]wo|[Tt]hree)\s+"
    # its last word is no article: in "the city an estimated $5 million", "estimated" is no cue
    rf"(?:(?!{FUNCTION_WORD})[\w'’-]+\s+){{0,4}}?(?!{FUNCTION_WORD}|(?:[Aa]n?|[Tt]he)\b)[\w'’-]+"
)
ADVERB = r"(?:(?:[a-z]+ly|also|later|then|once|again|had|has|have)\s+)?"
POSSESSIVE = rf"{NAME}['’]s\s+(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*"  # "Obama's former aide"
ONE = r"(?:[Oo]ne|[Aa]nother)\b(?!\s+of\b)"  # `"...," one said.` / `said another.`
WHO = rf"(?:{POSSESSIVE}|{NAME}|{DESCRIPTION}|{PRONOUN}|{ONE})"
# Words that may precede a name: "co-CEO Ted Sarandos", "Republican pollster Bill McInturff".
TITLE = (
    r"(?:(?:(?:[a-z][\w-]*|[A-Z]{2,}|co-[A-Z]{2,}|[A-Z][a-z]+(?=\s+[a-z]))\s+){0,4}?"
    # "Wyoming GOP chairman Matt Micheli", "Fight for $15 organizing director Kendall Fells"
    r"|(?:(?:[A-Z][\w'’&.-]*|\$?\d[\d,.]*|for|of|and)\s+){1,5}?(?:[a-z][\w-]*\s+){1,3}?(?=[A-Z])"
    r"|(?:[A-Z][\w'’&.-]*\s+){0,4}?[A-Z][\w&.-]*['’]s\s+(?=[A-Z]))"  # "Iowa State University's"
)
APPOSITION = r"(?:\s*\([^()\"“”]{1,40}\))?(?:,[^,\"“”]{1,90},)?"  # "(D-Wis.)", ", a Democrat,"
# Two or more capitalised words: a person named in passing.
PERSON_RUN = re.compile(r"\b[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)+\b")
# Capitalised words that open a sentence or a clause and name no one.
NOT_NAMES = (
    capitalised(LEAD_WORDS | CLAUSE_OPENERS)
    | frozenset(
        """According Said Says Added Asked Wrote Here There Now Today Yesterday Later Earlier
        Still Also However Meanwhile Recently Immediately""".split()
    )
    | frozenset(WEEKDAYS + MONTHS)
)
CAPITALISED_PRONOUNS = capitalised(SUBJECT_PRONOUNS)  # "He", "She", "They", "It", "We"
# A name right before its reporting verb: "Castellano said", "Trump quickly added".
SUBJECT_CUE = re.compile(rf"\b(?P<who>{NAME})\s+(?:[a-z]+ly\s+)?(?:{CUE})\b")
# Lower-case words that open a clause and are never its speaker.
OPENERS = frozenset(
    """later earlier meanwhile then still also however in on at after before when while""".split()
)


def clean_name(name: str) -> str | None:
    """``name`` without the sentence openers and function words that led into it ("But
    Sarandos" -> "Sarandos"); None when nothing is left."""
    words = name.strip().rstrip(".,").split()
    while words and words[0] in NOT_NAMES:
        words = words[1:]
    return " ".join(words) if words else None
