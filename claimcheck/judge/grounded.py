"""Grounded support: does a named document say the statement, in whole or part by part?

Used when the user names the sources a statement rests on (``verify --against``, ``check``,
``eval grounded``). Every sentence of every given document is a candidate: the document is read
as windows of one, two and three consecutive sentences, the windows that share most of the
statement's content words (and the retrieved passages that read most like it) go to the NLI
judge, and the best window speaks for the statement. A statement with several parts (atomic
claims, ``extract/atomic.py``) is also read part by part: it is supported when every part is
entailed by some window, even by different sentences of the document.

The result is a ``GroundedSignal``: numbers and the windows behind them, no verdict. The claim
judge turns it into one with the thresholds the NLI model's manifest carries (chosen on a dev
split by ``claimcheck eval grounded --sweep``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from ..extract.atomic import split_atomic
from ..text.lexicon import STOP_WORDS
from ..text.sentences import split_sentences
from ..text.tokens import words
from ..types import Document, Evidence

__all__ = ["GroundedSignal", "PartSupport", "PairScorer", "claim_parts", "ground"]

ENTAILMENT, NEUTRAL, CONTRADICTION = 0, 1, 2
WINDOW_SIZES = (1, 2, 3)  # consecutive sentences per candidate window
LEXICAL_WINDOWS = 6  # windows per part sent to the NLI judge, by shared content words
DENSE_WINDOWS = 3  # retrieved passages per statement sent as they are, by similarity
MAX_WINDOW_CHARS = 900  # a longer window is cut there (the judge reads about 160 tokens)
MAX_SENTENCES = 4000  # sentences read per document (a bound on work for huge sources)
_STOP = STOP_WORDS


class PairScorer(Protocol):
    def __call__(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]: ...


@dataclass(frozen=True)
class PartSupport:
    """How well the best window of the given documents entails one part of a statement."""

    part: str
    entailment: float
    contradiction: float
    doc_id: str
    window: str
    span: tuple[int, int]  # the window's characters in its document


@dataclass(frozen=True)
class GroundedSignal:
    """The statement as a whole and part by part against the given documents."""

    whole: PartSupport
    parts: tuple[PartSupport, ...]  # one per atomic part; () when the statement is one part

    @property
    def support(self) -> float:
        """Entailment of the whole, or of its weakest part when every part is found."""
        by_parts = min((p.entailment for p in self.parts), default=0.0)
        return max(self.whole.entailment, by_parts)

    @property
    def contradiction(self) -> float:
        return self.whole.contradiction

    @property
    def decided_by_parts(self) -> bool:
        return bool(self.parts) and self.support > self.whole.entailment


def _stem(word: str) -> str:
    word = word.lower().strip(".'’")
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _content(text: str) -> set[str]:
    return {_stem(w) for w in words(text) if w.lower() not in _STOP and len(w) > 1}


def claim_parts(text: str) -> list[str]:
    """The statement's atomic parts (one item when it does not split)."""
    spans = split_atomic(text, (0, len(text)))
    parts = [text[a:b].strip(" ,;") for a, b in spans]
    return [p for p in parts if len(p.split()) >= 3] or [text]


@dataclass(frozen=True)
class _Window:
    doc_id: str
    span: tuple[int, int]
    text: str
    words: frozenset[str]


def _windows(doc: Document) -> list[_Window]:
    return list(_windows_of(doc.id, doc.text))


@lru_cache(maxsize=16)  # a draft's statements read the same named sources again and again
def _windows_of(doc_id: str, text: str) -> tuple[_Window, ...]:
    sentences = split_sentences(text)[:MAX_SENTENCES] or [(0, len(text))]
    out: list[_Window] = []
    for size in WINDOW_SIZES:
        for i in range(0, max(1, len(sentences) - size + 1)):
            group = sentences[i : i + size]
            if len(group) < size and size > 1:
                break
            start, end = group[0][0], group[-1][1]
            body = " ".join(text[start:end].split())[:MAX_WINDOW_CHARS]
            if body:
                out.append(_Window(doc_id, (start, end), body, frozenset(_content(body))))
    return tuple(out)


def _pick(windows: list[_Window], part: str, k: int) -> list[_Window]:
    words = _content(part)
    if not words:
        return windows[:k]
    scored = sorted(
        windows, key=lambda w: (-len(words & w.words) / len(words), len(w.text))
    )  # most of the part's words, the shortest among equals
    return scored[:k]


def ground(
    text: str,
    evidence: Sequence[Evidence],
    documents: Callable[[str], Document],
    scorer: PairScorer,
) -> GroundedSignal | None:
    """The statement ``text`` against every document behind ``evidence``; None without any."""
    doc_ids = list(dict.fromkeys(e.source.doc_id for e in evidence))
    if not doc_ids:
        return None
    windows = [w for d in doc_ids for w in _windows(documents(d))]
    parts = claim_parts(text)
    queries = [text] + (parts if len(parts) > 1 else [])
    pairs: list[tuple[str, str]] = []
    owners: list[tuple[int, _Window]] = []
    dense = sorted(evidence, key=lambda e: -e.score)[:DENSE_WINDOWS]
    for qi, query in enumerate(queries):
        chosen = _pick(windows, query, LEXICAL_WINDOWS)
        if qi == 0:
            seen = {(w.doc_id, w.span) for w in chosen}
            for e in dense:
                key = (e.passage.doc_id, e.passage.span)
                if key not in seen:
                    body = " ".join(e.passage.text.split())[:MAX_WINDOW_CHARS]
                    chosen.append(_Window(e.passage.doc_id, e.passage.span, body, frozenset()))
        for w in chosen:
            pairs.append((w.text, query))
            owners.append((qi, w))
    probs = scorer(pairs)
    best: dict[int, PartSupport] = {}
    top_contra: dict[int, float] = {}
    for (qi, w), p in zip(owners, probs, strict=True):
        ent, con = float(p[ENTAILMENT]), float(p[CONTRADICTION])
        top_contra[qi] = max(top_contra.get(qi, 0.0), con)
        if qi not in best or ent > best[qi].entailment:
            best[qi] = PartSupport(queries[qi], ent, con, w.doc_id, w.text, w.span)
    whole = best[0]
    whole = PartSupport(
        whole.part, whole.entailment, top_contra[0], whole.doc_id, whole.window, whole.span
    )
    return GroundedSignal(whole=whole, parts=tuple(best[i] for i in range(1, len(queries))))
