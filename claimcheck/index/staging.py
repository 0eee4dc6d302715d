"""A new generation being assembled: the live generation's added copies and exclusions
carried into it, and what ``index add`` and ``index remove`` change there before it commits.

A generation holds everything it is made of: besides the store, vectors and manifest, the
copies of the files and pages brought in with ``index add`` (``added/``), and the manifest
lists the sources taken out with ``index remove`` (``excluded``).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..errors import ClaimcheckError, IndexCorruptError
from ..schema import IndexManifest
from ..sources import SkippedSource, load_document
from ..types import Document
from .open import Index, current_generation, manifest_sources

__all__ = [
    "ADDED",
    "EXCLUDED",
    "INCOMING",
    "Stage",
    "Staging",
    "carry",
    "excluded_sources",
    "legacy_excluded",
    "raw_manifest",
]

EXCLUDED = "excluded.json"  # before format 2.1: exclusions in the index folder (read, migrated)
ADDED = "added"  # files and fetched pages brought in with `index add` (in each generation)
INCOMING = ".incoming"  # scratch inside a new generation: where copies are written first


def legacy_excluded(index_dir: Path) -> set[str]:
    path = index_dir / EXCLUDED
    if not path.exists():
        return set()
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(
            f"{path} is corrupt; delete it to index every source again"
        ) from exc


def raw_manifest(gen: Path | None) -> IndexManifest:
    """A generation's manifest as written, unchecked ({} when unreadable)."""
    if gen is None:
        return {}
    try:
        data = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cast(IndexManifest, data) if isinstance(data, dict) else {}


def excluded_sources(index_dir: Path) -> set[str]:
    """Sources taken out with `index remove`, as the live generation records them."""
    manifest = raw_manifest(current_generation(index_dir))
    if "excluded" in manifest:
        return set(manifest["excluded"])
    return legacy_excluded(index_dir)


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


def carry(index_dir: Path, gen_dir: Path, previous: Index | None) -> Staging:
    """Start a new generation with the live one's added copies and exclusions."""
    folder = gen_dir / ADDED
    folder.mkdir()
    (gen_dir / INCOMING).mkdir()
    live = current_generation(index_dir)
    manifest = raw_manifest(live)
    staging = Staging(index_dir, folder, gen_dir / INCOMING, previous)
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
        staging.excluded = legacy_excluded(index_dir)
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
