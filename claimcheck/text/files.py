"""Reading text files with clear errors: missing, not a file, empty, binary or not UTF-8."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError

__all__ = ["MAX_TEXT_BYTES", "read_text", "sha256_bytes", "snippet"]

MAX_TEXT_BYTES = 50 * 1024 * 1024


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snippet(text: str, limit: int = 240) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def read_text(path: Path, *, what: str, max_bytes: int = MAX_TEXT_BYTES) -> tuple[str, str]:
    """Return ``(text, sha256)`` of a UTF-8 text file, or raise InputError naming the fix.

    ``what`` names the file's role in messages ("draft", "source"); a file over ``max_bytes``
    is refused.
    """
    if not path.exists():
        raise InputError(f"{what} not found: {path} (check the path)")
    if not path.is_file():
        raise InputError(f"{what} is not a file: {path} (give the path of a text file)")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{what} is too large: {path} is {size // (1024 * 1024)} MiB "
            f"(the limit is {max_bytes // (1024 * 1024)} MiB; split it)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror} (check permissions)") from exc
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # a BOM: Windows "Unicode" text
    if not utf16 and b"\x00" in data[:8192]:
        raise InputError(f"{what} is a binary file, not text: {path} (give a UTF-8 text file)")
    try:
        text = data.decode("utf-16") if utf16 else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} is not valid UTF-8: {path} (byte {exc.start}; re-save it as UTF-8)"
        ) from exc
    if not text.strip():
        raise InputError(f"{what} is empty: {path} (give a file with text in it)")
    return text, sha256_bytes(data)
