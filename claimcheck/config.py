"""Settings: defaults < claimcheck.toml < CLAIMCHECK_* environment variables < CLI flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal, TypedDict, cast, get_args, get_origin, get_type_hints

from .errors import ConfigError

__all__ = [
    "BACKENDS",
    "RERANK_SWITCHES",
    "RETRIEVAL_MODES",
    "IndexBackend",
    "RerankSwitch",
    "RetrievalMode",
    "Settings",
    "SettingsRecord",
    "load_settings",
]

RetrievalMode = Literal["dense", "bm25", "hybrid"]
RerankSwitch = Literal["on", "off"]
IndexBackend = Literal["embedded", "milvus"]
RETRIEVAL_MODES: tuple[RetrievalMode, ...] = get_args(RetrievalMode)
RERANK_SWITCHES: tuple[RerankSwitch, ...] = get_args(RerankSwitch)
BACKENDS: tuple[IndexBackend, ...] = get_args(IndexBackend)


class SettingsRecord(TypedDict, total=False):
    """Settings as a report records them: every field of ``Settings``, and ``judge``, the
    judge's parameters (``JudgeParams.to_dict()``: each value with how it was chosen)."""

    top_k: int
    scan_k: int
    passage_sentences: int
    passage_stride: int
    support_threshold: float
    related_threshold: float
    quote_min_coverage: float
    retrieval: RetrievalMode
    rerank: RerankSwitch
    backend: IndexBackend
    milvus_uri: str
    judge: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Settings:
    top_k: int = 5  # evidence passages kept per statement (in the report)
    scan_k: int = 10  # passages the figure, name and quote checks read per statement
    passage_sentences: int = 3  # sentences per passage window
    passage_stride: int = 2  # sentences the window moves each step
    support_threshold: float = 0.72  # similarity a passage needs to support a claim alone
    related_threshold: float = 0.45  # similarity at which a passage speaks to the claim at all
    quote_min_coverage: float = 0.6  # share of a quote's words a source must hold to compare
    retrieval: RetrievalMode = "hybrid"  # hybrid: dense + BM25, reciprocal rank fusion
    rerank: RerankSwitch = "off"  # on: the shipped reranker reorders the head of the ranking
    backend: IndexBackend = "embedded"  # where new indexes keep vectors and BM25
    milvus_uri: str = ""  # http://host:19530, or a .db file; empty: milvus.db in the index

    @property
    def depth(self) -> int:
        """Passages retrieved per statement: enough for the checks, at least ``top_k``."""
        return max(self.top_k, self.scan_k)

    def to_dict(self) -> SettingsRecord:
        return cast(SettingsRecord, asdict(self))

    def validate(self) -> Settings:
        if self.top_k < 1 or self.top_k > 100:
            raise ConfigError(f"top_k must be between 1 and 100, got {self.top_k}")
        if self.scan_k < 1 or self.scan_k > 100:
            raise ConfigError(f"scan_k must be between 1 and 100, got {self.scan_k}")
        if self.passage_sentences < 1 or not 1 <= self.passage_stride <= self.passage_sentences:
            raise ConfigError(
                "passage_sentences must be >= 1 and passage_stride between 1 and passage_sentences"
            )
        if self.retrieval not in RETRIEVAL_MODES:
            raise ConfigError(f"retrieval must be dense, bm25 or hybrid, got {self.retrieval!r}")
        if self.rerank not in RERANK_SWITCHES:
            raise ConfigError(f"rerank must be on or off, got {self.rerank!r}")
        if self.backend not in BACKENDS:
            raise ConfigError(f"backend must be embedded or milvus, got {self.backend!r}")
        for name in ("support_threshold", "related_threshold", "quote_min_coverage"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be between 0 and 1, got {value}")
        return self


def _coerce(name: str, raw: object, kind: type) -> Any:
    if kind is str:
        return str(raw)
    try:
        if kind is int:
            if isinstance(raw, bool):
                raise ValueError
            return int(str(raw))
        return float(str(raw))
    except ValueError as exc:
        raise ConfigError(f"setting {name} must be a number, got {raw!r}") from exc


def load_settings(
    *, config_file: Path | None = None, env: dict[str, str] | None = None, **overrides: Any
) -> Settings:
    """Build Settings from the layers; ``overrides`` (CLI flags) that are None are skipped."""
    values: dict[str, Any] = {}
    hints = get_type_hints(Settings)
    # A closed set of strings (a Literal) is read as a string, then checked by validate().
    types: dict[str, type] = {
        f.name: str if get_origin(hints[f.name]) is Literal else hints[f.name]
        for f in fields(Settings)
    }
    path = config_file if config_file is not None else Path("claimcheck.toml")
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot parse {path}: {exc} (fix the TOML syntax)") from exc
        section = data.get("claimcheck", data)
        for key, raw in section.items():
            if key not in types:
                raise ConfigError(f"unknown setting {key!r} in {path} (known: {', '.join(types)})")
            values[key] = _coerce(key, raw, types[key])
    environ = os.environ if env is None else env
    for name, kind in types.items():
        raw_env = environ.get(f"CLAIMCHECK_{name.upper()}")
        if raw_env is not None:
            values[name] = _coerce(f"CLAIMCHECK_{name.upper()}", raw_env, kind)
    for name, raw in overrides.items():
        if raw is None:
            continue
        if name not in types:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _coerce(name, raw, types[name])
    return replace(Settings(), **values).validate()
