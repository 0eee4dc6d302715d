"""SQLite store of documents and passages; a passage's row number is its FAISS id."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import IndexCorruptError
from ..types import Document, Identity, Passage, SourceRef

__all__ = ["Store"]

_SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL,
    date TEXT, url TEXT, kind TEXT NOT NULL, speakers TEXT NOT NULL, turns TEXT NOT NULL,
    sha256 TEXT NOT NULL, identity TEXT
);
CREATE TABLE passages (
    row INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, speaker TEXT, text TEXT NOT NULL
);
CREATE INDEX passages_doc ON passages(doc_id);
"""


def _identity_json(doc: Document) -> str | None:
    """A document's identity with provenance, and its blocks and turn times, as JSON."""
    if doc.identity is None and not doc.blocks and not doc.turn_times:
        return None
    return json.dumps(
        {
            "identity": doc.identity.to_dict() if doc.identity else None,
            "blocks": [list(b) for b in doc.blocks],
            "turn_times": list(doc.turn_times),
        }
    )


def _identity_fields(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    data = json.loads(raw)
    return {
        "identity": Identity.from_dict(data["identity"]) if data.get("identity") else None,
        "blocks": tuple((int(a), int(b)) for a, b in data.get("blocks", [])),
        "turn_times": tuple(data.get("turn_times", [])),
    }


class Store:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._refs: dict[str, SourceRef] = {}

    @classmethod
    def create(cls, path: Path) -> Store:
        conn = sqlite3.connect(path)
        conn.executescript(_SCHEMA)
        return cls(conn)

    @classmethod
    def open(cls, path: Path) -> Store:
        if not path.exists():
            raise IndexCorruptError(
                f"index store missing: {path} (rebuild with `claimcheck index build`)"
            )
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("SELECT count(*) FROM passages").fetchone()
        except sqlite3.DatabaseError as exc:
            raise IndexCorruptError(
                f"index store {path} is unreadable ({exc}); rebuild with `claimcheck index build`"
            ) from exc
        return cls(conn)

    def close(self) -> None:
        self._conn.close()

    def add_document(self, doc: Document, sha256: str) -> None:
        self._conn.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.id,
                doc.title,
                doc.text,
                doc.source,
                doc.date,
                doc.url,
                doc.kind,
                json.dumps(list(doc.speakers)),
                json.dumps([[s, list(span)] for s, span in doc.turns]),
                sha256,
                _identity_json(doc),
            ),
        )

    def add_passages(self, passages: Iterable[Passage], first_row: int) -> int:
        row = first_row
        for p in passages:
            self._conn.execute(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?)",
                (row, p.id, p.doc_id, p.span[0], p.span[1], p.speaker, p.text),
            )
            row += 1
        return row

    def commit(self) -> None:
        self._conn.commit()

    def count(self, table: str) -> int:
        if table not in ("documents", "passages"):
            raise ValueError(table)
        return int(self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def passages(self, rows: list[int]) -> dict[int, Passage]:
        if not rows:
            return {}
        marks = ",".join("?" * len(rows))
        cur = self._conn.execute(
            'SELECT row, id, doc_id, start, "end", speaker, text FROM passages '
            f"WHERE row IN ({marks})",
            rows,
        )
        return {
            r[0]: Passage(id=r[1], doc_id=r[2], span=(r[3], r[4]), speaker=r[5], text=r[6])
            for r in cur
        }

    def source_ref(self, doc_id: str) -> SourceRef:
        ref = self._refs.get(doc_id)
        if ref is None:
            r = self._conn.execute(
                "SELECT id, title, kind, date, source, url FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if r is None:
                raise IndexCorruptError(
                    f"passage points at missing document {doc_id}; "
                    "rebuild the index with `claimcheck index build`"
                )
            date_from = ""
            if self._has_identity():
                raw = self._conn.execute(
                    "SELECT identity FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()
                found = _identity_fields(raw[0] if raw else None).get("identity")
                date_from = found.date_from if found is not None and r[3] else ""
            ref = SourceRef(
                doc_id=r[0], title=r[1], kind=r[2], date=r[3], source=r[4], url=r[5],
                date_from=date_from,
            )  # fmt: skip
            self._refs[doc_id] = ref
        return ref

    def document(self, doc_id: str) -> Document:
        extra = ", identity" if self._has_identity() else ", NULL"
        r = self._conn.execute(
            "SELECT id, title, text, source, date, url, kind, speakers, turns"
            f"{extra} FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if r is None:
            raise IndexCorruptError(f"document {doc_id} missing from the index; rebuild it")
        return Document(
            id=r[0],
            title=r[1],
            text=r[2],
            source=r[3],
            date=r[4],
            url=r[5],
            kind=r[6],
            speakers=tuple(json.loads(r[7])),
            turns=tuple((s, (int(a), int(b))) for s, (a, b) in json.loads(r[8])),
            **_identity_fields(r[9]),
        )

    def documents(self) -> list[Document]:
        """Every document, by source path (what `index add` and `remove` carry forward)."""
        ids = [r[0] for r in self._conn.execute("SELECT id FROM documents ORDER BY source, id")]
        return [self.document(doc_id) for doc_id in ids]

    def passage_rows(self) -> dict[tuple[str, str], int]:
        """(document id, passage text) -> row, for reusing vectors in the next build."""
        cur = self._conn.execute("SELECT doc_id, text, row FROM passages")
        return {(r[0], r[1]): int(r[2]) for r in cur}

    def document_hashes(self) -> dict[str, tuple[str, str]]:
        """Document id -> (text, recorded sha256)."""
        cur = self._conn.execute("SELECT id, text, sha256 FROM documents")
        return {r[0]: (r[1], r[2]) for r in cur}

    def document_sources(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._conn.execute("SELECT id, source FROM documents")}

    def orphan_passages(self) -> int:
        cur = self._conn.execute(
            "SELECT count(*) FROM passages p LEFT JOIN documents d ON d.id = p.doc_id "
            "WHERE d.id IS NULL"
        )
        return int(cur.fetchone()[0])

    def document_ids(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT id FROM documents")}

    def documents_summary(self) -> list[tuple[str, str, str, str | None, int]]:
        """(source, title, kind, date, passages) for each document, by source path."""
        cur = self._conn.execute(
            "SELECT d.source, d.title, d.kind, d.date, count(p.row) FROM documents d "
            "LEFT JOIN passages p ON p.doc_id = d.id GROUP BY d.id ORDER BY d.source"
        )
        return [(r[0], r[1], r[2], r[3], int(r[4])) for r in cur]

    def _has_identity(self) -> bool:
        columns = {r[1] for r in self._conn.execute("PRAGMA table_info(documents)")}
        return "identity" in columns

    def identities(self) -> dict[str, Identity]:
        """Source path -> identity with provenance (none for indexes built before it was kept)."""
        if not self._has_identity():
            return {}
        cur = self._conn.execute(
            "SELECT source, identity FROM documents WHERE identity IS NOT NULL"
        )
        out: dict[str, Identity] = {}
        for source, raw in cur:
            data = json.loads(raw)
            if data.get("identity"):
                out[source] = Identity.from_dict(data["identity"])
        return out
