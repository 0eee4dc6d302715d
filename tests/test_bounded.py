"""Bounded work on huge inputs: NER in capped pieces, quote extraction linear, reports that
claimcheck can read back whatever size the draft, sources folders with links in them."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimcheck import Embedder, Settings, verify
from claimcheck.cli import app
from claimcheck.errors import ReportError
from claimcheck.extract import entities
from claimcheck.extract.entities import PERSON, mentions
from claimcheck.extract.quotes import find_quotes
from claimcheck.index import Index
from claimcheck.report import jsonio
from claimcheck.report.jsonio import (
    EVIDENCE_TEXT_MAX,
    REPORT_MAX_BYTES,
    dumps_report,
    load_report,
    save_report,
)
from claimcheck.sources import load_sources
from claimcheck.text.files import MAX_TEXT_BYTES
from claimcheck.types import Judgment, Report
from tests.conftest import SAMPLE_DRAFTS

runner = CliRunner()


@pytest.fixture
def ner_sizes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The size of every text handed to the NER model, with the cap set to 400 characters."""
    sizes: list[int] = []
    real: Callable[[], Any] = entities._nlp

    def spy() -> Callable[[str], Any]:
        def run(text: str) -> Any:
            sizes.append(len(text))
            return real()(text)

        return run

    entities._entities.cache_clear()
    monkeypatch.setattr(entities, "_nlp", spy)
    monkeypatch.setattr(entities, "NER_MAX_CHARS", 400)
    yield sizes
    entities._entities.cache_clear()


def test_bounded_ner_gets_at_most_the_cap_and_finds_names_in_every_piece(
    ner_sizes: list[int],
) -> None:
    # A draft written as one paragraph with no sentence end: one "sentence" of 6,000 characters
    # (at full size, 1.5 MB went to spaCy whole and failed with E088).
    part = '"revenue rose again" said Maria Lopes of Acme Corp in Lisbon and '
    text = part * (6000 // len(part)) + "then left.\n"
    found = mentions(text)
    assert ner_sizes and max(ner_sizes) <= 400
    people = [m for m in found if m.kind == PERSON and m.text == "Maria Lopes"]
    assert len(people) == text.count("Maria Lopes")
    assert all(text[m.start : m.end] == m.text for m in found)
    assert [q.speaker for q in find_quotes(text)][:3] == ["Maria Lopes"] * 3


def test_bounded_text_under_the_cap_is_one_call_with_the_same_names(
    ner_sizes: list[int],
) -> None:
    text = "Mireille Osei joined Quayside Capital in Lisbon. Osei said so."
    found = mentions(text)
    assert ner_sizes == [len(text)]
    assert [(m.text, m.kind) for m in found][:2] == [
        ("Mireille Osei", PERSON),
        ("Quayside Capital", "ORG"),
    ]


def test_bounded_pronoun_quotes_in_one_huge_paragraph_read_a_window_not_the_paragraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each "she added" used to send the whole paragraph before it to NER: quadratic work.
    from claimcheck.extract import speakers

    read: list[int] = []

    def counted(text: str, known: frozenset[str] = frozenset()) -> tuple[entities.Mention, ...]:
        read.append(len(text))
        return mentions(text, known)

    monkeypatch.setattr(speakers, "mentions", counted)
    monkeypatch.setattr(speakers, "OWN_PARAGRAPH_MAX", 300)
    part = '"Revenue rose again this year," Maria Lopes said. She added, "profit fell too." '
    text = part * 60
    quotes = find_quotes(text)
    assert len(quotes) == 120
    assert {q.speaker for q in quotes} == {"Maria Lopes"}
    # Each sentence once for genders, then a window of at most 300 characters per pronoun
    # quote: linear in the paragraph, not its square.
    assert sum(read) < 8 * len(text)


@pytest.fixture(scope="module")
def sample_report(sample_index: Index, embedder: Embedder) -> Report:
    return verify(
        SAMPLE_DRAFTS / "ai_in_production_roundup.md",
        index=sample_index, embedder=embedder, settings=Settings(),
    )  # fmt: skip


def _with_long_evidence(report: Report, copies: int = 1) -> Report:
    """``report`` with every evidence passage 2,000 characters long, its judgments ``copies``
    times over (as a much longer draft would have)."""
    long = ("revenue rose in every quarter of the year " * 50)[:2000]

    def lengthen(j: Judgment) -> Judgment:
        evidence = tuple(replace(e, passage=replace(e.passage, text=long)) for e in j.evidence)
        return replace(j, evidence=evidence)

    return replace(report, judgments=tuple(lengthen(j) for j in report.judgments) * copies)


def test_bounded_report_trims_long_evidence_and_keeps_it_by_reference(
    sample_report: Report, tmp_path: Path
) -> None:
    report = _with_long_evidence(sample_report)
    path = tmp_path / "report.json"
    save_report(report, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    passages = [e["passage"] for j in saved["judgments"] for e in j["evidence"]]
    assert passages
    originals = [e.passage for j in report.judgments for e in j.evidence]
    for saved_passage, passage in zip(passages, originals, strict=True):
        assert len(saved_passage["text"]) <= EVIDENCE_TEXT_MAX
        assert saved_passage["text"].endswith(" …")
        assert passage.text.startswith(saved_passage["text"][:-2])
        assert saved_passage["full_length"] == 2000
        assert (saved_passage["doc_id"], tuple(saved_passage["span"])) == (
            passage.doc_id,
            passage.span,
        )
    loaded = load_report(path)
    assert [j.statement.id for j in loaded.judgments] == [j.statement.id for j in report.judgments]
    # A passage within the limit is saved whole.
    save_report(sample_report, path)
    short = [e.passage.text for j in sample_report.judgments for e in j.evidence]
    assert all(len(t) <= EVIDENCE_TEXT_MAX for t in short)
    assert [e.passage.text for j in load_report(path).judgments for e in j.evidence] == short


def test_bounded_whatever_verify_saves_report_show_reads(
    sample_report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert REPORT_MAX_BYTES > 4 * MAX_TEXT_BYTES  # a 200,000-word draft's report is ~50 MiB
    # A report larger than the old 50 MiB read limit, at a scale a test can afford: both
    # limits a thousandth of their size.
    report = _with_long_evidence(sample_report, copies=3)
    monkeypatch.setattr(jsonio, "INDENTED_MAX_CHARS", len(dumps_report(sample_report)))
    compact = dumps_report(report)
    assert "\n  " not in compact  # over the indentation limit: written compact
    monkeypatch.setattr(jsonio, "REPORT_MAX_BYTES", len(compact.encode()) + 1)
    path = tmp_path / "big.json"
    save_report(report, path)
    result = runner.invoke(app, ["report", "show", str(path), "--format", "md"])
    assert result.exit_code == 0, result.output
    # load_report reads up to the same limit save_report writes to, not a draft's 50 MiB.
    monkeypatch.setattr(jsonio, "REPORT_MAX_BYTES", path.stat().st_size - 1)
    result = runner.invoke(app, ["report", "show", str(path)])
    assert result.exit_code == 1 and "report is too large" in result.output
    assert len(result.output.strip().splitlines()) == 1
    # One that would be larger than claimcheck reads is refused, and nothing is written.
    monkeypatch.setattr(jsonio, "REPORT_MAX_BYTES", len(compact.encode()) // 2)
    with pytest.raises(ReportError, match="over the .* MiB claimcheck reads; nothing was written"):
        save_report(report, tmp_path / "refused.json")
    assert not list(tmp_path.glob("*refused*"))


def test_bounded_symlinked_folders_are_followed_once_and_loops_named(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "linked.txt").write_text("Rain is expected in Rome on Saturday.", encoding="utf-8")
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Revenue rose 16% to $11.08 billion.", encoding="utf-8")
    (src / "more").symlink_to(outside, target_is_directory=True)
    (src / "sub" / "loop").symlink_to(src, target_is_directory=True)
    (src / "gone").symlink_to(tmp_path / "missing", target_is_directory=True)
    result = load_sources([src])
    assert sorted(Path(d.source).name for d in result.documents) == ["a.txt", "linked.txt"]
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert "already read" in reasons["loop"]
    assert "broken symlink" in reasons["gone"]


def test_bounded_pypdf_warnings_go_into_the_skip_reason_not_onto_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Revenue rose 16% to $11.08 billion.", encoding="utf-8")
    damaged = data[: data.rindex(b"startxref")] + b"startxref\n999\n%%EOF\n"
    (src / "damaged.pdf").write_bytes(damaged)
    result = load_sources([src])
    (skip,) = result.skipped
    assert "damaged.pdf" in skip.path and "pypdf: incorrect startxref" in skip.reason
    out, err = capfd.readouterr()
    assert "startxref" not in out + err
