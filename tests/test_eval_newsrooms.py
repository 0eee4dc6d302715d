"""eval newsrooms: each labelled phrase scored by the statement overlapping it most."""

from __future__ import annotations

import json
from pathlib import Path

from claimcheck.eval.newsrooms import (
    LabelledPhrase,
    find_newsrooms,
    newsroom_metrics,
    score_report,
)
from claimcheck.extract import extract_statements
from claimcheck.types import Draft, Finding, Judgment, Report, Verdict

DRAFT = (
    "Council approves fare rise\n\n"
    "The council voted 7-2 on Tuesday night.\n\n"
    '"None of us on the council wanted higher tolls this year," Mayor Jane Smith said.\n'
)


def _report(verdict: Verdict) -> Report:
    judgments = tuple(
        Judgment(s, verdict, 0.9, Finding.SEMANTIC_MATCH, "because", (), ())
        for s in extract_statements(DRAFT)
    )
    return Report(Draft("d.txt", "x", DRAFT), judgments, {}, {}, {}, "now")


def _phrase(text: str, verdict: Verdict, why: str = "") -> LabelledPhrase:
    return LabelledPhrase("room", "d.txt", text, verdict, "numbers", why, None)


def test_eval_newsrooms_scores_each_phrase_by_its_statement() -> None:
    phrases = (
        _phrase("voted 7-2 on Tuesday", Verdict.SUPPORTED),
        _phrase(
            "None of us on the council wanted higher tolls", Verdict.CONTRADICTED, "Smith said it"
        ),
        _phrase("Council approves fare rise", Verdict.SUPPORTED),
    )
    results = score_report(_report(Verdict.SUPPORTED), phrases)
    assert [r.correct for r in results] == [True, False, True]
    assert all(r.statement_right for r in results)
    m = newsroom_metrics(results)
    assert m["overall"]["correct"] == 2 and m["statement_right"]["accuracy"] == 1.0
    assert m["misses"][0]["phrase"].startswith("None of us")
    assert m["confusion"]["contradicted"]["supported"] == 1


def test_eval_newsrooms_wrong_speaker_and_shared_statement_are_wrong_statements() -> None:
    phrases = (
        _phrase(
            "None of us on the council", Verdict.SUPPORTED, "The Council clerk said these words."
        ),
        _phrase("voted 7-2", Verdict.SUPPORTED),
        _phrase("on Tuesday night", Verdict.SUPPORTED),
    )
    results = score_report(_report(Verdict.SUPPORTED), phrases)
    assert not results[0].speaker_right
    assert not results[1].span_right and not results[2].span_right  # one statement, two facts


def test_eval_newsrooms_reads_a_newsroom_folder(tmp_path: Path) -> None:
    room = tmp_path / "room"
    (room / "sources").mkdir(parents=True)
    (room / "drafts").mkdir()
    (room / "drafts" / "d.txt").write_text(DRAFT, encoding="utf-8")
    expected = {
        "newsroom": "room",
        "drafts": [
            {
                "draft": "drafts/d.txt",
                "expect": [{"phrase": "voted 7-2", "verdict": "supported", "kind": "numbers"}],
            }
        ],
    }
    (room / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    (found,) = find_newsrooms(tmp_path)
    assert found.name == "room" and found.phrases[0].verdict is Verdict.SUPPORTED
    assert found.drafts == (("drafts/d.txt", room / "drafts" / "d.txt"),)
