"""The command line, driven with CliRunner: exit codes, stderr, files written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.conftest import SAMPLE_DRAFTS

runner = CliRunner()
DRAFT = SAMPLE_DRAFTS / "netflix_genai_story.md"


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def assert_one_line_error(result, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and fragment in lines[0]
    assert "Traceback" not in result.output


def test_cli_help_lists_the_three_jobs() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("verify", "index", "report"):
        assert command in result.stdout


def test_cli_verify_writes_json_and_markdown(sample_index_path: Path, tmp_path: Path) -> None:
    out_json, out_md = tmp_path / "r.json", tmp_path / "r.md"
    result = run(
        "verify",
        str(DRAFT),
        "--index",
        str(sample_index_path),
        "-o",
        str(out_json),
        "-o",
        str(out_md),
    )
    assert result.exit_code == 0, result.output
    assert "CONTRADICTED" in result.stdout and "quote altered" in result.stdout
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    assert data["counts"]["contradicted"] >= 4
    first = data["judgments"][0]
    assert {"statement", "verdict", "confidence", "reason", "evidence"} <= set(first)
    assert {"doc_id", "title"} <= set(first["evidence"][0]["source"])
    assert "## Contradicted" in out_md.read_text(encoding="utf-8")


def test_cli_verify_fail_on_exits_3(sample_index_path: Path) -> None:
    result = run(
        "verify",
        str(DRAFT),
        "--index",
        str(sample_index_path),
        "--fail-on",
        "contradicted",
        "-f",
        "json",
    )
    assert result.exit_code == 3
    assert "flagged" in result.stderr
    json.loads(result.stdout)  # the JSON on stdout stays parseable


def test_cli_fail_on_does_not_trip_on_a_clean_draft(
    sample_index_path: Path, tmp_path: Path
) -> None:
    draft = tmp_path / "clean.md"
    draft.write_text(
        "The final season of Squid Game drew 60.1 million views in its first three days.\n"
    )
    result = run(
        "verify", str(draft), "--index", str(sample_index_path), "--fail-on", "unverifiable"
    )
    assert result.exit_code == 0, result.output


def test_cli_report_show_reads_a_saved_report(sample_index_path: Path, tmp_path: Path) -> None:
    saved = tmp_path / "r.json"
    assert (
        run(
            "verify", str(DRAFT), "--index", str(sample_index_path), "-o", str(saved), "-f", "json"
        ).exit_code
        == 0
    )
    result = run("report", "show", str(saved), "--only", "contradicted")
    assert result.exit_code == 0
    assert "CONTRADICTED" in result.stdout and "SUPPORTED" not in result.stdout
    md = run("report", "show", str(saved), "--format", "md")
    assert md.stdout.startswith("# claimcheck report")


def test_cli_index_build_and_status(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("---\ntitle: Note\n---\nRevenue rose 16% to $11 billion.\n")
    (src / "bad.txt").write_bytes(b"\x00\x01")
    idx = tmp_path / "idx"
    result = run("index", "build", str(src), "--index", str(idx), "--quiet")
    assert result.exit_code == 0, result.output
    assert "Indexed 1 documents" in result.stdout
    assert "skipped" in result.stderr and "binary" in result.stderr
    status = run("index", "status", "--index", str(idx))
    assert status.exit_code == 0
    assert "all-MiniLM-L6-v2" in status.stdout and "Note" in status.stdout


def test_cli_extract_json(tmp_path: Path) -> None:
    result = run("extract", str(DRAFT), "--format", "json")
    statements = json.loads(result.stdout)
    assert any(s["kind"] == "quote" and s["speaker"] == "Ted Sarandos" for s in statements)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "draft not found"),
        (b"", "draft is empty"),
        (b"\x00PK\x03", "binary"),
        (b"caf\xe9", "UTF-8"),
    ],
)
def test_cli_verify_bad_drafts(
    sample_index_path: Path, tmp_path: Path, content: bytes | None, fragment: str
) -> None:
    draft = tmp_path / "draft.md"
    if content is not None:
        draft.write_bytes(content)
    out = tmp_path / "report.json"
    result = run("verify", str(draft), "--index", str(sample_index_path), "-o", str(out))
    assert_one_line_error(result, fragment)
    assert not out.exists()


def test_cli_verify_missing_index(tmp_path: Path) -> None:
    result = run("verify", str(DRAFT), "--index", str(tmp_path / "nope"))
    assert_one_line_error(result, "no index at")


def test_cli_verify_index_from_another_model(sample_index_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "idx"
    shutil.copytree(sample_index_path, copy)
    (manifest,) = copy.glob("gen-*/manifest.json")
    data = json.loads(manifest.read_text())
    data["model"]["id"] = "intfloat/e5-small"
    manifest.write_text(json.dumps(data))
    result = run("verify", str(DRAFT), "--index", str(copy))
    assert_one_line_error(result, "built with intfloat/e5-small")
    assert "rebuild" in result.stderr


def test_cli_verify_corrupt_manifest(sample_index_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "idx"
    shutil.copytree(sample_index_path, copy)
    (manifest,) = copy.glob("gen-*/manifest.json")
    manifest.write_text("{")
    assert_one_line_error(run("verify", str(DRAFT), "--index", str(copy)), "corrupt")


def test_cli_index_build_empty_folder_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    idx = tmp_path / "idx"
    result = run("index", "build", str(tmp_path / "empty"), "--index", str(idx))
    assert_one_line_error(result, "no source documents")
    assert not idx.exists()


def test_cli_report_show_rejects_other_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"schema_version": 0, "judgments": []}))
    assert_one_line_error(run("report", "show", str(path)), "schema version 0")
    path.write_text("[1, 2]")
    assert_one_line_error(run("report", "show", str(path)), "not a claimcheck report")


def test_cli_bad_output_suffix_and_bad_config(sample_index_path: Path, tmp_path: Path) -> None:
    result = run(
        "verify", str(DRAFT), "--index", str(sample_index_path), "-o", str(tmp_path / "r.pdf")
    )
    assert_one_line_error(result, "use a .json, .md or .html file name")
    config = tmp_path / "claimcheck.toml"
    config.write_text("top_k = 0\n")
    result = run("verify", str(DRAFT), "--index", str(sample_index_path), "--config", str(config))
    assert_one_line_error(result, "top_k must be between 1 and 100")


def test_cli_usage_error_exits_2() -> None:
    assert run("verify").exit_code == 2


def test_cli_extract_reads_html_drafts(tmp_path: Path) -> None:
    draft = tmp_path / "draft.html"
    draft.write_text(
        "<html><head><script>var x = 1;</script></head><body><nav>Home | Sections</nav>"
        "<p>Revenue rose 16% to $11 billion in the quarter.</p></body></html>",
        encoding="utf-8",
    )
    result = run("extract", str(draft), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [s["text"] for s in json.loads(result.stdout)] == [
        "Revenue rose 16% to $11 billion in the quarter."
    ]


def test_cli_index_check_and_status_report_changes(tmp_path: Path) -> None:
    import sqlite3

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("Revenue rose 16% to $11 billion in the quarter.\n")
    (src / "b.md").write_text("Rain is expected in Rome on Saturday afternoon.\n")
    idx = tmp_path / "idx"
    assert run("index", "build", str(src), "--index", str(idx), "-q").exit_code == 0
    check = run("index", "check", "--index", str(idx))
    assert check.exit_code == 0 and "sound" in check.stdout
    assert "Up to date" in run("index", "status", "--index", str(idx)).stdout

    (src / "a.md").write_text("Revenue rose 18% to $11 billion in the quarter.\n")
    (src / "c.md").write_text("A new source about the museum reopening.\n")
    (src / "b.md").unlink()
    status = run("index", "status", "--index", str(idx)).stdout
    assert "changed since this build: a.md" in status
    assert "new since this build: c.md" in status
    assert "removed since this build: b.md" in status

    (store,) = idx.glob("gen-*/store.sqlite")
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE documents SET text = 'tampered' WHERE source = 'a.md'")
    result = run("index", "check", "--index", str(idx))
    assert result.exit_code == 1
    assert "does not match its recorded hash" in result.stderr
    assert "--full" in result.stderr.splitlines()[-1]


def test_cli_index_build_strict_fails_on_skipped_files(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("Revenue rose 16% to $11 billion.\n")
    (src / "bad.txt").write_bytes(b"\x00\x01")
    result = run("index", "build", str(src), "--index", str(tmp_path / "idx"), "-q", "--strict")
    assert result.exit_code == 1
    assert "--strict" in result.stderr.strip().splitlines()[-1]


def test_cli_index_build_device_errors(tmp_path: Path) -> None:
    import torch

    from tests.conftest import SAMPLE_SOURCES

    result = run(
        "index", "build", str(SAMPLE_SOURCES), "-i", str(tmp_path / "i"), "--device", "tpu"
    )
    assert_one_line_error(result, "unknown device 'tpu'")
    if not torch.cuda.is_available():
        result = run(
            "index", "build", str(SAMPLE_SOURCES), "-i", str(tmp_path / "i"), "--device", "cuda"
        )
        assert_one_line_error(result, "no CUDA GPU")
    assert not (tmp_path / "i").exists()  # nothing half-written
