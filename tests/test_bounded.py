"""Bounded work on huge inputs: NER in capped pieces, quote extraction linear, reports that
claimcheck can read back whatever size the draft, sources folders with links in them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from claimcheck.extract import entities
from claimcheck.extract.entities import PERSON, mentions
from claimcheck.extract.quotes import find_quotes


@pytest.fixture
def ner_sizes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The size of every text handed to the NER model, with the cap set to 400 characters."""
    sizes: list[int] = []
    real: Callable[[], Any] = entities._nlp

    def spy() -> Callable[[str], Any]:
        def run(text: str) -> Any:
            sizes.append(len(text))
            return real()(text)

        return run

    entities._entities.cache_clear()
    monkeypatch.setattr(entities, "_nlp", spy)
    monkeypatch.setattr(entities, "NER_MAX_CHARS", 400)
    yield sizes
    entities._entities.cache_clear()


def test_bounded_ner_gets_at_most_the_cap_and_finds_names_in_every_piece(
    ner_sizes: list[int],
) -> None:
    # A draft written as one paragraph with no sentence end: one "sentence" of 6,000 characters
    # (at full size, 1.5 MB went to spaCy whole and failed with E088).
    part = '"revenue rose again" said Maria Lopes of Acme Corp in Lisbon and '
    text = part * (6000 // len(part)) + "then left.\n"
    found = mentions(text)
    assert ner_sizes and max(ner_sizes) <= 400
    people = [m for m in found if m.kind == PERSON and m.text == "Maria Lopes"]
    assert len(people) == text.count("Maria Lopes")
    assert all(text[m.start : m.end] == m.text for m in found)
    assert [q.speaker for q in find_quotes(text)][:3] == ["Maria Lopes"] * 3


def test_bounded_text_under_the_cap_is_one_call_with_the_same_names(
    ner_sizes: list[int],
) -> None:
    text = "Priya Natarajan joined Larkspur Securities in Lisbon. Natarajan said so."
    found = mentions(text)
    assert ner_sizes == [len(text)]
    assert [(m.text, m.kind) for m in found][:2] == [
        ("Priya Natarajan", PERSON),
        ("Larkspur Securities", "ORG"),
    ]


def test_bounded_pronoun_quotes_in_one_huge_paragraph_read_a_window_not_the_paragraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each "she added" used to send the whole paragraph before it to NER: quadratic work.
    from claimcheck.extract import speakers

    read: list[int] = []

    def counted(text: str, known: frozenset[str] = frozenset()) -> tuple[entities.Mention, ...]:
        read.append(len(text))
        return mentions(text, known)

    monkeypatch.setattr(speakers, "mentions", counted)
    monkeypatch.setattr(speakers, "OWN_PARAGRAPH_MAX", 300)
    part = '"Revenue rose again this year," Maria Lopes said. She added, "profit fell too." '
    text = part * 60
    quotes = find_quotes(text)
    assert len(quotes) == 120
    assert {q.speaker for q in quotes} == {"Maria Lopes"}
    # Each sentence once for genders, then a window of at most 300 characters per pronoun
    # quote: linear in the paragraph, not its square.
    assert sum(read) < 8 * len(text)
