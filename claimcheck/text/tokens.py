"""Words with their character spans, Unicode-aware.

A word opens with a letter or digit (or a currency sign before a figure) and runs on through
letters, marks, digits and ``%``; an apostrophe, hyphen or period stays inside a word only
between letters or digits ("O’Brien", "co-founder", "U.S", "3.5"), and a comma only between
digits ("11,079"). So "São Paulo", "$11.08" and "16%" are one word each, and a sentence's
final period never is part of its last word.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..types import Span

__all__ = ["Token", "WORD", "tokens", "words"]

WORD = regex.compile(
    r"(?:\p{Sc}(?=\p{N}))?[\p{L}\p{N}]"
    r"(?:[\p{L}\p{M}\p{N}_%\p{Sc}]|['’.\-‑](?=[\p{L}\p{N}])|(?<=\p{N}),(?=\p{N}))*"
)


@dataclass(frozen=True)
class Token:
    text: str
    span: Span  # [start, end) in the text it was read from


def tokens(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """The words of ``text[start:end]``, each with its span in ``text``."""
    stop = len(text) if end is None else end
    return tuple(Token(m.group(0), m.span()) for m in WORD.finditer(text, start, stop))


def words(text: str) -> list[str]:
    """The words of ``text``, as written."""
    return [m.group(0) for m in WORD.finditer(text)]
