"""The Milvus backend: one collection per index generation, through ``pymilvus``.

Each row of the collection is one passage: ``row`` (primary key, the passage's row in the
SQLite store), ``vector`` (the unit embedding), ``terms`` (the passage's BM25 words) and
``sparse``, which Milvus fills itself from ``terms`` with its BM25 function. Dense search runs
on the vector index (exact ``FLAT`` below ``HNSW_FROM`` rows, ``HNSW_SQ`` with 8-bit vectors
above, the same choice and parameters as FAISS in the embedded backend); lexical search is
Milvus's own full-text search on ``sparse``.

``terms`` holds the words of claimcheck's own tokenizer (figures whole, stop words gone),
rewritten so that Milvus's standard analyzer (``\\w+``) reads back exactly those words:
"11.08" is stored as "11_08". Both backends therefore score the same words with the same
BM25 parameters.

The URI is a Milvus server (``http://host:19530``) or a local path ending in ``.db``, which
pymilvus opens as embedded Milvus (milvus-lite) in this process.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import IndexCorruptError, IndexError_, IndexLockedError
from .lexical import tokenize
from .vectors import HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_M, kind_for

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from pymilvus import MilvusClient

__all__ = [
    "BM25_B",
    "BM25_K1",
    "DEFAULT_DB",
    "MilvusBackend",
    "drop_collection",
    "milvus_terms",
    "release",
]

DEFAULT_DB = "milvus.db"  # in the index folder, when --backend milvus has no --uri
BM25_K1 = 1.5  # the embedded backend's (bm25s) defaults, so both rank alike
BM25_B = 0.75
_BATCH = 2_000  # rows per insert call
_MAX_TERMS_BYTES = 60_000  # under VARCHAR's 65,535-byte limit
_NON_WORD = re.compile(r"\W")
_clients: dict[str, MilvusClient] = {}


def milvus_terms(text: str) -> str:
    """The BM25 words of ``text`` as one string Milvus's standard analyzer splits back."""
    words = " ".join(_NON_WORD.sub("_", t) for t in tokenize(text))
    raw = words.encode("utf-8")
    if len(raw) > _MAX_TERMS_BYTES:
        words = raw[:_MAX_TERMS_BYTES].decode("utf-8", errors="ignore").rsplit(" ", 1)[0]
    return words


def _stored_uri(uri: str, base: Path) -> str:
    """The URI as the manifest keeps it: a local file inside the index folder relative to
    it, so the folder can move; anything else as given (made absolute for files)."""
    if not uri:
        return DEFAULT_DB
    if "://" in uri:
        return uri
    path = Path(uri).resolve()
    try:
        return str(path.relative_to(base.resolve()))
    except ValueError:
        return str(path)


def _connect_uri(stored: str, base: Path) -> str:
    if "://" in stored:
        return stored
    path = Path(stored)
    return str(path if path.is_absolute() else base / path)


def _is_local(uri: str) -> bool:
    return "://" not in uri


def _client(uri: str) -> MilvusClient:
    """One client per URI per process (embedded Milvus allows one opener per file)."""
    client = _clients.get(uri)
    if client is not None:
        return client
    import os

    # gRPC's C core prints keep-alive chatter to stderr ("too_many_pings") that is not an error.
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise IndexError_(
            "the milvus backend needs pymilvus and milvus-lite (pip install 'claimcheck[scale]')"
        ) from exc
    import logging

    # milvus-lite logs a traceback when it cannot open a file; the error below says it in one line.
    logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)
    if _is_local(uri):
        if not uri.endswith(".db"):
            raise IndexError_(
                f"Milvus URI {uri!r} is neither a server (http://host:19530) nor a local "
                "file ending in .db (fix --uri)"
            )
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
    try:
        client = MilvusClient(uri=uri, timeout=15)
    except Exception as exc:  # pymilvus and milvus-lite raise many kinds: all mean "no Milvus"
        if _is_local(uri) and _held_elsewhere(Path(uri) / "LOCK"):
            raise IndexLockedError(
                f"embedded Milvus file {uri} is open in another process; close it (one "
                "process at a time may open a .db file) or use a Milvus server"
            ) from exc
        raise IndexError_(
            f"cannot reach Milvus at {uri} ({type(exc).__name__}); start the server or fix --uri"
        ) from exc
    _clients[uri] = client
    return client


def _held_elsewhere(lock: Path) -> bool:
    """Whether another process holds embedded Milvus's lock file (an advisory flock)."""
    import fcntl

    if not lock.exists():
        return False
    with lock.open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
    return False


def _fail(uri: str, what: str, exc: Exception) -> IndexError_:
    first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    return IndexError_(f"Milvus at {uri} failed to {what}: {first} (check the server, or rebuild)")


class MilvusBackend:
    name = "milvus"

    def __init__(
        self, client: MilvusClient, uri: str, stored_uri: str, collection: str, dimension: int
    ) -> None:
        self._client = client
        self._uri = uri
        self._stored_uri = stored_uri
        self.collection = collection
        self._dimension = dimension
        self._count = 0
        self._kind = "flat"

    @classmethod
    def create(
        cls, uri: str, collection: str, *, dimension: int, total: int, base: Path
    ) -> MilvusBackend:
        from pymilvus import DataType, Function, FunctionType

        stored = _stored_uri(uri, base)
        connect = _connect_uri(stored, base)
        client = _client(connect)
        kind = kind_for(total)
        schema = client.create_schema(auto_id=False)
        schema.add_field("row", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dimension)
        schema.add_field("terms", DataType.VARCHAR, max_length=65_535, enable_analyzer=True)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(
            Function(
                name="bm25",
                function_type=FunctionType.BM25,
                input_field_names=["terms"],
                output_field_names=["sparse"],
            )
        )
        params = client.prepare_index_params()
        if kind == "flat":
            params.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
        else:
            params.add_index(  # the embedded backend's graph: HNSW over 8-bit vectors
                field_name="vector",
                index_type="HNSW_SQ",
                metric_type="IP",
                params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION, "sq_type": "SQ8"},
            )
        params.add_index(
            field_name="sparse",
            index_type="SPARSE_INVERTED_INDEX",
            metric_type="BM25",
            params={"bm25_k1": BM25_K1, "bm25_b": BM25_B},
        )
        try:
            if client.has_collection(collection):  # left by a build that died
                client.drop_collection(collection)
            client.create_collection(collection, schema=schema, index_params=params)
        except Exception as exc:
            raise _fail(connect, f"create collection {collection}", exc) from exc
        backend = cls(client, connect, stored, collection, dimension)
        backend._kind = kind
        return backend

    @classmethod
    def open(cls, entry: dict[str, Any], *, base: Path) -> MilvusBackend:
        stored = str(entry.get("uri") or DEFAULT_DB)
        collection = str(entry.get("collection") or "")
        connect = _connect_uri(stored, base)
        client = _client(connect)
        try:
            exists = bool(collection) and client.has_collection(collection)
        except Exception as exc:
            raise _fail(connect, "list collections", exc) from exc
        if not exists:
            raise IndexCorruptError(
                f"Milvus collection {collection or '(none)'} is missing at {connect}; rebuild "
                "the index with `claimcheck index build SOURCES --index DIR --backend milvus`"
            )
        try:
            described = client.describe_collection(collection)
            client.load_collection(collection)
            count = int(client.get_collection_stats(collection).get("row_count", 0))
        except Exception as exc:
            raise _fail(connect, f"open collection {collection}", exc) from exc
        dimension = next(
            int(f.get("params", {}).get("dim", 0))
            for f in described.get("fields", [])
            if f.get("name") == "vector"
        )
        backend = cls(client, connect, stored, collection, dimension)
        backend._count = count
        backend._kind = str(entry.get("index") or "flat")
        return backend

    @property
    def count(self) -> int:
        return self._count

    @property
    def lexical_count(self) -> int:
        return self._count  # the BM25 words live in the same rows as the vectors

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def vector_kind(self) -> str:
        return f"milvus-{self._kind}"

    def add(self, vectors: NDArray[np.float32], lexical_texts: list[str]) -> None:
        if len(vectors) != len(lexical_texts):
            raise ValueError("one text per vector")
        data = np.asarray(vectors, dtype=np.float32)
        for start in range(0, len(data), _BATCH):
            rows = [
                {
                    "row": self._count + i,
                    "vector": data[i].tolist(),
                    "terms": milvus_terms(lexical_texts[i]),
                }
                for i in range(start, min(start + _BATCH, len(data)))
            ]
            try:
                self._client.insert(self.collection, rows)
            except Exception as exc:
                raise _fail(self._uri, f"insert into {self.collection}", exc) from exc
        self._count += len(data)

    def commit(self) -> dict[str, Any]:
        try:
            self._client.flush(self.collection)
            self._client.load_collection(self.collection)
        except Exception as exc:
            raise _fail(self._uri, f"flush {self.collection}", exc) from exc
        return self.entry

    @property
    def entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "uri": self._stored_uri,
            "collection": self.collection,
            "index": self._kind,
        }

    def _search(
        self, data: list[Any], field: str, metric: str, k: int, params: dict[str, Any]
    ) -> list[list[int]]:
        if not data or self._count == 0:
            return [[] for _ in data]
        try:
            found = self._client.search(
                self.collection,
                data=data,
                anns_field=field,
                limit=max(1, min(k, self._count)),
                search_params={"metric_type": metric, "params": params},
                output_fields=[],
            )
        except Exception as exc:
            raise _fail(self._uri, f"search {self.collection}", exc) from exc
        return [[int(hit["row"]) for hit in hits] for hits in found]

    def dense(self, queries: NDArray[np.float32], k: int) -> list[list[int]]:
        params = {"ef": max(HNSW_EF_SEARCH, k)} if self._kind != "flat" else {}
        data = [q.tolist() for q in np.asarray(queries, dtype=np.float32)]
        return self._search(data, "vector", "IP", k, params)

    def lexical(self, texts: list[str], k: int) -> list[list[int]]:
        terms = [milvus_terms(t) for t in texts]
        asked = [i for i, t in enumerate(terms) if t]  # a query with no words finds nothing
        out: list[list[int]] = [[] for _ in texts]
        found = self._search([terms[i] for i in asked], "sparse", "BM25", k, {})
        for i, rows in zip(asked, found, strict=True):
            out[i] = rows
        return out

    def vectors(self, rows: list[int]) -> NDArray[np.float32]:
        if not rows:
            return np.zeros((0, self._dimension), dtype=np.float32)
        found: dict[int, list[float]] = {}
        unique = sorted(set(rows))
        for start in range(0, len(unique), 1_000):
            chunk = unique[start : start + 1_000]
            try:
                got = self._client.query(
                    self.collection, filter=f"row in {chunk}", output_fields=["row", "vector"]
                )
            except Exception as exc:
                raise _fail(self._uri, f"read vectors from {self.collection}", exc) from exc
            found.update({int(r["row"]): r["vector"] for r in got})
        missing = [r for r in unique if r not in found]
        if missing:
            raise IndexCorruptError(
                f"Milvus collection {self.collection} lacks rows {missing[:5]}; rebuild the index"
            )
        return np.asarray([found[r] for r in rows], dtype=np.float32)

    def discard(self) -> None:
        drop_collection({"uri": self._uri, "collection": self.collection}, base=Path("/"))

    def close(self) -> None:
        return None  # the client is shared per URI for the life of the process


def release(uri: str) -> None:
    """Disconnect from ``uri``; for a local file, stop its embedded Milvus so that another
    process may open it."""
    client = _clients.pop(uri, None)
    if client is not None:
        client.close()
    if _is_local(uri):
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(uri)


def drop_collection(entry: dict[str, Any], *, base: Path) -> None:
    """Drop a retired generation's collection; a server that is gone is left alone."""
    collection = str(entry.get("collection") or "")
    if not collection:
        return
    uri = _connect_uri(str(entry.get("uri") or DEFAULT_DB), base)
    try:
        client = _client(uri)
        if client.has_collection(collection):
            client.drop_collection(collection)
    except Exception:  # noqa: BLE001 - cleanup of an old generation must not fail a build
        return
