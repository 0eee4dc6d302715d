"""Source identity: date, kind and title with provenance, each provenance on a file written here."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.config import Settings
from claimcheck.errors import ConfigError
from claimcheck.index import build_index, load_index
from claimcheck.models.embedder import Embedder
from claimcheck.sources import load_sources, read_source
from claimcheck.sources.overrides import write_override
from claimcheck.sources.score import score_identity
from claimcheck.text.dates import parse_date

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "newsrooms"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _pdf(path: Path, text: str, created: str) -> None:
    """A one-page PDF with ``text`` and a creation date, written by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /CreationDate (D:{created}090000) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def test_identity_header_lines_are_metadata_not_turns(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "notes.txt",
        "Title: Union statement on the strike vote\nDate: 2025-06-09\nKind: statement\n\n"
        "Members voted on Saturday, June 7, to authorize a strike. No date has been set.\n",
    )
    doc = read_source(path)
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from) == ("2025-06-09", "Date: header line")
    assert (doc.kind, doc.title) == ("statement", "Union statement on the strike vote")
    assert doc.turns == ()  # Title:/Date:/Kind: are no speakers


def test_identity_email_headers_beat_dates_in_the_body(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "message.txt",
        "From: Ruth Okello <rokello@ferry.example>\nTo: Sam Reporter <sam@paper.example>\n"
        "Date: Tue, 17 Jun 2025 16:02:11 -0700\nSubject: RE: Toll questions\n\n"
        "Hi Sam,\n\nThe toll changes on Monday, Sept. 1, 2025. Our note of June 3, 2025 "
        "had the old figure.\n",
    )
    doc = read_source(path)
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from) == ("2025-06-17", "Date: e-mail header")
    assert (doc.kind, doc.title) == ("email", "RE: Toll questions")


def test_identity_front_matter(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "budget.md",
        '---\ntitle: "FY2025 Budget Summary"\ndate: 2024-06-11\nauthor: Budget Office\n---\n\n'
        "Adopted on June 11, 2024.\n",
    )
    doc = read_source(path)
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from, doc.title) == (
        "2024-06-11",
        "front matter",
        "FY2025 Budget Summary",
    )


def test_identity_html_meta_date(tmp_path: Path) -> None:
    page = (
        '<html><head><title>Story | Daily</title><meta property="article:published_time" '
        'content="2025-03-03T08:00:00Z"></head><body><article><h1>Bridge reopens</h1>'
        + "<p>The bridge reopened on Monday after two years of repairs, officials said.</p>" * 4
        + "</article></body></html>"
    )
    doc = read_source(_write(tmp_path, "story.html", page))
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from) == ("2025-03-03", "HTML meta article:published_time")
    assert doc.title == "Bridge reopens"


def test_identity_json_ld_date(tmp_path: Path) -> None:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": "2024-02-23", "headline": "Pause"})
    page = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body><article>'
        + "<p>The studio paused its expansion this week, the owner told an interviewer.</p>" * 4
        + "</article></body></html>"
    )
    doc = read_source(_write(tmp_path, "page.html", page))
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from) == ("2024-02-23", "JSON-LD datePublished")
    assert doc.kind == "story"


def test_identity_dateline_dates_a_release(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "r.txt",
        "FOR IMMEDIATE RELEASE\n\nCity Office\nMedia contact: A. Person, (555) 010-2000\n\n"
        "Students post gains in reading\n\nKELMSCOTT, Sept. 11, 2025 — Students improved in "
        "reading on the 2024 tests, the superintendent announced today.\n",
    )
    doc = read_source(path)
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from) == ("2025-09-11", "dateline")
    assert (doc.kind, doc.title) == ("press_release", "Students post gains in reading")


def test_identity_wire_dateline_without_a_year_is_no_date(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "w.txt",
        "Shares jump on trial data\n\nLONDON, March 3 (Wire) - Shares rose 16% on Monday after "
        "the company said its pill cut hospital visits, analysts said.\n",
    )
    doc = read_source(path)
    assert (doc.kind, doc.date) == ("wire", None)


def test_identity_opening_line_date(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "speech.txt",
        "Remarks on the budget\nDelivered: 8 April 2025\n\nThank you all for coming. In 2019 "
        "we set out to fix the roads, and on June 1, 2020 we began.\n",
    )
    doc = read_source(path)
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from) == ("2025-04-08", "dated line in the opening")


def test_identity_docx_properties_only_when_nothing_else(tmp_path: Path) -> None:
    import datetime

    from docx import Document as Word

    word = Word()
    word.core_properties.created = datetime.datetime(2021, 11, 16, 9, 0)
    word.add_paragraph("The committee met and agreed to meet again.")
    path = tmp_path / "memo.docx"
    word.save(str(path))
    doc = read_source(path)
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from) == ("2021-11-16", "DOCX properties")
    word.add_paragraph("Released: 3 May 2022")
    word.paragraphs[0].insert_paragraph_before("Released: 3 May 2022")
    word.save(str(path))
    assert read_source(path).date == "2022-05-03"  # the text comes first


def test_identity_pdf_properties(tmp_path: Path) -> None:
    path = tmp_path / "canvass.pdf"
    _pdf(path, "Turnout was 41 percent of registered voters", "20211116")
    doc = read_source(path)
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from) == ("2021-11-16", "PDF properties")


def test_identity_impossible_date_is_never_a_date(tmp_path: Path) -> None:
    assert parse_date("2025-26-14") is None and parse_date("February 30, 2025") is None
    path = _write(
        tmp_path,
        "minutes.txt",
        "Resolution No. 2025-26-14 was adopted. Moved by Trustee Amadi, seconded by Trustee "
        "Orme. Ayes 5, noes 2. The meeting was adjourned.\n",
    )
    doc = read_source(path)
    assert doc.date is None and doc.identity is not None and doc.identity.date_from == "none"


def test_identity_mtime_is_never_used(tmp_path: Path) -> None:
    path = _write(tmp_path, "undated.txt", "A note with no date of its own, said a spokesman.\n")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    doc = read_source(path)
    assert doc.date is None
    assert doc.title == "Undated"  # from the file name, since the text has no title


def test_identity_kind_from_content_not_file_name(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "notes.txt",
        "Q&A: a union leader on the closures\n\nBy Ines Farrow, Kelmscott Courier\n\n"
        "Dara Quill leads the union. Quill spoke with the Courier on Wednesday.\n\n"
        "Q: How did the members take it?\n\nA: Displeased, and not for the first time.\n\n"
        "Q: Are layoffs coming?\n\nA: Nobody on staff has heard a word so far.\n",
    )
    doc = read_source(path)
    assert doc.kind == "interview"
    assert doc.title == "Q&A: a union leader on the closures"
    answers = {who for who, (a, b) in doc.turns if doc.text[a:b].startswith(("Dis", "Nobody"))}
    assert answers == {"Dara Quill"}
    assert doc.identity is not None and doc.identity.outlet == "Kelmscott Courier"


def test_identity_csv_rows_read_with_headers(tmp_path: Path) -> None:
    path = _write(tmp_path, "capacity.csv", "School,Enrollment,Capacity\nFairview,212,450\n")
    doc = read_source(path)
    assert doc.kind == "table" and doc.identity is not None and doc.identity.title is None
    assert "School: Fairview; Enrollment: 212; Capacity: 450." in doc.text
    start, end = doc.blocks[-1]
    assert doc.text[start:end].endswith("Capacity: 450.")


def test_identity_xlsx_rows_read_with_headers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Line item", "FY2026"])
    sheet.append(["Fares", 38.9])
    path = tmp_path / "budget.xlsx"
    book.save(path)
    doc = read_source(path)
    assert doc.kind == "table" and "Line item: Fares; FY2026: 38.9." in doc.text


def test_identity_sources_toml_is_trusted_first(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Title: Old title\nDate: 2025-01-02\n\nSome text, he said.\n")
    _write(tmp_path, "sources.toml", '["a.txt"]\ndate = "2025-06-11"\nkind = "email"\n')
    (doc,) = load_sources([tmp_path]).documents
    assert doc.identity is not None
    assert (doc.date, doc.identity.date_from, doc.kind) == ("2025-06-11", "sources.toml", "email")
    assert doc.title == "Old title"


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('["missing.txt"]\ndate = "2025-01-01"\n', "line 1: no file 'missing.txt'"),
        ('["a.txt"]\nkind = "email"\ndate = "2025-26-14"\n', "line 3: date '2025-26-14'"),
        ('["a.txt"]\nkind = "gossip"\n', "line 2: unknown kind 'gossip'"),
    ],
)
def test_identity_bad_sources_toml_names_the_line(tmp_path: Path, toml: str, words: str) -> None:
    _write(tmp_path, "a.txt", "Some text, he said.\n")
    _write(tmp_path, "sources.toml", toml)
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")):
        load_sources([tmp_path])
    result = CliRunner().invoke(app, ["read", str(tmp_path / "a.txt")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and words in " ".join(result.output.split())


def test_identity_index_set_redates_without_reembedding(tmp_path: Path, embedder: Embedder) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _write(src, "a.txt", "Notes\n\nThe council voted 7-2 on the budget, the clerk said.\n")
    _write(src, "b.txt", "Other notes\n\nRidership rose 4 percent last year, the agency said.\n")
    index = tmp_path / "idx"
    build_index([src], index, embedder=embedder, settings=Settings())
    runner = CliRunner()
    result = runner.invoke(
        app, ["index", "set", "a.txt", "--index", str(index), "--date", "2025-06-11",
              "--kind", "minutes"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "0 embedded" in result.output
    status = json.loads(runner.invoke(app, ["index", "status", "-i", str(index), "--json"]).output)
    files = {f["path"]: f for f in status["files"]}
    assert files["a.txt"]["date"] == "2025-06-11" and files["a.txt"]["date_from"] == "sources.toml"
    assert files["a.txt"]["kind"] == "minutes" and files["b.txt"]["date"] is None
    again = build_index([src], index, embedder=embedder, settings=Settings())
    assert again.embedded == 0
    idx = load_index(index)
    try:
        assert idx.store.identities()["a.txt"].date == "2025-06-11"
    finally:
        idx.close()
    bad = runner.invoke(app, ["index", "set", "a.txt", "-i", str(index), "--date", "2025-26-14"])
    assert bad.exit_code == 1 and "not a calendar date" in bad.output


def test_identity_write_override_refuses_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no source"):
        write_override(tmp_path, "nope.txt", date="2025-01-01")


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/newsrooms")
def test_identity_visible_newsrooms_meet_the_targets() -> None:
    rooms = sorted(p for p in SHARED.iterdir() if (p / "sources.json").is_file())
    score = score_identity(rooms)
    assert score.unread == 0
    assert score.dated_share >= 0.95 and score.kinds_share >= 0.90
