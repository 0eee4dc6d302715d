"""Days without a year and vote tallies as figures; a sentence that repeats a claim but for an
opposite word or a negation; matching figures overturned by the NLI judge on their passage.
All text here is invented."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimcheck import Settings
from claimcheck.judge import judge_claim
from claimcheck.judge.checks.polarity import _flip, _words
from claimcheck.judge.numbers import find_quantities
from claimcheck.text.antonyms import opposite
from claimcheck.types import Document, Finding, Verdict

from .records import FakeScorer, claim, doc, evidence

SETTINGS = Settings()


def _doc(text: str) -> Document:
    return doc(text, "d", title="Notice d", kind="minutes")


def _judge(text: str, written: str, score: float = 0.8, scorer: FakeScorer | None = None):
    source = _doc(written)
    lookup: Callable[[str], Document] = {"d": source}.__getitem__
    return judge_claim(claim(text), (evidence(source, score),), lookup, SETTINGS, scorer=scorer)


def _read(text: str) -> list[tuple[str, float]]:
    return [(q.kind, q.value) for q in find_quantities(text)]


def test_figures_a_day_without_a_year_is_a_date_not_a_count() -> None:
    assert _read("Ferry fares rise on Aug. 4.") == [("date", 804.0)]
    assert _read("The hearing is set for 9 March.") == [("date", 309.0)]
    assert ("date", 1103.0) in _read("The vote was held on Nov. 3, 2026.")
    assert _read("Nothing happens on Feb. 31.") == []


def test_figures_a_vote_tally_reads_the_same_in_copy_and_in_minutes() -> None:
    copy = _read("The trustees voted 4-3 to sell the depot.")
    assert copy == [("tally", 4003.0)]
    minutes = _read(
        "Motion to sell the depot: Ayes — Abara, Quist, Moreau (3). "
        "Noes — Fenn, Ito, Salo, Ruiz (4)."
    )
    assert minutes == [("tally", 4003.0)]
    assert _read("The motion failed, with three ayes and four noes.") == [("tally", 4003.0)]
    assert _read("Stores open from 9 to 5.")[0] != ("tally", 9005.0)
    assert all(kind != "tally" for kind, _ in _read("It won 52 to 47 percent."))


def test_judge_a_changed_tally_is_contradicted_and_the_minutes_tally_supports() -> None:
    minutes = (
        "The board voted on the motion to sell the depot to the harbour trust. "
        "Ayes — Abara, Quist, Moreau, Fenn, Ito (5). Noes — Salo, Ruiz (2)."
    )
    right = _judge("The board voted 5-2 to sell the depot to the harbour trust.", minutes)
    assert right.verdict is Verdict.SUPPORTED and right.finding is Finding.NUMBERS_MATCH
    wrong = _judge("The board voted 4-3 to sell the depot to the harbour trust.", minutes)
    assert wrong.verdict is Verdict.CONTRADICTED and wrong.finding is Finding.NUMBER_MISMATCH


def test_judge_a_changed_day_is_contradicted() -> None:
    source = "The ferry service between Dunmore and Kells will resume on July 14 after repairs."
    judged = _judge("The ferry service between Dunmore and Kells will resume on July 21.", source)
    assert judged.verdict is Verdict.CONTRADICTED
    assert "July 21" in judged.reason and "July 14" in judged.reason


def test_antonyms_are_symmetric_general_words() -> None:
    assert opposite("led", "trailed") and opposite("trailed", "led")
    assert opposite("for", "against") and opposite("Fewer", "more")
    assert not opposite("led", "won")


def test_polarity_a_flip_needs_the_same_neighbours() -> None:
    assert _flip(_words("the measure led by 105 votes"), _words("the measure trailed by 105 votes"))
    # "more" and "fewer" far apart, around other words: no flip
    assert _flip(_words("more buses ran late"), _words("late trains, fewer riders")) is None


def test_judge_an_opposite_word_contradicts_even_where_every_figure_agrees() -> None:
    source = "On the first count the library levy trailed by 212 votes in the northern wards."
    judged = _judge(source.replace("trailed", "led"), source)
    assert judged.verdict is Verdict.CONTRADICTED
    assert judged.finding is Finding.OPPOSITE_WORDING
    assert "“led”" in judged.reason and "“trailed”" in judged.reason
    same = _judge(source, source)
    assert same.verdict is Verdict.SUPPORTED


def test_judge_an_added_negation_contradicts_a_near_identical_sentence() -> None:
    source = "The county has signed the lease for the Millpond boathouse with the rowing club."
    judged = _judge(
        "The county has not signed the lease for the Millpond boathouse with the rowing club.",
        source,
        scorer=FakeScorer(entail=0.1, contra=0.1),
    )
    assert judged.verdict is Verdict.CONTRADICTED
    assert judged.finding is Finding.OPPOSITE_WORDING


def test_judge_a_negation_carried_inside_a_word_is_no_flip() -> None:
    source = "The county is not able to say when the Millpond boathouse will reopen to rowers."
    judged = _judge(
        "The county is unable to say when the Millpond boathouse will reopen to rowers.",
        source,
        scorer=FakeScorer(entail=0.1, contra=0.1),
    )
    assert judged.finding is not Finding.OPPOSITE_WORDING


@pytest.mark.parametrize("contra,verdict", [(0.9, Verdict.CONTRADICTED), (0.3, Verdict.SUPPORTED)])
def test_judge_matching_figures_give_way_when_the_nli_judge_reads_their_passage_against_it(
    contra: float, verdict: Verdict
) -> None:
    source = "The drivers will go to work as usual on May 12, the day the union had named."
    scorer = FakeScorer(entail=0.05, contra=contra)
    judged = _judge("The drivers will strike on May 12.", source, scorer=scorer)
    assert judged.verdict is verdict
    assert scorer.calls >= 1
    if verdict is Verdict.CONTRADICTED:
        assert "gives the same figures but says otherwise" in judged.reason
