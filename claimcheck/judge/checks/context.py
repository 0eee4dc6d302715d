"""Reading a passage in its document: the sentence around a position, the text around a
passage, questions set aside, and how a source is cited in a reason."""

from __future__ import annotations

import re
from collections.abc import Callable

from ...types import Document, Evidence

__all__ = ["assertions", "cite", "newer", "reorder", "sentence_at", "window"]

# The end of the sentence around a position, the counterpart of ``sentence_at``'s look back to
# ". " or a line break: a raw cut with no abbreviation rules, unlike ``text.sentences``, as the
# passage windows were read when the checks were tuned.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_QUESTION = re.compile(r"(?<![^.!?\n])[^.!?\n]*\?")  # anchored: linear on unpunctuated text


def cite(e: Evidence) -> str:
    date = f", {e.source.date}" if e.source.date else ""
    return f"{e.source.title} ({e.source.kind.replace('_', ' ')}{date})"


def newer(a: Evidence, b: Evidence) -> bool:
    """Whether ``a`` comes from a later-dated document than ``b`` (both dated, ISO dates)."""
    return bool(
        a.source.doc_id != b.source.doc_id
        and a.source.date
        and b.source.date
        and a.source.date > b.source.date
    )


def reorder(evidence: tuple[Evidence, ...], *first: Evidence) -> tuple[Evidence, ...]:
    """``first`` (in order, each once), then the rest of ``evidence`` in its order."""
    lead: list[Evidence] = []
    for e in first:
        if all(e is not x for x in lead):
            lead.append(e)
    return (*lead, *(e for e in evidence if all(e is not x for x in lead)))


def assertions(text: str) -> str:
    """``text`` with its questions blanked out (same length): a figure or name inside a
    question ("Did sales rise 16%?") is asked about, not stated, so it neither confirms nor
    contradicts anything."""
    return _QUESTION.sub(lambda m: " " * len(m.group(0)), text)


def sentence_at(text: str, pos: int) -> str:
    """The sentence (or line) of ``text`` that holds character ``pos``."""
    before = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    after = _SENTENCE_END.search(text, pos)
    return text[before + 1 : after.end() if after else len(text)].strip()


def window(e: Evidence, documents: Callable[[str], Document], width: int) -> str:
    """The passage with about ``width`` characters of its document on each side, widened to
    whole sentences so that no figure is cut in half; questions blanked out."""
    text = documents(e.source.doc_id).text
    start, end = e.passage.span
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    before = max(text.rfind(". ", 0, lo), text.rfind("\n", 0, lo))
    lo = before + 1 if before != -1 else 0
    after = _SENTENCE_END.search(text, hi)
    hi = after.end() if after else len(text)
    return assertions(text[lo:hi])
