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
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import ClaimcheckError, ConfigError, IndexCorruptError, IndexError_, InputError
from ..models.embedder import Embedder, index_runtime
from ..models.pool import BatchEncoder, encode_batches
from ..sources import SkippedSource, load_document, load_sources
from ..text.files import sha256_bytes
from ..types import Document
from ..version import __version__
from .backend import BackendSpec, collection_name, create_backend, drop_backend
from .lock import hold_signals, pause_point, release_folder, release_signals, write_lock
from .open import FORMAT_VERSION, Index, current_generation, load_index, manifest_sources
from .passages import index_text, make_passages
from .store import Store

__all__ = [
    "ADDED",
    "EXCLUDED",
    "BuildResult",
    "Staging",
    "build_index",
    "excluded_sources",
    "write_generation",
]

Progress = Callable[[int, int], None]  # (passages embedded so far, total)
OnWait = Callable[[str], None]  # told, once, that another writer holds the lock


@dataclass(frozen=True)
class BuildResult:
    manifest: dict[str, Any]
    skipped: tuple[SkippedSource, ...]
    seconds: float
    embedded: int  # passages embedded by this build
    reused: int  # passages whose vectors came unchanged from the previous generation
    removed: int  # documents of the previous generation no longer among the sources
    added: tuple[str, ...] = ()  # documents brought in with `index add`, kept in this one


EXCLUDED = "excluded.json"  # before format 2.1: exclusions in the index folder (read, migrated)
ADDED = "added"  # files and fetched pages brought in with `index add` (in each generation)
_INCOMING = ".incoming"  # scratch inside a new generation: where copies are written first


def _legacy_excluded(index_dir: Path) -> set[str]:
    path = index_dir / EXCLUDED
    if not path.exists():
        return set()
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(
            f"{path} is corrupt; delete it to index every source again"
        ) from exc


def _raw_manifest(gen: Path | None) -> dict[str, Any]:
    """A generation's manifest as written, unchecked ({} when unreadable)."""
    if gen is None:
        return {}
    try:
        data = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def excluded_sources(index_dir: Path) -> set[str]:
    """Sources taken out with `index remove`, as the live generation records them."""
    manifest = _raw_manifest(current_generation(index_dir))
    if "excluded" in manifest:
        return set(manifest["excluded"])
    return _legacy_excluded(index_dir)


@dataclass
class Staging:
    """A new generation being assembled, handed to the function that decides its documents.

    ``folder`` already holds the live generation's added copies; ``incoming`` is scratch in
    the new generation for files to be written before they are moved into ``folder``.
    ``added`` and ``excluded`` start as the live generation's and are changed in place.
    """

    index_dir: Path
    folder: Path
    incoming: Path
    previous: Index | None
    added: set[str] = field(default_factory=set)
    excluded: set[str] = field(default_factory=set)
    sources: list[Path] = field(default_factory=list)  # the live generation's own sources
    comments: bool = False  # the source folders' web pages read with their reader comments
    with_comments: set[str] = field(default_factory=set)  # added copies read with comments

    def put(self, written: Path, *, name: str | None = None) -> Path:
        """Move a file written under ``incoming`` (and its ``.meta.json`` sidecar, if written
        beside it) into the added copies. A rename onto the name, never a write into an
        existing copy, which the live generation may share through a hard link."""
        name = name or written.name
        self.drop(name)
        target = self.folder / name
        sidecar = written.with_name(written.name + ".meta.json")
        if sidecar.is_file():
            os.replace(sidecar, self.folder / (name + ".meta.json"))
        os.replace(written, target)
        self.added.add(name)
        return target

    def drop(self, name: str) -> None:
        """Take the added copy ``name`` (and its sidecar) out of the new generation."""
        (self.folder / name).unlink(missing_ok=True)
        (self.folder / (name + ".meta.json")).unlink(missing_ok=True)
        self.added.discard(name)
        self.with_comments.discard(name)

    def load_added(self) -> tuple[list[Document], list[SkippedSource]]:
        docs: list[Document] = []
        skipped: list[SkippedSource] = []
        for name in sorted(self.added):
            try:
                docs.append(
                    load_document(
                        self.folder / name, root=self.folder, comments=name in self.with_comments
                    )
                )
            except ClaimcheckError as exc:
                skipped.append(SkippedSource(name, str(exc)))
        return docs, skipped


Stage = Callable[[Staging], tuple[list[Document], list[SkippedSource]]]


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _carry(index_dir: Path, gen_dir: Path, previous: Index | None) -> Staging:
    """Start a new generation with the live one's added copies and exclusions."""
    folder = gen_dir / ADDED
    folder.mkdir()
    (gen_dir / _INCOMING).mkdir()
    live = current_generation(index_dir)
    manifest = _raw_manifest(live)
    staging = Staging(index_dir, folder, gen_dir / _INCOMING, previous)
    staging.comments = bool(manifest.get("comments", False))
    with_comments = set(manifest.get("added_with_comments", []))
    staging.sources = [
        p
        for p in manifest_sources(index_dir, manifest)
        if p.resolve() != (index_dir / ADDED).resolve()
    ]
    if live is not None and "added" in manifest:
        src, names = live / ADDED, set(manifest.get("added", []))
        staging.excluded = set(manifest.get("excluded", []))
    else:  # an index written before added copies moved into generations
        src = index_dir / ADDED
        names = {p.name for p in src.iterdir() if p.is_file()} if src.is_dir() else set()
        names = {n for n in names if not n.endswith((".meta.json", ".part", ".tmp"))}
        if previous is not None:  # only copies that were indexed: never a killed add's leftovers
            names &= set(previous.store.document_sources().values())
        staging.excluded = _legacy_excluded(index_dir)
    for name in sorted(names):
        if (src / name).is_file():
            _link(src / name, folder / name)
            sidecar = src / (name + ".meta.json")
            if sidecar.is_file():
                _link(sidecar, folder / sidecar.name)
            staging.added.add(name)
            if name in with_comments:
                staging.with_comments.add(name)
    return staging


def _open_live(index_dir: Path) -> Index | None:
    try:
        return load_index(index_dir)
    except ClaimcheckError:
        return None


@contextlib.contextmanager
def _writing(index_dir: Path, *, only_os: bool = False) -> Iterator[None]:
    """Disk full, no permission, a FAISS or SQLite write error: one line naming the fix."""
    errors: tuple[type[BaseException], ...] = (
        (OSError,) if only_os else (OSError, sqlite3.Error, RuntimeError)
    )
    try:
        yield
    except errors as exc:
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
        else:
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[-1][:160]
        raise IndexError_(
            f"cannot write the index at {index_dir}: {reason} (free some disk space or fix the "
            "folder's permissions, then run the command again; the previous index is unchanged)"
        ) from exc


def _relative_sources(index_dir: Path, sources: Sequence[Path]) -> list[str]:
    root = index_dir.resolve()
    out = []
    for s in sources:
        r = s.resolve()
        out.append(r.relative_to(root).as_posix() if r.is_relative_to(root) else str(r))
    return out


def _clear_unfinished(index_dir: Path) -> None:
    """Remove generations a killed writer left (under the lock, so none is in progress)."""
    live = current_generation(index_dir)
    for old in index_dir.glob("gen-*"):
        if live is None or old.name != live.name:
            _retire(old)
    (index_dir / "CURRENT.tmp").unlink(missing_ok=True)


@dataclass(frozen=True)
class _Reuse:
    index: Index  # the live generation, open
    rows: dict[tuple[str, str], int]  # (document id, passage text) -> row


def _reusable(previous: Index | None, settings: Settings, runtime: str) -> _Reuse | None:
    """The live generation's vectors, if they can be reused: same model, runtime, format and
    passage settings. Anything else (none, another model, corrupt) means a full rebuild."""
    if previous is None:
        return None
    m = previous.manifest
    same = (m.get("passage_sentences"), m.get("passage_stride"), index_runtime(m)) == (
        settings.passage_sentences,
        settings.passage_stride,
        runtime,
    )
    return _Reuse(previous, previous.store.passage_rows()) if same else None


_BATCH = 256  # passages per embedding batch (and per progress step)


def _embed(
    texts: list[str],
    keys: list[tuple[str, str]],
    previous: _Reuse | None,
    encoder: Embedder | BatchEncoder,
    progress: Progress | None,
) -> tuple[np.ndarray[Any, np.dtype[np.float32]], int]:
    """Vectors for every passage: reused where the previous generation has the same document
    and text, embedded otherwise. Returns the matrix and how many were reused."""
    matrix = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    reuse = {i: previous.rows[k] for i, k in enumerate(keys) if previous and k in previous.rows}
    if previous and reuse:
        rows = sorted(set(reuse.values()))
        stored = dict(zip(rows, previous.index.backend.vectors(rows), strict=True))
        for i, row in reuse.items():
            matrix[i] = stored[row]
    todo = [i for i in range(len(texts)) if i not in reuse]
    chunks = [todo[start : start + _BATCH] for start in range(0, len(todo), _BATCH)]
    done = 0
    for chunk, vectors in zip(
        chunks, encode_batches(encoder, [[texts[i] for i in c] for c in chunks]), strict=True
    ):
        matrix[chunk] = vectors
        done += len(chunk)
        if progress:
            progress(done, len(todo))
    return matrix, len(reuse)


def _backend_spec(index_dir: Path, settings: Settings, given: BackendSpec | None) -> BackendSpec:
    """The backend to write: as asked, else the one the index already uses, else settings."""
    if given is not None:
        return given.validate()
    from .open import read_manifest

    try:
        entry = read_manifest(index_dir).get("backend")
    except ClaimcheckError:
        entry = None
    if isinstance(entry, dict) and entry.get("name") == "milvus":
        uri = str(entry.get("uri") or "")
        if uri and "://" not in uri and not Path(uri).is_absolute():
            uri = str(index_dir / uri)  # stored relative to the index folder
        return BackendSpec("milvus", uri)
    return BackendSpec(settings.backend, settings.milvus_uri).validate()


_BACKEND_NOTE = "backend.json"  # written first, so a build that dies leaves a trail to clean


def _retire(folder: Path) -> None:
    """Delete an old or unfinished generation, and what its backend holds elsewhere (a
    killed build's Milvus collection included: its folder names it in ``backend.json``)."""
    entry: Any = None
    for name in ("manifest.json", _BACKEND_NOTE):
        try:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        entry = data.get("backend") if name == "manifest.json" and isinstance(data, dict) else data
        if entry:
            break
    if isinstance(entry, dict):
        drop_backend(folder, {"backend": entry})
    shutil.rmtree(folder, ignore_errors=True)


def _next_generation(index_dir: Path) -> int:
    numbers = [
        int(p.name.split("-")[1].split(".")[0])
        for p in index_dir.glob("gen-*")
        if p.name.split("-")[1].split(".")[0].isdigit()
    ]
    return max(numbers, default=0) + 1


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
            with _writing(index_dir):
                _clear_unfinished(index_dir)
            spec = _backend_spec(index_dir, settings, backend)
            previous = _open_live(index_dir)
            number = _next_generation(index_dir)
            gen_dir = index_dir / f"gen-{number:06d}.tmp"
            with _writing(index_dir):
                gen_dir.mkdir()
                staging = _carry(index_dir, gen_dir, previous)
            with _writing(index_dir, only_os=True):  # the stage's own errors name their files
                found, skipped = stage(staging)
            shutil.rmtree(staging.incoming, ignore_errors=True)
            recorded = list(sources) if sources is not None else staging.sources
            seen: dict[str, str] = {}
            docs: list[Document] = []
            for doc in found:
                if doc.id in seen:
                    skipped.append(
                        SkippedSource(doc.source, f"same relative path as {seen[doc.id]}")
                    )
                    continue
                seen[doc.id] = doc.source
                docs.append(doc)
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
            with _writing(index_dir):
                store = Store.create(gen_dir / "store.sqlite")
                search = create_backend(
                    spec,
                    gen_dir,
                    dimension=embedder.dimension,
                    total=total,
                    collection=collection_name(index_dir, number),
                )
                (gen_dir / _BACKEND_NOTE).write_text(json.dumps(search.entry), encoding="utf-8")
                row = 0
                for doc, passages in zip(docs, passages_by_doc, strict=True):
                    store.add_document(doc, sha256_bytes(doc.text.encode("utf-8")))
                    row = store.add_passages(passages, row)
                store.commit()
            texts = [p.text for ps in passages_by_doc for p in ps]
            keys = [(p.doc_id, p.text) for ps in passages_by_doc for p in ps]
            reuse = None if full else _reusable(previous, settings, embedder.runtime)
            matrix, reused = _embed(texts, keys, reuse, encoder or embedder, progress)
            old_docs = previous.store.document_ids() if previous else set()
            # BM25 reads each passage with its document's title in front, so a passage that
            # never names its subject ("Revenue rose 16%") is still found by that name.
            titled = [
                index_text(d.title, p.text)
                for d, ps in zip(docs, passages_by_doc, strict=True)
                for p in ps
            ]
            with _writing(index_dir):
                search.add(matrix, titled)
                backend_entry = search.commit()
                search.close()
                store.close()
            pause_point("embedded")
            indexed = {d.source for d in docs}
            manifest: dict[str, Any] = {
                "format_version": FORMAT_VERSION,
                "generation": number,
                "model": {
                    "id": embedder.model_id,
                    "sha256": embedder.model_sha256,
                    "dimension": embedder.dimension,
                    "runtime": embedder.runtime,
                },
                "documents": len(docs),
                "passages": total,
                "vector_index": search.vector_kind,
                "backend": backend_entry,
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "build_seconds": round(time.perf_counter() - started, 2),
                "embedded": len(texts) - reused,
                "reused": reused,
                "passage_sentences": settings.passage_sentences,
                "passage_stride": settings.passage_stride,
                "sources": _relative_sources(index_dir, recorded),
                "added": sorted(n for n in staging.added if n in indexed),
                "excluded": sorted(staging.excluded),
                "comments": staging.comments,
                "added_with_comments": sorted(
                    n for n in staging.with_comments if n in indexed and n in staging.added
                ),
                "claimcheck_version": __version__,
            }
            for name in staging.added - indexed:  # skipped copies are not kept
                staging.drop(name)
            final = index_dir / f"gen-{number:06d}"
            with _writing(index_dir):
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
            for old in index_dir.glob("gen-*"):
                if old.name != final.name:
                    _retire(old)
            if (index_dir / ADDED).is_dir():  # migrated into the generation
                shutil.rmtree(index_dir / ADDED, ignore_errors=True)
            (index_dir / EXCLUDED).unlink(missing_ok=True)
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
    embedder: Embedder,
    settings: Settings,
    progress: Progress | None = None,
    full: bool = False,
    encoder: BatchEncoder | None = None,
    backend: BackendSpec | None = None,
    wait: bool = True,
    on_wait: OnWait | None = None,
    comments: bool | None = None,
) -> BuildResult:
    """Index every readable document under ``sources`` into ``index_dir``.

    Incremental unless ``full``: a passage whose document and text are unchanged since the last
    complete generation keeps its vector, so only new and changed text is embedded; documents no
    longer among the sources drop out. Documents brought in with `index add` are kept (take
    one out with `index remove`), sources taken out with `index remove` stay out. An index that
    cannot be read (another model, corrupt) is rebuilt in full.

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

    return write_generation(
        index_dir, stage, embedder=embedder, settings=settings, progress=progress, full=full,
        encoder=encoder, backend=backend, wait=wait, on_wait=on_wait, sources=sources,
    )  # fmt: skip
