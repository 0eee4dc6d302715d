"""Adding and removing single sources: `claimcheck index add` and `claimcheck index remove`.

Added files and fetched pages are kept inside the index, in the generation that includes them
(``gen-NNNNNN/added/``), so the index holds the copy that was checked; removed sources are
listed in the generation's manifest (``excluded``). Both are staged in a new generation,
written under the index's write lock (``build.py``), which becomes visible only when it
commits: a failed, interrupted or killed add or remove changes nothing and deletes nothing.

Documents already in the index are carried from its store, not read again from their source
folders, so an add or a remove works on a moved or copied index and takes in no unrelated
change; only the new text is embedded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..config import Settings
from ..errors import ClaimcheckError, IndexNotFoundError, InputError, SourceError
from ..models.embedder import Embedder
from ..sources import SUPPORTED_SUFFIXES, SkippedSource, load_document
from ..sources.fetch import FetchLimits, fetch_to
from ..types import Document
from .build import BuildResult, OnWait, Staging, write_generation
from .open import read_manifest

__all__ = ["add_sources", "remove_sources"]


def _live(staging: Staging) -> list[Document]:
    if staging.previous is None:
        raise IndexNotFoundError(
            f"{staging.index_dir} holds no readable index to change (build one with "
            f"`claimcheck index build SOURCES --index {staging.index_dir}`)"
        )
    return staging.previous.store.documents()  # with their recorded identities


def _unreadable(path: Path, exc: OSError) -> InputError:
    if isinstance(exc, PermissionError):
        return InputError(
            f"cannot read {path}: permission denied (make it readable, e.g. "
            f"`chmod u+r {path}`, and add it again)"
        )
    return InputError(f"cannot read {path}: {exc.strerror or exc} (check the file)")


def _copy(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst``: a failed read names the source file; a failed write (disk full)
    is raised as it is, for the writer to report as a disk problem."""
    try:
        fh = src.open("rb")
    except OSError as exc:
        raise _unreadable(src, exc) from exc
    with fh, dst.open("wb") as out:
        while True:
            try:
                chunk = fh.read(1 << 20)
            except OSError as exc:
                raise _unreadable(src, exc) from exc
            if not chunk:
                break
            out.write(chunk)


def _copy_in(item: str, staging: Staging) -> Path:
    """Copy one local file (and its sidecar) into the new generation's added copies."""
    path = Path(item)
    if not path.is_file():
        raise InputError(f"source not found or not a file: {item} (check the path)")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"cannot add {item}: unsupported file type {path.suffix or '(none)'} "
            f"(claimcheck reads {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    written = staging.incoming / path.name
    _copy(path, written)
    sidecar = path.with_name(path.name + ".meta.json")
    if sidecar.is_file():
        _copy(sidecar, staging.incoming / sidecar.name)
    return written


def add_sources(
    index_dir: Path,
    items: Sequence[str],
    *,
    embedder: Embedder,
    settings: Settings,
    limits: FetchLimits | None = None,
    render: bool = False,
    comments: bool = False,
    wait: bool = True,
    on_wait: OnWait | None = None,
) -> BuildResult:
    """Fetch URLs (through headless Chromium with ``render``, for pages built by JavaScript)
    and copy files into the index, then write a generation that includes them.

    ``comments``: read the added web pages with their reader comments, as posts with author
    and time; the index records the choice per added copy (manifest ``added_with_comments``),
    so later rebuilds read each copy as it was added.

    Each one must load as a document, or nothing is added: the error names the file."""
    read_manifest(index_dir)  # the index must exist and be readable: fail before waiting

    def stage(staging: Staging) -> tuple[list[Document], list[SkippedSource]]:
        carried = _live(staging)
        new: list[Document] = []
        for item in items:
            if "://" in item:
                if render:
                    from ..sources.render import render_to

                    fetched = render_to(item, staging.incoming, limits=limits)
                else:
                    fetched = fetch_to(item, staging.incoming, limits=limits)
                target = staging.put(fetched)
            else:
                target = staging.put(_copy_in(item, staging))
            if comments:
                staging.with_comments.add(target.name)
            else:
                staging.with_comments.discard(target.name)
            try:
                new.append(load_document(target, root=staging.folder, comments=comments))
            except ClaimcheckError as exc:
                message = str(exc).replace(str(target), item)
                raise type(exc)(f"cannot add {item}: {message}") from exc
        ids = {d.id for d in new}
        staging.excluded -= {d.source for d in new}
        return [d for d in carried if d.id not in ids] + new, []

    return write_generation(
        index_dir, stage, embedder=embedder, settings=settings, wait=wait, on_wait=on_wait
    )


def remove_sources(
    index_dir: Path,
    names: Sequence[str],
    *,
    embedder: Embedder,
    settings: Settings,
    wait: bool = True,
    on_wait: OnWait | None = None,
) -> BuildResult:
    """Take documents out of the index by their source name (as `index status` lists them).

    An added copy goes with the generation it was in; a document from the source folders is
    recorded as excluded, so that a later `index build` of those folders leaves it out."""
    read_manifest(index_dir)

    def stage(staging: Staging) -> tuple[list[Document], list[SkippedSource]]:
        carried = _live(staging)
        indexed = {d.source for d in carried}
        missing = [n for n in names if n not in indexed]
        if missing:
            raise SourceError(
                f"not in the index: {', '.join(missing)} "
                "(`claimcheck index status` lists its sources)"
            )
        if indexed <= set(names):
            raise InputError(
                f"removing {', '.join(names)} would leave {index_dir} empty "
                "(delete the index folder instead)"
            )
        for name in names:
            if name in staging.added:
                staging.drop(name)
            else:
                staging.excluded.add(name)
        return [d for d in carried if d.source not in set(names)], []

    return write_generation(
        index_dir, stage, embedder=embedder, settings=settings, wait=wait, on_wait=on_wait
    )
