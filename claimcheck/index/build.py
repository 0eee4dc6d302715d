"""Building an index: load sources, cut passages, embed, write a new generation atomically.

A build writes ``gen-NNNNNN.tmp/``, renames it to ``gen-NNNNNN/`` and only then points
``CURRENT`` at it (``os.replace``), so a crash or Ctrl-C at any moment leaves the previous
index whole. A lock file keeps two builds of one index apart.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..config import Settings
from ..embed import Embedder, index_runtime
from ..embed_pool import BatchEncoder, encode_batches
from ..errors import (
    ClaimcheckError,
    ConfigError,
    IndexCorruptError,
    IndexLockedError,
    InputError,
)
from ..sources import SkippedSource, load_sources
from ..textfile import sha256_bytes
from .backend import BackendSpec, collection_name, create_backend, drop_backend
from .open import FORMAT_VERSION, current_generation
from .passages import index_text, make_passages
from .store import Store

__all__ = ["ADDED", "EXCLUDED", "BuildResult", "build_index", "excluded_sources"]

Progress = Callable[[int, int], None]  # (passages embedded so far, total)


@dataclass(frozen=True)
class BuildResult:
    manifest: dict[str, Any]
    skipped: tuple[SkippedSource, ...]
    seconds: float
    embedded: int  # passages embedded by this build
    reused: int  # passages whose vectors came unchanged from the previous generation
    removed: int  # documents of the previous generation no longer among the sources


EXCLUDED = "excluded.json"  # sources taken out with `index remove`, by relative path
ADDED = "added"  # files and fetched pages brought in with `index add`


def excluded_sources(index_dir: Path) -> set[str]:
    path = index_dir / EXCLUDED
    if not path.exists():
        return set()
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(
            f"{path} is corrupt; delete it to index every source again"
        ) from exc


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    lock = index_dir / "build.lock"
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text(encoding="utf-8").strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and _pid_alive(pid):
                raise IndexLockedError(
                    f"another build (pid {pid}) is writing {index_dir}; wait for it to finish "
                    f"(or delete {lock} if that process is gone)"
                ) from None
            lock.unlink(missing_ok=True)  # stale lock from a build that died
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        break
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Previous:
    index: Any  # the last complete generation, open
    rows: dict[tuple[str, str], int]  # (document id, passage text) -> row
    documents: set[str]


def _previous(index_dir: Path, settings: Settings, runtime: str) -> _Previous | None:
    """The last complete generation, if its vectors can be reused: same model, runtime, format
    and passage settings. Anything else (none, another model, corrupt) means a full rebuild."""
    from .open import load_index

    try:
        index = load_index(index_dir)
    except ClaimcheckError:
        return None
    m = index.manifest
    same = (m.get("passage_sentences"), m.get("passage_stride"), index_runtime(m)) == (
        settings.passage_sentences,
        settings.passage_stride,
        runtime,
    )
    if not same:
        index.close()
        return None
    return _Previous(index, index.store.passage_rows(), index.store.document_ids())


_BATCH = 256  # passages per embedding batch (and per progress step)


def _embed(
    texts: list[str],
    keys: list[tuple[str, str]],
    previous: _Previous | None,
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
) -> BuildResult:
    """Index every readable document under ``sources`` into ``index_dir``.

    Incremental unless ``full``: a passage whose document and text are unchanged since the last
    complete generation keeps its vector, so only new and changed text is embedded; documents no
    longer among the sources drop out. An index that cannot be read (another model, corrupt) is
    rebuilt in full.

    ``encoder`` embeds elsewhere (worker processes, Ray; ``embed_pool.py``) with the same
    model and runtime as ``embedder`` (vectors of another runtime are never reused);
    ``backend`` picks where vectors and BM25 live (default: what the index already uses, else
    ``settings.backend``).
    """
    started = time.perf_counter()
    if encoder is not None and encoder.runtime != embedder.runtime:
        raise ConfigError(
            f"the encoder runs the {encoder.runtime} runtime and the embedder {embedder.runtime}; "
            "give both the same runtime, so that one index never mixes two"
        )
    loaded = load_sources(sources)  # raises before anything is written
    seen: dict[str, str] = {}
    docs = []
    skipped = list(loaded.skipped)
    excluded = excluded_sources(index_dir)
    for doc in loaded.documents:
        if doc.source in excluded:
            continue  # taken out with `claimcheck index remove`
        if doc.id in seen:
            skipped.append(SkippedSource(doc.source, f"same relative path as {seen[doc.id]}"))
            continue
        seen[doc.id] = doc.source
        docs.append(doc)
    passages_by_doc = [
        make_passages(d, sentences=settings.passage_sentences, stride=settings.passage_stride)
        for d in docs
    ]
    total = sum(len(p) for p in passages_by_doc)
    if total == 0:
        raise InputError("the sources hold no sentences to index (add documents with text)")

    created_dir = not index_dir.exists()
    spec = _backend_spec(index_dir, settings, backend)
    index_dir.mkdir(parents=True, exist_ok=True)
    gen_dir: Path | None = None
    search = None
    try:
        with _build_lock(index_dir):
            number = _next_generation(index_dir)
            gen_dir = index_dir / f"gen-{number:06d}.tmp"
            gen_dir.mkdir()
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
            previous = None if full else _previous(index_dir, settings, embedder.runtime)
            try:
                matrix, reused = _embed(texts, keys, previous, encoder or embedder, progress)
            finally:
                old_docs = previous.documents if previous else set()
                if previous:
                    previous.index.close()
            # BM25 reads each passage with its document's title in front, so a passage that
            # never names its subject ("Revenue rose 16%") is still found by that name.
            titled = [
                index_text(d.title, p.text)
                for d, ps in zip(docs, passages_by_doc, strict=True)
                for p in ps
            ]
            search.add(matrix, titled)
            backend_entry = search.commit()
            search.close()
            store.close()
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
                "sources": [str(s.resolve()) for s in sources],
                "claimcheck_version": __version__,
            }
            (gen_dir / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            final = index_dir / f"gen-{number:06d}"
            os.replace(gen_dir, final)
            gen_dir = final
            pointer_tmp = index_dir / "CURRENT.tmp"
            pointer_tmp.write_text(final.name + "\n", encoding="utf-8")
            os.replace(pointer_tmp, index_dir / "CURRENT")
            gen_dir = None  # committed: nothing to clean up
            for old in index_dir.glob("gen-*"):
                if old.name != final.name:
                    _retire(old)
    except BaseException:
        if gen_dir is not None and gen_dir != current_generation(index_dir):
            if search is not None:
                search.discard()
            shutil.rmtree(gen_dir, ignore_errors=True)
        if created_dir and current_generation(index_dir) is None:
            shutil.rmtree(index_dir, ignore_errors=True)
        raise
    return BuildResult(
        manifest=manifest,
        skipped=tuple(skipped),
        seconds=time.perf_counter() - started,
        embedded=manifest["embedded"],
        reused=manifest["reused"],
        removed=len(old_docs - {d.id for d in docs}),
    )
