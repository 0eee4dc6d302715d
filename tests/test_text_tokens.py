from claimcheck.text.tokens import tokens, words


def test_tokens_keep_spans_and_unicode_words() -> None:
    text = "São Tomé’s co-founder paid $11.08, up 16% from 3,000."
    found = tokens(text)
    assert [t.text for t in found] == [
        "São", "Tomé’s", "co-founder", "paid", "$11.08", "up", "16%", "from", "3,000",
    ]  # fmt: skip
    assert all(text[t.span[0] : t.span[1]] == t.text for t in found)


def test_tokens_final_period_is_not_part_of_a_word() -> None:
    assert words("It rose 3.5 points in the U.S.") == [
        "It",
        "rose",
        "3.5",
        "points",
        "in",
        "the",
        "U.S",
    ]
