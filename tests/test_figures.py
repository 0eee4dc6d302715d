"""The figure reader (text/figures.py) and the comparison of figures (judge/numbers.py), on
invented examples."""

from __future__ import annotations

import pytest

from claimcheck.extract.classify import Category, announced_plan, classify_claim
from claimcheck.judge.numbers import align_quantities, find_quantities, same_value
from claimcheck.text.dates import normalise_date
from claimcheck.text.figures import Quantity, parse_number_words


def one(text: str) -> Quantity:
    found = [q for q in find_quantities(text) if not q.derived and q.kind != "year"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twenty-five", 25),
        ("three thousand", 3000),
        ("two hundred and thirty", 230),
        ("a hundred", 100),
        ("ninety-nine thousand", 99000),
    ],
)
def test_figures_number_words(text: str, value: float) -> None:
    assert parse_number_words(text) == value


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("twenty-five percent", "25%"),
        ("Sixty-two thousand visitors", "62,000 visitors"),
        ("$48mn", "$48 million"),
        ("$72k", "$72,000"),
        ("£4.6m", "£4,600,000"),
        ("€2.7bn", "€2.7 billion"),
        ("3.15 million riders", "3,150,000 riders"),
        ("half a million", "500,000"),
        ("US$3.3 billion", "$3.3 billion"),
    ],
)
def test_figures_spellings_read_the_same(a: str, b: str) -> None:
    assert same_value(one(a), one(b))


def test_figures_fractions_of_a_whole_are_counts() -> None:
    share = one("A third of the 900 nurses at Fenwick Clinic")
    assert (share.kind, share.value) == ("count", 300)
    assert one("three-quarters of the 1,600 seats").value == 1200
    assert one("1½ million").value == 1_500_000


@pytest.mark.parametrize(
    ("a", "b"),
    [("¥700 billion", "$700 billion"), ("C$1.9 billion", "US$1.9 billion"), ("€5m", "£5m")],
)
def test_figures_currencies_differ_but_are_rivals(a: str, b: str) -> None:
    claimed, found = one(a), one(b)
    assert not same_value(claimed, found)
    words = " of the Tarrow bridge project"
    (aligned,) = [
        x
        for x in align_quantities(find_quantities(a + words), find_quantities(b + words))
        if x[0].kind != "year"
    ]
    assert aligned[1] is not None and not aligned[2]


def test_figures_a_share_needs_a_whole_that_is_a_count() -> None:
    # "a third of pupils, 38.2 percent": the figure is the rate, not a third of it.
    found = find_quantities("In reading, more than a third of pupils, 38.2 percent, passed")
    assert [(q.kind, q.value) for q in found] == [("percent", 38.2)]
    assert [q.kind for q in find_quantities("a fifth of the 40 percent")] == ["percent"]
    assert one("a 1.7-point gain").kind == "points"


def test_figures_one_in_n_is_a_rate() -> None:
    assert same_value(one("One in five riders"), one("20% of riders"))
    assert find_quantities("one in 2026") == tuple(
        q for q in find_quantities("one in 2026") if q.kind == "year"
    )


def test_figures_signs_and_their_verbs() -> None:
    assert one("a 3.1% drop in imports").sign == -1
    assert one("a 3.1% rise in imports").sign == 1
    assert one("Imports fell 3.1% in May").sign == -1
    assert one("Imports shrank 3.1% in May").value == -3.1
    assert one("a change of −3.1%").sign == -1
    assert one("minus 3.1%").sign == -1
    assert one("Imports grew 3.1% in May").sign == 1
    assert one("margin narrowed by 0.8 points").sign == -1
    assert not same_value(one("Imports shrank 3.1%"), one("Imports grew 3.1%"))
    assert same_value(one("margin narrowed by 0.8 points"), one("Margin: -0.8 points"))
    assert same_value(one("Imports fell 3.1%"), one("3.1% in May"))  # no sign given: no clash
    range_end = find_quantities("revenue of $61-64 million")
    assert all(q.value > 0 for q in range_end)


def test_figures_percentage_points_are_not_percent() -> None:
    points = one("support rose four percentage points")
    assert points.kind == "points" and points.value == 4
    assert not same_value(points, one("support rose 4%"))
    derived = [q for q in find_quantities("support rose to 61% from 57% in June") if q.derived]
    assert [(q.kind, q.value) for q in derived] == [("points", pytest.approx(4.0))]
    assert same_value(points, derived[0])


def test_figures_multiples_from_verbs_and_from_to() -> None:
    doubled = one("Bookings at the Lund office doubled")
    assert (doubled.kind, doubled.value, doubled.change) == ("multiple", 2.0, True)
    (grew,) = [q for q in find_quantities("Bookings rose from 800 to 1,100") if q.derived]
    assert not same_value(doubled, grew)
    (twice,) = [q for q in find_quantities("Bookings rose from 800 to 1,600") if q.derived]
    assert same_value(doubled, twice)
    assert one("tripled").value == 3 and one("halved").value == 0.5


def test_figures_a_derived_change_never_contradicts_a_level() -> None:
    claim = find_quantities("Bookings at the Lund office reached 1,100")
    source = find_quantities("Bookings at the Lund office rose from 800 to 1,100")
    assert all(ok for _, _, ok in align_quantities(claim, source))


def test_figures_approximations_have_a_direction() -> None:
    assert same_value(one("about 4,000 fans"), one("4,150 fans"))
    assert not same_value(one("about 4,000 fans"), one("4,600 fans"))
    assert same_value(one("nearly 4,000 fans"), one("3,700 fans"))
    assert not same_value(one("nearly 4,000 fans"), one("4,150 fans"))
    assert same_value(one("more than 4,000 fans"), one("4,600 fans"))
    assert not same_value(one("more than 4,000 fans"), one("3,800 fans"))


def test_figures_small_number_words_are_not_figures() -> None:
    assert find_quantities("one of the two sides") == ()


@pytest.mark.parametrize(
    "text", ["Sept. 11, 2025", "11 September 2025", "2025-09-11", "Thu, 11 Sep 2025"]
)
def test_dates_normalise_to_one_day(text: str) -> None:
    assert str(normalise_date(text)) == "2025-09-11"


def test_dates_only_real_calendar_dates() -> None:
    from claimcheck.text.figures import find_quantities as read

    def one(text: str) -> Quantity:
        (q,) = [q for q in read(text) if q.kind == "date"]
        return q

    assert normalise_date("February 30, 2025") is None
    assert normalise_date("2025-26-14") is None
    a, b = one("on March 4, 2026"), one("on 5 March 2026")
    assert a.kind == "date" and not same_value(a, b)
    assert same_value(a, one("2026-03-04"))


def test_dates_give_day_and_year_apart() -> None:
    # The day as a date, the year as a year: "9 May 2025" against "9 May 2026" is a wrong year.
    found = find_quantities("The pier reopened on 9 May 2026.")
    assert [(q.kind, q.value) for q in found] == [("date", 509), ("year", 2026)]
    claim = find_quantities("The pier reopened on May 9, 2025.")
    aligned = {q.kind: ok for q, _, ok in align_quantities(claim, found)}
    assert aligned == {"date": True, "year": False}


def test_classify_announced_plans_are_checkable() -> None:
    assert announced_plan("Brenna Textiles will shut its Orford mill in May and cut 310 jobs.")
    assert classify_claim("Brenna Textiles will shut its Orford mill in May.") is not (
        Category.PREDICTION
    )
    assert classify_claim("The council is set to open two libraries by 2027.") is not (
        Category.PREDICTION
    )
    assert classify_claim("Prices will rise next year.") is Category.PREDICTION
    assert classify_claim("Rents will ease in the years ahead.") is Category.PREDICTION
    # a figure the future tense pins down is checkable: a draft states decided things so
    assert classify_claim("The monthly pass will climb to $85.") is not Category.PREDICTION
    assert classify_claim("Kestrel Library will be merged into Oakmoor Library.") is not (
        Category.PREDICTION
    )
    assert classify_claim("Robots will replace most welders by 2040.") is Category.PREDICTION


def test_classify_hedges_open_questions_and_schedules() -> None:
    assert classify_claim("The ruling may shape the next council's agenda.") is (
        Category.PREDICTION
    )
    assert classify_claim("The vote is set for May 5.") is not Category.PREDICTION
    assert classify_claim("Whether the deal holds is another question.") is Category.OPINION
    assert classify_claim("Tenants deserved a clearer answer.") is Category.OPINION
    assert classify_claim("The audit starts June 2 and should be finished by June 9.") not in (
        Category.OPINION, Category.PREDICTION,
    )  # fmt: skip
