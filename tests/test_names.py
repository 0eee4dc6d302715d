"""Names, places and stems (text/names.py, text/stem.py) on invented examples."""

from __future__ import annotations

from claimcheck.text.names import find_names, fold, name_clash, one_letter_apart, person_names
from claimcheck.text.stem import stem

SKIP = frozenset({"The", "A", "Council"})


def test_names_unicode_tokens() -> None:
    assert [n.text for n in find_names("José Gómez of Zürich met Øyvind Åsen")] == [
        "José",
        "Gómez",
        "Zürich",
        "Øyvind",
        "Åsen",
    ]


def test_names_fold_accents() -> None:
    assert fold("Zürich") == "Zurich"
    assert fold("Łódź") == "Lodz"
    assert fold("Gómez") == "Gomez"


def test_names_accents_do_not_clash_and_reasons_keep_spelling() -> None:
    assert (
        name_clash("The plan came from Renée Dvořák.", "It came from Renee Dvorak.", skip=SKIP)
        is None
    )
    clash = name_clash("The firm is Tromsø-based.", "The firm is Bergen-based.", skip=SKIP)
    assert clash is not None and (clash.draft, clash.source, clash.why) == (
        "Tromsø",
        "Bergen",
        "place",
    )


def test_names_based_in_and_x_based_compare() -> None:
    source = "Vellin Paper, a Göteborg-based mill, will expand."
    assert (
        name_clash("Vellin Paper, a mill based in Goteborg, will expand.", source, skip=SKIP)
        is None
    )
    clash = name_clash("Vellin Paper, a mill based in Malmö, will expand.", source, skip=SKIP)
    assert clash is not None and clash.why == "place"


def test_names_people_need_the_same_first_name() -> None:
    source = "Council member Ines Okafor chaired the hearing; her brother Tobi Okafor spoke last."
    clash = name_clash("Council member Tobi Okafor chaired the hearing.", source, skip=SKIP)
    assert clash is not None and (clash.draft, clash.source) == ("Tobi Okafor", "Ines Okafor")
    assert name_clash("Council member Ines Okafor chaired the hearing.", source, skip=SKIP) is None
    other = name_clash("Kai Brandt spoke.", "Lena Brandt spoke.", skip=SKIP)
    assert other is not None and other.why == "person"


def test_names_places_and_titles_are_not_namesakes() -> None:
    source = "Pupils at Alder Hill Elementary will move to Brook Lane Elementary, said Kira Voss."
    assert name_clash("Pupils will move to Brook Lane Elementary.", source, skip=SKIP) is None
    assert name_clash("Guild President Kira Voss said so.", source, skip=SKIP) is None


def test_names_titles_and_suffixes_are_dropped() -> None:
    (person,) = person_names("said Dr. Amara Quist Jr. on Monday", frozenset())
    assert person[1:] == ("amara", "quist")


def test_names_one_letter_apart_is_a_spelling_clash() -> None:
    assert one_letter_apart("Halvorsen", "Halvorson")
    assert one_letter_apart("Kessler", "Kesler")
    assert not one_letter_apart("Kessler", "Kessler")
    assert not one_letter_apart("Harbour", "Harbours")  # a plural, not a misspelling
    clash = name_clash(
        "The memo was signed by Ruth Kesler.", "The memo was signed by Ruth Kessler.", skip=SKIP
    )
    assert clash is not None and clash.why == "spelling" and clash.source == "Kessler"


def test_stem_is_snowball() -> None:
    assert stem("announced") == stem("announcement") == stem("announces")
    assert stem("Zürich") == "zurich"
    assert stem("generous") != stem("general")  # a five-letter prefix took these as one
