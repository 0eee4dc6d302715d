"""Grounded checks: `check` and `verify --against` on files the tests write, the grounded signal
part by part, its verdicts, and `eval grounded` on a small set in the shared layout."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.config import Settings
from claimcheck.eval.grounded import evaluate_grounded, read_grounded
from claimcheck.judge.grounded import claim_parts, ground
from claimcheck.models.embedder import Embedder
from claimcheck.models.manifest import GroundedThresholds
from claimcheck.models.nli_judge import NliJudge
from claimcheck.pipeline import judge_all, load_against, prepare, prepare_against
from claimcheck.types import Document, Evidence, Passage, SourceRef, Verdict

runner = CliRunner()

MEMO = (
    "Harwick Mills opened a second bakery in Tolland in March 2024.\n"
    "The new site employs 38 people and bakes rye and sourdough.\n"
    "Its founder, Imke Sorensen, started the business in a garage in 2011.\n"
)


def _doc(text: str, doc_id: str = "memo") -> Document:
    return Document(
        id=doc_id, title="Memo", text=text, source=f"{doc_id}.txt", date=None, url=None,
        kind="other", speakers=(), turns=(),
    )  # fmt: skip


def _evidence(doc: Document, end: int | None = None) -> tuple[Evidence, ...]:
    ref = SourceRef(doc.id, doc.title, doc.kind, None, doc.source, None)
    end = len(doc.text) if end is None else end
    p = Passage(id="p1", doc_id=doc.id, text=doc.text[:end], span=(0, end), speaker=None)
    return (Evidence(passage=p, source=ref, score=0.6, rank=1),)


def _word_scorer(pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> np.ndarray:
    """A stand-in judge: entailment = share of the hypothesis's words found in the premise."""
    out = []
    for premise, hypothesis in pairs:
        words = [w.strip(".,").lower() for w in hypothesis.split()]
        have = {w.strip(".,").lower() for w in premise.split()}
        share = sum(w in have for w in words) / max(1, len(words))
        out.append([share, 1 - share, 0.0])
    return np.asarray(out, dtype=np.float32)


def test_grounded_parts_supported_by_different_sentences() -> None:
    apart = "Rain fell all week.\nThe roads were closed.\nSchools shut early.\nWind rose.\n"
    first, second, third = MEMO.strip().splitlines()
    doc = _doc("\n".join([first, apart, third, apart, second]))
    claim = (
        "Harwick Mills opened a second bakery in Tolland in March 2024, "
        "and the new site employs 38 people"
    )
    assert len(claim_parts(claim)) == 2
    signal = ground(claim, _evidence(doc, len(first)), lambda _id: doc, _word_scorer)
    assert signal is not None
    # No one window holds all the words; each part is in its own sentence.
    assert signal.whole.entailment < 0.95
    assert min(p.entailment for p in signal.parts) >= 0.95
    assert signal.decided_by_parts
    assert {p.window for p in signal.parts} != {signal.whole.window}


def test_grounded_every_sentence_is_a_candidate() -> None:
    filler = "".join(f"Paragraph {i} is about the weather on day {i}.\n" for i in range(200))
    doc = _doc(filler + "The bakery in Tolland employs 38 people.\n" + filler)
    signal = ground("The bakery in Tolland employs 38 people", _evidence(doc), lambda _: doc,
                    _word_scorer)  # fmt: skip
    assert signal is not None and signal.support == pytest.approx(1.0)
    assert "Tolland" in signal.whole.window


@pytest.fixture(scope="module")
def nli() -> NliJudge:
    judge = NliJudge()
    if not judge.available():
        pytest.skip("the shipped NLI model is missing")
    return judge


def _verdict(text: str, docs: tuple[Document, ...], nli: NliJudge | None) -> Verdict:
    settings = Settings()
    embedder = Embedder()
    p = prepare(text, index=None, embedder=embedder, settings=settings, nli=nli,
                against=prepare_against(docs, embedder, settings))  # fmt: skip
    judged = judge_all(p.statements, p.evidence, p.documents, settings, nli, p.signals,
                       nli.grounded_thresholds() if nli else None)  # fmt: skip
    assert len(judged) == 1
    return judged[0].verdict


def test_grounded_paraphrase_needs_the_nli_judge(nli: NliJudge) -> None:
    doc = _doc(MEMO)
    claim = "Imke Sorensen founded the company in 2011."
    assert _verdict(claim, (doc,), nli) is Verdict.SUPPORTED
    # Without the NLI judge the same paraphrase is not supported: the judge is what reads it.
    assert _verdict(claim, (doc,), None) is not Verdict.SUPPORTED


def test_grounded_claim_the_document_does_not_address(nli: NliJudge) -> None:
    doc = _doc(MEMO)
    assert _verdict("Harwick Mills plans to list its shares in 2026.", (doc,), nli) in (
        Verdict.UNVERIFIABLE,
        Verdict.CONTRADICTED,
    )


def test_grounded_thresholds_decide() -> None:
    doc = _doc(MEMO)
    claim = "The new site employs 38 people"
    signal = ground(claim, _evidence(doc), lambda _id: doc, _word_scorer)
    assert signal is not None
    from claimcheck.extract import extract_statements
    from claimcheck.judge import judge

    (statement,) = extract_statements(claim + ".")
    strict = judge(statement, _evidence(doc), documents=lambda _: doc, settings=Settings(),
                   grounded=signal, thresholds=GroundedThresholds(support=1.01))  # fmt: skip
    loose = judge(statement, _evidence(doc), documents=lambda _: doc, settings=Settings(),
                  grounded=signal, thresholds=GroundedThresholds(support=0.5))  # fmt: skip
    assert strict.verdict is Verdict.UNVERIFIABLE and "do not say" in strict.reason
    assert loose.verdict is Verdict.SUPPORTED


def test_cli_check_against_a_file(tmp_path: Path, nli: NliJudge) -> None:
    src = tmp_path / "memo.txt"
    src.write_text(MEMO, encoding="utf-8")
    result = runner.invoke(
        app, ["check", "Imke Sorensen founded the company in 2011.", "--against", str(src),
              "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["judgments"][0]["verdict"] == "supported"
    assert data["index_manifest"]["against"][0]["source"].endswith("memo.txt")


def test_cli_verify_against_without_an_index(tmp_path: Path, nli: NliJudge) -> None:
    src = tmp_path / "sources"
    src.mkdir()
    (src / "memo.txt").write_text(MEMO, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("The Tolland bakery employs 38 people.\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["verify", str(draft), "--against", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [d["title"] for d in report["index_manifest"]["against"]]
    assert report["judgments"][0]["verdict"] == "supported"


@pytest.mark.parametrize("case", ["missing", "unreadable", "empty_folder", "nothing"])
def test_cli_against_bad_sources_are_one_line_errors(tmp_path: Path, case: str) -> None:
    args = ["check", "The bakery employs 38 people."]
    if case == "missing":
        args += ["--against", str(tmp_path / "nope.txt")]
    elif case == "unreadable":
        bad = tmp_path / "bad.pdf"
        bad.write_bytes(b"\x00\x01 not a pdf at all")
        args += ["--against", str(bad)]
    elif case == "empty_folder":
        (tmp_path / "empty").mkdir()
        (tmp_path / "empty" / "x.bin").write_bytes(b"\x00")
        args += ["--against", str(tmp_path / "empty")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    assert "Traceback" not in result.output


def test_load_against_keeps_two_files_of_one_name(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "memo.txt").write_text(f"Memo {sub} says the bakery opened.\n",
                                                 encoding="utf-8")  # fmt: skip
    docs = load_against([tmp_path / "a" / "memo.txt", tmp_path / "b" / "memo.txt"])
    assert len({d.id for d in docs}) == 2


def _write_set(folder: Path) -> None:
    folder.mkdir()
    docs = [
        {"doc_id": "d1", "sentences": MEMO.strip().splitlines()},
        {"doc_id": "d2", "sentences": ["The river flooded the lower town in 1998.",
                                       "Repairs took four years."]},
    ]  # fmt: skip
    claims = [
        {"id": "c1", "claim": "Imke Sorensen started the business in 2011.", "label": "SUPPORTED",
         "evidence_doc_ids": ["d1"], "split": "dev"},
        {"id": "c2", "claim": "The river flooded the lower town in 1998.", "label": "SUPPORTED",
         "evidence_doc_ids": ["d2"], "split": "dev"},
        {"id": "c3", "claim": "The flood killed 40 people and destroyed the mill.",
         "label": "UNVERIFIABLE", "evidence_doc_ids": ["d2"], "split": "dev"},
    ]  # fmt: skip
    extra = [
        {"id": "c4", "claim": "Harwick Mills opened a bakery in Tolland that sells cakes.",
         "label": None, "orig_label": "partially_supported", "evidence_doc_ids": ["d1"],
         "split": "dev"},
    ]  # fmt: skip
    for name, rows in (("corpus", docs), ("claims", claims), ("extra_labels", extra)):
        (folder / f"{name}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
        )


def test_read_grounded_counts_partial_support_as_not(tmp_path: Path) -> None:
    _write_set(tmp_path / "mini")
    rows, docs = read_grounded(tmp_path / "mini")
    assert {r.id: r.supported for r in rows} == {"c1": True, "c2": True, "c3": False, "c4": False}
    assert set(docs) == {"d1", "d2"}


def test_eval_grounded_on_a_small_set(tmp_path: Path, nli: NliJudge) -> None:
    _write_set(tmp_path / "mini")
    result = evaluate_grounded(tmp_path / "mini", split="dev", embedder=Embedder(),
                               settings=Settings(), nli=nli)  # fmt: skip
    assert result.n == 4
    c = result.confusion
    assert c["tp"] + c["fn"] == 2 and c["fp"] + c["tn"] == 2
    assert result.recall_supported >= 0.5
    assert result.seconds_per_claim > 0
    out = tmp_path / "g.json"
    cli = runner.invoke(app, ["eval", "grounded", "--set", str(tmp_path / "mini"), "--split",
                              "dev", "--json", str(out)])  # fmt: skip
    assert cli.exit_code == 0, cli.output
    assert json.loads(out.read_text(encoding="utf-8"))["n"] == 4


def test_eval_grounded_rejects_a_folder_without_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "claims.jsonl").write_text("{}\n", encoding="utf-8")
    cli = runner.invoke(app, ["eval", "grounded", "--set", str(tmp_path / "x")])
    assert cli.exit_code == 1
    assert "Error:" in cli.stderr
