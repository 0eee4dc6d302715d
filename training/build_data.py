"""Build the NLI training, calibration and test sets from the fetched data.

    python training/build_data.py [--snli 100000] [--vitaminc 0] [--synthetic 20000]
                                  [--indomain-repeat 3]

Labels: 0 entailment (supported), 1 neutral (unverifiable), 2 contradiction.

- SNLI: the first N pairs of the 100k subset; SNLI test for testing.
- VitaminC: split by Wikipedia page (hash of the page title: 80% train, 10% dev, 10% test),
  never by row. ``--vitaminc 0`` takes every train row.
- Synthetic: sentences with figures, names or verbs to negate, taken from VitaminC evidence;
  each yields a contradiction (changed number or year, swapped name, added or removed negation)
  and an entailment (the figure re-spelled, a clause trimmed); train sentences come from train
  pages, the synthetic test from test pages only, so its text is never trained on.
- In-domain: the rows of ../shared/eval-data that claimcheck.eval.datasets.is_training_row allows
  (Check-COVID train, HealthVer dev, 70% of Climate-FEVER by id hash, AVeriTeC dev), repeated.
  Their ids go to trained_rows.txt so that `claimcheck eval` leaves them out.

Writes training/data/{train,dev}.jsonl.gz, tests/*.jsonl.gz and trained_rows.txt. Nothing here
is committed: the data stays where it came from.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claimcheck.eval.datasets import DEFAULT_EVAL_DATA, is_training_row, nli_pairs, read_claims  # noqa: E402
from claimcheck.types import Verdict  # noqa: E402

LABEL = {Verdict.SUPPORTED: 0, Verdict.UNVERIFIABLE: 1, Verdict.CONTRADICTED: 2}
SNLI = {"entailment": 0, "neutral": 1, "contradiction": 2}
VITC = {"True": 0, "Neither": 1, "False": 2}
INDOMAIN_SETS = ("check_covid", "healthver", "climate_fever", "averitec_dev")


def part(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 10


def write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{path.relative_to(HERE)}: {len(rows):,} pairs")


def load_snli(path: Path, limit: int | None) -> list[dict[str, object]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["gold_label"] in SNLI:
                out.append(
                    {
                        "premise": d["sentence1"],
                        "hypothesis": d["sentence2"],
                        "label": SNLI[d["gold_label"]],
                        "src": "snli",
                    }
                )
            if limit and len(out) >= limit:
                break
    return out


def load_vitaminc(path: Path) -> dict[str, list[dict[str, object]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    splits: dict[str, list[dict[str, object]]] = {"train": [], "dev": [], "test": []}
    for ex in data["examples"]:
        head, claim = ex["input"].rsplit("\nClaim: ", 1)
        page, _, evidence = head.partition(": ")
        label = VITC[max(ex["target_scores"], key=ex["target_scores"].get)]
        p = part(page)
        split = "train" if p < 8 else ("dev" if p == 8 else "test")
        splits[split].append(
            {
                "premise": evidence.replace("\ufffd", " "),
                "hypothesis": claim,
                "label": label,
                "src": "vitaminc",
                "page": page,
            }
        )
    return splits


# --- synthetic pairs -------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_YEAR = re.compile(r"^(1[6-9]|20)\d\d$")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
_NEGATABLE = re.compile(r"\b(is|was|are|were|has|have|had|will|can|did|does)\b")
_NOT_A_NAME = re.compile(
    r"^(?:The|A|An|In|On|At|For|Of)\b|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Retrieved|Archived|University|Street|County"
)
_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _change_number(sentence: str, rng: random.Random) -> str | None:
    matches = list(_NUMBER.finditer(sentence))
    if not matches:
        return None
    m = rng.choice(matches)
    whole, frac = m.group(1), m.group(2) or ""
    value = int(whole.replace(",", ""))
    if _YEAR.match(whole) and not frac:
        new = str(value + rng.choice([-3, -2, -1, 1, 2, 3]))
    else:
        factor = rng.choice([0.5, 0.7, 0.8, 1.2, 1.25, 1.5, 2, 3])
        changed = max(1, round(value * factor)) if value > 3 else value + rng.choice([1, 2, 3])
        if changed == value:
            changed = value + 1
        new = f"{changed:,}" if "," in whole else str(changed)
    return sentence[: m.start()] + new + frac + sentence[m.end() :]


def _respell_number(sentence: str, rng: random.Random) -> str | None:
    for pattern, repl in (
        (r"(\d)\s?%", r"\1 percent"),
        (r"(\d) percent\b", r"\1%"),
        (r"\$(\d+(?:\.\d+)?) billion", r"$\1bn"),
        (r"\$(\d+(?:\.\d+)?) million", r"$\1m"),
        (r"(\d),(\d{3})\b", r"\1\2"),
    ):
        if re.search(pattern, sentence):
            return re.sub(pattern, repl, sentence, count=1)
    m = re.search(r"\b([1-9])\b(?![.,]\d)", sentence)
    if m and rng.random() < 0.5:
        return sentence[: m.start()] + _WORDS[int(m.group(1)) - 1] + sentence[m.end() :]
    return None


def _swap_name(sentence: str, names: list[str], rng: random.Random) -> str | None:
    found = _NAME.findall(sentence)
    if not found:
        return None
    old = rng.choice(found)
    choices = [n for n in names if n != old and n not in sentence]
    if not choices:
        return None
    return sentence.replace(old, rng.choice(choices), 1)


def _negate(sentence: str, rng: random.Random) -> str | None:
    if " not " in sentence:
        return sentence.replace(" not ", " ", 1)
    m = _NEGATABLE.search(sentence)
    if not m:
        return None
    return sentence[: m.end()] + " not" + sentence[m.end() :]


def _trim(sentence: str) -> str | None:
    no_paren = re.sub(r"\s*\([^)]*\)", "", sentence)
    if no_paren != sentence and len(no_paren.split()) >= 5:
        return no_paren
    head, sep, _ = sentence.partition(", which")
    if sep and len(head.split()) >= 5:
        return head + "."
    return None


def synthetic(sentences: list[str], n: int, rng: random.Random) -> list[dict[str, object]]:
    names = sorted(
        {
            name
            for s in sentences[:20000]
            for name in _NAME.findall(s)
            if len(name.split()) <= 3 and not _NOT_A_NAME.search(name)
        }
    )
    out: list[dict[str, object]] = []
    pool = sentences[:]
    rng.shuffle(pool)
    for s in pool:
        if len(out) >= n:
            break
        s = " ".join(s.split())
        if len(s.split()) < 6 or len(s) > 400:
            continue
        kind = rng.choice(["number", "number", "name", "negation"])
        changed = {"number": _change_number, "negation": _negate}.get(kind)
        bad = changed(s, rng) if changed else _swap_name(s, names, rng)
        if bad and bad != s:
            out.append({"premise": s, "hypothesis": bad, "label": 2, "src": f"synthetic-{kind}"})
        good = _respell_number(s, rng) or _trim(s)
        if good and good != s:
            out.append(
                {"premise": s, "hypothesis": good, "label": 0, "src": "synthetic-paraphrase"}
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=HERE / "data" / "raw")
    parser.add_argument("--out", type=Path, default=HERE / "data")
    parser.add_argument("--snli", type=int, default=100000, help="SNLI training pairs")
    parser.add_argument("--vitaminc", type=int, default=0, help="VitaminC training pairs (0: all)")
    parser.add_argument("--synthetic", type=int, default=20000, help="synthetic training pairs")
    parser.add_argument("--indomain-repeat", type=int, default=3)
    parser.add_argument("--eval-data", type=Path, default=DEFAULT_EVAL_DATA)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    snli = load_snli(args.raw / "data" / "snli_1.0_train_subset.jsonl", args.snli)
    vitc = load_vitaminc(args.raw / "vitaminc_fact_verification" / "task.json")
    vitc_train = vitc["train"][:]
    rng.shuffle(vitc_train)
    if args.vitaminc:
        vitc_train = vitc_train[: args.vitaminc]

    train_sentences = sorted({str(r["premise"]) for r in vitc["train"]})
    test_sentences = sorted({str(r["premise"]) for r in vitc["test"]})
    synth_train = synthetic(train_sentences, args.synthetic, rng)
    synth_test = synthetic(test_sentences, 2000, random.Random(args.seed + 1))

    indomain: list[dict[str, object]] = []
    calibration: list[dict[str, object]] = []
    trained_ids: list[str] = []
    if args.eval_data.exists():
        for name in INDOMAIN_SETS:
            set_dir = args.eval_data / name
            if not set_dir.exists():
                continue
            for row in read_claims(set_dir):
                if is_training_row(name, row):
                    pairs = nli_pairs(row)
                    if pairs:
                        trained_ids.append(row.id)
                    for p in pairs:
                        indomain.append(
                            {
                                "premise": p.premise,
                                "hypothesis": p.hypothesis,
                                "label": LABEL[p.label],
                                "src": name,
                            }
                        )
                elif name == "check_covid" and row.split == "dev":
                    for p in nli_pairs(row):
                        calibration.append(
                            {
                                "premise": p.premise,
                                "hypothesis": p.hypothesis,
                                "label": LABEL[p.label],
                                "src": name,
                            }
                        )
                    trained_ids.append(row.id)  # used to fit the temperature: keep out of eval
    else:
        print(f"note: {args.eval_data} not found; no in-domain data", file=sys.stderr)

    train = snli + vitc_train + synth_train + indomain * args.indomain_repeat
    rng.shuffle(train)
    dev = vitc["dev"][:]
    rng.shuffle(dev)
    dev = dev[:2000] + calibration

    write(args.out / "train.jsonl.gz", train)
    write(args.out / "dev.jsonl.gz", dev)
    write(args.out / "tests" / "vitaminc_test.jsonl.gz", vitc["test"])
    write(
        args.out / "tests" / "snli_test.jsonl.gz",
        load_snli(args.raw / "data" / "snli_1.0_test.jsonl", None),
    )
    write(args.out / "tests" / "synthetic_test.jsonl.gz", synth_test)
    presup = json.loads(
        (args.raw / "presuppositions_as_nli" / "task.json").read_text(encoding="utf-8")
    )
    rows = []
    for ex in presup["examples"]:
        m = re.match(r"Sentence 1: (.*)\nSentence 2: (.*)\n", ex["input"], re.S)
        if m:
            label = {"entailment": 0, "neutral": 1, "contradiction": 2}[
                max(ex["target_scores"], key=ex["target_scores"].get)
            ]
            rows.append(
                {
                    "premise": m.group(1).strip(),
                    "hypothesis": m.group(2).strip(),
                    "label": label,
                    "src": "presupposition",
                }
            )
    write(args.out / "tests" / "presupposition_test.jsonl.gz", rows)
    (args.out / "trained_rows.txt").write_text(
        "\n".join(sorted(set(trained_ids))) + "\n", encoding="utf-8"
    )
    counts: dict[str, int] = {}
    for r in train:
        counts[str(r["src"])] = counts.get(str(r["src"]), 0) + 1
    print("train mix:", json.dumps(counts))


if __name__ == "__main__":
    main()
