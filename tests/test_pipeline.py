"""End to end over the sample newsroom: real model, real index, every stage."""

from __future__ import annotations

import pytest

from claimcheck import Embedder, Settings, verify
from claimcheck.eval.harness import load_expected, score_report
from claimcheck.index import Index
from claimcheck.models.nli_judge import NliJudge
from claimcheck.types import Finding, StatementKind, Verdict
from tests.conftest import SAMPLE_DRAFTS

# Raise this floor as the pipeline improves; never lower it silently.
SAMPLE_ACCURACY_FLOOR = 1.0


@pytest.fixture(scope="module")
def reports(sample_index: Index, embedder: Embedder):  # type: ignore[no-untyped-def]
    expected = load_expected(SAMPLE_DRAFTS / "EXPECTED.json")
    nli = NliJudge()  # the shipped model, as `claimcheck verify` uses it
    return {
        name: (
            verify(
                SAMPLE_DRAFTS / name,
                index=sample_index,
                embedder=embedder,
                settings=Settings(),
                nli=nli,
            ),
            items,
        )
        for name, items in expected.items()
    }


def test_pipeline_sample_drafts_reach_the_accuracy_floor(reports) -> None:  # type: ignore[no-untyped-def]
    total = correct = 0
    misses = []
    for report, items in reports.values():
        score = score_report(report, items)
        total += score.total
        correct += score.correct
        misses += [(m.anchor, m.expected.value, got) for m, got in score.misses]
    assert total >= 25
    assert correct / total >= SAMPLE_ACCURACY_FLOOR, misses


def test_pipeline_every_expected_statement_is_extracted(reports) -> None:  # type: ignore[no-untyped-def]
    for report, items in reports.values():
        assert len(report.judgments) == len(items)


def test_pipeline_each_flag_kind_appears_with_its_reason(reports) -> None:  # type: ignore[no-untyped-def]
    judgments = [j for report, _ in reports.values() for j in report.judgments]
    findings = {j.finding for j in judgments}
    assert {
        Finding.MISQUOTE,
        Finding.MISATTRIBUTED,
        Finding.NUMBER_MISMATCH,
        Finding.NAME_MISMATCH,
        Finding.QUOTE_EXACT,
        Finding.NO_EVIDENCE,
    } <= findings
    for j in judgments:
        assert j.reason
        assert 0.0 <= j.confidence <= 1.0
        if j.verdict is not Verdict.NOT_CHECKABLE:
            assert j.evidence
        if j.statement.kind is StatementKind.QUOTE and j.verdict is not Verdict.UNVERIFIABLE:
            assert j.diff


def test_pipeline_report_spans_point_into_the_draft(reports) -> None:  # type: ignore[no-untyped-def]
    for report, _ in reports.values():
        for j in report.judgments:
            start, end = j.statement.span
            assert report.draft.text[start:end] == j.statement.text
