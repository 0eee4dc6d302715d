"""Making a claim stand alone: "It", "The company", "He" at the start of a claim are replaced by
what they refer to earlier in the draft, for retrieval and judging. The claim's text and span
still point at the draft's own words."""

from __future__ import annotations

import re

from ..text.lexicon import CLAUSE_OPENERS, LEAD_WORDS, capitalised

__all__ = ["Referents"]

_NAME = re.compile(r"^(?:[A-Z][\w'’.&-]*)(?:\s+(?:[A-Z][\w'’.&-]*|of|de|van|von))*")
_ORG_HINT = re.compile(
    r"\b(?:Inc|Corp|Co|Ltd|LLC|Group|Studios?|Research|Bank|Council|Committee|Union|"
    r"Department|Agency|Institute|University|Company|Partners|Capital|Market|Media|News)\b"
)
# Words that open a sentence before its subject: the shared openers, and the auxiliaries and
# question words a question starts with.
_SKIP = capitalised(LEAD_WORDS | CLAUSE_OPENERS) | frozenset(
    """Our According Meanwhile Still Also However Is Are Was Were Did Does Do Why How What Who
    Where""".split()
)
_PRONOUN_LEAD = re.compile(
    r"^(?P<lead>It|He|She|His|Her|Its|The (?:company|firm|studio|group|network|chain)(?:['’]s)?)\b"
)


class Referents:
    """The last person and the last organisation or thing named as a sentence's subject."""

    def __init__(self) -> None:
        self.person: str | None = None
        self.thing: str | None = None

    def see(self, sentence: str) -> None:
        m = _NAME.match(sentence.strip())
        if not m:
            return
        words = m.group(0).split()
        while words and words[0] in _SKIP:
            words = words[1:]
        if not words:
            return
        name = " ".join(words).rstrip(".’'")
        if len(words) >= 2 and not _ORG_HINT.search(name) and all(w[0].isupper() for w in words):
            self.person = name
        else:
            self.thing = name

    def standalone(self, claim: str) -> str:
        """``claim`` with a leading pronoun or "the company" replaced by its referent."""
        m = _PRONOUN_LEAD.match(claim)
        if not m:
            return claim
        lead = m.group("lead")
        possessive = lead in ("His", "Her", "Its") or lead.endswith(("'s", "’s"))
        who = self.person if lead in ("He", "She", "His", "Her") else self.thing
        if not who:
            return claim
        return (f"{who}'s" if possessive else who) + claim[m.end() :]
