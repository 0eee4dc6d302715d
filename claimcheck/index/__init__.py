"""The source index on disk: FAISS vectors + SQLite store + manifest, in generations.

Layout of ``indexes/NAME/``::

    CURRENT          name of the live generation, switched atomically at the end of a build
    gen-000003/      manifest.json, store.sqlite, vectors.faiss
    build.lock       present while a build runs
"""

from __future__ import annotations

from .build import BuildResult, build_index
from .open import FORMAT_VERSION, Index, load_index, read_manifest

__all__ = ["FORMAT_VERSION", "BuildResult", "Index", "build_index", "load_index", "read_manifest"]
