"""The corpus-wide stress tests: every document of a set in one index, cases verified as drafts.

The mini-corpus is invented: three earnings calls of made-up companies that speak alike (so
only their figures tell them apart) and three made-up news articles with quotes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import retrieve as retrieve_module
from claimcheck.cli import app
from claimcheck.config import Settings
from claimcheck.errors import InputError
from claimcheck.eval.corpus import SourceDoc, corpus_index, dev_part
from claimcheck.eval.numbers import evaluate_numbers
from claimcheck.eval.quotes import evaluate_quotes
from claimcheck.extract import extract_statements
from claimcheck.models.embedder import Embedder
from claimcheck.retrieve import exact_share, retrieve
from tests.conftest import EVAL_DATA

_CALL = (
    "Good morning and thank you for joining the {quarter} call.",
    "Our teams delivered another quarter of steady progress across every region.",
    "Revenue rose {growth} percent to ${revenue} million in the quarter.",
    "Adjusted earnings per share were ${eps}, ahead of our own plan.",
    "Gross margin was {margin} percent, helped by lower freight costs.",
    "We continue to invest in our stores, our website and our people.",
    "For the full year we now expect revenue of ${outlook} billion.",
    "Thank you all, and we will now take your questions.",
)
CALLS = {
    "ectsum-ZQA_q2_2031": dict(quarter="second-quarter", growth="4.6", revenue="318.7",
                               eps="0.41", margin="38.2", outlook="1.27"),
    "ectsum-ZQB_q3_2031": dict(quarter="third-quarter", growth="7.9", revenue="522.4",
                               eps="1.12", margin="41.6", outlook="2.05"),
    "ectsum-ZQC_q1_2032": dict(quarter="first-quarter", growth="2.3", revenue="96.8",
                               eps="0.09", margin="29.5", outlook="0.41"),
}  # fmt: skip
BULLETS = {
    "ectsum-ZQA_q2_2031": ("compname q2 revenue rose 4.6 percent to $318.7 million.",
                           "q2 adjusted earnings per share $0.41."),
    "ectsum-ZQB_q3_2031": ("compname q3 revenue rose 7.9 percent to $522.4 million.",
                           "sees fy revenue $2.05 billion."),
    "ectsum-ZQC_q1_2032": ("q1 gross margin 29.5 percent.",
                           "compname q1 revenue rose 2.3 percent to $96.8 million."),
}  # fmt: skip
ARTICLES = {
    "pn-01": (
        "Harbour council backs the tram line",
        "The Velmont harbour council voted on Monday to fund the tram line.\n\n"
        "“We have waited twenty years for a tram that reaches the old docks,” said Odile "
        "Marchetti, who chairs the council.\n\n"
        "Her deputy, Tomas Brevik, was more cautious. “The money is there for the first "
        "stretch but nobody has costed the bridge,” Tomas Brevik said.",
    ),
    "pn-02": (
        "Mayor promises new tram depots",
        "The mayor of Kestrel Bay promised two tram depots by the end of the decade.\n\n"
        "“Every neighbourhood deserves a tram stop within a short walk of home,” said Ilse "
        "Van Oorschot at the opening of the depot site.\n\n"
        "Critics such as Ramon Quesada said the plan was vague. “Nobody has told us where the "
        "second depot will go or who will pay for it,” Ramon Quesada said.",
    ),
    "pn-03": (
        "Tram fares to rise in the spring",
        "Fares on the Lindqvist tram network will rise in the spring, the operator said.\n\n"
        "“A single ticket has cost the same for nine years and the trams are wearing out,” "
        "said Birte Lindqvist, the operator's finance chief.\n\n"
        "The riders' union, led by Caspar Nwosu, objected. “Riders are being asked to pay "
        "for twenty years of missed repairs,” Caspar Nwosu said.",
    ),
}

SPEAKERS = {
    "pn-01": ("Odile Marchetti", "Tomas Brevik"),
    "pn-02": ("Ilse Van Oorschot", "Ramon Quesada"),
    "pn-03": ("Birte Lindqvist", "Caspar Nwosu"),
}


def _call_text(call: str) -> str:
    return "\n".join(line.format(**CALLS[call]) for line in _CALL)


def _call_docs() -> list[SourceDoc]:
    return [SourceDoc(c, f"{c} earnings call", _call_text(c), "transcript", None) for c in CALLS]


def _article_docs() -> list[SourceDoc]:
    return [SourceDoc(i, t, x, "story", None) for i, (t, x) in ARTICLES.items()]


def _write_ectsum(folder: Path) -> Path:
    folder.mkdir(parents=True)
    with (folder / "transcripts.jsonl").open("w", encoding="utf-8") as f:
        for call in CALLS:
            sentences = [line.format(**CALLS[call]) for line in _CALL]
            f.write(json.dumps({"doc_id": call, "transcript_sentences": sentences}) + "\n")
    with (folder / "claims.jsonl").open("w", encoding="utf-8") as f:
        for call, bullets in BULLETS.items():
            for i, claim in enumerate(bullets):
                row = {"id": f"{call}-b{i}", "claim": claim, "evidence_doc_ids": [call],
                       "numbers_found_verbatim_in_transcript": True}  # fmt: skip
                f.write(json.dumps(row) + "\n")
    return folder


def _write_polnear(folder: Path) -> Path:
    folder.mkdir(parents=True)
    rows = []
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as f:
        for doc_id, (title, text) in ARTICLES.items():
            f.write(json.dumps({"doc_id": doc_id, "split": "dev", "title": title,
                                "text": text}) + "\n")  # fmt: skip
            for n, part in enumerate(text.split("“")[1:]):
                words = part.split("”")[0].rstrip(",")
                start = text.index(words)
                speaker = SPEAKERS[doc_id][n]
                rows.append({"id": f"{doc_id}-q{n}", "doc_id": doc_id, "split": "dev",
                             "source": speaker, "quote_kind": "direct",
                             "content_spans": [[start, start + len(words)]]})  # fmt: skip
    with (folder / "attributions.jsonl").open("w", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r) for r in rows) + "\n")
    return folder


def test_exact_share_counts_quote_runs_and_figures() -> None:
    quote = extract_statements('Ana Ruiz said, "we will build the bridge before the snow."')[0]
    assert exact_share(quote, "We will build the bridge before the snow, she said.") == 1.0
    assert exact_share(quote, "Nobody will build a bridge here.") == 0.0
    claim = extract_statements("Revenue rose 4.6 percent to $318.7 million.")[0]
    assert exact_share(claim, "revenue was $318.7 million, up 4.6%") == 1.0
    assert exact_share(claim, "revenue was $318.7 million") == 0.5
    assert exact_share(claim, "revenue rose strongly") == 0.0


def test_retrieve_all_calls_indexed_finds_the_call_a_figure_came_from(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the figure lift on (it is off by default, ``FIGURE_WEIGHT``), a bullet's exact
    figures find its own call among calls that speak alike."""
    monkeypatch.setattr(retrieve_module, "FIGURE_WEIGHT", 0.5)
    with corpus_index(_call_docs(), tmp_path, embedder=embedder, settings=Settings()) as built:
        for call, bullets in BULLETS.items():
            for bullet in bullets:
                statements = extract_statements(bullet)
                (hits,) = retrieve(statements, built.index, embedder, top_k=3)
                assert built.set_ids[hits[0].source.source] == call, bullet


def test_retrieve_all_articles_indexed_finds_the_article_a_quote_came_from(
    tmp_path: Path, embedder: Embedder
) -> None:
    draft = 'Tomas Brevik said, "The money is there for the first stretch but nobody has costed '
    draft += 'the bridge."'
    with corpus_index(_article_docs(), tmp_path, embedder=embedder, settings=Settings()) as built:
        (hits,) = retrieve(extract_statements(draft), built.index, embedder, top_k=3)
        assert built.set_ids[hits[0].source.source] == "pn-01"
        assert "nobody has costed the bridge" in hits[0].passage.text


def test_retrieve_figure_lift_off_keeps_the_plain_hybrid_ranking(
    tmp_path: Path, embedder: Embedder
) -> None:
    claim = extract_statements("Margin was 41.6 percent.")
    assert retrieve_module.FIGURE_WEIGHT == 0.0
    with corpus_index(_call_docs(), tmp_path, embedder=embedder, settings=Settings()) as built:
        (hits,) = retrieve(claim, built.index, embedder, top_k=3)
        texts = [claim[0].standalone]
        (plain,) = built.index.search(embedder.encode(texts), 3, texts=texts, mode="hybrid")
        assert [e.passage.id for e in hits] == [e.passage.id for e in plain]


def test_retrieve_exact_lift_puts_the_exact_passage_first(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lift decides: a terse figure-only claim whose words every call shares."""
    monkeypatch.setattr(retrieve_module, "FIGURE_WEIGHT", 0.5)
    claim = extract_statements("Margin was 41.6 percent.")
    with corpus_index(_call_docs(), tmp_path, embedder=embedder, settings=Settings()) as built:
        (hits,) = retrieve(claim, built.index, embedder, top_k=3)
        assert "41.6" in hits[0].passage.text
        assert [e.rank for e in hits] == [1, 2, 3]


def test_eval_numbers_corpus_all_runs_end_to_end(tmp_path: Path, embedder: Embedder) -> None:
    folder = _write_ectsum(tmp_path / "mini_ectsum")
    m = evaluate_numbers(folder, embedder=embedder, settings=Settings(), nli=None, corpus="all")
    assert m["corpus"] == "all" and m["calls"] == 3 and m["seconds"] >= 0
    assert m["unchanged"] == 6 and m["changed"] == 6
    assert m["right_document_unchanged"] == 1.0
    assert m["unchanged_contradicted"] == 0.0
    assert m["changed_contradicted"] >= 0.5
    assert all(r["right_document"] is not None for r in m["records"])
    own = evaluate_numbers(folder, embedder=embedder, settings=Settings(), nli=None)
    assert own["corpus"] == "own" and own["right_document_unchanged"] is None


def test_eval_quotes_corpus_all_runs_end_to_end(tmp_path: Path, embedder: Embedder) -> None:
    folder = _write_polnear(tmp_path / "mini_polnear")
    m = evaluate_quotes(folder, split="dev", corpus="all", embedder=embedder)
    assert m["articles"] == 3 and m["corpus"] == "all"
    assert m["cases"]["exact"]["n"] == 6
    assert m["right_document"] == 1.0
    assert m["exact_supported"] == 1.0 and m["exact_flagged"] == 0.0
    assert m["altered_caught_with_right_kind"] >= 0.9
    limited = evaluate_quotes(folder, split="dev", corpus="all", embedder=embedder, limit=1)
    assert limited["articles"] == 1


def test_eval_corpus_bad_options_are_one_line_errors(tmp_path: Path, embedder: Embedder) -> None:
    folder = _write_ectsum(tmp_path / "mini_ectsum")
    with pytest.raises(InputError, match="corpus must be one of own, all"):
        evaluate_numbers(folder, embedder=embedder, settings=Settings(), nli=None, corpus="x")
    with pytest.raises(InputError, match="split must be one of"):
        evaluate_numbers(folder, embedder=embedder, settings=Settings(), nli=None, split="x")
    result = CliRunner().invoke(app, ["eval", "quotes", "--corpus", "every"])
    assert result.exit_code == 1


def test_dev_part_is_stable() -> None:
    assert dev_part("ectsum-ZQA_q2_2031") == dev_part("ectsum-ZQA_q2_2031")
    share = sum(dev_part(f"call-{i}") for i in range(1000)) / 1000
    assert 0.25 < share < 0.35


@pytest.mark.evaldata
@pytest.mark.skipif(not (EVAL_DATA / "polnear").exists(), reason="eval data absent")
def test_eval_quotes_corpus_all_on_polnear_dev() -> None:
    result = CliRunner().invoke(
        app, ["eval", "quotes", "--split", "dev", "--corpus", "all", "--limit", "4"]
    )
    assert result.exit_code == 0, result.output
    assert "right article among the evidence" in result.output
