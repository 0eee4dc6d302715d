"""Single checks of the verdict engine on records built directly (invented examples)."""

from __future__ import annotations

from claimcheck import Settings
from claimcheck.judge import judge_claim
from claimcheck.types import Finding, Verdict

from .test_judge import _claim, _doc, _evidence

SETTINGS = Settings()
BUDGET = (
    "Council papers. The adopted budget lifts the city contribution to the ferry service to "
    "$37.6 million next year and keeps the harbour levy where it is, the finance office said."
)


def test_checks_figures_exact_figure_in_same_words_supports_a_short_atomic_claim() -> None:
    doc = _doc(BUDGET, turns=False)
    loose = _evidence(doc, score=0.5)  # a short phrase against a long sentence
    judged = judge_claim(
        _claim("lifting the city contribution to the ferry service to $37.6 million"),
        (loose,), lambda _: doc, SETTINGS,
    )  # fmt: skip
    assert judged.verdict is Verdict.SUPPORTED and judged.finding is Finding.NUMBERS_MATCH
    changed = judge_claim(
        _claim("lifting the city contribution to the ferry service to $39.6 million"),
        (loose,), lambda _: doc, SETTINGS,
    )  # fmt: skip
    assert changed.verdict is not Verdict.SUPPORTED
    # the same figure in other words is no support from a loose passage
    elsewhere = judge_claim(
        _claim("The stadium bond raised $37.6 million."), (loose,), lambda _: doc, SETTINGS
    )
    assert elsewhere.verdict is not Verdict.SUPPORTED


def test_checks_names_a_namesake_in_a_loosely_matching_passage_is_a_name_mismatch() -> None:
    source = (
        "Minutes. After a long debate on the ferry timetable, councillor Petra Lindqvist "
        "moved that the winter sailings be kept, and the motion passed."
    )
    doc = _doc(source, turns=False)
    loose = _evidence(doc, score=0.55)  # not close as a whole: the aligned path decides
    judged = judge_claim(
        _claim("Councillor Agnes Lindqvist moved that the winter sailings be kept."),
        (loose,), lambda _: doc, SETTINGS,
    )  # fmt: skip
    assert judged.verdict is Verdict.CONTRADICTED and judged.finding is Finding.NAME_MISMATCH
    assert judged.figures is not None and "Petra Lindqvist" in judged.figures[1]
    right = judge_claim(
        _claim("Councillor Petra Lindqvist moved that the winter sailings be kept."),
        (loose,), lambda _: doc, SETTINGS,
    )  # fmt: skip
    assert right.verdict is not Verdict.CONTRADICTED


def test_checks_figures_a_newer_correction_beats_the_older_source_it_corrects() -> None:
    from claimcheck.types import Document

    release = Document(
        id="rel", title="Ferry budget release", source="rel.txt", date="2031-03-01", url=None,
        kind="press_release", speakers=(), turns=(),
        text="The new timetable is expected to bring in an extra $3.7 million in fares next year.",
    )  # fmt: skip
    note = Document(
        id="note", title="Ferry office e-mail", source="note.txt", date="2031-03-02", url=None,
        kind="email", speakers=(), turns=(),
        text="Correction: yesterday's release said the timetable would bring in an extra "
        "$3.7 million in fares. With the fares adopted, the office now projects $2.9 million.",
    )  # fmt: skip
    docs = {d.id: d for d in (release, note)}
    evidence = (_evidence(release, score=0.8), _evidence(note, score=0.7))
    claim = _claim("The timetable is expected to bring in an extra $3.7 million in fares.")
    judged = judge_claim(claim, evidence, docs.__getitem__, SETTINGS)
    assert judged.verdict is Verdict.CONTRADICTED
    assert judged.evidence[0].source.doc_id == "note"
    # without the newer note the older release supports it
    alone = judge_claim(claim, evidence[:1], docs.__getitem__, SETTINGS)
    assert alone.verdict is Verdict.SUPPORTED
