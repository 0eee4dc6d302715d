"""The quote stress test: real direct quotes from PolNeAR articles, each also altered.

For every gold direct quote (five words or more) in the chosen split, the article is the source
and the quote is checked five ways: exactly as printed (should be supported), with a word
substituted, inserted or deleted (should be contradicted as a misquote), and given to another
named speaker of the same article (should be contradicted as misattributed).

With ``corpus="all"`` every chosen article is in ONE index built as ``claimcheck index build``
builds it (``eval_corpus.py``) and each case is verified as a one-paragraph draft by
``verify_text``, extraction and speakers included: ``NAME said, "WORDS."`` (a quote PolNeAR
gives to a pronoun is written bare, ``"WORDS."``). The article it came from must be found among
all the others.
"""

from __future__ import annotations

import random
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..config import Settings
from ..errors import InputError
from ..extract.quotes import same_speaker
from ..judge import judge_quote
from ..models.embedder import Embedder
from ..models.nli_judge import NliJudge
from ..pipeline import verify_text
from ..types import (
    Document,
    Evidence,
    Finding,
    Judgment,
    Passage,
    SourceRef,
    Statement,
    StatementKind,
    Verdict,
    stable_id,
)
from .corpus import CORPORA, SourceDoc, corpus_index, evidence_documents, right_document
from .datasets import read_polnear
from .metrics import QuoteCase, QuoteRecord, QuotesMetrics, Stopwatch

__all__ = ["evaluate_quotes"]

_SWAPS = ("never", "always", "not", "really", "only", "certainly", "rarely", "openly")
_NAME = re.compile(r"^(?:[A-Z][\w.'’-]*\s*){1,4}$")
# Capitalised, but not names: a quote given to "He" or "They" says nothing about who spoke.
_NOT_NAMES = frozenset({"He", "She", "They", "It", "We", "I", "You", "This", "That"})
CASES: Final = ("exact", "substituted", "inserted", "deleted", "misattributed")
ALTERED: Final = ("substituted", "inserted", "deleted", "misattributed")


class _Lookup:
    """The one source document, whatever id is asked for."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def __call__(self, doc_id: str) -> Document:
        return self.doc


def _statement(words: str, speaker: str | None) -> Statement:
    return Statement(
        id=stable_id("stress", words, speaker), kind=StatementKind.QUOTE, text=words,
        span=(0, len(words)), speaker=speaker, context=words, category="quote", standalone=words,
    )  # fmt: skip


def _variants(words: list[str], rng: random.Random) -> dict[QuoteCase, str]:
    i = rng.randrange(1, len(words) - 1)
    swap = rng.choice([w for w in _SWAPS if w != words[i].lower()])
    return {
        "substituted": " ".join(words[:i] + [swap] + words[i + 1 :]),
        "inserted": " ".join(words[:i] + [swap] + words[i:]),
        "deleted": " ".join(words[:i] + words[i + 1 :]),
    }


@dataclass(frozen=True)
class _Case:
    id: str
    doc_id: str
    kind: QuoteCase
    words: str
    speaker: str | None


def _draft(case: _Case) -> str:
    """The case as a reporter would write it: one sentence attributing the quote."""
    words = case.words if case.words.endswith((".", "?", "!")) else case.words + "."
    return f'{case.speaker} said, "{words}"' if case.speaker else f'"{words}"'


def _right(kind: QuoteCase, j: Judgment | None) -> bool:
    if j is None:
        return False
    if kind == "exact":
        return j.verdict is Verdict.SUPPORTED
    if kind == "misattributed":
        return j.finding is Finding.MISATTRIBUTED
    return j.finding is Finding.MISQUOTE


def _document(doc_id: str, article: dict[str, Any]) -> Document:
    return Document(
        id=doc_id, title=str(article.get("title") or doc_id), text=article["text"],
        source=doc_id, date=article.get("date"), url=None, kind="story", speakers=(), turns=(),
    )  # fmt: skip


def _gold(
    texts: dict[str, dict[str, Any]], attributions: list[dict[str, Any]], limit: int | None
) -> tuple[list[str], list[_Case]]:
    """The articles chosen (the first ``limit`` with a usable direct quote, by id) and every
    case of their direct quotes."""
    gold: list[dict[str, Any]] = []
    names: dict[str, set[str]] = {}
    for d in attributions:
        source = " ".join(str(d.get("source") or "").split()).strip(" ,")
        if _NAME.match(source) and source not in _NOT_NAMES:
            names.setdefault(d["doc_id"], set()).add(source)
        if d.get("quote_kind") == "direct":
            # A draft's quote carries its speaker resolved ("He" becomes the name it stands
            # for), so a pronoun source checks the words alone.
            named = _NAME.match(source) and source not in _NOT_NAMES
            gold.append({**d, "speaker": source if named else None})
    by_doc: dict[str, list[_Case]] = {}
    for d in gold:
        text = texts[d["doc_id"]]["text"]
        for a, b in d["content_spans"]:
            words = re.sub(r"^[\s\"“”‘’',.]+|[\s\"“”‘’',.]+$", "", text[a:b]).split()
            if len(words) < 5:
                continue
            rng = random.Random(f"{d['id']}:{a}")
            cases: dict[QuoteCase, tuple[str, str | None]] = {
                "exact": (" ".join(words), d["speaker"])
            }
            for kind, variant in _variants(words, rng).items():
                cases[kind] = (variant, d["speaker"])
            others = sorted(
                n
                for n in names.get(d["doc_id"], set())
                if not d["speaker"] or not same_speaker(n, d["speaker"])
            )
            if d["speaker"] and others:
                cases["misattributed"] = (" ".join(words), rng.choice(others))
            by_doc.setdefault(d["doc_id"], []).extend(
                _Case(str(d["id"]), d["doc_id"], kind, w, who) for kind, (w, who) in cases.items()
            )
    # Articles in the order their quotes come in the set (today's order), the first N.
    chosen = list(dict.fromkeys(d["doc_id"] for d in gold if d["doc_id"] in by_doc))
    chosen = chosen[:limit] if limit else chosen
    return chosen, [c for doc_id in chosen for c in by_doc[doc_id]]


def evaluate_quotes(
    set_dir: Path,
    *,
    split: str = "test",
    limit: int | None = None,
    corpus: str = "own",
    embedder: Embedder | None = None,
    settings: Settings | None = None,
    nli: NliJudge | None = None,
) -> QuotesMetrics:
    """Right-kind rates for exact and altered quotes, with one record per case.

    ``corpus``: ``own`` judges each quote against its own article, ``all`` verifies it as a
    draft against one index of every chosen article (needs ``embedder``). ``limit``: only the
    first N articles with a usable direct quote."""
    if corpus not in CORPORA:
        raise InputError(f"corpus must be one of {', '.join(CORPORA)}, got {corpus!r}")
    texts, attributions = read_polnear(set_dir, split)
    settings = settings or Settings()
    chosen, cases = _gold(texts, attributions, limit)
    clock = Stopwatch()
    judged: list[tuple[_Case, Judgment | None, bool | None]] = []
    evidence_docs: dict[int, list[str]] = {}
    if corpus == "own":
        for c in cases:
            doc = _document(c.doc_id, texts[c.doc_id])
            evidence = (
                Evidence(
                    passage=Passage(
                        id=doc.id, doc_id=doc.id, text=doc.text, span=(0, len(doc.text)),
                        speaker=None,
                    ),
                    source=SourceRef(doc.id, doc.title, doc.kind, doc.date, doc.source, None),
                    score=1.0,
                    rank=1,
                ),
            )  # fmt: skip
            j = judge_quote(_statement(c.words, c.speaker), evidence, _Lookup(doc), settings)
            judged.append((c, j, None))
    else:
        if embedder is None:
            raise InputError("corpus all needs an embedder to build the index")
        docs = [
            SourceDoc(i, str(texts[i].get("title") or i), texts[i]["text"], "story",
                      texts[i].get("date"))
            for i in chosen
        ]  # fmt: skip
        with (
            tempfile.TemporaryDirectory(prefix="claimcheck-quotes-all-") as tmp,
            corpus_index(docs, Path(tmp), embedder=embedder, settings=settings) as built,
        ):
            for c in cases:
                report = verify_text(
                    _draft(c), index=built.index, embedder=embedder, settings=settings,
                    nli=nli, path=f"{c.id}-{c.kind}.txt",
                )  # fmt: skip
                quotes = [q for q in report.judgments if q.statement.kind is StatementKind.QUOTE]
                first = quotes[0] if quotes else None
                found = right_document(first, c.doc_id, built.set_ids) if first else False
                if first is not None:
                    evidence_docs[len(judged)] = evidence_documents(first, built.set_ids)
                judged.append((c, first, found))
    seconds = round(clock.seconds, 1)
    counts = {k: [0, 0] for k in CASES}
    records: list[QuoteRecord] = []
    for n, (c, jj, right_doc) in enumerate(judged):
        right = _right(c.kind, jj)
        counts[c.kind][0] += int(right)
        counts[c.kind][1] += 1
        records.append(
            {"id": c.id, "case": c.kind, "speaker": c.speaker,
             "verdict": jj.verdict.value if jj else "none",
             "finding": jj.finding.value if jj else "no quote extracted", "right": right,
             "right_document": right_doc, "evidence_documents": evidence_docs.get(n)}
        )  # fmt: skip
    altered = [counts[k] for k in ALTERED]
    exact_n = counts["exact"][1]
    exact_supported = counts["exact"][0]
    exact_flagged = sum(
        1 for c, j, _ in judged if c.kind == "exact" and j is not None
        and j.verdict is Verdict.CONTRADICTED
    )  # fmt: skip
    docs_found = [r for _, _, r in judged if r is not None]
    return {
        "set": set_dir.name,
        "split": split,
        "corpus": corpus,
        "articles": len(chosen),
        "seconds": seconds,
        "cases": {
            k: {"right": r, "n": n, "rate": round(r / n, 4) if n else None}
            for k, (r, n) in counts.items()
        },
        "altered_caught_with_right_kind": round(
            sum(r for r, _ in altered) / max(1, sum(n for _, n in altered)), 4
        ),
        "exact_supported": round(exact_supported / max(1, exact_n), 4),
        "exact_flagged": round(exact_flagged / max(1, exact_n), 4),
        "right_document": (
            round(sum(1 for r in docs_found if r) / len(docs_found), 4) if docs_found else None
        ),
        "records": records,
    }
