"""Source files -> Documents.

Reads ``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf``, ``.docx``, ``.json`` transcripts and
``.vtt``/``.srt`` captions. Metadata comes from a
front-matter block (``---`` lines with ``key: value``), a sidecar ``<file>.meta.json``, or is
found in the document. Transcripts, in ``Speaker: text`` form or JSON ``turns``, keep their
speaker turns with spans, so quote checks can tell who said a line.

The entry points are in ``load.py``, the reading by format in ``dispatch.py`` and what a
source is in ``identity.py``.
"""

from __future__ import annotations

from .clues import KINDS
from .dispatch import MAX_SOURCE_BYTES, SUPPORTED_SUFFIXES
from .load import LoadResult, SkippedSource, load_document, load_sources, read_source

__all__ = [
    "KINDS",
    "MAX_SOURCE_BYTES",
    "SUPPORTED_SUFFIXES",
    "LoadResult",
    "SkippedSource",
    "load_document",
    "load_sources",
    "read_source",
]
