"""A sentence of several facts: its atomic claims share the sentence, and the report gives the
sentence the worst of their verdicts (JSON, Markdown, terminal, HTML)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from claimcheck.extract import extract_statements
from claimcheck.index import Index
from claimcheck.models.embedder import Embedder
from claimcheck.report import render_html, render_markdown, save_report
from claimcheck.report.jsonio import load_report, schema_errors
from claimcheck.report.terminal import render_terminal
from claimcheck.types import (
    Draft,
    Finding,
    Judgment,
    Report,
    Statement,
    StatementKind,
    Verdict,
)
from tests.conftest import two_fact_report

TWO_FACTS = (
    "The depot opened in 2019 with 40 buses, and ridership rose 12% in its first year, "
    "a council report said.\n"
)


def test_atomic_claims_of_one_sentence_share_its_span() -> None:
    claims = [s for s in extract_statements(TWO_FACTS) if s.kind is StatementKind.CLAIM]
    assert len(claims) == 2
    spans = {c.sentence for c in claims}
    assert len(spans) == 1
    (sentence,) = spans
    assert sentence is not None
    assert TWO_FACTS[sentence[0] : sentence[1]].startswith("The depot opened in 2019")
    for c in claims:
        assert sentence[0] <= c.span[0] < c.span[1] <= sentence[1]


def test_a_quote_knows_the_sentence_it_stands_in() -> None:
    text = 'The mayor spoke on Monday. "We will finish the bridge by June," Mayor Ana Ruiz said.\n'
    (quote,) = [s for s in extract_statements(text) if s.kind is StatementKind.QUOTE]
    assert quote.sentence is not None
    assert text[quote.sentence[0] : quote.sentence[1]].startswith('"We will finish')


def test_markdown_drafts_keep_the_sentence_span_in_the_file() -> None:
    text = (
        "# Depot\n\nThe depot opened in **2019** with 40 buses, and ridership rose 12% in 2020.\n"
    )
    claims = [s for s in extract_statements(text, markup="markdown") if s.sentence is not None]
    assert len(claims) == 2
    s, e = claims[0].sentence  # type: ignore[misc]
    assert text[s:e].startswith("The depot opened in **2019**")


def _judgment(
    text: str, span: tuple[int, int], sentence: tuple[int, int], verdict: Verdict
) -> Judgment:
    st = Statement(
        id=f"s{span[0]}", kind=StatementKind.CLAIM, text=text, span=span, speaker=None,
        context="whole sentence", category="number", standalone=text, sentence=sentence,
    )  # fmt: skip
    return Judgment(
        statement=st, verdict=verdict, confidence=0.9, finding=Finding.NO_EVIDENCE,
        reason="because", evidence=(), diff=(),
    )  # fmt: skip


def _report(*judgments: Judgment) -> Report:
    return Report(
        draft=Draft(path="d.txt", sha256="0" * 64, text="x" * 200),
        judgments=judgments,
        index_manifest={},
        settings={},
        versions={},
        created_at="2026-12-04T00:00:00+00:00",
    )


def test_the_sentence_takes_the_worst_verdict_of_its_claims() -> None:
    one, other = (0, 60), (70, 90)
    report = _report(
        _judgment("a", (0, 20), one, Verdict.SUPPORTED),
        _judgment("b", (22, 40), one, Verdict.CONTRADICTED),
        _judgment("c", (42, 60), one, Verdict.UNVERIFIABLE),
        _judgment("d", (70, 80), other, Verdict.SUPPORTED),
        _judgment("e", (81, 90), other, Verdict.NOT_CHECKABLE),
        _judgment("alone", (100, 120), (100, 120), Verdict.CONTRADICTED),
    )
    first, second = report.sentences()
    assert first.span == one and first.verdict is Verdict.CONTRADICTED
    assert first.statement_ids == ("s0", "s22", "s42")
    assert first.verdicts == (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIABLE)
    # A part with nothing to check does not make the sentence "not checkable".
    assert second.verdict is Verdict.SUPPORTED
    only_opinions = _report(
        _judgment("a", (0, 20), one, Verdict.NOT_CHECKABLE),
        _judgment("b", (22, 40), one, Verdict.NOT_CHECKABLE),
    )
    assert only_opinions.sentences()[0].verdict is Verdict.NOT_CHECKABLE


def test_the_renderings_show_the_sentence_verdict(tmp_path: Path) -> None:
    report = _report(
        _judgment("rose 12%", (0, 20), (0, 60), Verdict.SUPPORTED),
        _judgment("opened in 2019", (22, 40), (0, 60), Verdict.CONTRADICTED),
    )
    md = render_markdown(report)
    assert "## Sentences of several claims (1)" in md
    assert "contradicted, the worst of its 2 claims" in md
    console = Console(record=True, width=120)
    console.print(render_terminal(report))
    assert "worst of 2 claims" in console.export_text()
    assert "Sentence: contradicted, the worst of its 2 claims" in render_html(report)
    data = report.to_dict()
    assert data["sentences"][0]["verdict"] == "contradicted"
    assert data["sentences"][0]["verdicts"] == ["supported", "contradicted"]
    assert schema_errors(data) == []
    path = tmp_path / "r.json"
    save_report(report, path)
    again = load_report(path)
    assert again.judgments[0].statement.sentence == (0, 60)
    assert again.sentences() == report.sentences()


def test_verify_gives_a_compound_sentence_the_worst_verdict(
    sample_index: Index, embedder: Embedder, tmp_path: Path
) -> None:
    report = two_fact_report(tmp_path, sample_index, embedder)
    (sentence,) = report.sentences()
    verdicts = {report.judgments[i].verdict for i in range(len(report.judgments))}
    assert Verdict.CONTRADICTED in verdicts and Verdict.SUPPORTED in verdicts
    assert sentence.verdict is Verdict.CONTRADICTED
    saved = tmp_path / "r.json"
    save_report(report, saved)
    assert schema_errors(json.loads(saved.read_text(encoding="utf-8"))) == []
