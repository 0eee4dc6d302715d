"""Compound-claim NLI pairs: claims with two parts, where the premise holds both, one, or a
changed one. Made from PolNeAR articles (train split only).

    python training/compound_pairs.py [--n 12000] [--out training/data/compound_train.jsonl.gz]

Grounded checks (``claimcheck check``, ``eval grounded``) meet claims that join several facts in
one sentence, and sources that give some of them. A claim is supported only when every part is;
"partially supported" is not supported. The base mix has few such pairs: its hypotheses are one
fact each. Here the premise is a window of two to four consecutive sentences of one article and
the hypothesis joins two sentences' worth of content into one ("A; b", "A, and b", "A. B"):

- entailment: both parts come from sentences inside the window (support spread over
  sentences);
- neutral: one part is inside the window, the other comes from the same article well outside
  it, or from another article (the premise gives half of the claim);
- contradiction: both parts are inside the window, but one has a changed figure or an added or
  removed negation.

Only articles of PolNeAR's ``train`` split are read (the quote stress test uses dev and test).
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

from build_data import _change_number, _negate  # noqa: E402

from claimcheck.eval.datasets import DEFAULT_EVAL_DATA  # noqa: E402
from claimcheck.text.sentences import split_sentences  # noqa: E402

MAX_PREMISE_CHARS = 650  # with a two-part claim, about 210 tokens: under --max-length 224
MAX_PART_WORDS = 28  # longer sentences make hypotheses the premise's truncation would cut
TRIES = 2  # pairs tried per window start
MIN_GAP = 3  # an outside part comes from at least this many sentences away
_KEEP_CAPITAL = re.compile(r"^(?:I\b|[A-Z][a-z]*[A-Z]|[A-Z]{2,}|[A-Z][a-z]+\s+[A-Z])")


def sentences(text: str) -> list[str]:
    """The article's sentences (claimcheck's own splitter, which knows "Mr." and "U.S.")."""
    out = []
    for a, b in split_sentences(text):
        s = " ".join(text[a:b].split())
        if 6 <= len(s.split()) <= 60:
            out.append(s)
    return out


def _fit_part(sentence: str) -> bool:
    """A statement that can be one half of a claim: a whole declarative sentence."""
    return (
        len(sentence.split()) <= MAX_PART_WORDS
        and sentence.rstrip('"\u201d\u2019 ').endswith(".")
        and sentence[:1].isupper()
        and "''" not in sentence
    )


def _core(sentence: str) -> str:
    """The sentence without its closing punctuation or its double quotation marks (a joined
    claim would leave them unbalanced)."""
    text = re.sub('["\u201c\u201d]', "", sentence)
    return " ".join(text.split()).rstrip(".!?,;:'\u2019 ").lstrip("'\u2018 ")


def _lower_first(text: str) -> str:
    """A sentence's first letter lowered for joining, unless it starts a name or an acronym."""
    if not text or _KEEP_CAPITAL.match(text):
        return text
    return text[0].lower() + text[1:]


def join(first: str, second: str, rng: random.Random) -> str:
    a, b = _core(first), _core(second)
    style = rng.choice(["semicolon", "and", "sentences"])
    if style == "semicolon":
        return f"{a}; {_lower_first(b)}."
    if style == "and":
        return f"{a}, and {_lower_first(b)}."
    return f"{a}. {b}."


def pairs_for_article(
    sents: list[str], other: list[str], rng: random.Random
) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    if len(sents) < 2 * MIN_GAP + 2:
        return out
    for i in [j for j in range(0, len(sents) - 1) for _ in range(TRIES)]:
        size = rng.randint(2, 4)
        window = sents[i : i + size]
        premise = " ".join(window)
        if len(window) < 2 or len(premise) > MAX_PREMISE_CHARS:
            continue
        a, b = sorted(rng.sample(range(len(window)), 2))
        kind = rng.choices(["both", "outside", "elsewhere", "changed"], [4, 3, 1, 2])[0]
        first, second = window[a], window[b]
        label = 0
        if kind == "outside":
            far = [j for j in range(len(sents)) if j < i - MIN_GAP or j >= i + size + MIN_GAP]
            if not far:
                continue
            second, label = sents[rng.choice(far)], 1
        elif kind == "elsewhere":
            if not other:
                continue
            second, label = rng.choice(other), 1
        elif kind == "changed":
            changed = _change_number(second, rng) or _negate(second, rng)
            if changed is None:
                continue
            second, label = changed, 2
        # the unsupported part comes first as often as last; supported pairs swap now and then
        if rng.random() < (0.5 if label else 0.2):
            first, second = second, first
        if not (_fit_part(first) and _fit_part(second)):
            continue
        hyp = join(first, second, rng)
        out.append({"premise": premise, "hypothesis": hyp, "label": label,
                    "src": "compound", "kind": kind})  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-data", type=Path, default=DEFAULT_EVAL_DATA)
    parser.add_argument("--out", type=Path, default=HERE / "data" / "compound_train.jsonl.gz")
    parser.add_argument("--n", type=int, default=14000)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: list[dict[str, object]] = []
    previous: list[str] = []
    with (args.eval_data / "polnear" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d.get("split") != "train":
                continue
            sents = sentences(str(d["text"]))
            rows += pairs_for_article(sents, previous, rng)
            previous = sents or previous
            if len(rows) >= args.n:
                break
    rng.shuffle(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        for r in rows[: args.n]:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for r in rows[: args.n]:
        key = f"{r['kind']}/{r['label']}"
        counts[key] = counts.get(key, 0) + 1
    print(f"{args.out}: {min(len(rows), args.n):,} pairs", counts)


if __name__ == "__main__":
    main()
