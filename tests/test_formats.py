"""PDF, Word and caption sources, written here with real libraries or by hand."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from claimcheck.errors import SourceError
from claimcheck.sources import load_document


def _pdf(text: str) -> bytes:
    """A minimal one-page PDF showing ``text`` in Helvetica."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def test_formats_pdf_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "filing.pdf"
    path.write_bytes(_pdf("Revenue rose 16% to 11.08 billion dollars in the quarter."))
    doc = load_document(path)
    assert "Revenue rose 16% to 11.08 billion dollars" in doc.text


def test_formats_broken_pdf_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(SourceError, match="PDF"):
        load_document(path)


def test_formats_docx_paragraphs_tables_and_title(tmp_path: Path) -> None:
    from docx import Document

    word = Document()
    word.core_properties.title = "Q2 letter"
    word.add_paragraph("Net income rose to $3.1 billion from $2.1 billion.")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Revenue"
    table.rows[0].cells[1].text = "$11,079M"
    path = tmp_path / "letter.docx"
    word.save(str(path))
    doc = load_document(path)
    assert doc.title == "Q2 letter"
    assert "Net income rose to $3.1 billion" in doc.text and "| Revenue | $11,079M |" in doc.text


def test_formats_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    zeros = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as fh,
    ):
        for _ in range(210):
            fh.write(zeros)
    with pytest.raises(SourceError, match="zip bomb"):
        load_document(path)


def test_formats_captions_keep_speakers(tmp_path: Path) -> None:
    vtt = tmp_path / "call.vtt"
    vtt.write_text(
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\n<v Ted Sarandos>We finished it ten times faster.\n\n"
        "00:00:04.500 --> 00:00:06.000\n<v Ted Sarandos>And it cost less.\n\n"
        "00:00:06.500 --> 00:00:09.000\n<v Greg Peters>It helps our creators.\n",
        encoding="utf-8",
    )
    doc = load_document(vtt)
    assert doc.kind == "transcript" and doc.speakers == ("Ted Sarandos", "Greg Peters")
    (first, (s, e)), _ = doc.turns
    assert (
        first == "Ted Sarandos"
        and doc.text[s:e] == "We finished it ten times faster. And it cost less."
    )

    srt = tmp_path / "panel.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nDAVIER YOON: AI is a tool.\n\n"
        "2\n00:00:03,500 --> 00:00:05,000\nPRIYA RAMAN: Consent matters.\n",
        encoding="utf-8",
    )
    assert load_document(srt).speakers == ("DAVIER YOON", "PRIYA RAMAN")


def _broken_tables(folder: Path) -> list[Path]:
    """A CSV whose unclosed quote swallows the rest of the file (one field past the csv
    module's limit) and an .xlsx that is no zip archive."""
    folder.mkdir()
    csv_path = folder / "capacity.csv"
    csv_path.write_text('School,Seats\nFairview,"212\n' + "x" * 140_000 + "\n", encoding="utf-8")
    xlsx_path = folder / "budget.xlsx"
    xlsx_path.write_bytes(b"this workbook is not a zip archive")
    return [csv_path, xlsx_path]


def test_formats_broken_tables_are_one_line_errors(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    runner = CliRunner()
    for path in _broken_tables(tmp_path / "src"):
        with pytest.raises(SourceError, match=f"{path.name} is not a readable"):
            load_document(path)
        result = runner.invoke(app, ["read", str(path)])
        assert result.exit_code == 1, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and path.name in lines[0]
        assert "Traceback" not in result.output


def test_formats_index_of_only_broken_tables_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    _broken_tables(tmp_path / "src")
    index = tmp_path / "index"
    result = CliRunner().invoke(
        app, ["index", "build", str(tmp_path / "src"), "--index", str(index)]
    )
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: no readable source documents") and "re-save it" in line
    assert "Traceback" not in result.output
    assert not (index / "CURRENT").exists()
