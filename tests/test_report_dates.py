"""Each piece of evidence carries its source's date and where that date came from, through the
report (JSON, Markdown, HTML) and `check --against`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.types import SourceRef

runner = CliRunner()

NOTE = (
    "Title: Depot note\nDate: 2025-06-11\nKind: statement\n\n"
    "The Ferrow depot will add 14 electric buses this year.\n"
)


def test_source_ref_says_where_its_date_came_from() -> None:
    ref = SourceRef("d", "T", "email", "2025-06-11", "a.eml", None, date_from="e-mail header")
    assert ref.dated == "2025-06-11 (e-mail header)"
    assert SourceRef.from_dict(ref.to_dict()) == ref
    undated = SourceRef("d", "T", "other", None, "a.txt", None)
    assert undated.dated == "no date of its own"
    assert "date_from" not in undated.to_dict()


def test_report_evidence_shows_date_provenance(tmp_path: Path) -> None:
    src = tmp_path / "note.txt"
    src.write_text(NOTE, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("The Ferrow depot will add 14 electric buses this year.\n", encoding="utf-8")
    out_json, out_md = tmp_path / "r.json", tmp_path / "r.md"
    result = runner.invoke(app, ["verify", str(draft), "--against", str(src), "--no-nli",
                                 "-o", str(out_json), "-o", str(out_md)])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(out_json.read_text(encoding="utf-8"))
    source = report["judgments"][0]["evidence"][0]["source"]
    assert source["date"] == "2025-06-11"
    assert "header" in source["date_from"]
    assert "2025-06-11 (" in out_md.read_text(encoding="utf-8")
