"""The verdict engine: checks give signals, ``PRECEDENCE`` decides, the NLI judge is asked
lazily. Records are built directly; the NLI judge is a small fake except where a finding is
the real model's to make."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from claimcheck import Settings
from claimcheck.judge import JudgeParams, judge_claim
from claimcheck.judge.aggregate import _PRODUCERS, PRECEDENCE
from claimcheck.judge.signals import Cue
from claimcheck.models.nli_judge import CONTRADICTION, ENTAILMENT, NliJudge
from claimcheck.types import Document, Evidence, Finding, Verdict

from .records import FakeScorer, claim, doc, evidence

SETTINGS = Settings()
# Invented source and claims: a paraphrase shares few words, so only meaning can support it.
SOURCE = (
    "The Harbour Point library reopened in May after a refit that took two years, the county "
    "council said. Visitors can now borrow tools as well as books."
)
PARAPHRASE = "The Harbour Point library reopened in May after a two-year refit."
OTHER = "Tide tables for the northern estuary are printed every Thursday by the harbour office."


_doc, _evidence, _claim = doc, evidence, claim


DOCS = {"src": _doc(SOURCE, "src"), "other": _doc(OTHER, "other")}
lookup: Callable[[str], Document] = DOCS.__getitem__


def _judge(text: str, scorer: FakeScorer | NliJudge | None, *extra: Evidence, score: float = 0.62):
    evidence = (_evidence(DOCS["src"], score), *extra)
    return judge_claim(_claim(text), evidence, lookup, SETTINGS, scorer=scorer)


def test_aggregate_precedence_every_finding_has_a_check_and_closest_ends_the_table() -> None:
    assert all(rule.cue in _PRODUCERS for rule in PRECEDENCE)
    for rule in PRECEDENCE:
        assert all(c in _PRODUCERS for c in rule.unless)
    assert PRECEDENCE[-1].cue is Cue.CLOSEST
    cues = [r.cue for r in PRECEDENCE]
    # figures and names are explicit and go before the NLI judge; the NLI judge before similarity
    assert cues.index(Cue.FIGURE_CONFLICT) < cues.index(Cue.NLI_ENTAILMENT)
    assert cues.index(Cue.NAME_CLASH) < cues.index(Cue.NLI_ENTAILMENT)
    assert cues.index(Cue.NLI_CONTRADICTION) < cues.index(Cue.SIMILAR)


def test_aggregate_fake_entailment_supports_and_fake_contradiction_contradicts() -> None:
    supported = _judge(PARAPHRASE, FakeScorer(entail=0.95, contra=0.01), score=0.66)
    assert supported.verdict is Verdict.SUPPORTED
    assert supported.finding is Finding.NLI_ENTAILMENT
    contradicted = _judge(PARAPHRASE, FakeScorer(entail=0.02, contra=0.95), score=0.66)
    assert contradicted.verdict is Verdict.CONTRADICTED
    assert contradicted.finding is Finding.NLI_CONTRADICTION
    neither = _judge(PARAPHRASE, FakeScorer(entail=0.4, contra=0.3), score=0.66)
    assert neither.verdict is Verdict.UNVERIFIABLE


def test_aggregate_entailment_never_supports_a_figure_no_source_gives() -> None:
    judged = _judge(
        "The Harbour Point library reopened in May after 41 months of work.",
        FakeScorer(entail=0.99, contra=0.0),
    )
    assert judged.verdict is not Verdict.SUPPORTED
    assert "no source gives 41" in judged.reason


def test_aggregate_asks_the_nli_judge_once_and_not_when_figures_decide() -> None:
    scorer = FakeScorer(entail=0.95, contra=0.01)
    _judge(PARAPHRASE, scorer)
    assert scorer.calls == 1
    decided = FakeScorer(entail=0.95, contra=0.01)
    doc = _doc("The county council will spend $4.2 million on the Harbour Point library.", "m")
    judged = judge_claim(
        _claim("The county council will spend $5.8 million on the Harbour Point library."),
        (_evidence(doc, 0.93),), {"m": doc}.__getitem__, SETTINGS, scorer=decided,
    )  # fmt: skip
    assert judged.finding is Finding.NUMBER_MISMATCH
    assert decided.calls == 0


@hyp_settings(max_examples=30, deadline=None)
@given(
    low=st.floats(0.0, 1.0), high=st.floats(0.0, 1.0), contra=st.floats(0.0, 1.0),
    score=st.floats(0.3, 0.99),
)  # fmt: skip
def test_aggregate_raising_entailment_never_turns_supported_into_contradicted(
    low: float, high: float, contra: float, score: float
) -> None:
    low, high = min(low, high), max(low, high)
    contra = min(contra, 1.0 - high)
    before = _judge(PARAPHRASE, FakeScorer(low, contra), score=score)
    after = _judge(PARAPHRASE, FakeScorer(high, contra), score=score)
    if before.verdict is Verdict.SUPPORTED:
        assert after.verdict is Verdict.SUPPORTED
    if after.verdict is Verdict.CONTRADICTED:
        assert before.verdict is Verdict.CONTRADICTED


@pytest.mark.parametrize("entail,contra", [(0.95, 0.01), (0.02, 0.95), (0.4, 0.3)])
def test_aggregate_an_unrelated_source_never_changes_a_verdict(
    entail: float, contra: float
) -> None:
    alone = _judge(PARAPHRASE, FakeScorer(entail, contra), score=0.66)
    unrelated = _evidence(DOCS["other"], 0.21, rank=2)
    with_other = _judge(PARAPHRASE, FakeScorer(entail, contra), unrelated, score=0.66)
    assert (with_other.verdict, with_other.finding) == (alone.verdict, alone.finding)


def test_judge_params_every_threshold_says_how_it_was_chosen() -> None:
    recorded = JudgeParams.from_settings(Settings(support_threshold=0.8)).to_dict()
    assert recorded["support"]["value"] == 0.8
    assert all(v["how"] for v in recorded.values())


@pytest.fixture(scope="module")
def real_nli() -> NliJudge:
    return NliJudge()


def test_aggregate_real_nli_supports_a_paraphrase_that_similarity_cannot(
    real_nli: NliJudge,
) -> None:
    """Switching the NLI judge off must change this verdict: only meaning supports it."""
    probs = real_nli.predict([(SOURCE, PARAPHRASE)])[0]
    assert probs[ENTAILMENT] > probs[CONTRADICTION]
    assert _judge(PARAPHRASE, real_nli).verdict is Verdict.SUPPORTED
    assert _judge(PARAPHRASE, None).verdict is Verdict.UNVERIFIABLE
