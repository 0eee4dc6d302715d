from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import extract_statements, find_quotes, same_speaker
from claimcheck.types import StatementKind


def quotes(text: str) -> list[tuple[str, str | None]]:
    return [(text[q.content[0] : q.content[1]], q.speaker) for q in find_quotes(text)]


def test_extract_quote_speaker_after_with_title() -> None:
    text = '"We built the line ten times faster," co-CEO Tomas Lindqvist said on Thursday.'
    assert quotes(text) == [("We built the line ten times faster", "Tomas Lindqvist")]


def test_extract_quote_said_before_name_and_according_to() -> None:
    text = (
        "“The budget would not allow it,” said Owen Achterberg.\n\n"
        "According to Priya Castellan, “shoppers are trading down fast.”"
    )
    assert quotes(text) == [
        ("The budget would not allow it", "Owen Achterberg"),
        ("shoppers are trading down fast.", "Priya Castellan"),
    ]


def test_extract_pronoun_and_surname_resolve_to_earlier_full_name() -> None:
    text = (
        "Tomas Lindqvist spoke first.\n\n"
        '"It was a turning point for us," he said.\n\n'
        '"We will do more of it next year," Lindqvist added.'
    )
    assert quotes(text) == [
        ("It was a turning point for us", "Tomas Lindqvist"),
        ("We will do more of it next year", "Tomas Lindqvist"),
    ]


def test_extract_split_quote_shares_the_speaker() -> None:
    text = '"The first part is here," Yoon said, "and the second part follows."'
    assert [s for _, s in quotes(text)] == ["Yoon", "Yoon"]


def test_extract_colon_lead_in() -> None:
    text = 'Davier Yoon said: "AI is a tool for our artists."'
    assert quotes(text) == [("AI is a tool for our artists.", "Davier Yoon")]


def test_extract_scare_quotes_are_not_statements() -> None:
    statements = extract_statements('The so-called "AI bubble" grew in 2025 across the industry.')
    assert [s.kind for s in statements] == [StatementKind.CLAIM]


def test_extract_quote_sentence_is_not_also_a_claim_but_mixed_sentence_is() -> None:
    text = (
        '"We built the line ten times faster," Lindqvist said.\n\n'
        'Revenue rose 16% in the quarter, which Lindqvist called "a very strong result for us."'
    )
    kinds = [(s.kind, s.text[:12]) for s in extract_statements(text)]
    assert kinds == [
        (StatementKind.QUOTE, "We built the"),
        (StatementKind.CLAIM, "Revenue rose"),
        (StatementKind.QUOTE, "a very stron"),
    ]


def test_extract_spans_point_at_the_statement_text() -> None:
    text = "# Headline about Corvane results\n\nCorvane grew 16%. “It was great news,” Peck said."
    for s in extract_statements(text):
        assert text[s.span[0] : s.span[1]] == s.text
    assert extract_statements(text)[0].text == "Headline about Corvane results"


def test_same_speaker_compares_surnames() -> None:
    assert same_speaker("Tomas Lindqvist", "Lindqvist")
    assert not same_speaker("Tomas Lindqvist", "Owen Achterberg")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(list('ab ,.:"“”\n') + ["he said", "Ted Yoon", "according to ", "said "]),
        max_size=80,
    ).map("".join)
)
def test_extract_never_crashes_and_spans_hold(text: str) -> None:
    for s in extract_statements(text):
        assert text[s.span[0] : s.span[1]] == s.text


def kinds_and_speakers(text: str) -> list[tuple[str, str, str | None]]:
    return [(q.kind, text[q.content[0] : q.content[1]], q.speaker) for q in find_quotes(text)]


def test_extract_direct_and_mixed_quotes_are_told_apart() -> None:
    text = (
        'Marlowe returned to the podium and declared, "We will not be slowed down."\n\n'
        "Okafor said the plan was “a gift to the landlords” and left."
    )
    assert kinds_and_speakers(text) == [
        ("direct", "We will not be slowed down.", "Marlowe"),
        ("mixed", "a gift to the landlords", "Okafor"),
    ]


def test_extract_description_possessive_and_titled_speakers_with_spans() -> None:
    text = (
        "“It was painful to sit through,” the WKRV host said.\n\n"
        "“My first thought was it was absurd,” Delacroix's former campaign strategist said.\n\n"
        "“It is a signal meant for voters,” Rep. Hal Brennan (R-Ore.) said Friday."
    )
    found = find_quotes(text)
    assert [q.speaker for q in found] == [
        "the WKRV host",
        "Delacroix's former campaign strategist",
        "Rep. Hal Brennan",
    ]
    for q in found:
        assert q.speaker_span is not None and q.cue_span is not None
        assert text[q.cue_span[0] : q.cue_span[1]] == "said"


def test_extract_continuation_and_colon_lead_in_and_signature() -> None:
    text = (
        "Varga called them on it:\n\n"
        "“Every question tonight shows the real problem.”\n\n"
        "“This is a remarkable turn,” said Dana Whitfield. “The bond market is telling us so.”\n\n"
        "“He is not fit for the job at all.” ― Ana Ruiz “We deserve a better choice than this.”"
    )
    assert [(k, s) for k, _, s in kinds_and_speakers(text)] == [
        ("direct", "Varga"),
        ("direct", "Dana Whitfield"),
        ("direct", "Dana Whitfield"),
        ("direct", "Ana Ruiz"),
        ("direct", "Ana Ruiz"),
    ]


def test_extract_reported_speech_gives_claims_their_source() -> None:
    text = (
        "Lindqvist said the scene was finished ten times faster. "
        "Revenue rose 16% in the quarter, the company said. "
        "According to the analyst, costs will fall by a fifth. "
        "The weather was fine."
    )
    claims = extract_statements(text)
    assert [(s.speaker, s.category) for s in claims] == [
        ("Lindqvist", "attribution"),
        ("the company", "attribution"),
        ("the analyst", "attribution"),
        (None, "other"),
    ]


def test_extract_compound_sentences_split_into_atomic_claims() -> None:
    text = (
        "Revenue rose 16% to $11.08 billion, and net income rose to $3.1 billion. "
        "The strike lasted 118 days and ended with new protections for performers."
    )
    claims = [s.text for s in extract_statements(text)]
    assert claims == [
        "Revenue rose 16% to $11.08 billion",
        "net income rose to $3.1 billion.",
        "The strike lasted 118 days and ended with new protections for performers.",
    ]
    for s in extract_statements(text):
        assert text[s.span[0] : s.span[1]] == s.text


def test_extract_claims_stand_alone_for_retrieval() -> None:
    text = (
        "Corvane reported results on Thursday. The company's revenue rose 18%. "
        "It raised its forecast."
    )
    claims = extract_statements(text)
    assert [s.standalone for s in claims] == [
        "Corvane reported results on Thursday.",
        "Corvane's revenue rose 18%.",
        "Corvane raised its forecast.",
    ]
    assert [s.text for s in claims][1] == "The company's revenue rose 18%."


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list('ab ,.;:"“”\n')
            + ["he said", "Ted Yoon", "according to ", ", and the firm rose ", "It ", "? "]
        ),
        max_size=80,
    ).map("".join)
)
def test_extract_claims_and_quotes_never_overlap_their_own_kind(text: str) -> None:
    statements = extract_statements(text)
    for kind in (StatementKind.CLAIM, StatementKind.QUOTE):
        spans = sorted(s.span for s in statements if s.kind is kind)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start


def test_extract_mixed_quote_marks_close_where_the_writer_meant() -> None:
    text = (
        '“We are going to build so much," Marlowe said at the rally. "You will be so proud.”\n\n'
        "“It's rare,“ said Ruth Abernathy, an attorney. “It's a tricky thing to manage.”"
    )
    assert quotes(text) == [
        ("We are going to build so much", "Marlowe"),
        ("You will be so proud.", "Marlowe"),
        ("It's rare", "Ruth Abernathy"),
        ("It's a tricky thing to manage.", "Ruth Abernathy"),
    ]


def test_extract_lead_ins_according_to_said_name_and_statement() -> None:
    text = (
        "According to the Harbor Ledger, “Pruitt coordinated the posts with Ostrander.”\n\n"
        'Said Haldane, "The idea that a mistake of ours played a part is painful."\n\n'
        "After the attack, the mayor, Ann Lee, issued a statement, “Our city will not be divided.”"
    )
    assert [s for _, s in quotes(text)] == ["the Harbor Ledger", "Haldane", "Ann Lee"]


def test_extract_speaker_after_a_quote_that_closes_its_sentence() -> None:
    # A closed quotation followed by a bare attribution sentence is that speaker's; a new
    # sentence that says more, or leads into the next quote, is not an attribution.
    text = (
        "Mr. Pemberton spoke at length.\n\n"
        "“There is room for four carriers.” Pemberton said. “I doubt there is room for five.”\n\n"
        "“We lost the vote.” Ms. Diaz said in a statement.\n\n"
        "“The plan is dead.” Rep. Ortiz said the vote was close.\n\n"
        "Campaign spokesman Evan Kostas added, “It will not work now.”"
    )
    found = quotes(text)
    assert ("There is room for four carriers.", "Pemberton") in found
    assert ("We lost the vote.", "Ms. Diaz") in found
    # "said the vote was close" says more than who spoke: no attribution of its own.
    assert not any(who and "Ortiz" in who for _, who in found)
    assert ("It will not work now.", "Evan Kostas") in found


SPEAKER_CASES = {
    "any past-tense cue, and a participle's clause subject": (
        "Marlowe boasted, “That makes me the favourite.”\n\n"
        "Sen. Joan Whitcombe (D-Vt.) scolded him: “Every engineer in the state is against you.”\n\n"
        "Reid Tanaka spoke first. “Reid wants to look tough tonight,” Marlowe shot back.\n\n"
        "During a rally earlier that morning, Marlowe attacked Okafor for her record on the port, "
        'saying, "She\'s reckless and very erratic."',
        ["Marlowe", "Sen. Joan Whitcombe", "Marlowe", "Marlowe"],
    ),
    # "he" after a paragraph about Marlowe's remarks is Marlowe, not the last quoted speaker.
    "he said: the person last reported speaking": (
        "“We will not be lectured,” said Esteban Quiroga, the Valdorian president.\n\n"
        "In the interview, Victor Marlowe criticised the talks. Marlowe said he would comfortably "
        "carry the state if the party bosses stood behind him.\n\n"
        "“If the party were united, we simply couldn’t lose,” he said.\n\n"
        "“Our members are frustrated,” said Colin Farrow, a spokesman, on Monday. "
        "“It’s a hard rule,” he said.",
        ["Esteban Quiroga", "Victor Marlowe", "Colin Farrow", "Colin Farrow"],
    ),
    "descriptions, openers and a pronoun before its cue": (
        '"Did he waste an hour? Probably," said one former senior ministry official.\n\n'
        "Here in Fairhaven, Okonjo stepped up his focus on housing costs, saying, "
        '"We have got to reach the day when young families can afford a home."\n\n'
        "Immediately after the flood, Marlowe issued a\xa0statement, “Our county was hit hard "
        "last night.”\n\n"
        '"That never took place," Bob said. Eyebrows raised, he asked, "You think I\'d wait '
        'there alone?"',
        ["one former senior ministry official", "Okonjo", "Marlowe", "Bob", "Bob"],
    ),
    "one and another as speakers, a name with its organisation": (
        '"I\'m backing him," one said. "She talks too much."\n\n'
        '"I feel good about Halloran," said another.\n\n'
        '"It would be a stretch for them," Nadia Brenner of the Halvorsen Center for Arms '
        "Control Studies wrote in December.",
        ["one", "one", "another", "Nadia Brenner"],
    ),
    "a description right before a finite cue is its subject; a time is no subject": (
        "Asked by a reporter whether she had shredded the files so nobody could read the memos, "
        "the Democratic nominee dryly responded, “What? With scissors?”\n\n"
        "Marlowe came back a few minutes later to finish his speech and declared, “We will "
        "not be slowed down.”",
        ["the Democratic nominee", "Marlowe"],
    ),
    "he said after a titled speaker keeps the name as first given": (
        '"We built the line ten times faster," co-CEO Tomas Lindqvist said on Thursday.\n\n'
        '"The cost would never have been feasible," he said.',
        ["Tomas Lindqvist", "Tomas Lindqvist"],
    ),
}


@pytest.mark.parametrize("text,speakers", SPEAKER_CASES.values(), ids=SPEAKER_CASES.keys())
def test_extract_speakers(text: str, speakers: list[str]) -> None:
    assert [s for _, s in quotes(text)] == speakers


def test_find_quotes_quoted_transcript_turns_belong_to_their_labels() -> None:
    text = (
        "The host pressed the governor on the dam. Partial transcript as follows:\n\n"
        '"HOST: Will the dam be finished by spring, as the county promised in May?\n\n'
        '"ALVAREZ: The contractor has told us the spillway is two months behind.\n\n'
        '"But the county will have the main wall done before the rains come.\n\n'
        "Alvarez later said the county would publish the schedule."
    )
    quotes = find_quotes(text)
    turns = [(q.kind, q.speaker, text[q.content[0] : q.content[1]][:20]) for q in quotes]
    assert turns == [
        ("turn", "HOST", "Will the dam be fini"),
        ("turn", "ALVAREZ", "The contractor has t"),
        ("turn", "ALVAREZ", "But the county will "),
    ]
    # A quotation after a closed turn is the story's own again.
    closed = (
        '"ALVAREZ: The spillway is two months behind."\n\n'
        '"We will publish the schedule next week," the county engineer said.'
    )
    kinds = [(q.kind, q.speaker) for q in find_quotes(closed)]
    assert kinds == [("turn", "ALVAREZ"), ("direct", "the county engineer")]


def test_extract_an_estimated_figure_is_no_reported_speech() -> None:
    # "the county an estimated $5.5 million": "estimated" is an adjective after an article.
    text = "The deal should also save the county an estimated $5.5 million on depot upkeep.\n"
    (claim,) = extract_statements(text)
    assert claim.speaker is None


def test_extract_a_list_item_is_no_figure_tail() -> None:
    # ", lighting and signs" continues a list; ", down from $2.75" is a tail of its own.
    text = (
        "The fund paid $4 million for paving, lighting and signs across the three districts. "
        "Fares fell 3%, down from $2.75.\n"
    )
    assert [s.text for s in extract_statements(text)] == [
        "The fund paid $4 million for paving, lighting and signs across the three districts.",
        "Fares fell 3%",
        "down from $2.75.",
    ]
