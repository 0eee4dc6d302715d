"""Scope before contradiction: another period's or another organisation's figure is a
distractor, never the contradiction. Invented examples."""

from __future__ import annotations

import pytest

from claimcheck import Settings
from claimcheck.extract.entities import ner_available
from claimcheck.judge import judge_claim
from claimcheck.judge.checks.scope import other_scope, periods
from claimcheck.types import Verdict

from .test_judge import _claim, _doc, _evidence

SETTINGS = Settings()


def test_scope_periods_read_years_quarters_halves_seasons_and_months() -> None:
    found = periods("In the third quarter of 2031, and in H2, season 4 drew more than in March 5.")
    assert {("quarter", "3"), ("year", "2031"), ("half", "2"), ("season", "4"),
            ("month", "march")} <= found  # fmt: skip
    assert periods("Q3 revenue") == {("quarter", "3")}
    assert ("season", "final") in periods("the final season")
    assert periods("They may grow.") == frozenset()  # "may" the verb is no month


def test_scope_other_period_is_named_and_same_period_is_not() -> None:
    assert other_scope("Sales rose 12% in 2031.", "Sales rose 9% in 2029.") is not None
    assert other_scope("Sales rose 12% in 2031.", "In 2031 sales rose 9%.") is None
    assert other_scope("Sales rose 12% in Q2.", "Second-quarter sales rose 9%.") is None
    assert "season" in (other_scope("The final season drew 40 million views.",
                                    "Season 2 drew 31 million views.") or "")  # fmt: skip
    # a sentence that names no period does not differ
    assert other_scope("Sales rose 12% in 2031.", "Sales rose 9%.") is None
    # the years compared are the figures themselves, not the scope
    assert other_scope("guidance for fiscal 2031", "guidance for fiscal 2029", "year") is None


@pytest.mark.skipif(not ner_available(), reason="spaCy's en_core_web_sm is not installed")
def test_scope_other_organisation_is_a_distractor() -> None:
    why = other_scope(
        "Quillfern Systems said revenue rose 14% last year.",
        "Brantwood Logistics said revenue rose 11% last year.",
    )
    assert why is not None and "organisation" in why
    assert (
        other_scope(
            "Quillfern Systems said revenue rose 14% last year.",
            "Revenue at Quillfern Systems rose 11% last year.",
        )
        is None
    )


def test_scope_judge_another_years_figure_does_not_contradict() -> None:
    source = (
        "Attendance at the Marlow Fair reached 48,000 in 2029. The fair is held every August "
        "on the river meadows."
    )
    doc = _doc(source, turns=False)
    judged = judge_claim(
        _claim("Attendance at the Marlow Fair reached 52,000 in 2031."),
        (_evidence(doc, score=0.9),), lambda _: doc, SETTINGS,
    )  # fmt: skip
    assert judged.verdict is not Verdict.CONTRADICTED
    same_year = judge_claim(
        _claim("Attendance at the Marlow Fair reached 52,000 in 2029."),
        (_evidence(doc, score=0.9),), lambda _: doc, SETTINGS,
    )  # fmt: skip
    assert same_year.verdict is Verdict.CONTRADICTED
    assert same_year.figures == ("52,000", "48,000")
