"""Index health: integrity checks, and which sources changed since the last build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ClaimcheckError
from ..sources import load_document, load_sources
from ..text.files import sha256_bytes
from .build import ADDED, EXCLUDED
from .lock import lock_holder
from .open import Index, current_generation, load_index, manifest_sources

__all__ = ["SourceChanges", "check_index", "pending_work", "source_changes"]


@dataclass(frozen=True)
class SourceChanges:
    new: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.removed)


def check_index(path: Path) -> list[str]:
    """Problems found in the index at ``path``; an empty list means it is sound."""
    try:
        index = load_index(path)  # format, model, manifest, and vector/passage counts
    except ClaimcheckError as exc:
        return [str(exc)]
    problems: list[str] = []
    try:
        store = index.store
        hashes = store.document_hashes()
        for doc_id, (text, sha) in hashes.items():
            if sha256_bytes(text.encode("utf-8")) != sha:
                problems.append(f"document {doc_id} does not match its recorded hash")
        orphans = store.orphan_passages()
        if orphans:
            problems.append(f"{orphans} passage(s) point at documents that are not in the store")
        if index.manifest.get("documents") != len(hashes):
            counted = index.manifest.get("documents")
            problems.append(f"manifest counts {counted} documents, the store {len(hashes)}")
        if index.backend.lexical_count != index.backend.count:
            problems.append("the BM25 index and the vectors disagree on the number of passages")
        sample = index.backend.vectors(list(range(min(index.backend.count, 256))))
        if len(sample) and not np.allclose(np.linalg.norm(sample, axis=1), 1.0, atol=1e-3):
            problems.append("some vectors are not unit length")
    finally:
        index.close()
    return problems


def source_changes(index: Index) -> SourceChanges | None:
    """Sources on disk that differ from the index (None when the sources are gone). The
    generation's added copies count as sources; sources taken out with `index remove` do not."""
    m = index.manifest
    sources = [
        s for s in manifest_sources(index.path, m) if s.resolve() != (index.path / ADDED).resolve()
    ]
    if "added" in m and m["added"] and index.generation is not None:
        sources.append(index.generation / ADDED)
    elif (index.path / ADDED).is_dir():
        sources.append(index.path / ADDED)  # an index from before added copies moved
    if not sources or not all(s.exists() for s in sources):
        return None
    try:
        # Read as the build did: the folders with the index's comments choice, each added
        # copy with its own (``added_with_comments``).
        docs = list(load_sources(sources, comments=bool(m.get("comments", False))).documents)
        with_comments = set(m.get("added_with_comments", []))
        for i, doc in enumerate(docs):
            folder = sources[-1] if sources[-1].name == ADDED else None
            if folder is not None and (folder / doc.source).is_file():
                wanted = doc.source in with_comments
                if wanted != bool(m.get("comments", False)):
                    docs[i] = load_document(folder / doc.source, root=folder, comments=wanted)
    except ClaimcheckError:
        return None
    excluded = set(m.get("excluded", []))
    indexed = {k: sha for k, (_, sha) in index.store.document_hashes().items()}
    names = index.store.document_sources()
    on_disk = {d.id: d for d in docs if d.source not in excluded}
    new = tuple(sorted(d.source for i, d in on_disk.items() if i not in indexed))
    changed = tuple(
        sorted(
            d.source
            for i, d in on_disk.items()
            if i in indexed and sha256_bytes(d.text.encode("utf-8")) != indexed[i]
        )
    )
    removed = tuple(sorted(names[i] for i in indexed if i not in on_disk))
    return SourceChanges(new=new, changed=changed, removed=removed)


def pending_work(path: Path) -> list[str]:
    """What is going on in the index folder besides the live generation, one line each: a
    writer at work, or what a killed one left (invisible to readers, cleared by the next)."""
    lines: list[str] = []
    holder = lock_holder(path)
    live = current_generation(path)
    unfinished = sorted(p.name for p in path.glob("gen-*") if live is None or p.name != live.name)
    if holder is not None:
        who = f"pid {holder}" if holder else "another process"
        lines.append(
            f"a build, add or remove ({who}) is writing a new generation now; "
            "this one is served until it finishes"
        )
    elif unfinished:
        lines.append(
            f"unfinished: {', '.join(unfinished)}, left by a build, add or remove that was "
            "stopped; it is not served, and the next build, add or remove clears it"
        )
    if holder is None and ((path / EXCLUDED).exists() or (path / ADDED).is_dir()):
        lines.append(
            f"{path / ADDED} and {path / EXCLUDED} are from an older claimcheck; the next "
            "build, add or remove moves what was indexed from them into the index"
        )
    return lines
