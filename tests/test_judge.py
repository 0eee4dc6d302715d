"""The judge on records built directly: quotes against documents, claims against evidence."""

from __future__ import annotations

from claimcheck import Settings
from claimcheck.extract import classify_claim
from claimcheck.judge import judge_claim, judge_quote
from claimcheck.types import (
    Document,
    Evidence,
    Finding,
    Judgment,
    Passage,
    SourceRef,
    Statement,
    StatementKind,
    Verdict,
)

TRANSCRIPT_TEXT = (
    "Ted Sarandos: That sequence was completed ten times faster than it could have been with "
    "traditional tools. The cost just would not have been feasible for a show with that budget.\n\n"
    "Greg Peters: These tools help creators make films better, not just cheaper."
)
SETTINGS = Settings()


def _doc(text: str, *, doc_id: str = "d1", turns: bool = True) -> Document:
    spans = []
    if turns:
        for line_start, name in (
            (0, "Ted Sarandos"),
            (TRANSCRIPT_TEXT.index("Greg"), "Greg Peters"),
        ):
            start = line_start + len(name) + 2
            end = text.find("\n\n", start)
            spans.append((name, (start, end if end != -1 else len(text))))
    return Document(
        id=doc_id, title="Earnings interview", text=text, source="t.txt", date="2025-07-17",
        url=None, kind="transcript" if turns else "story",
        speakers=tuple(s for s, _ in spans), turns=tuple(spans),
    )  # fmt: skip


def _evidence(doc: Document, text: str | None = None, score: float = 0.8) -> Evidence:
    passage_text = text or doc.text
    start = doc.text.find(passage_text)
    return Evidence(
        passage=Passage(
            id="p1", doc_id=doc.id, text=passage_text, span=(start, start + len(passage_text)),
            speaker=None,
        ),
        source=SourceRef(
            doc_id=doc.id, title=doc.title, kind=doc.kind, date=doc.date, source=doc.source,
            url=None,
        ),
        score=score,
        rank=1,
    )  # fmt: skip


def _quote(words: str, speaker: str | None) -> Statement:
    return Statement(
        id="q", kind=StatementKind.QUOTE, text=words, span=(0, len(words)), speaker=speaker,
        context=words, category="quote", standalone=words,
    )  # fmt: skip


def _claim(text: str) -> Statement:
    return Statement(
        id="c", kind=StatementKind.CLAIM, text=text, span=(0, len(text)), speaker=None,
        context=text, category=classify_claim(text).value, standalone=text,
    )  # fmt: skip


def quote_verdict(words: str, speaker: str | None, doc: Document | None = None):  # type: ignore[no-untyped-def]
    d = doc or _doc(TRANSCRIPT_TEXT)
    return judge_quote(_quote(words, speaker), (_evidence(d),), lambda _id: d, SETTINGS)


def test_judge_quote_exact_is_supported_ignoring_case_and_punctuation() -> None:
    j = quote_verdict("that sequence was completed TEN times faster", "Ted Sarandos")
    assert (j.verdict, j.finding) == (Verdict.SUPPORTED, Finding.QUOTE_EXACT)
    assert j.confidence >= 0.9


def test_judge_quote_added_word_is_a_misquote_with_a_diff() -> None:
    j = quote_verdict(
        "The cost just would never have been feasible for a show with that budget", "Sarandos"
    )
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.MISQUOTE)
    changed = [(d.op, d.draft, d.source) for d in j.diff if d.op != "equal"]
    assert changed == [("replace", "never", "not")]
    assert "'not' became 'never'" in j.reason


def test_judge_quote_ellipsis_and_brackets_are_allowed() -> None:
    j = quote_verdict(
        "That sequence was completed ten times faster ... with traditional tools", "Sarandos"
    )
    assert j.verdict is Verdict.SUPPORTED
    j = quote_verdict("The cost just would not have been feasible for [El Eternauta]", "Sarandos")
    assert j.verdict is Verdict.SUPPORTED


def test_judge_quote_dropped_word_is_a_misquote() -> None:
    j = quote_verdict(
        "The cost would not have been feasible for a show with that budget", "Sarandos"
    )
    assert j.finding is Finding.MISQUOTE
    assert [(d.op, d.source) for d in j.diff if d.op != "equal"] == [("delete", "just")]


def test_judge_quote_right_words_wrong_speaker_is_misattributed() -> None:
    j = quote_verdict(
        "These tools help creators make films better, not just cheaper", "Ted Sarandos"
    )
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.MISATTRIBUTED)
    assert "Greg Peters" in j.reason


def test_judge_quote_attribution_in_prose_sources() -> None:
    text = "“AI is a tool for artists, not a replacement,” said Davier Yoon of CraveFX."
    doc = _doc(text, turns=False)
    j = quote_verdict("AI is a tool for artists, not a replacement", "Priya Raman", doc)
    assert j.finding is Finding.MISATTRIBUTED and "Davier Yoon" in j.reason


def test_judge_quote_with_no_source_is_unverifiable_even_if_close_in_meaning() -> None:
    j = quote_verdict("We built the whole scene far more quickly than before", "Sarandos")
    assert (j.verdict, j.finding) == (Verdict.UNVERIFIABLE, Finding.NO_EVIDENCE)


def test_judge_claim_changed_figure_is_contradicted_with_both_figures() -> None:
    doc = _doc("Revenue grew 16% year over year to $11.08 billion.", turns=False)
    j = judge_claim(
        _claim("Revenue grew 18% year over year to $11.08 billion."),
        (_evidence(doc, score=0.9),),
        lambda _id: doc,
        SETTINGS,
    )
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.NUMBER_MISMATCH)
    assert "the draft says 18%" in j.reason and "says 16%" in j.reason


def test_judge_claim_same_figures_are_supported() -> None:
    doc = _doc("Revenue grew 16 percent year over year to $11.08 billion.", turns=False)
    j = judge_claim(
        _claim("Revenue rose 16% to about $11 billion."),
        (_evidence(doc, score=0.85),),
        lambda _id: doc,
        SETTINGS,
    )
    assert (j.verdict, j.finding) == (Verdict.SUPPORTED, Finding.NUMBERS_MATCH)


def test_judge_claim_weak_evidence_is_unverifiable_and_names_the_closest() -> None:
    doc = _doc("Rain is expected in Rome on Saturday.", turns=False)
    j = judge_claim(
        _claim("Netflix streamed football last year."),
        (_evidence(doc, score=0.2),),
        lambda _id: doc,
        SETTINGS,
    )
    assert j.verdict is Verdict.UNVERIFIABLE
    assert "closest is Earnings interview" in j.reason


def test_judge_claim_question_is_not_checkable() -> None:
    doc = _doc("Anything.", turns=False)
    j = judge_claim(
        _claim("Is this the future of film?"), (_evidence(doc),), lambda _id: doc, SETTINGS
    )
    assert j.verdict is Verdict.NOT_CHECKABLE


def test_judge_claim_unattributed_prediction_and_opinion_are_not_checkable() -> None:
    doc = _doc("Anything.", turns=False)
    for text in (
        "AI will replace most effects artists by 2030.",
        "Studios should pay actors more.",
    ):
        j = judge_claim(_claim(text), (_evidence(doc),), lambda _id: doc, SETTINGS)
        assert j.verdict is Verdict.NOT_CHECKABLE, text
    attributed = _claim("The analyst expects AI to cut costs by 50% over three years.")
    assert attributed.category == "attribution"
    # Guidance and stated assumptions are facts about what the company said, so they are
    # checked.
    for said in (
        "Co now assumes that oil prices will average $52.50 a barrel for the rest of 2021.",
        "The company sees full-year earnings of $3.40 to $3.70 per share.",
        "Remains confident that the market will exceed $7 billion by 2024.",
    ):
        assert _claim(said).category == "attribution", said
    guidance = "Anticipate adjusted earnings per share will be in the range of $1.62 to $1.15."
    assert _claim(guidance).category == "attribution"
    source = _doc(
        "Adjusted diluted earnings per share are now forecast to fall in the range of $4.36 to "
        "$4.44 for the year, up from the $4.05 to $4.13 range we gave before. Second quarter "
        "earnings per diluted share are forecast to fall in the range of $1.12 to $1.15, up 27%.",
        turns=False,
    )
    j = judge_claim(_claim(guidance), (_evidence(source),), lambda _id: source, SETTINGS)
    # The rival cited is the other end of the range that bears out $1.15, not a figure in
    # more similar words elsewhere.
    assert j.verdict is Verdict.CONTRADICTED and j.figures == ("$1.62", "$1.12")


def test_judge_quote_unclear_prose_attribution_is_not_called_misattributed() -> None:
    words = "The cost of doing it the old way was never feasible"
    # "he" could be either man: the draft's speaker is named beside the words, so the source
    # does not settle who spoke.
    text = f"Peters spoke after Sarandos on the panel. “{words},” he said."
    j = quote_verdict(words, "Ted Sarandos", _doc(text, turns=False))
    assert j.verdict is Verdict.SUPPORTED and j.confidence <= 0.6
    assert "check who said it" in j.reason
    # Named right at the words, the speaker is firm, whoever else the paragraph mentions.
    firm = f"Peters spoke after Sarandos. “{words},” Peters said, before Sarandos added a word."
    j = quote_verdict(words, "Ted Sarandos", _doc(firm, turns=False))
    assert j.finding is Finding.MISATTRIBUTED and "Peters" in j.reason
    # A line break ends the paragraph, as in sources with one paragraph a line: a name on
    # another line does not make the attribution unclear.
    lines = f"Sarandos told analysts: “It works.”\n“{words},” he said.\nPeters spoke next."
    j = quote_verdict(words, "Peters", _doc(lines, turns=False))
    assert j.finding is Finding.MISATTRIBUTED and "Sarandos" in j.reason
    # A pronoun the source never resolves names no one: nothing to contradict the draft with.
    alone = _doc(f"“{words},” he said.", turns=False)
    j = quote_verdict(words, "Peters", alone)
    assert j.verdict is Verdict.SUPPORTED and "names no speaker" in j.reason
    # A name inside the quoted words is who the quote is about, not a rival speaker.
    about = _doc(
        "Holloway spoke on Monday. “Marlowe the negotiator may surface here if he gets to be "
        "governor,” Holloway said.",
        turns=False,
    )
    words = "Marlowe the negotiator may surface here if he gets to be governor"
    j = quote_verdict(words, "Marlowe", about)
    assert j.finding is Finding.MISATTRIBUTED and "Holloway" in j.reason
    # In a transcript the turn decides, whoever else is named in it.
    j = quote_verdict("These tools help creators make films better, not just cheaper", "Sarandos")
    assert j.finding is Finding.MISATTRIBUTED


def _dated(doc_id: str, date: str, text: str) -> Document:
    return Document(
        id=doc_id, title=f"Harbor Metals update {date}", text=text, source=f"{doc_id}.txt",
        date=date, url=None, kind="press_release", speakers=(), turns=(),
    )  # fmt: skip


def test_judge_claim_sources_disagree_the_newer_decides_and_both_are_shown() -> None:
    old = _dated("old", "2025-03-01", "Harbor Metals expects annual smelter output of 410,000 "
                 "tonnes at its Varna plant this year.")  # fmt: skip
    new = _dated("new", "2025-09-01", "Harbor Metals expects annual smelter output of 380,000 "
                 "tonnes at its Varna plant this year.")  # fmt: skip
    docs = {"old": old, "new": new}
    ev = (_evidence(old, score=0.9), _evidence(new, score=0.88))

    stale = judge_claim(
        _claim("Harbor Metals expects annual smelter output of 410,000 tonnes at its Varna "
               "plant this year."),
        ev, docs.__getitem__, SETTINGS,
    )  # fmt: skip
    assert (stale.verdict, stale.finding) == (Verdict.CONTRADICTED, Finding.NUMBER_MISMATCH)
    assert "says 380,000" in stale.reason and "older source" in stale.reason
    assert [e.source.doc_id for e in stale.evidence[:2]] == ["new", "old"]

    current = judge_claim(
        _claim("Harbor Metals expects annual smelter output of 380,000 tonnes at its Varna "
               "plant this year."),
        ev, docs.__getitem__, SETTINGS,
    )  # fmt: skip
    assert current.verdict is Verdict.SUPPORTED
    assert "gives 410,000" in current.reason and "older" in current.reason
    assert {e.source.doc_id for e in current.evidence[:2]} == {"new", "old"}

    # Undated sources that disagree: no contradiction from either side.
    undated = {k: Document(**{**v.__dict__, "date": None}) for k, v in docs.items()}
    ev_undated = tuple(
        Evidence(e.passage, SourceRef(**{**e.source.__dict__, "date": None}), e.score, e.rank)
        for e in ev
    )
    neither = judge_claim(
        _claim("Harbor Metals expects annual smelter output of 410,000 tonnes at its Varna "
               "plant this year."),
        ev_undated, undated.__getitem__, SETTINGS,
    )  # fmt: skip
    assert neither.verdict is not Verdict.CONTRADICTED


def test_judge_claim_short_bullet_against_the_same_measure_in_a_looser_passage() -> None:
    # A terse bullet rarely reaches the related threshold against a transcript passage; the
    # same measure in the same words, of the same order, still contradicts it.
    call = (
        "Turning to results. Core FFO per share for the third quarter was $0.32, up from "
        "$0.30 a year ago, and occupancy held at 94%."
    )
    doc = _doc(call, turns=False)
    loose = _evidence(doc, score=SETTINGS.related_threshold - 0.05)
    judged = judge_claim(_claim("Q3 FFO per share $0.22."), (loose,), lambda _: doc, SETTINGS)
    assert judged.verdict is Verdict.CONTRADICTED and judged.figures == ("$0.22", "$0.32")
    # As written, the bullet is not contradicted by the year-ago figure beside it.
    as_written = judge_claim(_claim("Q3 FFO per share $0.32."), (loose,), lambda _: doc, SETTINGS)
    assert as_written.verdict is not Verdict.CONTRADICTED
    # Too far off to be the same measure, or too loose a passage: left unverifiable.
    far = judge_claim(_claim("Q3 FFO per share $2.20."), (loose,), lambda _: doc, SETTINGS)
    assert far.verdict is Verdict.UNVERIFIABLE
    weaker = _evidence(doc, score=SETTINGS.related_threshold - 0.15)
    judged = judge_claim(_claim("Q3 FFO per share $0.22."), (weaker,), lambda _: doc, SETTINGS)
    assert judged.verdict is Verdict.UNVERIFIABLE


def test_judge_claim_changed_year_against_the_same_guidance_in_a_looser_passage() -> None:
    call = (
        "Turning to the outlook. We are reaffirming our fiscal 2021 financial guidance for "
        "revenue, margins and cash flow."
    )
    doc = _doc(call, turns=False)
    loose = _evidence(doc, score=SETTINGS.related_threshold - 0.05)
    changed = _claim("Co reaffirms its fiscal 2023 financial guidance.")
    judged = judge_claim(changed, (loose,), lambda _: doc, SETTINGS)
    assert judged.verdict is Verdict.CONTRADICTED and judged.figures == ("2023", "2021")
    as_written = _claim("Co reaffirms its fiscal 2021 financial guidance.")
    assert judge_claim(as_written, (loose,), lambda _: doc, SETTINGS).verdict is not (
        Verdict.CONTRADICTED
    )
    # A year far from the source's, or a year in other words, is left alone.
    for text in ("Co reaffirms its fiscal 2030 financial guidance.", "The plant opened in 2023."):
        judged = judge_claim(_claim(text), (loose,), lambda _: doc, SETTINGS)
        assert judged.verdict is Verdict.UNVERIFIABLE, text


def test_judge_all_reads_past_top_k_and_keeps_top_k_with_the_decider_first() -> None:
    from claimcheck.pipeline import judge_all

    filler = [
        _doc(f"The board met on day {i} to discuss the parking rules of the campus.",
             doc_id=f"f{i}", turns=False)
        for i in range(7)
    ]  # fmt: skip
    letter = _doc("Second-quarter revenue grew 16% year over year to $11.08 billion.",
                  doc_id="letter", turns=False)  # fmt: skip
    docs = {d.id: d for d in [*filler, letter]}
    evidence = tuple(_evidence(d, score=0.5) for d in filler) + (_evidence(letter, score=0.6),)
    statement = _claim("Second-quarter revenue grew 18% year over year to $11.08 billion.")
    settings = Settings(top_k=5, scan_k=10)
    (j,) = judge_all((statement,), [evidence], docs.__getitem__, settings, None)
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.NUMBER_MISMATCH)
    assert len(j.evidence) == 5 and j.evidence[0].source.doc_id == "letter"


def test_judge_claim_reads_the_whole_source_for_a_figure_it_never_states() -> None:
    # A terse bullet retrieves a passage of the right call but not the sentence with its
    # figure: the rest of the document is read for the same measure.
    call = (
        "Good morning and welcome to the third-quarter call. Demand held up in every region. "
        "We now expect full-year non-GAAP operating margin of about 19.4%, up from 18.8% last "
        "year. We also returned cash to shareholders through dividends of $12 million."
    )
    doc = _doc(call, turns=False)
    elsewhere = _evidence(doc, "Demand held up in every region.", score=0.5)

    def check(text: str) -> Judgment:
        return judge_claim(_claim(text), (elsewhere,), lambda _: doc, SETTINGS)

    changed = check("Sees full-year non-GAAP operating margin of 23.4 percent.")
    assert (changed.verdict, changed.finding) == (Verdict.CONTRADICTED, Finding.NUMBER_MISMATCH)
    assert changed.figures == ("23.4 percent", "19.4%") and "19.4%" in changed.reason
    # The figure as written, and the year-ago figure, are stated: never contradicted this way.
    for text in (
        "Sees full-year non-GAAP operating margin of 19.4 percent.",
        "Full-year non-GAAP operating margin was 18.8 percent last year.",
    ):
        assert check(text).verdict is not Verdict.CONTRADICTED, text
    # Another measure (few shared words), or a figure far off, is left alone.
    for text in ("Sees a tax rate of 23.4 percent.", "Sees non-GAAP operating margin of 60%."):
        assert check(text).verdict is Verdict.UNVERIFIABLE, text
    # A document only loosely tied to the statement is not read.
    loose = _evidence(
        doc, "Demand held up in every region.", score=SETTINGS.related_threshold - 0.15
    )
    judged = judge_claim(
        _claim("Sees full-year non-GAAP operating margin of 23.4 percent."), (loose,),
        lambda _: doc, SETTINGS,
    )  # fmt: skip
    assert judged.verdict is Verdict.UNVERIFIABLE


def _call(text: str) -> Document:
    return Document(
        id="call", title="Q3 earnings call", text=text, source="call.txt", date=None, url=None,
        kind="transcript", speakers=(), turns=(),
    )  # fmt: skip


def test_judge_claim_a_figure_near_in_value_but_about_something_else_backs_nothing() -> None:
    source = _call(
        "Full year non-GAAP operating margin is now forecast to be about 19.5%, down from prior "
        "guidance of 20%.\nThe non-GAAP effective tax rate in the third quarter was 22.5%.\n"
        "Full year revenue growth is now projected at 12% to 14%."
    )
    ev = (_evidence(source, score=0.8),)
    # 22.5% is within an "about" of 23.4%, but it is the tax rate: the margin is 19.5%.
    j = judge_claim(
        _claim("Full year non-GAAP operating margin is seen at about 23.4 percent."), ev,
        lambda _id: source, SETTINGS,
    )  # fmt: skip
    assert j.verdict is Verdict.CONTRADICTED and j.figures == ("23.4 percent", "19.5%")
    j = judge_claim(
        _claim("Full year non-GAAP operating margin is seen at about 19.5 percent."), ev,
        lambda _id: source, SETTINGS,
    )  # fmt: skip
    assert j.verdict is Verdict.SUPPORTED
    # 13.6% rounds to 14%, but in other words: the growth range ends at 14%, not 16%.
    rounded = _call(source.text + "\nThe tax rate next year could reach 15.6% at worst.")
    j = judge_claim(
        _claim("Full year revenue growth is expected to be 12% to 16%."),
        (_evidence(rounded, score=0.8),), lambda _id: rounded, SETTINGS,
    )  # fmt: skip
    assert j.verdict is Verdict.CONTRADICTED and j.figures == ("16%", "14%")


def test_judge_claim_cites_the_rival_of_the_same_order_not_a_total_beside_it() -> None:
    source = _call(
        "Let me walk you through our results.\nFourth quarter earnings reached $799 million "
        "in net income, which came to $2.59 per diluted share."
    )
    j = judge_claim(
        _claim("Q4 earnings per share $2.85."), (_evidence(source, score=0.7),),
        lambda _id: source, SETTINGS,
    )  # fmt: skip
    assert j.verdict is Verdict.CONTRADICTED and j.figures == ("$2.85", "$2.59")
    # A figure ten times off is another measure: alone it contradicts nothing.
    totals = _call("Fourth quarter earnings reached $799 million in net income, per share.")
    j = judge_claim(
        _claim("Q4 earnings per share $2.85."), (_evidence(totals, score=0.7),),
        lambda _id: totals, SETTINGS,
    )  # fmt: skip
    assert j.verdict is not Verdict.CONTRADICTED


def test_judge_claim_a_source_that_gives_the_claim_only_to_call_it_false_contradicts() -> None:
    check = _doc(
        "Senator Hale falsely claimed that the state lost 40,000 jobs last year. Labor "
        "department figures show it added 12,000.",
        turns=False,
    )
    j = judge_claim(
        _claim("The state lost 40,000 jobs last year."), (_evidence(check, score=0.85),),
        lambda _id: check, SETTINGS,
    )  # fmt: skip
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.SOURCE_DISPUTES)
    assert "falsely claimed" in j.reason
    # Reported plainly, the same figure bears the claim out.
    plain = _doc("The state lost 40,000 jobs last year, the labor department said.", turns=False)
    j = judge_claim(
        _claim("The state lost 40,000 jobs last year."), (_evidence(plain, score=0.85),),
        lambda _id: plain, SETTINGS,
    )  # fmt: skip
    assert (j.verdict, j.finding) == (Verdict.SUPPORTED, Finding.NUMBERS_MATCH)
    # Without figures: a close passage that calls the claim baseless does not support it.
    rumour = _doc(
        "Baseless posts say the governor vetoed the school funding bill. He signed it in May.",
        turns=False,
    )
    j = judge_claim(
        _claim("The governor vetoed the school funding bill."), (_evidence(rumour, score=0.9),),
        lambda _id: rumour, SETTINGS,
    )  # fmt: skip
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.SOURCE_DISPUTES)
