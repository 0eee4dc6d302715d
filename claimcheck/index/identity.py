"""Saying what a source is: ``claimcheck index set FILE --date ... --kind ...``.

The word goes into ``sources.toml`` beside the sources (so every later build keeps it), then
the index is rebuilt incrementally: the text is unchanged, so every vector is reused and
nothing is embedded again; only the stored date, kind and title change.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import SourceError
from ..models.embedder import Embedder
from ..sources.overrides import Override, write_override
from .build import BuildResult, build_index
from .open import load_index, read_manifest

__all__ = ["set_identity"]


def _source_root(index_dir: Path, name: str) -> tuple[Path, str]:
    """The source folder holding ``name`` (as `index status` lists it, or a path) and the
    name relative to it."""
    roots = [Path(s) for s in read_manifest(index_dir).get("sources", [])]
    added = (index_dir / "added").resolve()
    if added.is_dir():
        roots.append(added)
    given = Path(name)
    for root in roots:
        base = root if root.is_dir() else root.parent
        if given.is_absolute() or given.exists():
            try:
                return base, given.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
        if (base / name).is_file():
            return base, given.as_posix()
    raise SourceError(
        f"not among the sources of {index_dir}: {name} (`claimcheck index status` lists them)"
    )


def set_identity(
    index_dir: Path,
    name: str,
    *,
    embedder: Embedder,
    settings: Settings,
    date: str | None = None,
    kind: str | None = None,
    title: str | None = None,
) -> tuple[Override, BuildResult]:
    """Record what the user says ``name`` is, then rebuild without re-embedding."""
    if date is None and kind is None and title is None:
        raise SourceError("say what to set: --date YYYY-MM-DD, --kind KIND or --title TEXT")
    load_index(index_dir).close()  # the index must exist and be readable
    root, relative = _source_root(index_dir, name)
    sources_file = root / "sources.toml"
    before = sources_file.read_bytes() if sources_file.exists() else None
    override = write_override(root, relative, date=date, kind=kind, title=title)
    sources = [Path(s) for s in read_manifest(index_dir).get("sources", [])]
    added = (index_dir / "added").resolve()
    if added.is_dir() and added not in sources:
        sources.append(added)
    try:
        result = build_index(sources, index_dir, embedder=embedder, settings=settings)
    except BaseException:
        if before is None:
            sources_file.unlink(missing_ok=True)  # nothing half-done
        else:
            sources_file.write_bytes(before)
        raise
    return override, result
