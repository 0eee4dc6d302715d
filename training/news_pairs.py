"""News-register NLI pairs generated from PolNeAR articles (train split only).

    python training/news_pairs.py [--n 30000] [--out training/data/news_train.jsonl.gz]

Each pair's premise is a window of one to four consecutive sentences of a news article; the
hypothesis is made from one sentence of that window or from elsewhere in the same article:

- entailment: the sentence with a clause or parenthesis trimmed, a figure re-spelled, or the
  sentence itself inside a longer window (support found among several sentences);
- contradiction: a figure or year changed, a name swapped for another name of the same article,
  a negation added or removed;
- neutral: a sentence of the same article from outside the window (on topic, not addressed).

Only articles of PolNeAR's ``train`` split are read; their doc ids go to
``training/data/news_rows.txt`` and from there into the model's ``trained_rows.txt``. ECTSum is
left out on purpose: it is the numbers stress set, and training on its calls would make that
figure in-sample.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from build_data import _NAME, _NOT_A_NAME, _change_number, _negate, _respell_number, _trim  # noqa: E402

from claimcheck.eval.datasets import DEFAULT_EVAL_DATA  # noqa: E402

_SPLIT = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)]))\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])"
)


def sentences(text: str) -> list[str]:
    out = []
    for para in text.split("\n"):
        para = " ".join(para.split())
        if not para:
            continue
        for s in _SPLIT.split(para):
            s = s.strip()
            if 6 <= len(s.split()) <= 60:
                out.append(s)
    return out


def _drop_attribution(sentence: str) -> str | None:
    m = re.match(r"^(.*?),\s+(?:he|she|they|[A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:said|says|added)\.$",
                 sentence)  # fmt: skip
    if m and len(m.group(1).split()) >= 5:
        return m.group(1).strip('"\u201c\u201d ') + "."
    return None


def pairs_for_article(sents: list[str], rng: random.Random) -> list[dict[str, object]]:
    names = sorted(
        {n for s in sents for n in _NAME.findall(s) if len(n.split()) <= 3}
        - {n for s in sents for n in _NAME.findall(s) if _NOT_A_NAME.search(n)}
    )
    out: list[dict[str, object]] = []
    for i, s in enumerate(sents):
        if rng.random() > 0.6:
            continue
        lo = max(0, i - rng.randint(0, 2))
        hi = min(len(sents), i + 1 + rng.randint(0, 1))
        premise = " ".join(sents[lo:hi])
        if len(premise) > 900:
            continue
        kind = rng.choice(["entail", "contra", "contra", "neutral"])
        hyp: str | None = None
        label = 0
        src = "news-entail"
        if kind == "entail":
            hyp = _drop_attribution(s) or _respell_number(s, rng) or _trim(s)
            if hyp is None and hi - lo > 1:
                hyp = s
        elif kind == "contra":
            how = rng.choice(["number", "name", "negation"])
            if how == "number":
                hyp = _change_number(s, rng)
            elif how == "name":
                found = [n for n in _NAME.findall(s) if n in names]
                others = [n for n in names if n not in premise]
                if found and others:
                    hyp = s.replace(rng.choice(found), rng.choice(others), 1)
            elif re.search(r"\bnot\b", s):
                hyp = re.sub(r"\s*\bnot\b", "", s, count=1)
            else:
                hyp = _negate(s, rng)
            label, src = 2, f"news-{how}"
        else:
            far = [j for j in range(len(sents)) if j < lo - 3 or j >= hi + 3]
            if far:
                hyp = sents[rng.choice(far)]
                label, src = 1, "news-neutral"
        if hyp and hyp != premise:
            out.append({"premise": premise, "hypothesis": hyp, "label": label, "src": src})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-data", type=Path, default=DEFAULT_EVAL_DATA)
    parser.add_argument("--out", type=Path, default=HERE / "data" / "news_train.jsonl.gz")
    parser.add_argument("--n", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: list[dict[str, object]] = []
    used: list[str] = []
    with (args.eval_data / "polnear" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("split") != "train":
                continue
            got = pairs_for_article(sentences(str(d["text"])), rng)
            if got:
                used.append(str(d["doc_id"]))
                rows += got
            if len(rows) >= args.n:
                break
    rng.shuffle(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        for r in rows[: args.n]:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (args.out.parent / "news_rows.txt").write_text("\n".join(used) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows[: args.n]:
        counts[str(r["src"])] = counts.get(str(r["src"]), 0) + 1
    print(f"{args.out}: {min(len(rows), args.n):,} pairs from {len(used)} articles", counts)


if __name__ == "__main__":
    main()
