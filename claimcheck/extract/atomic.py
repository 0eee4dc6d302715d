"""Compound sentences -> atomic claims.

A sentence splits where independent clauses are joined (`;`, `, and`, `, but`, `, while`,
`whereas`): the part after the joint must have its own subject and verb, so a shared-subject
list ("rose 16% and ended the year higher") stays whole. Each part keeps its own span.
"""

from __future__ import annotations

import re

from ..types import Span

__all__ = ["split_atomic"]

_JOINT = re.compile(
    r";\s+|,\s+(?:and|but|while|whereas|although|though|yet)\s+|\s+(?:whereas|while)\s+(?=[A-Z])"
)
_SUBJECT = (
    r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*|it|he|she|they|we|its|his|her|their|"
    r"(?:the|a|an|its|his|her|their)\s+(?:(?!(?:that|which|who)\b)[\w'’-]+\s+){0,3}?(?!(?:that|which|who)\b)[\w'’-]+|"
    r"(?!(?:so|then|that|which|who)\b)[a-z][\w'’-]*"
    r"(?:\s+(?!(?:that|which|who)\b)[a-z][\w'’-]*){0,2})"
)
_CLAUSE = re.compile(
    rf"^{_SUBJECT}\s+(?:[a-z]+ly\s+)?(?:is|was|are|were|has|had|have|will|would|can|could|did|"
    r"does|do|rose|fell|grew|won|lost|made|took|said|says|paid|sold|cut|[a-z]{3,}ed|[a-z]{3,}s)\b"
)
_MIN_WORDS = 4


def split_atomic(text: str, span: Span) -> list[Span]:
    """Spans of the atomic claims in the sentence at ``span``; one span if it does not split."""
    start, end = span
    sentence = text[start:end]
    parts: list[Span] = []
    cursor = 0
    for joint in _JOINT.finditer(sentence):
        left = sentence[cursor : joint.start()]
        right = sentence[joint.end() :]
        if len(left.split()) < _MIN_WORDS or len(right.split()) < _MIN_WORDS:
            continue
        if not _CLAUSE.match(right):
            continue
        parts.append((start + cursor, start + joint.start()))
        cursor = joint.end()
    parts.append((start + cursor, end))
    return parts
