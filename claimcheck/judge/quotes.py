"""Quote checks: find the source utterance, align word by word, check the speaker.

Exact words (ignoring case, punctuation and quote-mark style) are supported; changed, added
or dropped words are a misquote, with a word diff; the right words given to the wrong person
are misattributed. Edits news style allows are not misquotes: ``[bracketed]`` clarifications,
``...`` ellipses, and quoting only part of a longer utterance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from ..extract.quotes import FoundQuote, find_quotes, same_speaker
from ..types import Document, Evidence, Span, WordDiff

__all__ = ["QuoteMatch", "match_quote", "quote_matches", "source_attribution", "source_speaker"]

# Not ``text.tokens``: a quote is aligned on runs that keep "$", "%" and edge stops and
# hyphens (trimmed in ``_norm``), so that "$5" / "5" or "U.S." / "US" stay different words.
_WORD = re.compile(r"[\w'’%$.-]+")
FIRM_GAP = 30  # characters between a quotation's marks and a speaker named firmly beside it
_UNRESOLVED = re.compile(r"(?i)he|she|they|it|we|i|you|one")
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip


# SequenceMatcher's opcodes (source from draft) as the diff's (what the draft did).
_OPS: dict[str, Literal["equal", "replace", "insert", "delete"]] = {
    "equal": "equal", "replace": "replace", "insert": "delete", "delete": "insert",
}  # fmt: skip


@dataclass(frozen=True)
class QuoteMatch:
    doc_id: str
    coverage: float  # share of the quote's words found in order in the source
    source_span: Span  # the aligned words in the document text
    diff: tuple[WordDiff, ...]
    exact: bool
    speaker: str | None  # who the source says spoke these words
    # The source names that speaker right at the words (a transcript turn, or "...," Tapper
    # said), not through a pronoun or from further away.
    speaker_firm: bool = False


def _norm(word: str) -> str:
    w = word.lower().replace("’", "'").strip(".'-")
    return _NUMBER_WORDS.get(w, w)


def _words(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    out = []
    for m in _WORD.finditer(text):
        w = _norm(m.group(0))
        if w:
            out.append((w, (offset + m.start(), offset + m.end())))
    return out


def _quote_segments(quote: str) -> list[list[str]]:
    """The quote's words in segments split at ellipses, bracketed insertions removed."""
    no_brackets = re.sub(r"\[[^\]]*\]", " … ", quote)
    parts = re.split(r"\.\s*\.\s*\.|…", no_brackets)
    return [seg for seg in ([w for w, _ in _words(p)] for p in parts) if seg]


@lru_cache(maxsize=64)
def _document_words(text: str) -> tuple[list[tuple[str, Span]], list[str]]:
    """A source's words, split once however many draft quotes are aligned against it."""
    tokens = _words(text)
    return tokens, [w for w, _ in tokens]


@lru_cache(maxsize=64)
def _quotes_of(text: str) -> tuple[FoundQuote, ...]:
    """A source's quotations, found once however many draft quotes are checked against it."""
    return tuple(find_quotes(text))


def source_speaker(doc: Document, span: Span) -> str | None:
    """Who the document says spoke the words at ``span``: the transcript turn, or the
    attribution of the quotation that holds them."""
    return source_attribution(doc, span)[0]


def source_attribution(doc: Document, span: Span) -> tuple[str | None, bool]:
    """``source_speaker`` and whether the attribution is firm: a transcript turn, or the
    speaker's own name within ``FIRM_GAP`` characters of the quotation's marks."""
    for speaker, (start, end) in doc.turns:
        if start <= span[0] < end:
            return speaker, True
    for q in _quotes_of(doc.text):
        if q.marks[0] <= span[0] and span[1] <= q.marks[1] + 1:
            if q.speaker is None or _UNRESOLVED.fullmatch(q.speaker):
                return None, False  # "he" with no one to stand for: the source names no one
            return q.speaker, _firm(doc.text, q)
    return None, False


def _firm(text: str, q: FoundQuote) -> bool:
    if not q.speaker or q.speaker_span is None:
        return False
    a, b = q.speaker_span
    surname = q.speaker.split()[-1]
    if surname not in text[a:b]:  # a pronoun or description resolved to a name elsewhere
        return False
    return q.marks[1] <= a <= q.marks[1] + FIRM_GAP or q.marks[0] - FIRM_GAP <= b <= q.marks[0]


@lru_cache(maxsize=64)
def _matcher(text: str) -> SequenceMatcher[str]:
    """A matcher over a source's words, indexed once (``set_seq1`` swaps the quote in)."""
    return SequenceMatcher(None, (), _document_words(text)[1], autojunk=False)


def _align_segment(seg: list[str], text: str, lo: int) -> tuple[int, int, list[WordDiff]] | None:
    """Best alignment of one segment in the words of ``text`` from word ``lo`` on:
    (start, end, diff), or None."""
    doc_words = _document_words(text)[1]
    if lo >= len(doc_words):
        return None
    matcher = _matcher(text)
    matcher.set_seq1(seg)
    block = matcher.find_longest_match(0, len(seg), lo, len(doc_words))
    if block.size == 0:
        return None
    # Look in a window around the anchor, big enough for the whole segment plus slack.
    anchor = block.b - block.a
    w_start = max(lo, anchor - 5)
    w_end = min(len(doc_words), anchor + len(seg) + 5)
    window = doc_words[w_start:w_end]
    m = SequenceMatcher(None, seg, window, autojunk=False)
    blocks = [b for b in m.get_matching_blocks() if b.size]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    region = window[first.b : last.b + last.size]
    # Draft words before the first or after the last match are additions; source words
    # outside the region are the trimmed start or end, which is allowed.
    diff: list[WordDiff] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, seg, region, autojunk=False).get_opcodes():
        draft_part = " ".join(seg[i1:i2])
        source_part = " ".join(region[j1:j2])
        op = _OPS[tag]
        diff.append(WordDiff(op=op, draft=draft_part, source=source_part))
    return (w_start + first.b, w_start + last.b + last.size, diff)


def match_quote(quote: str, doc: Document) -> QuoteMatch | None:
    """Align ``quote`` against ``doc``; None when no word of it is there."""
    segments = _quote_segments(quote)
    total = sum(len(s) for s in segments)
    if total == 0:
        return None
    doc_tokens = _document_words(doc.text)[0]
    diff: list[WordDiff] = []
    lo = 0
    start_word: int | None = None
    end_word = 0
    matched = 0
    for i, seg in enumerate(segments):
        aligned = _align_segment(seg, doc.text, lo)
        if aligned is None:
            diff.append(WordDiff(op="insert", draft=" ".join(seg), source=""))
            continue
        s, e, seg_diff = aligned
        if start_word is None:
            start_word = s
        end_word = e
        lo = e
        if i > 0:
            diff.append(WordDiff(op="equal", draft="…", source="…"))
        diff.extend(seg_diff)
        matched += sum(len(d.draft.split()) for d in seg_diff if d.op == "equal")
    if start_word is None:
        return None
    span = (doc_tokens[start_word][1][0], doc_tokens[end_word - 1][1][1])
    exact = all(d.op == "equal" for d in diff)
    speaker, firm = source_attribution(doc, span)
    return QuoteMatch(
        doc_id=doc.id,
        coverage=matched / total,
        source_span=span,
        diff=tuple(diff),
        exact=exact,
        speaker=speaker,
        speaker_firm=firm,
    )


def quote_matches(
    quote: str, evidence: tuple[Evidence, ...], documents: Callable[[str], Document]
) -> Iterator[tuple[Evidence, QuoteMatch | None]]:
    """``quote`` aligned against each document the evidence comes from, once per document, in
    the evidence's order (with the first passage from that document)."""
    seen: set[str] = set()
    for e in evidence:
        if e.source.doc_id in seen:
            continue
        seen.add(e.source.doc_id)
        yield e, match_quote(quote, documents(e.source.doc_id))


def describe_diff(diff: tuple[WordDiff, ...]) -> str:
    """A short human description of what changed, e.g. "'never' was added"."""
    parts: list[str] = []
    for d in diff:
        if d.op == "insert":
            parts.append(f"'{d.draft}' was added")
        elif d.op == "delete":
            parts.append(f"'{d.source}' was dropped")
        elif d.op == "replace":
            parts.append(f"'{d.source}' became '{d.draft}'")
    return "; ".join(parts[:3]) + ("; …" if len(parts) > 3 else "")


def speakers_differ(draft_speaker: str | None, source: str | None) -> bool:
    return bool(draft_speaker and source and not same_speaker(draft_speaker, source))
