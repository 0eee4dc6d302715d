"""Reports as JSON files, written atomically and read with a schema-version check."""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ..errors import ReportError
from ..textfile import read_text
from ..types import SCHEMA_VERSION, Report

__all__ = [
    "dumps_report",
    "load_report",
    "report_schema",
    "save_report",
    "schema_errors",
    "write_atomic",
]


@cache
def report_schema() -> dict[str, Any]:
    """The report's JSON Schema, shipped as claimcheck/report/report.schema.json."""
    text = resources.files(__package__).joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_errors(data: object) -> list[str]:
    """Where ``data`` breaks the report schema, as ``path: message`` lines; empty when valid."""
    validator = Draft202012Validator(report_schema())
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]


def dumps_report(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and rename: never half-written."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file normal permissions
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ReportError(
                f"cannot write {path}: {exc.strerror or exc} (pick a file in a folder you can "
                "write to)"
            ) from exc
        raise


def save_report(report: Report, path: Path) -> None:
    write_atomic(path, dumps_report(report))


def load_report(path: Path) -> Report:
    text, _ = read_text(path, what="report")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(
            f"{path} is not a claimcheck report (invalid JSON at line {exc.lineno})"
        ) from exc
    if not isinstance(data, dict) or "schema_version" not in data:
        raise ReportError(f"{path} is not a claimcheck report (no schema_version)")
    if data["schema_version"] != SCHEMA_VERSION:
        raise ReportError(
            f"{path} has report schema version {data['schema_version']}; this claimcheck reads "
            f"version {SCHEMA_VERSION} (re-run `claimcheck verify` to regenerate it)"
        )
    problems = schema_errors(data)
    if problems:
        raise ReportError(
            f"{path} is a damaged claimcheck report ({problems[0]}); re-run `claimcheck verify`"
        )
    try:
        return Report.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportError(
            f"{path} is a damaged claimcheck report ({exc!r}); re-run `claimcheck verify`"
        ) from exc
