"""The numbers stress test: earnings bullets checked against their own earnings call.

From an ECTSum-style set (``claims.jsonl`` of Reuters bullets, ``transcripts.jsonl`` of
earnings-call transcripts): every bullet whose numbers all appear verbatim in its transcript,
checked as written (it should not be contradicted) and with one number changed to a value the
transcript never gives (it should be contradicted). Each call is its own small index (FAISS
vectors and BM25 over passages of three transcript sentences), as a newsroom's index would hold
the call a story is about; bullets are judged by the same judges as a draft's claims.
"""

from __future__ import annotations

import random
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Settings
from .embed import Embedder
from .errors import InputError
from .eval_claims import claim_statement
from .eval_retrieval import passages_index
from .evaldata import iter_jsonl
from .judge.nli import NliJudge
from .judge.numbers import Quantity, find_quantities
from .pipeline import judge_all
from .rerank import Reranker
from .types import Document, Passage, Verdict

__all__ = ["change_one_number", "evaluate_numbers"]

_FACTORS = (0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.5)
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
PASSAGE_SENTENCES = 3
PASSAGE_STRIDE = 2


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


def evaluate_numbers(
    set_dir: Path,
    *,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None,
    calls: int | None = None,
    seed: int = 7,
    reranker: Reranker | None = None,
) -> dict[str, Any]:
    """Contradiction rates for changed and unchanged bullets, with one record per case."""
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
    chosen = sorted(bullets)[:calls] if calls else sorted(bullets)
    rng = random.Random(seed)
    cases: list[_Case] = []
    verdicts: list[tuple[_Case, Any]] = []
    for call in chosen:
        t = transcripts[call]
        sentences = [str(s) for s in t["transcript_sentences"]]
        text = "\n".join(sentences)
        doc = Document(
            id=call, title=f"{t.get('company_quarter', call)} earnings call", text=text,
            source=call, date=None, url=None, kind="transcript", speakers=(), turns=(),
        )  # fmt: skip
        call_cases: list[_Case] = []
        for row in bullets[call]:
            claim = str(row["claim"])
            call_cases.append(_Case(str(row["id"]), call, claim, False, None))
            altered = change_one_number(claim, text, rng)
            if altered is not None:
                call_cases.append(_Case(str(row["id"]) + "-changed", call, altered[0], True,
                                        altered[1]))  # fmt: skip
        statements = tuple(claim_statement(c.id, c.text) for c in call_cases)
        with tempfile.TemporaryDirectory(prefix="claimcheck-numbers-") as tmp:
            index = passages_index([(doc, _passages(doc, sentences))], embedder, Path(tmp))
            try:
                texts = [s.standalone for s in statements]
                depth = max(settings.depth, reranker.depth) if reranker else settings.depth
                evidence = index.search(
                    embedder.encode(texts), depth, texts=texts, mode=settings.retrieval
                )
                if reranker is not None:
                    evidence = [ev[: settings.depth] for ev in reranker.rerank(texts, evidence)]

                def lookup(_doc_id: str, d: Document = doc) -> Document:
                    return d

                judged = judge_all(statements, evidence, lookup, settings, nli)
                verdicts += list(zip(call_cases, judged, strict=True))
            finally:
                index.close()
        cases += call_cases
    if not cases:
        raise InputError(f"{set_dir} has no bullets whose numbers all appear in their transcript")

    def rate(changed: bool, verdict: Verdict) -> float:
        group = [j for c, j in verdicts if c.changed is changed]
        return round(sum(1 for j in group if j.verdict is verdict) / len(group), 4)

    changed_n = sum(1 for c in cases if c.changed)
    return {
        "set": set_dir.name,
        "calls": len(chosen),
        "unchanged": len(cases) - changed_n,
        "changed": changed_n,
        "changed_contradicted": rate(True, Verdict.CONTRADICTED),
        "unchanged_contradicted": rate(False, Verdict.CONTRADICTED),
        "unchanged_supported": rate(False, Verdict.SUPPORTED),
        "changed_supported": rate(True, Verdict.SUPPORTED),
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
            }
            for c, j in verdicts
        ],
    }
