"""Word stems by the Snowball English stemmer (PyStemmer): "announced", "announces" and
"announcement" meet at "announc"; "paused" and "pause" at "paus". Accents are folded first, so
a stem never depends on how a name's letters were typed."""

from __future__ import annotations

from functools import lru_cache

import Stemmer

from .names import fold

__all__ = ["stem"]

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of ``word``, lower-cased and accent-folded; curly
    apostrophes read as straight ones."""
    return str(_STEMMER.stemWord(fold(word.lower().replace("’", "'"))))
