"""Adding and removing single sources: `claimcheck index add` and `claimcheck index remove`.

Added files and fetched pages are kept inside the index folder (``added/``), so the index holds
the copy that was checked; removed sources are listed in ``excluded.json``. Either way the index
is then rebuilt incrementally, so only the new text is embedded.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..config import Settings
from ..embed import Embedder
from ..errors import InputError, SourceError
from ..sources.fetch import FetchLimits, fetch_to
from .build import ADDED, EXCLUDED, BuildResult, build_index, excluded_sources
from .open import load_index, read_manifest

__all__ = ["add_sources", "remove_sources"]


def _sources(index_dir: Path) -> list[Path]:
    manifest = read_manifest(index_dir)
    sources = [Path(s) for s in manifest.get("sources", [])]
    added = (index_dir / ADDED).resolve()
    if added.is_dir() and added not in sources:
        sources.append(added)
    return sources


def _write_excluded(index_dir: Path, names: set[str]) -> None:
    path = index_dir / EXCLUDED
    if names:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(sorted(names), indent=2), encoding="utf-8")
        tmp.replace(path)
    else:
        path.unlink(missing_ok=True)


def add_sources(
    index_dir: Path,
    items: Sequence[str],
    *,
    embedder: Embedder,
    settings: Settings,
    limits: FetchLimits | None = None,
    render: bool = False,
) -> BuildResult:
    """Fetch URLs (through headless Chromium with ``render``, for pages built by JavaScript)
    and copy files into the index, then rebuild it incrementally."""
    sources = _sources(index_dir)  # the index must exist and be readable
    folder = index_dir / ADDED
    written: list[Path] = []
    try:
        for item in items:
            if "://" in item:
                if render:
                    from ..sources.render import render_to

                    written.append(render_to(item, folder, limits=limits))
                else:
                    written.append(fetch_to(item, folder, limits=limits))
                continue
            path = Path(item)
            if not path.is_file():
                raise InputError(f"source not found or not a file: {item} (check the path)")
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / path.name
            shutil.copyfile(path, target)
            written.append(target)
            sidecar = path.with_name(path.name + ".meta.json")
            if sidecar.exists():
                shutil.copyfile(sidecar, folder / sidecar.name)
        excluded = excluded_sources(index_dir) - {p.name for p in written}
        _write_excluded(index_dir, excluded)
        if folder.resolve() not in sources:
            sources.append(folder.resolve())
        return build_index(sources, index_dir, embedder=embedder, settings=settings)
    except BaseException:
        for path in written:  # nothing half-added
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".meta.json").unlink(missing_ok=True)
        raise


def remove_sources(
    index_dir: Path, names: Sequence[str], *, embedder: Embedder, settings: Settings
) -> BuildResult:
    """Take documents out of the index by their source name (as `index status` lists them)."""
    index = load_index(index_dir)
    try:
        indexed = set(index.store.document_sources().values())
    finally:
        index.close()
    missing = [n for n in names if n not in indexed]
    if missing:
        raise SourceError(
            f"not in the index: {', '.join(missing)} (`claimcheck index status` lists its sources)"
        )
    if indexed <= set(names):
        raise InputError(
            f"removing {', '.join(names)} would leave {index_dir} empty "
            "(delete the index folder instead)"
        )
    folder = index_dir / ADDED
    excluded = excluded_sources(index_dir)
    for name in names:
        copy = folder / name
        if copy.is_file():
            copy.unlink()
            copy.with_name(copy.name + ".meta.json").unlink(missing_ok=True)
        else:
            excluded.add(name)
    _write_excluded(index_dir, excluded)
    return build_index(_sources(index_dir), index_dir, embedder=embedder, settings=settings)
