"""Build the reranker's training and dev groups from the rows of ../shared/eval-data that may be
trained on (``claimcheck.eval.datasets.is_training_row``): the 70% of Climate-FEVER chosen by
claim-id hash and AVeriTeC dev.

    python training/rerank_data.py [--depth 30] [--negatives 7]

Each set's ``corpus.jsonl`` is indexed with claimcheck's own components (the bundled embedding
model, FAISS, BM25) and every claim with gold evidence is searched in hybrid mode, as the
pipeline does. A training group is one gold passage with ``--negatives`` passages that the
search ranked high but that are not gold (the hard negatives a reranker must learn to put
below). Climate-FEVER's gold is the sentences labelled as supporting or refuting the claim; its
sentences labelled "not enough info" are among the negatives, since they are on topic without
deciding anything.

A fixed slice of the trained-on rows (Climate-FEVER hash part 60-69, AVeriTeC dev hash part
85-99) is kept out as dev: ``rerank_dev.jsonl.gz`` holds each dev claim's whole hybrid top
``--depth`` with gold flags, to choose the depth and fusion without touching test data.
Nothing here is committed: the files go to training/data/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import tempfile
from pathlib import Path

from claimcheck.eval.datasets import hash_part, iter_jsonl
from claimcheck.eval.retrieval import corpus_index, gold_evidence_ids, read_corpus
from claimcheck.models.embedder import Embedder

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "eval-data"
# (set, hash parts trained on, hash parts kept as dev): within is_training_row's rows only
SETS = {
    "climate_fever": (range(0, 60), range(60, 70)),
    "averitec_dev": (range(0, 85), range(85, 100)),
}


def passage_text(row: dict[str, object]) -> str:
    """What the reranker reads for a passage: its title, then its text (as BM25 does)."""
    title, text = str(row.get("title") or ""), str(row["text"])
    return f"{title}: {text}" if title and not text.startswith(title) else text


def _as_test_passage(row: dict[str, object]) -> dict[str, object]:
    """AVeriTeC dev keeps each answer's question in a field of its own; the test corpus reads
    "question? answer" as one passage. Train on the form the test set (and a newsroom's Q&A
    sources) has."""
    question = str(row.get("question") or "").strip()
    if not question:
        return row
    mark = "" if question.endswith("?") else "?"
    return {**row, "text": f"{question}{mark} {row['text']}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=HERE / "data")
    parser.add_argument("--depth", type=int, default=30)
    parser.add_argument("--negatives", type=int, default=7)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    embedder = Embedder()
    train, dev, used = [], [], []
    for name, (train_parts, dev_parts) in SETS.items():
        set_dir = args.data / name
        corpus = [_as_test_passage(d) for d in read_corpus(set_dir)]
        by_id = {str(d["doc_id"]): d for d in corpus}
        rows = []
        for row in iter_jsonl(set_dir / "claims.jsonl"):
            part = hash_part(str(row["id"]))
            gold = gold_evidence_ids(name, row, set(by_id))
            if gold and (part in train_parts or part in dev_parts):
                rows.append((row, gold, part in dev_parts))
        with tempfile.TemporaryDirectory(prefix="claimcheck-rerank-") as tmp:
            index = corpus_index(corpus, embedder, Path(tmp))
            claims = [str(r["claim"]) for r, _, _ in rows]
            hits = index.search(embedder.encode(claims), args.depth, texts=claims, mode="hybrid")
            index.close()
        for (row, gold, is_dev), found in zip(rows, hits, strict=True):
            ranked = [e.passage.doc_id for e in found]
            claim = str(row["claim"])
            used.append(str(row["id"]))
            if is_dev:
                dev.append(
                    {
                        "set": name, "id": row["id"], "query": claim,
                        "candidates": [passage_text(by_id[i]) for i in ranked],
                        "gold": [i in gold for i in ranked],
                    }
                )  # fmt: skip
                continue
            hard = [i for i in ranked if i not in gold]
            # Climate-FEVER's own "not enough info" sentences for this claim: on topic, not deciding
            own = [
                str(i)
                for i, lab in zip(
                    row.get("evidence_doc_ids") or [],
                    row.get("evidence_labels") or [],
                    strict=False,
                )
                if lab not in ("SUPPORTED", "CONTRADICTED")
                and str(i) in by_id
                and str(i) not in gold
            ]
            for positive in sorted(gold):
                pool = list(dict.fromkeys(own + hard[:4]))
                rest = [i for i in hard if i not in pool]
                pool += rng.sample(rest, min(len(rest), max(0, args.negatives - len(pool))))
                if not pool:
                    continue
                train.append(
                    {
                        "set": name, "id": row["id"], "query": claim,
                        "positive": passage_text(by_id[positive]),
                        "negatives": [passage_text(by_id[i]) for i in pool[: args.negatives]],
                    }
                )  # fmt: skip
    rng.shuffle(train)
    args.out.mkdir(parents=True, exist_ok=True)
    for filename, rows_out in (("rerank_train.jsonl.gz", train), ("rerank_dev.jsonl.gz", dev)):
        with gzip.open(args.out / filename, "wt", encoding="utf-8") as fh:
            for r in rows_out:
                fh.write(json.dumps(r) + "\n")
    (args.out / "rerank_rows.txt").write_text("\n".join(sorted(set(used))) + "\n", encoding="utf-8")
    print(f"{len(train)} training groups, {len(dev)} dev claims -> {args.out}")


if __name__ == "__main__":
    main()
