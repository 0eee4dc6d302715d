from __future__ import annotations

import pytest

from claimcheck.judge.numbers import align_quantities, find_quantities, same_value


def one(text: str) -> tuple[str, float]:
    (q,) = find_quantities(text)
    return q.kind, q.value


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("16%", "16 percent"),
        ("16%", "sixteen per cent"),
        ("$11 billion", "$11bn"),
        ("$11 billion", "11,000 million dollars"),
        ("ten times", "10x"),
        ("$2,147M", "$2.147 billion"),
    ],
)
def test_numbers_spellings_normalise_to_the_same_quantity(a: str, b: str) -> None:
    assert one(a) == pytest.approx(one(b)) or one(a) == one(b)


def test_numbers_rounding_and_approximation() -> None:
    (claimed,) = find_quantities("about $11 billion")
    (exact,) = find_quantities("$11.08 billion")
    (other,) = find_quantities("$12 billion")
    assert same_value(claimed, exact)
    assert not same_value(claimed, other)
    (plain,) = find_quantities("$11 billion")
    assert same_value(plain, exact)  # written to the nearest billion
    (precise,) = find_quantities("$11.2 billion")
    assert not same_value(precise, exact)


def test_numbers_years_are_exact() -> None:
    (a,) = find_quantities("in 2023")
    (b,) = find_quantities("in 2024")
    assert a.kind == "year" and not same_value(a, b)


def test_numbers_align_compares_figures_about_the_same_thing() -> None:
    claim = find_quantities("Brand paused the $800 million expansion in 2023 after seeing Sora.")
    source = find_quantities(
        "During the 2023 strike actors demanded limits. "
        "In 2024 Brand paused his $800 million expansion after seeing Sora."
    )
    result = {q.text: (f.text if f else None, ok) for q, f, ok in align_quantities(claim, source)}
    assert result == {"$800 million": ("$800 million", True), "2023": ("2024", False)}


def test_numbers_both_ends_of_a_range_agree() -> None:
    claim = find_quantities("a forecast of between $44.8 billion and $45.2 billion")
    source = find_quantities(
        "Revenue was $11.08 billion. The forecast is now $44.8 billion to $45.2 billion, citing FX."
    )
    assert all(ok for _, _, ok in align_quantities(claim, source))


def test_numbers_unrelated_figures_are_not_compared() -> None:
    claim = find_quantities("The studio has 140 staff.")
    source = find_quantities("Temperatures passed 40 degrees in Rome.")
    assert align_quantities(claim, source)[0][1] is None


def test_numbers_quarters_compare_by_quarter_and_year() -> None:
    def q(text: str):  # type: ignore[no-untyped-def]
        (found,) = find_quantities(text)
        assert found.kind == "quarter"
        return found

    assert same_value(q("Q2 2025"), q("the second quarter of 2025"))
    assert same_value(q("2Q25"), q("second-quarter 2025"))
    assert same_value(q("Q2"), q("the second quarter of 2024"))  # no year: no clash
    assert not same_value(q("Q2 2025"), q("Q3 2025"))
    assert not same_value(q("Q2 2024"), q("the second quarter of 2025"))


def test_numbers_questions_state_nothing() -> None:
    from claimcheck.judge.checks.context import assertions as _assertions

    text = "Did revenue rise 16% last year? It rose 15%."
    masked = _assertions(text)
    assert len(masked) == len(text)
    assert [x.text for x in find_quantities(masked)] == ["15%"]


def test_numbers_anchored_mismatch_beside_a_matching_figure() -> None:
    from claimcheck.judge.numbers import anchored_mismatch

    claimed = find_quantities("Q3 revenue rose 2.5 percent to $597.4 million.")
    source = (
        "Total revenue for the third quarter of 2023 came to $318.6 million, against "
        "$310.8 million a year before, a rise of 2.5%. Other items rose."
    )
    found = anchored_mismatch(claimed, source)
    assert found is not None
    assert (found[0].text, found[1].text) == ("$597.4 million", "$318.6 million")
    right = find_quantities("Q3 revenue rose 2.5 percent to $318.6 million.")
    assert anchored_mismatch(right, source) is None


def test_numbers_a_range_end_within_rounding_of_the_other_is_still_a_rival() -> None:
    # 2.35 rounds to 2.4, but the source gives $2.4 billion exactly, so its $2.35 billion is
    # the figure a changed first end must meet.
    from claimcheck.judge.numbers import accounted_for, anchored_mismatch

    source = "For the year we expect net revenue in the range of $2.35 billion to $2.4 billion."
    changed = find_quantities("sees fy revenue $1.95 billion to $2.4 billion.")
    found = anchored_mismatch(changed, source)
    assert found is not None
    assert (found[0].text, found[1].text) == ("$1.95 billion", "$2.35 billion")
    right = find_quantities("sees fy revenue $2.35 billion to $2.4 billion.")
    assert anchored_mismatch(right, source) is None
    accounted = accounted_for(find_quantities("revenue of $2.4 billion"), find_quantities(source))
    assert [f.text for f in accounted] == ["$2.4 billion"]
    # With no exact match, a figure within the claim's rounding still accounts for it.
    rounded = accounted_for(find_quantities("about $1.7 billion"), find_quantities("$1.68 billion"))
    assert [f.text for f in rounded] == ["$1.68 billion"]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("sales up 9 to 14 percent", ("percent", 9.0)),
        ("revenue of $74-75 million", ("money", 74e6)),
        ("guidance of $4.9 to $5.3 billion", ("money", 4.9e9)),
        ("between $44.8 billion and $45.2 billion", ("money", 44.8e9)),
    ],
)
def test_numbers_a_range_shares_its_unit_and_scale(text: str, first: tuple[str, float]) -> None:
    found = find_quantities(text)
    assert (found[0].kind, found[0].value) == pytest.approx(first) or (
        found[0].kind,
        found[0].value,
    ) == first
    assert found[1].kind == first[0]


def test_numbers_anchored_mismatch_takes_the_sentence_where_most_figures_check_out() -> None:
    from claimcheck.judge.numbers import anchored_mismatch

    claimed = find_quantities("Brightwell Plumbing expects 2024 revenue growth of 5% to 9%.")
    source = (
        "Warranty claims are 5% of the 18.7% rise we saw in 2023. "
        "Brightwell Plumbing is on track to deliver 2024 revenue growth of approximately 5% to 6%."
    )
    found = anchored_mismatch(claimed, source)
    assert found is not None and (found[0].text, found[1].text) == ("9%", "6%")
    # Only amounts and rates as anchors: a matching year alone anchors nothing here.
    years = "In 2024 the board raised the dividend by 12%."
    assert anchored_mismatch(claimed, years, anchors=("money", "percent", "count")) is None
    assert anchored_mismatch(claimed, years) is not None
