"""The numbers stress test: earnings bullets checked against their own earnings call.

From an ECTSum-style set (``claims.jsonl`` of Reuters bullets, ``transcripts.jsonl`` of
earnings-call transcripts): every bullet whose numbers all appear verbatim in its transcript,
checked as written (it should not be contradicted) and with one number changed to a value the
transcript never gives (it should be contradicted). Each call is its own small index (FAISS
vectors and BM25 over passages of three transcript sentences), as a newsroom's index would hold
the call a story is about; bullets are judged by the same judges as a draft's claims.

With ``corpus="all"`` every chosen call is in ONE index built as ``claimcheck index build``
builds it (``eval_corpus.py``), and each bullet is verified as a one-paragraph draft by
``verify_text``, as ``claimcheck verify`` would: the call it came from must be found among all
the others. ``split``: ECTSum has only its test folder, so ``dev`` is the calls whose id hashes
into ``eval_corpus.DEV_PART`` and ``test`` the rest; tune on dev only.
"""

from __future__ import annotations

import random
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from ..config import Settings
from ..errors import InputError
from ..judge.numbers import Quantity, find_quantities
from ..models.embedder import Embedder
from ..models.nli_judge import NliJudge
from ..models.reranker import Reranker
from ..pipeline import judge_all, verify_text
from ..types import Document, Finding, Judgment, Passage, StatementKind, Verdict
from .corpus import (
    CORPORA,
    SourceDoc,
    corpus_index,
    dev_part,
    evidence_documents,
    right_document,
)
from .datasets import iter_jsonl
from .harness import claim_statement, evidence_for, temporary_index
from .metrics import NumbersMetrics, Stopwatch, rate

__all__ = ["SPLITS", "Split", "change_one_number", "evaluate_numbers"]

_FACTORS = (0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.5)
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
PASSAGE_SENTENCES = 3
PASSAGE_STRIDE = 2
Split = Literal["all", "dev", "test"]
SPLITS: Final = ("all", "dev", "test")


@dataclass(frozen=True)
class _Outcome:
    """What a bullet drew: its verdict, finding and reason, and (``corpus="all"``) whether
    its own call was among the evidence."""

    verdict: Verdict
    finding: Finding
    reason: str
    right_doc: bool | None
    evidence_docs: tuple[str, ...]  # corpus all: the evidence's documents, in order


@dataclass(frozen=True)
class _Case:
    id: str
    call: str
    text: str
    changed: bool
    change: str | None  # "1.8 -> 2.16"


def _format(value: float, decimals: int, thousands: bool) -> str:
    return f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"


def change_one_number(claim: str, transcript: str, rng: random.Random) -> tuple[str, str] | None:
    """``claim`` with one figure changed to a value that ``transcript`` never gives, and a note
    of the change; None when the claim has no figure to change. Money, percentages and counts
    are changed before years; the new value keeps the written precision."""
    quantities = list(find_quantities(claim))
    if not quantities:
        return None
    order: list[Quantity] = [q for q in quantities if q.kind not in ("year", "quarter")] or [
        q for q in quantities if q.kind == "year"
    ]
    if not order:
        return None
    q = rng.choice(order)
    digits = _DIGITS.search(claim, q.span[0], q.span[1])
    if digits is None:
        return None
    raw = digits.group(0)
    number = float(raw.replace(",", ""))
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    factors = list(_FACTORS)
    rng.shuffle(factors)
    for factor in factors:
        new_value = number * factor if q.kind != "year" else number + rng.choice((-2, -1, 1, 2))
        new = _format(round(new_value, decimals), decimals, "," in raw)
        if new == raw or re.search(rf"(?<![\d.]){re.escape(new)}(?![\d]|\.\d)", transcript):
            continue
        changed = claim[: digits.start()] + new + claim[digits.end() :]
        return changed, f"{raw} -> {new}"
    return None


def _passages(doc: Document, sentences: list[str]) -> list[Passage]:
    """Passages of three transcript sentences, overlapping by one (``doc.text`` is the
    sentences joined by newlines)."""
    starts, offset = [], 0
    for s in sentences:
        starts.append(offset)
        offset += len(s) + 1
    passages: list[Passage] = []
    for i in range(0, max(1, len(sentences) - PASSAGE_SENTENCES + PASSAGE_STRIDE), PASSAGE_STRIDE):
        chunk = sentences[i : i + PASSAGE_SENTENCES]
        if not chunk:
            break
        a = starts[i]
        b = starts[i + len(chunk) - 1] + len(chunk[-1])
        passages.append(
            Passage(id=f"{doc.id}-p{i}", doc_id=doc.id, text=doc.text[a:b], span=(a, b),
                    speaker=None)
        )  # fmt: skip
    return passages


def _one_verdict(judgments: Sequence[Judgment]) -> Judgment | None:
    """The bullet's verdict when its draft holds several claims: a contradicted part
    contradicts it, otherwise the first unsupported part speaks, otherwise the first part."""
    claims = [j for j in judgments if j.statement.kind is StatementKind.CLAIM] or list(judgments)
    if not claims:
        return None
    for verdict in (Verdict.CONTRADICTED, Verdict.UNVERIFIABLE):
        for j in claims:
            if j.verdict is verdict:
                return j
    return claims[0]


def _call_document(call: str, t: dict[str, Any]) -> tuple[Document, list[str]]:
    sentences = [str(s) for s in t["transcript_sentences"]]
    text = "\n".join(sentences)
    doc = Document(
        id=call, title=f"{t.get('company_quarter', call)} earnings call", text=text,
        source=call, date=None, url=None, kind="transcript", speakers=(), turns=(),
    )  # fmt: skip
    return doc, sentences


def _cases_of(call: str, rows: list[dict[str, Any]], text: str, rng: random.Random) -> list[_Case]:
    out: list[_Case] = []
    for row in rows:
        claim = str(row["claim"])
        out.append(_Case(str(row["id"]), call, claim, False, None))
        altered = change_one_number(claim, text, rng)
        if altered is not None:
            out.append(_Case(str(row["id"]) + "-changed", call, altered[0], True, altered[1]))
    return out


def _own(
    chosen: list[str],
    transcripts: dict[str, dict[str, Any]],
    bullets: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    *,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None,
    reranker: Reranker | None,
) -> list[tuple[_Case, _Outcome]]:
    """Each call its own small index; bullets judged against their call only."""
    out: list[tuple[_Case, _Outcome]] = []
    for call in chosen:
        doc, sentences = _call_document(call, transcripts[call])
        call_cases = _cases_of(call, bullets[call], doc.text, rng)
        statements = tuple(claim_statement(c.id, c.text) for c in call_cases)
        docs = [(doc, _passages(doc, sentences))]
        with temporary_index(docs, embedder, prefix="claimcheck-numbers-") as index:
            evidence = evidence_for(statements, index, embedder, settings, reranker)

            def lookup(_doc_id: str, d: Document = doc) -> Document:
                return d

            judged = judge_all(statements, evidence, lookup, settings, nli)
        out += [
            (c, _Outcome(j.verdict, j.finding, j.reason, None, ()))
            for c, j in zip(call_cases, judged, strict=True)
        ]
    return out


def _all(
    chosen: list[str],
    transcripts: dict[str, dict[str, Any]],
    bullets: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    *,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None,
    reranker: Reranker | None,
) -> list[tuple[_Case, _Outcome]]:
    """Every chosen call in one index; each bullet verified as a draft of its own."""
    docs, cases = [], []
    for call in chosen:
        doc, _ = _call_document(call, transcripts[call])
        docs.append(SourceDoc(call, doc.title, doc.text, "transcript", None))
        cases += _cases_of(call, bullets[call], doc.text, rng)
    out: list[tuple[_Case, _Outcome]] = []
    with (
        tempfile.TemporaryDirectory(prefix="claimcheck-numbers-all-") as tmp,
        corpus_index(docs, Path(tmp), embedder=embedder, settings=settings) as built,
    ):
        for c in cases:
            report = verify_text(
                c.text, index=built.index, embedder=embedder, settings=settings, nli=nli,
                reranker=reranker, path=f"{c.id}.txt",
            )  # fmt: skip
            j = _one_verdict(report.judgments)
            if j is None:
                out.append((c, _Outcome(Verdict.UNVERIFIABLE, Finding.NO_EVIDENCE,
                                        "no statement extracted", False, ())))  # fmt: skip
                continue
            out.append((c, _Outcome(j.verdict, j.finding, j.reason,
                                    right_document(j, c.call, built.set_ids),
                                    tuple(evidence_documents(j, built.set_ids)))))  # fmt: skip
    return out


def evaluate_numbers(
    set_dir: Path,
    *,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None,
    calls: int | None = None,
    seed: int = 7,
    reranker: Reranker | None = None,
    corpus: str = "own",  # a Corpus; str while the CLI passes its option's plain string
    split: str = "all",  # a Split, likewise
) -> NumbersMetrics:
    """Contradiction rates for changed and unchanged bullets, with one record per case.

    ``corpus``: ``own`` checks each bullet against its own call, ``all`` against one index of
    every chosen call. ``split``: ``all``, ``dev`` or ``test`` (calls by id hash); ``calls``:
    only the first N calls of the split."""
    if corpus not in CORPORA:
        raise InputError(f"corpus must be one of {', '.join(CORPORA)}, got {corpus!r}")
    if split not in SPLITS:
        raise InputError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    claims_path, transcripts_path = set_dir / "claims.jsonl", set_dir / "transcripts.jsonl"
    if not claims_path.exists() or not transcripts_path.exists():
        raise InputError(
            f"{set_dir} is not an ECTSum-style set (needs claims.jsonl and transcripts.jsonl)"
        )
    transcripts = {d["doc_id"]: d for d in iter_jsonl(transcripts_path)}
    bullets: dict[str, list[dict[str, Any]]] = {}
    for row in iter_jsonl(claims_path):
        call = (row.get("evidence_doc_ids") or [None])[0]
        if row.get("numbers_found_verbatim_in_transcript") is True and call in transcripts:
            bullets.setdefault(call, []).append(row)
    in_split = [c for c in sorted(bullets) if split == "all" or dev_part(c) == (split == "dev")]
    chosen = in_split[:calls] if calls else in_split
    clock = Stopwatch()
    run = _all if corpus == "all" else _own
    verdicts = run(
        chosen, transcripts, bullets, random.Random(seed), embedder=embedder,
        settings=settings, nli=nli, reranker=reranker,
    )  # fmt: skip
    seconds = round(clock.seconds, 1)
    cases = [c for c, _ in verdicts]
    if not cases:
        raise InputError(f"{set_dir} has no bullets whose numbers all appear in their transcript")

    def share(changed: bool, verdict: Verdict) -> float:
        return rate(j.verdict is verdict for c, j in verdicts if c.changed is changed)

    def right_doc(changed: bool) -> float | None:
        group = [j.right_doc for c, j in verdicts if c.changed is changed]
        if not group or group[0] is None:
            return None
        return rate(bool(r) for r in group)

    changed_n = sum(1 for c in cases if c.changed)
    return {
        "set": set_dir.name,
        "corpus": corpus,
        "split": split,
        "calls": len(chosen),
        "seconds": seconds,
        "unchanged": len(cases) - changed_n,
        "changed": changed_n,
        "changed_contradicted": share(True, Verdict.CONTRADICTED),
        "unchanged_contradicted": share(False, Verdict.CONTRADICTED),
        "unchanged_supported": share(False, Verdict.SUPPORTED),
        "changed_supported": share(True, Verdict.SUPPORTED),
        "right_document_unchanged": right_doc(False),
        "right_document_changed": right_doc(True),
        "findings_changed": dict(
            Counter(j.finding.value for c, j in verdicts if c.changed).most_common()
        ),
        "findings_unchanged": dict(
            Counter(j.finding.value for c, j in verdicts if not c.changed).most_common()
        ),
        "records": [
            {
                "id": c.id,
                "claim": c.text,
                "changed": c.change,
                "verdict": j.verdict.value,
                "finding": j.finding.value,
                "reason": j.reason,
                "right_document": j.right_doc,
                "evidence_documents": list(j.evidence_docs),
            }
            for c, j in verdicts
        ],
    }
