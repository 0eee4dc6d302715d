"""Shared fixtures: the real embedding model and a real index of sample_sources/, built once."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimcheck import Embedder, Settings, build_index, load_index, verify
from claimcheck.index import Index
from claimcheck.pipeline import verify_text
from claimcheck.review.app import ReviewServer, open_review_server
from claimcheck.types import Report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SOURCES = ROOT / "sample_sources"
SAMPLE_DRAFTS = ROOT / "sample_drafts"
EVAL_DATA = ROOT.parent / "shared" / "eval-data"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def sample_index_path(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    path = tmp_path_factory.mktemp("indexes") / "sample"
    build_index([SAMPLE_SOURCES], path, embedder=embedder, settings=Settings())
    return path


@pytest.fixture(scope="session")
def sample_index(sample_index_path: Path) -> Iterator[Index]:
    index = load_index(sample_index_path)
    yield index
    index.close()


# Markup that would run if any piece of draft or source text reached a page unescaped.
HOSTILE = (
    '<script>window.pwned = "script"</script>'
    "<img src=x onerror=\"window.pwned = 'onerror'\"> "
    '"><svg onload="window.pwned = \'svg\'">'
)


def hostile_report(folder: Path, embedder: Embedder) -> Report:
    """A real report whose draft, source text and source title all carry ``HOSTILE``."""
    sources = folder / "sources"
    sources.mkdir()
    (sources / "memo.txt").write_text(
        f"Acme Corp said revenue rose 12% to $4 billion in 2025. {HOSTILE}\n", encoding="utf-8"
    )
    (sources / "memo.txt.meta.json").write_text(
        json.dumps({"title": f"Acme memo {HOSTILE}", "kind": "filing", "url": "javascript:x"}),
        encoding="utf-8",
    )
    build_index([sources], folder / "idx", embedder=embedder, settings=Settings())
    index = load_index(folder / "idx")
    try:
        return verify_text(
            f"Acme Corp said revenue rose 15% to $4 billion in 2025. {HOSTILE}\n",
            index=index, embedder=embedder, settings=Settings(), path="<b>evil</b>.md",
        )  # fmt: skip
    finally:
        index.close()


# One sentence of two facts about the sample sources: the revenue is theirs, the margin is not.
TWO_FACT_DRAFT = (
    "Netflix said second-quarter revenue rose 16% to $11.08 billion, and its operating "
    "margin reached 41%, up from 27.2% a year earlier.\n"
)


def two_fact_report(folder: Path, index: Index, embedder: Embedder) -> Report:
    """``TWO_FACT_DRAFT`` verified against the sample index: one claim supported, one not."""
    draft = folder / "earnings.txt"
    draft.write_text(TWO_FACT_DRAFT, encoding="utf-8")
    return verify(draft, index=index, embedder=embedder, settings=Settings())


@contextmanager
def running_review_server(report_path: Path) -> Iterator[ReviewServer]:
    """The review app for ``report_path``, serving on a thread until the block ends."""
    srv = open_review_server(report_path)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.server.started, "the review app did not start"
    try:
        yield srv
    finally:
        srv.server.should_exit = True
        thread.join(10)
