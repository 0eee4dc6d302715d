"""The sentence splitter lives in the text layer (``claimcheck.text.sentences``); this name is
kept for the modules that still import it from here."""

from __future__ import annotations

from ..text.sentences import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    paragraph_spans,
    quote_spans,
    sentence_breaks,
    split_sentences,
)

__all__ = [
    "CLOSE_QUOTES",
    "OPEN_QUOTES",
    "paragraph_spans",
    "quote_spans",
    "sentence_breaks",
    "split_sentences",
]
