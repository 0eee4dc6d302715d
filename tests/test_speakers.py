"""Speakers: pronouns resolve only to a mention of the right type, by the paragraphs before."""

from __future__ import annotations

from claimcheck.extract import find_quotes
from claimcheck.extract.entities import ORGANISATION, PERSON, mentions, ner_available


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in find_quotes(text)]


def test_speakers_ner_model_loads_offline_and_types_names() -> None:
    assert ner_available()
    kinds = {m.text: m.kind for m in mentions("Mireille Osei joined Quayside Capital.")}
    assert kinds.get("Mireille Osei") == PERSON
    assert kinds.get("Quayside Capital") == ORGANISATION


def test_speakers_he_said_after_a_place_name_is_never_the_place() -> None:
    text = (
        "Tomas Reyes, the finance minister, spoke to reporters on Monday.\n\n"
        'Prices have risen for a year in Buenos Aires. "We will bring inflation down '
        'by winter," he said.'
    )
    assert _speakers(text) == ["Tomas Reyes"]


def test_speakers_she_takes_the_person_the_paragraph_before_names() -> None:
    text = (
        "Mayor Anton Brisk lost the race on Tuesday.\n\n"
        "Greta Olumide thanked the volunteers at the rowing club on election night.\n\n"
        "Olumide, who won by 640 votes, spoke for ten minutes.\n\n"
        '"None of this was ever about one person," she said.'
    )
    assert _speakers(text) == ["Greta Olumide"]


def test_speakers_a_person_called_she_is_never_he() -> None:
    text = (
        "Councilmember Stefan Novak and Councilmember Priya Menon framed the choice "
        "differently.\n\n"
        '"None of us on the council wanted higher tolls this year," he said.\n\n'
        '"I cannot vote for a fare increase this year," she added.'
    )
    assert _speakers(text) == ["Councilmember Stefan Novak", "Councilmember Priya Menon"]


def test_speakers_mixed_quote_takes_the_sentence_speaker() -> None:
    text = (
        'Chief Executive Noor Lindqvist said the ferry gives islanders "a way to reach the '
        'mainland clinic before noon."'
    )
    assert _speakers(text) == ["Chief Executive Noor Lindqvist"]


def test_speakers_quote_paragraph_without_speaker_takes_the_one_named_before() -> None:
    text = (
        "Ilse Moravec, a professor at Stonebridge College, spoke after the count.\n\n"
        '"Money buys you attention. It does not buy you a record."'
    )
    assert _speakers(text) == ["Ilse Moravec"]


def test_speakers_a_possessive_name_is_the_person() -> None:
    # "Amara Okafor’s ...": the person is Amara Okafor; a later bare "Okafor" and "she" are her.
    text = (
        "Amara Okafor’s campaign for the Brookfield council seat ended in a narrow win.\n\n"
        "Governor Tom Hale phoned on Tuesday night.\n\n"
        "“We fought hard and it did not go our way,” he said.\n\n"
        "Okafor spent the evening at the Union Hall with her volunteers.\n\n"
        "“Tomorrow we start on the ferry timetable,” she said."
    )
    assert _speakers(text) == ["Governor Tom Hale", "Amara Okafor"]


def test_speakers_an_organisation_name_is_never_a_speaker() -> None:
    # "Metro Drivers Union Local" is a run of capitalised words, but no one's name.
    text = (
        "Ferry fares are the sticking point in talks with Metro Drivers Union Local 52.\n\n"
        "Local 52 President Carla Mendes, elected to the post in 2017, met the board on Monday.\n\n"
        '"We want a fair deal, not a walkout," she said.'
    )
    (speaker,) = _speakers(text)
    assert speaker is not None and speaker.endswith("Carla Mendes")


def test_speakers_a_quoted_name_is_its_owners_words() -> None:
    # A quoted plan name after a possessive is the owner's phrase; a scare-quoted phrase is not.
    text = (
        "Riders will pay more from March after the council approved Mayor Ana Ruiz's "
        '"Keep the Ferries Running" budget, a $40 million plan. Critics called the '
        'budget "a shell game with bus money" on Tuesday.'
    )
    quotes = find_quotes(text)
    assert [(text[q.content[0] : q.content[1]], q.speaker) for q in quotes][0] == (
        "Keep the Ferries Running",
        "Mayor Ana Ruiz",
    )
    assert all(q.speaker != "Mayor Ana Ruiz" for q in quotes[1:])
