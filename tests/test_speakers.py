"""Speakers: pronouns resolve only to a mention of the right type, by the paragraphs before."""

from __future__ import annotations

from claimcheck.extract import find_quotes
from claimcheck.extract.entities import ORGANISATION, PERSON, mentions, ner_available


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in find_quotes(text)]


def test_speakers_ner_model_loads_offline_and_types_names() -> None:
    assert ner_available()
    kinds = {m.text: m.kind for m in mentions("Priya Natarajan joined Larkspur Securities.")}
    assert kinds.get("Priya Natarajan") == PERSON
    assert kinds.get("Larkspur Securities") == ORGANISATION


def test_speakers_he_said_after_a_place_name_is_never_the_place() -> None:
    text = (
        "Tomas Reyes, the finance minister, spoke to reporters on Monday.\n\n"
        'Prices have risen for a year in Buenos Aires. "We will bring inflation down '
        'by winter," he said.'
    )
    assert _speakers(text) == ["Tomas Reyes"]


def test_speakers_she_takes_the_person_the_paragraph_before_names() -> None:
    text = (
        "Mayor Gordon Whitfield lost the race on Tuesday.\n\n"
        "Renata Solis thanked the volunteers at the union hall on election night.\n\n"
        "Solis, who won by 2,293 votes, spoke for ten minutes.\n\n"
        '"This campaign was never about me at all," she said.'
    )
    assert _speakers(text) == ["Renata Solis"]


def test_speakers_a_person_called_she_is_never_he() -> None:
    text = (
        "Councilmember Tobias Wren and Councilmember Priya Halvorsen framed the choice "
        "differently.\n\n"
        '"Nobody up here wanted to raise fares this year," he said.\n\n'
        '"I cannot vote for a fare increase this year," she added.'
    )
    assert _speakers(text) == ["Councilmember Tobias Wren", "Councilmember Priya Halvorsen"]


def test_speakers_mixed_quote_takes_the_sentence_speaker() -> None:
    text = (
        'Chief Executive Helen Castellano said the trial gives patients "a pill that keeps '
        'them out of the hospital."'
    )
    assert _speakers(text) == ["Chief Executive Helen Castellano"]


def test_speakers_quote_paragraph_without_speaker_takes_the_one_named_before() -> None:
    text = (
        "Lena Hartmann, a professor at Ridgeway University, spoke after the count.\n\n"
        '"Money buys you attention. It does not buy you a record."'
    )
    assert _speakers(text) == ["Lena Hartmann"]
