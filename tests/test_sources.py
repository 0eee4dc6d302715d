from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.errors import InputError, SourceError
from claimcheck.sources import load_document, load_sources
from tests.conftest import SAMPLE_SOURCES


def test_sources_sample_newsroom_loads_every_document_with_metadata() -> None:
    result = load_sources([SAMPLE_SOURCES])
    assert not result.skipped
    assert len(result.documents) >= 12
    kinds = {d.kind for d in result.documents}
    assert {"transcript", "letter", "press_release", "wire", "story", "report"} <= kinds
    assert all(d.date for d in result.documents)


def test_sources_transcript_turns_keep_speakers_and_spans() -> None:
    doc = load_document(SAMPLE_SOURCES / "2025-07-17_q2_earnings_interview_transcript.txt")
    assert doc.kind == "transcript"
    assert "Ted Sarandos" in doc.speakers and "Greg Peters" in doc.speakers
    for speaker, (start, end) in doc.turns:
        assert not doc.text[start:end].startswith(speaker)
        assert doc.text[:start].rstrip().endswith(":")


def test_sources_json_transcript(tmp_path: Path) -> None:
    path = tmp_path / "panel.json"
    path.write_text(
        json.dumps({"title": "Panel", "turns": [{"speaker": "ANA DIAZ", "text": "We said it."}]}),
        encoding="utf-8",
    )
    doc = load_document(path)
    assert doc.speakers == ("Ana Diaz",)
    (speaker, (start, end)), *_ = doc.turns
    assert doc.text[start:end] == "We said it."


def test_sources_html_drops_boilerplate() -> None:
    doc = load_document(SAMPLE_SOURCES / "2025-07-18_press_release_eternauta.html")
    assert "El Eternauta" in doc.text
    for junk in ("analytics", "Careers", "newsletter", "All rights reserved", "font-family"):
        assert junk not in doc.text
    assert doc.title == "El Eternauta brings generative AI to the screen"
    assert doc.date == "2025-07-18"


def test_sources_front_matter_and_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: A note\nkind: analyst_note\n---\nBody text here.", encoding="utf-8"
    )
    (tmp_path / "note.md.meta.json").write_text(
        json.dumps({"date": "2025-01-02"}), encoding="utf-8"
    )
    doc = load_document(path, root=tmp_path)
    assert (doc.title, doc.kind, doc.date, doc.text) == (
        "A note",
        "report",
        "2025-01-02",
        "Body text here.",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"   \n", "empty"),
        ("binary.txt", b"\x00\x01\x02binary", "binary"),
        ("latin.txt", "caf\u00e9".encode("latin-1"), "not valid UTF-8"),
        ("bad.json", b"{not json", "not valid JSON"),
        ("image.png", b"\x89PNG", "unsupported file type"),
    ],
)
def test_sources_bad_files_raise_clear_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises((InputError, SourceError), match=message):
        load_document(path)


def test_sources_bad_files_are_skipped_but_good_ones_load(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A real sentence about revenue.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02bad\x00\xff")  # no BOM: binary
    result = load_sources([tmp_path])
    assert [d.source for d in result.documents] == ["good.txt"]
    assert len(result.skipped) == 1 and "binary" in result.skipped[0].reason


def test_sources_empty_folder_and_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no source documents"):
        load_sources([tmp_path])
    with pytest.raises(InputError, match="not found"):
        load_sources([tmp_path / "nope"])
