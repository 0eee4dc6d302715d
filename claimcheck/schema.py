"""The closed sets of values the records take, and the JSON shapes they carry.

``types.py`` names them too; they live here so that the records module stays one screen of
dataclasses. ``Literal`` types for what a source is, what a statement claims and a word diff's
steps; ``TypedDict`` records for an index generation's manifest.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, get_args

__all__ = [
    "DIFF_OPS",
    "DOCUMENT_KINDS",
    "STATEMENT_CATEGORIES",
    "DiffOp",
    "DocumentKind",
    "IndexManifest",
    "IndexModelEntry",
    "StatementCategory",
    "document_kind",
]

# What a source is (``sources/identity.py`` reads it from the content; ``KINDS`` there).
DocumentKind = Literal[
    "story", "wire", "press_release", "statement", "email", "transcript", "interview",
    "filing", "minutes", "table", "post", "letter", "report", "other",
]  # fmt: skip
DOCUMENT_KINDS: tuple[DocumentKind, ...] = get_args(DocumentKind)


def document_kind(value: str) -> DocumentKind:
    """``value`` as a DocumentKind; a value outside the set (an old index's, say) is "other"."""
    for kind in DOCUMENT_KINDS:
        if kind == value:
            return kind
    return "other"


# What kind of statement a sentence makes (``extract/classify.py``, ``Category``).
StatementCategory = Literal[
    "quote", "number", "date_event", "attribution", "opinion", "prediction", "question", "other"
]
STATEMENT_CATEGORIES: tuple[StatementCategory, ...] = get_args(StatementCategory)
# One step of a word diff: the draft's words equal the source's, replace them, add words
# (insert) or drop them (delete).
DiffOp = Literal["equal", "replace", "insert", "delete"]
DIFF_OPS: tuple[DiffOp, ...] = get_args(DiffOp)


class IndexModelEntry(TypedDict, total=False):
    """The embedding model an index generation was built with."""

    id: str
    sha256: str
    dimension: int
    runtime: str  # torch, onnx-int8, ...: what ``retrieve()`` checks the embedder against


class IndexManifest(TypedDict, total=False):
    """What an index generation records about itself in ``manifest.json`` (``index/build.py``
    writes it, ``index/open.py`` checks format and model on reading). Not every key is in every
    manifest: an evaluation's temporary index records only ``model``."""

    format_version: int
    generation: int
    model: IndexModelEntry
    documents: int
    passages: int
    vector_index: str
    backend: dict[str, Any]  # the search backend's own entry (index/backend.py)
    built_at: str
    build_seconds: float
    embedded: int
    reused: int
    passage_sentences: int
    passage_stride: int
    sources: list[str]
    added: list[str]
    excluded: list[str]
    comments: bool
    added_with_comments: list[str]
    claimcheck_version: str
    against: list[dict[str, str]]  # in a report: the sources named with ``verify --against``
