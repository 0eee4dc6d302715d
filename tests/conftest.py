"""Shared fixtures: the real embedding model and a real index of sample_sources/, built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck import Embedder, Settings, build_index, load_index
from claimcheck.index import Index

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
