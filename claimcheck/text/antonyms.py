"""Opposites as news copy writes them: pairs of word groups whose members say the reverse of
each other ("led" / "trailed", "for" / "against", "more" / "fewer", "widening" /
"narrowing"), every inflection listed, so no stemmer is needed.

General English only: no topic's vocabulary. ``opposite`` answers whether two words are
opposites; ``judge.checks.polarity`` uses it where a passage repeats a statement but for one
word.
"""

from __future__ import annotations

__all__ = ["OPPOSITES", "opposite"]

# Each line: one side's forms | the other side's forms.
_PAIRS = """
lead leads led leading ahead | trail trails trailed trailing behind
win wins won winning | lose loses lost losing
for favor favour favored favoured supporting | against opposing
support supports supported | oppose opposes opposed
approve approves approved approving | reject rejects rejected rejecting
accept accepts accepted accepting | reject rejects rejected rejecting
pass passes passed | fail fails failed
more greater | fewer less
most | fewest least
higher | lower
highest | lowest
above over | below under
before earlier | after later
increase increases increased increasing | decrease decreases decreased decreasing
rise rises rose risen rising | fall falls fell fallen falling
raise raises raised raising | cut cuts cutting lower lowers lowered lowering
gain gains gained | lose loses lost
grow grows grew grown growing | shrink shrinks shrank shrunk shrinking
up | down
widen widens widened widening | narrow narrows narrowed narrowing
expand expands expanded expanding | shrink shrinks shrank shrunk shrinking
open opens opened opening | close closes closed closing
hire hires hired hiring | fire fires fired firing
include includes included including | exclude excludes excluded excluding
allow allows allowed allowing permit permits permitted | ban bans banned banning forbid forbade
allow allows allowed allowing permit permits | forbids forbidden prohibit prohibits prohibited
add adds added adding | remove removes removed removing
agree agrees agreed | disagree disagrees disagreed
legal lawful | illegal unlawful
majority | minority
best | worst
outperform outperforms outperformed outperforming | underperform underperforms underperformed
outperform outperforms outperformed outperforming | underperforming trail trails trailed trailing
first | last
maximum | minimum
strengthen strengthens strengthened | weaken weakens weakened
improve improves improved improving | worsen worsens worsened worsening
profit profits | loss losses
surplus | deficit
acquitted | convicted
guilty | innocent
""".strip()


def _read(pairs: str) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in pairs.splitlines():
        left, right = (frozenset(side.split()) for side in line.split("|"))
        for word in left:
            out.setdefault(word, set()).update(right)
        for word in right:
            out.setdefault(word, set()).update(left)
    return {word: frozenset(others) for word, others in out.items()}


OPPOSITES: dict[str, frozenset[str]] = _read(_PAIRS)


def opposite(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` (any case) say the reverse of each other."""
    return b.lower() in OPPOSITES.get(a.lower(), frozenset())
