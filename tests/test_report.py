from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import Embedder, Settings, load_report, render_markdown, save_report, verify
from claimcheck.errors import ReportError
from claimcheck.index import Index
from claimcheck.types import Report
from tests.conftest import SAMPLE_DRAFTS


@pytest.fixture(scope="module")
def report(sample_index: Index, embedder: Embedder) -> Report:
    return verify(
        SAMPLE_DRAFTS / "ai_in_production_roundup.md",
        index=sample_index,
        embedder=embedder,
        settings=Settings(),
    )


def test_report_json_round_trips_exactly(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    save_report(report, path)
    loaded = load_report(path)
    assert loaded.to_dict() == Report.from_dict(report.to_dict()).to_dict()
    assert [j.verdict for j in loaded.judgments] == [j.verdict for j in report.judgments]
    assert not list(tmp_path.glob(".r.json.*"))  # no temporary file left behind


def test_report_records_provenance(report: Report) -> None:
    assert report.index_manifest["model"]["id"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert report.versions["torch"].startswith("2.13.0")
    assert report.settings["top_k"] == 5
    assert len(report.draft.sha256) == 64


def test_report_markdown_shows_diff_reason_and_evidence(report: Report) -> None:
    md = render_markdown(report)
    assert "| contradicted |" in md
    assert "Word diff (draft vs source)" in md
    assert "[-less-]{+more+}" in md
    assert "misattributed" in md and "Davier Yoon" in md
    assert "Evidence: *Interview: CraveFX co-founder Davier Yoon" in md


def test_report_damaged_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"schema_version": 2, "draft": {}}', encoding="utf-8")
    with pytest.raises(ReportError, match="damaged"):
        load_report(path)
