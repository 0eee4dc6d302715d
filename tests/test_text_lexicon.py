from claimcheck.text import lexicon


def test_lexicon_abbreviations_hold_months_and_titles() -> None:
    for word in ("dr", "sept", "jan", "mr", "u.s", "inc"):
        assert word in lexicon.ABBREVIATIONS


def test_lexicon_lists_are_whole() -> None:
    assert len(lexicon.MONTHS) == 12 and len(lexicon.WEEKDAYS) == 7
    assert "said" in lexicon.CUE_VERBS and "the" in lexicon.STOP_WORDS
    assert lexicon.capitalised(lexicon.SUBJECT_PRONOUNS) >= {"He", "She"}
