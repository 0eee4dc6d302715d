from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import extract_statements, find_quotes, same_speaker
from claimcheck.types import StatementKind


def quotes(text: str) -> list[tuple[str, str | None]]:
    return [(text[q.content[0] : q.content[1]], q.speaker) for q in find_quotes(text)]


def test_extract_quote_speaker_after_with_title() -> None:
    text = '"We finished it ten times faster," co-CEO Ted Sarandos said on Thursday.'
    assert quotes(text) == [("We finished it ten times faster", "Ted Sarandos")]


def test_extract_quote_said_before_name_and_according_to() -> None:
    text = (
        "“The budget would not allow it,” said Greg Peters.\n\n"
        "According to Laura Brandt, “shoppers are trading down fast.”"
    )
    assert quotes(text) == [
        ("The budget would not allow it", "Greg Peters"),
        ("shoppers are trading down fast.", "Laura Brandt"),
    ]


def test_extract_pronoun_and_surname_resolve_to_earlier_full_name() -> None:
    text = (
        "Ted Sarandos spoke first.\n\n"
        '"It was a turning point for us," he said.\n\n'
        '"We will do more of it next year," Sarandos added.'
    )
    assert quotes(text) == [
        ("It was a turning point for us", "Ted Sarandos"),
        ("We will do more of it next year", "Ted Sarandos"),
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
        '"We finished it ten times faster," Sarandos said.\n\n'
        'Revenue rose 16% in the quarter, which Sarandos called "a very strong result for us."'
    )
    kinds = [(s.kind, s.text[:12]) for s in extract_statements(text)]
    assert kinds == [
        (StatementKind.QUOTE, "We finished "),
        (StatementKind.CLAIM, "Revenue rose"),
        (StatementKind.QUOTE, "a very stron"),
    ]


def test_extract_spans_point_at_the_statement_text() -> None:
    text = "# Headline about Netflix results\n\nNetflix grew 16%. “It was great news,” Peters said."
    for s in extract_statements(text):
        assert text[s.span[0] : s.span[1]] == s.text
    assert extract_statements(text)[0].text == "Headline about Netflix results"


def test_same_speaker_compares_surnames() -> None:
    assert same_speaker("Ted Sarandos", "Sarandos")
    assert not same_speaker("Ted Sarandos", "Greg Peters")


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
        'Trump returned to the stage and declared, "We will never be stopped."\n\n'
        "Clinton said the plan was “a gift to the very rich” and left."
    )
    assert kinds_and_speakers(text) == [
        ("direct", "We will never be stopped.", "Trump"),
        ("mixed", "a gift to the very rich", "Clinton"),
    ]


def test_extract_description_possessive_and_titled_speakers_with_spans() -> None:
    text = (
        "“It was horrifying to watch,” the CNN host said.\n\n"
        "“My reaction was that it was outrageous,” Obama's former campaign strategist said.\n\n"
        "“It is a dog whistle to voters,” Rep. Gwen Moore (D-Wis.) said Friday."
    )
    found = find_quotes(text)
    assert [q.speaker for q in found] == [
        "the CNN host",
        "Obama's former campaign strategist",
        "Rep. Gwen Moore",
    ]
    for q in found:
        assert q.speaker_span is not None and q.cue_span is not None
        assert text[q.cue_span[0] : q.cue_span[1]] == "said"


def test_extract_continuation_and_colon_lead_in_and_signature() -> None:
    text = (
        "Cruz called them on it:\n\n"
        "“The questions asked in this debate illustrate the problem.”\n\n"
        "“This is really spectacular,” said Chris Low. “The market reaction is telling us so.”\n\n"
        "“He is not fit for the job at all.” ― Ana Ruiz “We deserve a better choice than this.”"
    )
    assert [(k, s) for k, _, s in kinds_and_speakers(text)] == [
        ("direct", "Cruz"),
        ("direct", "Chris Low"),
        ("direct", "Chris Low"),
        ("direct", "Ana Ruiz"),
        ("direct", "Ana Ruiz"),
    ]


def test_extract_reported_speech_gives_claims_their_source() -> None:
    text = (
        "Sarandos said the scene was finished ten times faster. "
        "Revenue rose 16% in the quarter, the company said. "
        "According to the analyst, costs will fall by a fifth. "
        "The weather was fine."
    )
    claims = extract_statements(text)
    assert [(s.speaker, s.category) for s in claims] == [
        ("Sarandos", "attribution"),
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
        "Netflix reported results on Thursday. The company's revenue rose 18%. "
        "It raised its forecast."
    )
    claims = extract_statements(text)
    assert [s.standalone for s in claims] == [
        "Netflix reported results on Thursday.",
        "Netflix's revenue rose 18%.",
        "Netflix raised its forecast.",
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
        '“We are going to win so much," Trump said at the rally. "You will be so happy.”\n\n'
        "“It's unusual,“ said Larry Noble, an attorney. “It's a hard thing to pull off.”"
    )
    assert quotes(text) == [
        ("We are going to win so much", "Trump"),
        ("You will be so happy.", "Trump"),
        ("It's unusual", "Larry Noble"),
        ("It's a hard thing to pull off.", "Larry Noble"),
    ]


def test_extract_lead_ins_according_to_said_name_and_statement() -> None:
    text = (
        "According to the Daily Caller, “Labott coordinated the posts with Reines.”\n\n"
        'Said Comey, "The thought that an error on our part is connected is painful."\n\n'
        "After the attack, the mayor, Ann Lee, issued a statement, “Our city will not be divided.”"
    )
    assert [s for _, s in quotes(text)] == ["the Daily Caller", "Comey", "Ann Lee"]


def test_extract_speaker_after_a_quote_that_closes_its_sentence() -> None:
    # A closed quotation followed by a bare attribution sentence is that speaker's; a new
    # sentence that says more, or leads into the next quote, is not an attribution.
    text = (
        "Mr. Zucker spoke at length.\n\n"
        "“There is room for four networks.” Zucker said. “I don’t think there’s room for five.”\n\n"
        "“We lost the vote.” Ms. Diaz said in a statement.\n\n"
        "“The plan is dead.” Rep. Ortiz said the vote was close.\n\n"
        "Campaign spokesman Jason Miller added, “It will not work now.”"
    )
    found = quotes(text)
    assert ("There is room for four networks.", "Zucker") in found
    assert ("We lost the vote.", "Ms. Diaz") in found
    # "said the vote was close" says more than who spoke: no attribution of its own.
    assert not any(who and "Ortiz" in who for _, who in found)
    assert ("It will not work now.", "Jason Miller") in found


SPEAKER_CASES = {
    "any past-tense cue, and a participle's clause subject": (
        "Trump boasted, “That makes me smart.”\n\n"
        "Sen. Claire McCaskill (D-Mo.) scolded him: “The scientific community is against you.”\n\n"
        "Jeb Bush spoke first. “Jeb wants to be a tough guy tonight,” Trump shot back.\n\n"
        "During a speech earlier in the day, Trump attacked Clinton for her record in Libya, "
        'saying, "She\'s trigger-happy and very unstable."',
        ["Trump", "Sen. Claire McCaskill", "Trump", "Trump"],
    ),
    # "he" after a paragraph about Trump's remarks is Trump, not the last quoted speaker.
    "he said: the person last reported speaking": (
        "“We will not be lectured,” said Rodrigo Duterte, the Philippine president.\n\n"
        "In the interview, Donald Trump criticised the talks. Trump said he would easily win "
        "the election if the party leaders would support him.\n\n"
        "“If we had party unity, we couldn’t lose this election,” he said.\n\n"
        "“Our members are frustrated,” said Jack Mozloom, a spokesman, on Monday. "
        "“It’s a hard rule,” he said.",
        ["Rodrigo Duterte", "Donald Trump", "Jack Mozloom", "Jack Mozloom"],
    ),
    "descriptions, openers and a pronoun before its cue": (
        '"Did he lose 20 minutes? Probably," said one former senior agency official.\n\n'
        "Here in Columbia, Sanders stepped up his emphasis on criminal justice, saying, "
        '"We have got to achieve the day when young black men are safe."\n\n'
        "Immediately after the attacks, Trump issued a\xa0statement, “Our nation was attacked "
        "last night.”\n\n"
        '"That never happened," Bob said. Eyebrows raised, he asked, "I was going to stay '
        'behind by myself?"',
        ["one former senior agency official", "Sanders", "Trump", "Bob", "Bob"],
    ),
    "one and another as speakers, a name with its organisation": (
        '"I\'m voting for him," one said. "She lies too much."\n\n'
        '"I feel good about Pence," said another.\n\n'
        '"It would be a stretch for them," Jeffrey Lewis of the James Martin Center for '
        "Nonproliferation Studies wrote in December.",
        ["one", "one", "another", "Jeffrey Lewis"],
    ),
    "a description right before a finite cue is its subject; a time is no subject": (
        "Asked by a reporter whether she wiped the server so no one could recover the emails, "
        "the Democratic nominee mockingly responded, “What? Like with a cloth?”\n\n"
        "Trump returned a few minutes later to resume his remarks and declared, “We will "
        "never be stopped.”",
        ["the Democratic nominee", "Trump"],
    ),
    "he said after a titled speaker keeps the name as first given": (
        '"We finished it ten times faster," co-CEO Ted Sarandos said on Thursday.\n\n'
        '"The cost would never have been feasible," he said.',
        ["Ted Sarandos", "Ted Sarandos"],
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
