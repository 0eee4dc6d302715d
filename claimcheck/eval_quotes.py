"""The quote stress test: real direct quotes from PolNeAR articles, each also altered.

For every gold direct quote (five words or more) in the chosen split, the article is the source
and the quote is checked five ways: exactly as printed (should be supported), with a word
substituted, inserted or deleted (should be contradicted as a misquote), and given to another
named speaker of the same article (should be contradicted as misattributed).
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from .config import Settings
from .evaldata import read_polnear
from .extract.quotes import same_speaker
from .judge import judge_quote
from .types import (
    Document,
    Evidence,
    Finding,
    Passage,
    SourceRef,
    Statement,
    StatementKind,
    Verdict,
    stable_id,
)

__all__ = ["evaluate_quotes"]

_SWAPS = ("never", "always", "not", "really", "only", "certainly", "rarely", "openly")
_NAME = re.compile(r"^(?:[A-Z][\w.'’-]*\s*){1,4}$")
# Capitalised, but not names: a quote given to "He" or "They" says nothing about who spoke.
_NOT_NAMES = frozenset({"He", "She", "They", "It", "We", "I", "You", "This", "That"})


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


def _variants(words: list[str], rng: random.Random) -> dict[str, str]:
    i = rng.randrange(1, len(words) - 1)
    swap = rng.choice([w for w in _SWAPS if w != words[i].lower()])
    return {
        "substituted": " ".join(words[:i] + [swap] + words[i + 1 :]),
        "inserted": " ".join(words[:i] + [swap] + words[i:]),
        "deleted": " ".join(words[:i] + words[i + 1 :]),
    }


def evaluate_quotes(
    set_dir: Path, *, split: str = "test", limit: int | None = None
) -> dict[str, Any]:
    texts, attributions = read_polnear(set_dir, split)
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
    settings = Settings()
    counts = {k: [0, 0] for k in ("exact", "substituted", "inserted", "deleted", "misattributed")}
    records: list[dict[str, Any]] = []
    for d in gold:
        if limit and len(records) >= limit:
            break
        article = texts[d["doc_id"]]
        doc = Document(
            id=d["doc_id"], title=str(article.get("title") or d["doc_id"]), text=article["text"],
            source=d["doc_id"], date=article.get("date"), url=None, kind="story", speakers=(),
            turns=(),
        )  # fmt: skip
        evidence = (
            Evidence(
                passage=Passage(
                    id=doc.id, doc_id=doc.id, text=doc.text, span=(0, len(doc.text)), speaker=None
                ),
                source=SourceRef(doc.id, doc.title, doc.kind, doc.date, doc.source, None),
                score=1.0,
                rank=1,
            ),
        )
        for a, b in d["content_spans"]:
            words = re.sub(r"^[\s\"“”‘’',.]+|[\s\"“”‘’',.]+$", "", doc.text[a:b]).split()
            if len(words) < 5:
                continue
            rng = random.Random(f"{d['id']}:{a}")
            cases = {"exact": (" ".join(words), d["speaker"])}
            for kind, text in _variants(words, rng).items():
                cases[kind] = (text, d["speaker"])
            others = sorted(
                n
                for n in names.get(d["doc_id"], set())
                if not d["speaker"] or not same_speaker(n, d["speaker"])
            )
            if d["speaker"] and others:
                cases["misattributed"] = (" ".join(words), rng.choice(others))
            for kind, (text, speaker) in cases.items():
                j = judge_quote(_statement(text, speaker), evidence, _Lookup(doc), settings)
                if kind == "exact":
                    right = j.verdict is Verdict.SUPPORTED
                elif kind == "misattributed":
                    right = j.finding is Finding.MISATTRIBUTED
                else:
                    right = j.finding is Finding.MISQUOTE
                counts[kind][0] += int(right)
                counts[kind][1] += 1
                records.append(
                    {"id": d["id"], "case": kind, "speaker": speaker, "verdict": j.verdict.value,
                     "finding": j.finding.value, "right": right}
                )  # fmt: skip
    altered = [counts[k] for k in ("substituted", "inserted", "deleted", "misattributed")]
    flagged_exact = counts["exact"][1] - counts["exact"][0]
    return {
        "set": set_dir.name,
        "split": split,
        "cases": {
            k: {"right": r, "n": n, "rate": round(r / n, 4) if n else None}
            for k, (r, n) in counts.items()
        },
        "altered_caught_with_right_kind": round(
            sum(r for r, _ in altered) / max(1, sum(n for _, n in altered)), 4
        ),
        "exact_flagged": round(flagged_exact / max(1, counts["exact"][1]), 4),
        "records": records,
    }
