"""Building an index: load sources, cut passages, embed, write a new generation atomically.

Every change to an index (``index build``, ``index add``, ``index remove``) writes a new
generation under the index's write lock (``lock.py``): ``gen-NNNNNN.tmp/`` is filled, renamed
to ``gen-NNNNNN/`` and only then is ``CURRENT`` pointed at it (``os.replace``), so a crash,
kill or Ctrl-C at any moment leaves the previous generation whole and served.

A generation holds everything it is made of: besides the store, vectors and manifest, the
copies of the files and pages brought in with ``index add`` (``added/``), and the manifest
lists the sources taken out with ``index remove`` (``excluded``). An add or remove is thus
staged in the new generation and becomes visible only when that generation commits; a failed
or killed one leaves the live generation, and its copies, as they were.

Here the plan of one write; the staging of its documents is in ``staging.py``, its vectors in
``embedding.py`` and the generations on disk in ``generations.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Required, TypedDict, Unpack

from ..config import Settings
from ..errors import ConfigError, InputError
from ..models.embedder import Embedder
from ..models.pool import BatchEncoder
from ..schema import IndexManifest
from ..sources import SkippedSource, load_sources
from ..text.files import sha256_bytes
from ..types import Document, Passage
from ..version import __version__
from .backend import BackendSpec, collection_name, create_backend
from .embedding import Progress, embed, reusable
from .generations import (
    BACKEND_NOTE,
    backend_spec,
    clear_unfinished,
    next_generation,
    open_live,
    relative_sources,
    retire,
    writing,
)
from .lock import hold_signals, pause_point, release_folder, release_signals, write_lock
from .open import FORMAT_VERSION, Index, current_generation
from .passages import index_text, make_passages
from .staging import ADDED, EXCLUDED, Stage, Staging, carry, excluded_sources
from .store import Store

__all__ = [
    "ADDED",
    "EXCLUDED",
    "BuildResult",
    "OnWait",
    "Progress",
    "Stage",
    "Staging",
    "WriteOptions",
    "build_index",
    "excluded_sources",
    "write_generation",
]

OnWait = Callable[[str], None]  # told, once, that another writer holds the lock


@dataclass(frozen=True)
class BuildResult:
    manifest: IndexManifest
    skipped: tuple[SkippedSource, ...]
    seconds: float
    embedded: int  # passages embedded by this build
    reused: int  # passages whose vectors came unchanged from the previous generation
    removed: int  # documents of the previous generation no longer among the sources
    added: tuple[str, ...] = ()  # documents brought in with `index add`, kept in this one


class WriteOptions(TypedDict, total=False):
    """How a generation is written: the keyword arguments of :func:`write_generation` that
    :func:`build_index` passes on (the defaults are ``write_generation``'s)."""

    embedder: Required[Embedder]
    settings: Required[Settings]
    progress: Progress | None
    full: bool
    encoder: BatchEncoder | None
    backend: BackendSpec | None
    wait: bool
    on_wait: OnWait | None


def _unique(found: list[Document], skipped: list[SkippedSource]) -> list[Document]:
    """The documents, each relative path once; a second one is skipped, named."""
    seen: dict[str, str] = {}
    docs: list[Document] = []
    for doc in found:
        if doc.id in seen:
            skipped.append(SkippedSource(doc.source, f"same relative path as {seen[doc.id]}"))
            continue
        seen[doc.id] = doc.source
        docs.append(doc)
    return docs


def _manifest(
    number: int,
    embedder: Embedder,
    settings: Settings,
    staging: Staging,
    docs: list[Document],
    *,
    passages: int,
    embedded: int,
    reused: int,
    search: Any,
    backend_entry: Any,
    sources: list[str],
    started: float,
) -> IndexManifest:
    """What a generation records about itself in ``manifest.json``."""
    indexed = {d.source for d in docs}
    return {
        "format_version": FORMAT_VERSION,
        "generation": number,
        "model": {
            "id": embedder.model_id,
            "sha256": embedder.model_sha256,
            "dimension": embedder.dimension,
            "runtime": embedder.runtime,
        },
        "documents": len(docs),
        "passages": passages,
        "vector_index": search.vector_kind,
        "backend": backend_entry,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - started, 2),
        "embedded": embedded,
        "reused": reused,
        "passage_sentences": settings.passage_sentences,
        "passage_stride": settings.passage_stride,
        "sources": sources,
        "added": sorted(n for n in staging.added if n in indexed),
        "excluded": sorted(staging.excluded),
        "comments": staging.comments,
        "added_with_comments": sorted(
            n for n in staging.with_comments if n in indexed and n in staging.added
        ),
        "claimcheck_version": __version__,
    }


def _write_documents(
    store: Store, docs: list[Document], passages: Sequence[Sequence[Passage]]
) -> None:
    row = 0
    for doc, doc_passages in zip(docs, passages, strict=True):
        store.add_document(doc, sha256_bytes(doc.text.encode("utf-8")))
        row = store.add_passages(doc_passages, row)
    store.commit()


def _retire_others(index_dir: Path, live: Path) -> None:
    """After the switch: the old generations go, and what older layouts kept in the folder."""
    for old in index_dir.glob("gen-*"):
        if old.name != live.name:
            retire(old)
    if (index_dir / ADDED).is_dir():  # migrated into the generation
        shutil.rmtree(index_dir / ADDED, ignore_errors=True)
    (index_dir / EXCLUDED).unlink(missing_ok=True)


def write_generation(
    index_dir: Path,
    stage: Stage,
    *,
    embedder: Embedder,
    settings: Settings,
    progress: Progress | None = None,
    full: bool = False,
    encoder: BatchEncoder | None = None,
    backend: BackendSpec | None = None,
    wait: bool = True,
    on_wait: OnWait | None = None,
    sources: Sequence[Path] | None = None,
) -> BuildResult:
    """Write and commit one new generation of ``index_dir`` under its write lock.

    ``stage`` is called under the lock with the new generation's :class:`Staging` and returns
    its documents (and the files it skipped); ``sources`` are the folders to record (default:
    the live generation's). Anything raised before the switch, a kill included, leaves the
    live generation as it was; what was staged is cleared now or by the next writer.
    """
    started = time.perf_counter()
    if encoder is not None and encoder.runtime != embedder.runtime:
        raise ConfigError(
            f"the encoder runs the {encoder.runtime} runtime and the embedder {embedder.runtime}; "
            "give both the same runtime, so that one index never mixes two"
        )
    created_dir = not index_dir.exists()
    with write_lock(index_dir, wait=wait, on_wait=on_wait):
        previous: Index | None = None
        gen_dir: Path | None = None
        search = None
        committed = False
        try:
            with writing(index_dir):
                clear_unfinished(index_dir)
            spec = backend_spec(index_dir, settings, backend)
            previous = open_live(index_dir)
            number = next_generation(index_dir)
            gen_dir = index_dir / f"gen-{number:06d}.tmp"
            with writing(index_dir):
                gen_dir.mkdir()
                staging = carry(index_dir, gen_dir, previous)
            with writing(index_dir, only_os=True):  # the stage's own errors name their files
                found, skipped = stage(staging)
            shutil.rmtree(staging.incoming, ignore_errors=True)
            recorded = list(sources) if sources is not None else staging.sources
            docs = _unique(found, skipped)
            passages_by_doc = [
                make_passages(
                    d, sentences=settings.passage_sentences, stride=settings.passage_stride
                )
                for d in docs
            ]
            total = sum(len(p) for p in passages_by_doc)
            if total == 0:
                raise InputError("the sources hold no sentences to index (add documents with text)")
            pause_point("staged")
            with writing(index_dir):
                store = Store.create(gen_dir / "store.sqlite")
                search = create_backend(
                    spec,
                    gen_dir,
                    dimension=embedder.dimension,
                    total=total,
                    collection=collection_name(index_dir, number),
                )
                (gen_dir / BACKEND_NOTE).write_text(json.dumps(search.entry), encoding="utf-8")
                _write_documents(store, docs, passages_by_doc)
            texts = [p.text for ps in passages_by_doc for p in ps]
            keys = [(p.doc_id, p.text) for ps in passages_by_doc for p in ps]
            reuse = None if full else reusable(previous, settings, embedder.runtime)
            matrix, reused = embed(texts, keys, reuse, encoder or embedder, progress)
            old_docs = previous.store.document_ids() if previous else set()
            # BM25 reads each passage with its document's title in front, so a passage that
            # never names its subject ("Revenue rose 16%") is still found by that name.
            titled = [
                index_text(d.title, p.text)
                for d, ps in zip(docs, passages_by_doc, strict=True)
                for p in ps
            ]
            with writing(index_dir):
                search.add(matrix, titled)
                backend_entry = search.commit()
                search.close()
                store.close()
            pause_point("embedded")
            manifest = _manifest(
                number,
                embedder,
                settings,
                staging,
                docs,
                passages=total,
                embedded=len(texts) - reused,
                reused=reused,
                search=search,
                backend_entry=backend_entry,
                sources=relative_sources(index_dir, recorded),
                started=started,
            )
            for name in staging.added - {d.source for d in docs}:  # skipped copies are not kept
                staging.drop(name)
            final = index_dir / f"gen-{number:06d}"
            with writing(index_dir):
                tmp_manifest = gen_dir / "manifest.json.tmp"
                tmp_manifest.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
                os.replace(tmp_manifest, gen_dir / "manifest.json")
                os.replace(gen_dir, final)
                gen_dir = final
                pause_point("renamed")
                pointer_tmp = index_dir / "CURRENT.tmp"
                pointer_tmp.write_text(final.name + "\n", encoding="utf-8")
                hold_signals()
                os.replace(pointer_tmp, index_dir / "CURRENT")
                committed = True
        except BaseException:
            if previous is not None:
                previous.close()
                previous = None
            if gen_dir is not None and not committed:
                if search is not None:
                    search.discard()
                shutil.rmtree(gen_dir, ignore_errors=True)
            if created_dir and current_generation(index_dir) is None:
                release_folder(index_dir)  # only our own empty folder: never others' work
            release_signals()
            raise
        try:  # committed: signals wait (lock.hold_signals); the old generations go
            pause_point("switched")
            if previous is not None:
                previous.close()
            _retire_others(index_dir, final)
        finally:
            release_signals()
    return BuildResult(
        manifest=manifest,
        skipped=tuple(skipped),
        seconds=time.perf_counter() - started,
        embedded=manifest["embedded"],
        reused=manifest["reused"],
        removed=len(old_docs - {d.id for d in docs}),
        added=tuple(manifest["added"]),
    )


def build_index(
    sources: Sequence[Path],
    index_dir: Path,
    *,
    comments: bool | None = None,
    **options: Unpack[WriteOptions],
) -> BuildResult:
    """Index every readable document under ``sources`` into ``index_dir``.

    Incremental unless ``full``: a passage whose document and text are unchanged since the last
    complete generation keeps its vector, so only new and changed text is embedded; documents no
    longer among the sources drop out. Documents brought in with `index add` are kept (take
    one out with `index remove`), sources taken out with `index remove` stay out. An index that
    cannot be read (another model, corrupt) is rebuilt in full.

    ``options`` are those of :func:`write_generation` (:class:`WriteOptions`): ``embedder`` and
    ``settings``, ``progress``, ``full``, ``encoder``, ``backend``, ``wait``, ``on_wait``.
    ``encoder`` embeds elsewhere (worker processes, Ray; ``embed_pool.py``) with the same
    model and runtime as ``embedder`` (vectors of another runtime are never reused);
    ``backend`` picks where vectors and BM25 live (default: what the index already uses, else
    ``settings.backend``). Another writer on the index: wait for it (``on_wait`` is told),
    or with ``wait=False`` raise IndexLockedError.

    ``comments``: read the web pages under ``sources`` with their reader comments, as posts
    with author and time (``True``), or without them (``False``); ``None`` keeps the choice the
    index recorded in its manifest (``comments``), so an incremental rebuild reads the pages
    as the last build did. Pages brought in with ``index add --comments`` keep their own choice.
    """
    for s in sources:
        if not s.exists():
            raise InputError(f"source path not found: {s} (check the path)")

    def stage(staging: Staging) -> tuple[list[Document], list[SkippedSource]]:
        if comments is not None:
            staging.comments = comments
        loaded = load_sources(sources, comments=staging.comments)
        docs = [d for d in loaded.documents if d.source not in staging.excluded]
        added, skipped = staging.load_added()
        return docs + added, list(loaded.skipped) + skipped

    return write_generation(index_dir, stage, sources=sources, **options)
