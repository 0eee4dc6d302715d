"""Quotes of several sentences checked sentence by sentence (judge/quote_parts.py)."""

from __future__ import annotations

from claimcheck import Settings
from claimcheck.judge import judge_quote
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

SETTINGS = Settings()
MEETING = (
    "Alma Brisco: Every clinic on the east side stays open next year under this plan. "
    "We counted the visits twice before we wrote it.\n\n"
    "Tomas Reyna: Waiting another year would cost us more than the repairs themselves. "
    "I move that we adopt it tonight."
)
RELEASE = (
    "ORTON, May 2 - The county released its clinic plan on Friday.\n\n"
    "“Every clinic on the east side stays open next year under this plan,” said County "
    "Executive Alma Brisco.\n\n"
    "“The repair schedule was built from the inspectors' own reports,” said Facilities "
    "Director Ines Calloway."
)


def _transcript() -> Document:
    turns = []
    for name in ("Alma Brisco", "Tomas Reyna"):
        start = MEETING.index(name) + len(name) + 2
        end = MEETING.find("\n\n", start)
        turns.append((name, (start, end if end != -1 else len(MEETING))))
    return Document(
        id="meeting", title="Clinic board meeting", text=MEETING, source="meeting.txt",
        date="2025-05-01", url=None, kind="transcript", speakers=("Alma Brisco", "Tomas Reyna"),
        turns=tuple(turns),
    )  # fmt: skip


def _release() -> Document:
    return Document(
        id="release", title="County clinic plan", text=RELEASE, source="release.txt",
        date="2025-05-02", url=None, kind="press_release", speakers=(), turns=(),
    )  # fmt: skip


def _evidence(doc: Document, rank: int = 1) -> Evidence:
    return Evidence(
        passage=Passage(
            id=f"p-{doc.id}", doc_id=doc.id, text=doc.text, span=(0, len(doc.text)), speaker=None
        ),
        source=SourceRef(doc.id, doc.title, doc.kind, doc.date, doc.source, None),
        score=0.8,
        rank=rank,
    )


def _judge(words: str, speaker: str | None, *docs: Document) -> Judgment:
    statement = Statement(
        id="q", kind=StatementKind.QUOTE, text=words, span=(0, len(words)), speaker=speaker,
        context=words, category="quote", standalone=words,
    )  # fmt: skip
    by_id = {d.id: d for d in docs}
    evidence = tuple(_evidence(d, i + 1) for i, d in enumerate(docs))
    return judge_quote(statement, evidence, lambda doc_id: by_id[doc_id], SETTINGS)


def test_quote_parts_two_speakers_in_a_transcript_are_flagged_naming_the_second() -> None:
    j = _judge(
        "Every clinic on the east side stays open next year under this plan. Waiting another "
        "year would cost us more than the repairs themselves.",
        "Alma Brisco",
        _transcript(),
    )
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.MISATTRIBUTED)
    assert "second sentence is Tomas Reyna's" in j.reason
    assert "not Alma Brisco's" in j.reason
    assert "first sentence" not in j.reason


def test_quote_parts_sentences_from_two_sources_each_named() -> None:
    # The first sentence is in both sources under the same speaker; the second is another
    # person's in the release. A draft speaker the sources never name gets both named.
    j = _judge(
        "Every clinic on the east side stays open next year under this plan. The repair "
        "schedule was built from the inspectors' own reports.",
        "the executive",
        _transcript(),
        _release(),
    )
    assert j.finding is Finding.MISATTRIBUTED
    assert "first sentence is" in j.reason and "Brisco's" in j.reason
    assert "second sentence is Facilities Director Ines Calloway's" in j.reason
    assert j.evidence[0].source.doc_id in {"meeting", "release"}


def test_quote_parts_one_speaker_said_in_one_go_is_supported() -> None:
    j = _judge(
        "Waiting another year would cost us more than the repairs themselves. I move that we "
        "adopt it tonight.",
        "Tomas Reyna",
        _transcript(),
    )
    assert (j.verdict, j.finding) == (Verdict.SUPPORTED, Finding.QUOTE_EXACT)


def test_quote_parts_one_speaker_with_a_changed_word_stays_a_misquote() -> None:
    j = _judge(
        "Waiting another year would cost us far more than the repairs themselves. I move that "
        "we adopt it tonight.",
        "Tomas Reyna",
        _transcript(),
    )
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.MISQUOTE)


def test_quote_parts_whole_quote_of_someone_else_is_a_plain_misattribution() -> None:
    j = _judge(
        "Waiting another year would cost us more than the repairs themselves. I move that we "
        "adopt it tonight.",
        "Alma Brisco",
        _transcript(),
    )
    assert j.finding is Finding.MISATTRIBUTED
    assert "merged" not in j.reason and "Tomas Reyna" in j.reason


def test_quote_parts_sentences_that_run_on_in_one_source_are_one_utterance() -> None:
    # A source whose turns split one run of words between two people (a mis-read transcript):
    # sentences with nothing but a space between them are still one utterance, so a changed
    # word is a misquote, not two people's words.
    text = "Alma Brisco: The budget closes no clinic at all. The repairs start in the spring."
    cut = text.index("The repairs")
    doc = Document(
        id="run-on", title="Board meeting", text=text, source="run-on.txt", date="2025-05-01",
        url=None, kind="transcript", speakers=("Alma Brisco", "Tomas Reyna"),
        turns=(("Alma Brisco", (13, cut)), ("Tomas Reyna", (cut, len(text)))),
    )  # fmt: skip
    j = _judge(
        "The budget closes no clinic at all. The repairs start early in the spring.",
        "Alma Brisco",
        doc,
    )
    assert (j.verdict, j.finding) == (Verdict.CONTRADICTED, Finding.MISQUOTE)


def test_quote_parts_a_sentence_another_source_gives_firmly_to_someone_else() -> None:
    # The first source to hold the second sentence names no speaker for it; the transcript
    # gives it to Tomas Reyna in his own turn, and that decides whose it is.
    story = Document(
        id="story", title="Clinic plan story", text=(
            "The board met on Thursday. Every clinic on the east side stays open next year under "
            "this plan. The line “Waiting another year would cost us more than the repairs "
            "themselves” was printed on every flyer."
        ), source="story.txt", date="2025-05-02", url=None, kind="story", speakers=(), turns=(),
    )  # fmt: skip
    j = _judge(
        "Every clinic on the east side stays open next year under this plan. Waiting another "
        "year would cost us more than the repairs themselves.",
        "Alma Brisco",
        story,
        _transcript(),
    )
    assert j.finding is Finding.MISATTRIBUTED
    assert "second sentence is Tomas Reyna's (Clinic board meeting)" in j.reason
