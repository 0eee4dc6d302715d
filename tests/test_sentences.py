from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import paragraph_spans, quote_spans, split_sentences


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_abbreviations_and_decimals_do_not_split() -> None:
    text = (
        "Mr. Sarandos said revenue in the U.S. and Canada rose 16% to $11.08 billion. "
        "J. K. Rowling was not involved. Shares fell 1.5% on Jan. 3 in Los Gatos, Calif., "
        "after the call. The end."
    )
    assert texts(text) == [
        "Mr. Sarandos said revenue in the U.S. and Canada rose 16% to $11.08 billion.",
        "J. K. Rowling was not involved.",
        "Shares fell 1.5% on Jan. 3 in Los Gatos, Calif., after the call.",
        "The end.",
    ]


def test_sentences_dotted_acronym_ends_sentence_before_an_opener() -> None:
    assert texts("He moved to the U.S. The move paid off.") == [
        "He moved to the U.S.",
        "The move paid off.",
    ]


def test_sentences_never_split_inside_a_quotation() -> None:
    text = '"We were fast. We were cheap," he said. Then he left.'
    assert texts(text) == ['"We were fast. We were cheap," he said.', "Then he left."]


def test_sentences_question_inside_quote_followed_by_lowercase_continues() -> None:
    assert texts('"Is it real?" she asked. Yes.') == ['"Is it real?" she asked.', "Yes."]


def test_paragraphs_split_on_blank_lines_headings_and_speaker_lines() -> None:
    text = "# Title\nBody line one\ncontinues here.\n\nTed Sarandos: Hello.\nGreg Peters: Hi."
    paras = [text[s:e] for s, e in paragraph_spans(text)]
    assert paras == [
        "# Title",
        "Body line one\ncontinues here.",
        "Ted Sarandos: Hello.",
        "Greg Peters: Hi.",
    ]


def test_quote_spans_unclosed_quote_runs_to_paragraph_end() -> None:
    text = "“This goes on\n\nand on"
    first = paragraph_spans(text)[0]
    assert quote_spans(text, *first) == [(0, first[1])]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("ab .,!?\n\"“”'’$%019ABU.S") + ["Mr. ", "U.S. ", "\n\n", "# "]),
        max_size=120,
    ).map("".join)
)
def test_sentences_spans_are_ordered_trimmed_and_index_the_text(text: str) -> None:
    spans = split_sentences(text)
    last_end = 0
    for start, end in spans:
        assert 0 <= last_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        last_end = end
