"""What the user says a source is: ``sources.toml`` beside the sources, the most trusted word
on a document's date, kind and title.

```toml
["letters/parks_board_2024-11-05.txt"]
date = "2024-11-05"
kind = "letter"
title = "Reply on the boathouse lease"
```

Each table is a file's path relative to the folder holding ``sources.toml``. A bad file (a file
that is not there, a date that is no calendar date, a kind outside the vocabulary, a key
claimcheck does not know) is a :class:`~claimcheck.errors.ConfigError` naming the line; it is
raised before anything is written, so an index is left as it was.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from ..text.dates import parse_date
from .identity import KINDS, normalise_kind

__all__ = ["OVERRIDES_FILE", "Override", "read_overrides", "write_override"]

OVERRIDES_FILE = "sources.toml"
_KEYS = ("date", "kind", "title")


@dataclass(frozen=True)
class Override:
    date: str | None
    kind: str | None
    title: str | None


def _line_of(raw: str, name: str, key: str | None = None) -> int:
    """The line number of ``name``'s table (or of ``key`` inside it), for messages."""
    lines = raw.splitlines()
    start = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("[") and name in stripped:
            start = i
            break
    if key is None:
        return start + 1
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped.startswith("["):
            break
        if re.match(rf"^\"?{re.escape(key)}\"?\s*=", stripped):
            return i + 1
    return start + 1


def read_overrides(root: Path) -> dict[str, Override]:
    """The ``sources.toml`` in ``root`` (empty when there is none), checked in full."""
    path = root / OVERRIDES_FILE
    if not path.is_file():
        return {}
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path} ({exc}); fix or delete it") from exc
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}; fix the file or delete it") from exc
    out: dict[str, Override] = {}
    for name, entry in data.items():
        line = _line_of(raw, name)
        if not isinstance(entry, dict):
            raise ConfigError(
                f'{path} line {line}: {name!r} must be a table (["{name}"] then date, kind, '
                "title lines)"
            )
        if not (root / name).is_file():
            raise ConfigError(
                f"{path} line {line}: no file {name!r} beside it; give the path relative to "
                f"{root} or remove the entry"
            )
        for key in entry:
            if key not in _KEYS:
                raise ConfigError(
                    f"{path} line {_line_of(raw, name, key)}: unknown key {key!r} for {name!r} "
                    f"(use {', '.join(_KEYS)})"
                )
        date = entry.get("date")
        if date is not None:
            value = str(date)
            day = parse_date(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
            if day is None:
                raise ConfigError(
                    f"{path} line {_line_of(raw, name, 'date')}: date {value!r} for {name!r} is "
                    "not a calendar date; write it as YYYY-MM-DD"
                )
            date = day
        kind = entry.get("kind")
        if kind is not None:
            found = normalise_kind(str(kind))
            if found is None:
                raise ConfigError(
                    f"{path} line {_line_of(raw, name, 'kind')}: unknown kind {kind!r} for "
                    f"{name!r} (use one of {', '.join(KINDS)})"
                )
            kind = found
        title = entry.get("title")
        out[Path(name).as_posix()] = Override(
            date=date, kind=kind, title=str(title) if title is not None else None
        )
    return out


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def write_override(
    root: Path,
    name: str,
    *,
    date: str | None = None,
    kind: str | None = None,
    title: str | None = None,
) -> Override:
    """Set what the user says about ``name`` (relative to ``root``) in ``root/sources.toml``,
    keeping the other entries; the file is replaced whole (never half-written). Raises
    ConfigError for a bad date or kind, or a file that is not there."""
    existing = read_overrides(root)
    if not (root / name).is_file():
        raise ConfigError(f"no source {name!r} in {root} (check the path)")
    if date is not None:
        day = parse_date(date) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
        if day is None:
            raise ConfigError(f"date {date!r} is not a calendar date; write it as YYYY-MM-DD")
        date = day
    if kind is not None:
        found = normalise_kind(kind)
        if found is None:
            raise ConfigError(f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
        kind = found
    old = existing.get(name, Override(None, None, None))
    new = Override(date=date or old.date, kind=kind or old.kind, title=title or old.title)
    existing[name] = new
    lines = ["# What each source is, as the user says (claimcheck index set writes this).", ""]
    for key in sorted(existing):
        entry = existing[key]
        lines.append(f"[{_toml_string(key)}]")
        for field in _KEYS:
            value = getattr(entry, field)
            if value is not None:
                lines.append(f"{field} = {_toml_string(value)}")
        lines.append("")
    path = root / OVERRIDES_FILE
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, path)
    return new
