"""Document -> Passages: overlapping sentence windows with spans into the document text.

In transcripts a window never crosses a speaker turn, so every passage has one speaker.
"""

from __future__ import annotations

from ..text.sentences import split_sentences
from ..types import Document, Passage, Span, stable_id

__all__ = ["MAX_PASSAGE_CHARS", "index_text", "make_passages"]

MAX_PASSAGE_CHARS = 2000  # a passage never passes this, however long its sentences
_PIECE = 1000  # a "sentence" longer than this (text without punctuation) is cut at spaces


def index_text(title: str, passage: str) -> str:
    """What BM25 reads for a passage: its document's title, then its text."""
    return f"{title}: {passage}" if title else passage


def _pieces(text: str, sentences: list[Span]) -> list[Span]:
    """Sentences, with any longer than ``_PIECE`` characters cut at the last space before
    the limit (or at the limit, for a run with no space)."""
    out: list[Span] = []
    for start, end in sentences:
        while end - start > _PIECE:
            cut = text.rfind(" ", start + _PIECE // 2, start + _PIECE)
            cut = cut + 1 if cut > start else start + _PIECE
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def _windows(sentences: list[Span], size: int, stride: int) -> list[Span]:
    if not sentences:
        return []
    out: list[Span] = []
    i = 0
    while True:
        chunk = sentences[i : i + size]
        while len(chunk) > 1 and chunk[-1][1] - chunk[0][0] > MAX_PASSAGE_CHARS:
            chunk = chunk[:-1]
        out.append((chunk[0][0], chunk[-1][1]))
        if i + len(chunk) >= len(sentences):
            break
        i += min(stride, len(chunk))  # a shortened window skips no sentence
    return out


def make_passages(doc: Document, *, sentences: int = 3, stride: int = 2) -> tuple[Passage, ...]:
    """Sentence windows of ``sentences`` sentences, moving ``stride`` at a time."""
    blocks: list[tuple[str | None, Span]] = (
        [(speaker, span) for speaker, span in doc.turns]
        if doc.turns
        else [(None, (0, len(doc.text)))]
    )
    if doc.blocks:  # spans a passage never crosses (table rows, posts); turns keep speakers
        speaker_of = {span: speaker for speaker, span in doc.turns}
        blocks = [(speaker_of.get(span), span) for span in doc.blocks]
    passages: list[Passage] = []
    for speaker, (start, end) in blocks:
        pieces = _pieces(doc.text, split_sentences(doc.text, start, end))
        for span in _windows(pieces, sentences, stride):
            passages.append(
                Passage(
                    id=stable_id("passage", doc.id, span[0], span[1]),
                    doc_id=doc.id,
                    text=doc.text[span[0] : span[1]],
                    span=span,
                    speaker=speaker,
                )
            )
    return tuple(passages)
