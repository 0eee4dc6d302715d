from claimcheck.text.sentences import sentence_breaks, split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_sentences_abbreviations_initials_decimals_stay_whole() -> None:
    text = (
        "Dr. Mara Velt met J. R. Ortiz in Sept. at the U.S. office. Costs rose 3.5% to $4.2 "
        "million. It ended there."
    )
    assert _split(text) == [
        "Dr. Mara Velt met J. R. Ortiz in Sept. at the U.S. office.",
        "Costs rose 3.5% to $4.2 million.",
        "It ended there.",
    ]


def test_sentences_quote_ending_a_sentence_and_ellipsis() -> None:
    text = '"We will build it," said Orla Penn. "Then we wait..." The council voted.'
    assert _split(text) == [
        '"We will build it," said Orla Penn.',
        '"Then we wait..."',
        "The council voted.",
    ]


def test_sentences_headline_line_without_full_stop_is_its_own() -> None:
    text = "Harbour Ferry Fares Rise Again\nFares on the Tolvik line rose by 12% on Monday."
    assert _split(text) == [
        "Harbour Ferry Fares Rise Again",
        "Fares on the Tolvik line rose by 12% on Monday.",
    ]


def test_sentences_spans_point_into_the_text() -> None:
    text = "  First one here.  Second one there.\n\n- A list item holds words"
    for a, b in split_sentences(text):
        assert text[a:b] == text[a:b].strip() and text[a:b]
    assert _split(text)[-1] == "- A list item holds words"


def test_sentence_breaks_skip_abbreviations() -> None:
    text = "Mr. Oduya left. She stayed."
    assert [text[b:] for _, b in sentence_breaks(text)] == ["She stayed.", ""]
