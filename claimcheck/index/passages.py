"""Document -> Passages: overlapping sentence windows with spans into the document text.

In transcripts a window never crosses a speaker turn, so every passage has one speaker.
"""

from __future__ import annotations

from ..extract.sentences import split_sentences
from ..types import Document, Passage, Span, stable_id

__all__ = ["index_text", "make_passages"]


def index_text(title: str, passage: str) -> str:
    """What BM25 reads for a passage: its document's title, then its text."""
    return f"{title}: {passage}" if title else passage


def _windows(sentences: list[Span], size: int, stride: int) -> list[Span]:
    if not sentences:
        return []
    out: list[Span] = []
    i = 0
    while True:
        chunk = sentences[i : i + size]
        out.append((chunk[0][0], chunk[-1][1]))
        if i + size >= len(sentences):
            break
        i += stride
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
        for span in _windows(split_sentences(doc.text, start, end), sentences, stride):
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
