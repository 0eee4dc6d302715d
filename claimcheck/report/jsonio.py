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
from ..text.files import read_text
from ..types import SCHEMA_VERSION, Report

__all__ = [
    "EVIDENCE_TEXT_MAX",
    "INDENTED_MAX_CHARS",
    "REPORT_MAX_BYTES",
    "dumps_report",
    "load_report",
    "report_schema",
    "save_report",
    "schema_errors",
    "write_atomic",
]


# A report holds each statement's evidence passages (up to 2,000 characters each, top_k of them):
# for a 200,000-word draft that came to more than claimcheck reads back. The saved text of a
# longer passage is its first EVIDENCE_TEXT_MAX characters, cut at a word, with ``full_length``;
# the whole passage stays in the index, as document ``doc_id`` at ``span``.
EVIDENCE_TEXT_MAX = 600
# The largest report load_report reads, and so the largest save_report writes. A report is
# claimcheck's own output, several times its draft: a 200,000-word draft's is about 50 MiB.
REPORT_MAX_BYTES = 256 * 1024 * 1024
INDENTED_MAX_CHARS = 16 * 1024 * 1024  # a larger report is written without indentation


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


def _trimmed(data: dict[str, Any]) -> dict[str, Any]:
    for judgment in data["judgments"]:
        for evidence in judgment["evidence"]:
            passage = evidence["passage"]
            text = passage["text"]
            if len(text) > EVIDENCE_TEXT_MAX:
                head = text[: EVIDENCE_TEXT_MAX - 2]
                head = head.rsplit(" ", 1)[0] if " " in head.strip() else head
                passage["text"] = head.rstrip() + " …"
                passage["full_length"] = len(text)
    return data


def dumps_report(report: Report) -> str:
    """The report as JSON, long evidence trimmed; without indentation (a third smaller) when
    indented it would pass INDENTED_MAX_CHARS (a huge draft)."""
    data = _trimmed(report.to_dict())
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if len(text) > INDENTED_MAX_CHARS:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return text


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
    """Write ``report`` to ``path`` atomically; refused, with nothing written, when it would be
    larger than load_report reads (so whatever is saved can be read back)."""
    text = dumps_report(report)
    size = len(text.encode("utf-8"))
    if size > REPORT_MAX_BYTES:
        mib = 1024 * 1024
        raise ReportError(
            f"the report would be {size // mib} MiB, over the {REPORT_MAX_BYTES // mib} MiB "
            f"claimcheck reads; nothing was written to {path} (split the draft, or lower top_k)"
        )
    write_atomic(path, text)


def load_report(path: Path) -> Report:
    text, _ = read_text(path, what="report", max_bytes=REPORT_MAX_BYTES)
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
