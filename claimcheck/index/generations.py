"""Generations on disk: numbering them, writing one (errors named with their fix), the
backend it writes to, and retiring old or unfinished ones.

A generation is filled as ``gen-NNNNNN.tmp/``, renamed to ``gen-NNNNNN/`` and only then is
``CURRENT`` pointed at it (``os.replace``), so a crash, kill or Ctrl-C at any moment leaves the
previous generation whole and served.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ClaimcheckError, IndexError_
from .backend import BackendSpec, drop_backend
from .open import Index, current_generation, load_index

__all__ = [
    "BACKEND_NOTE",
    "backend_spec",
    "clear_unfinished",
    "next_generation",
    "open_live",
    "relative_sources",
    "retire",
    "writing",
]


def open_live(index_dir: Path) -> Index | None:
    try:
        return load_index(index_dir)
    except ClaimcheckError:
        return None


@contextlib.contextmanager
def writing(index_dir: Path, *, only_os: bool = False) -> Iterator[None]:
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


def relative_sources(index_dir: Path, sources: Sequence[Path]) -> list[str]:
    root = index_dir.resolve()
    out = []
    for s in sources:
        r = s.resolve()
        out.append(r.relative_to(root).as_posix() if r.is_relative_to(root) else str(r))
    return out


def clear_unfinished(index_dir: Path) -> None:
    """Remove generations a killed writer left (under the lock, so none is in progress)."""
    live = current_generation(index_dir)
    for old in index_dir.glob("gen-*"):
        if live is None or old.name != live.name:
            retire(old)
    (index_dir / "CURRENT.tmp").unlink(missing_ok=True)


def backend_spec(index_dir: Path, settings: Settings, given: BackendSpec | None) -> BackendSpec:
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


BACKEND_NOTE = "backend.json"  # written first, so a build that dies leaves a trail to clean


def retire(folder: Path) -> None:
    """Delete an old or unfinished generation, and what its backend holds elsewhere (a
    killed build's Milvus collection included: its folder names it in ``backend.json``)."""
    entry: Any = None
    for name in ("manifest.json", BACKEND_NOTE):
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


def next_generation(index_dir: Path) -> int:
    numbers = [
        int(p.name.split("-")[1].split(".")[0])
        for p in index_dir.glob("gen-*")
        if p.name.split("-")[1].split(".")[0].isdigit()
    ]
    return max(numbers, default=0) + 1
