"""Fetching a web page or document by URL, carefully: http(s) only, a timeout, a size cap, a
limited number of redirects, and a content type that claimcheck can read.

The fetched copy is saved with a ``.meta.json`` sidecar holding its URL and fetch time, so the
index keeps what the page said when it was checked, not what it says later.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import httpx

from ..errors import SourceError

__all__ = ["FetchLimits", "check_url", "fetch_to", "save_fetched"]

_SUFFIX_BY_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/json": ".json",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/vtt": ".vtt",
}


@dataclass(frozen=True)
class FetchLimits:
    timeout_s: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5


def _looks_like(suffix: str, head: bytes) -> bool:
    """Whether the first bytes agree with the declared type (servers do lie)."""
    if suffix == ".pdf":
        return head.startswith(b"%PDF")
    if suffix == ".docx":
        return head.startswith(b"PK")
    if b"\x00" in head[:1024]:
        return False
    if suffix == ".html":
        return b"<" in head[:2048]
    return True


def fetch_to(url: str, folder: Path, *, limits: FetchLimits | None = None) -> Path:
    """Download ``url`` into ``folder``; returns the saved file. Raises SourceError naming the
    problem for a bad scheme, a timeout, an HTTP error, too many redirects, an unreadable or
    mismatched content type, or a body over the size cap. Nothing is left behind on failure."""
    limits = limits or FetchLimits()
    check_url(url)
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=limits.max_redirects,
                timeout=limits.timeout_s,
                headers={"User-Agent": "claimcheck/0.1 (newsroom source archiver)"},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise SourceError(f"cannot fetch {url}: the server answered {response.status_code}")
            declared = response.headers.get("content-type", "").split(";")[0].strip().lower()
            suffix = _SUFFIX_BY_TYPE.get(declared)
            if suffix is None:
                raise SourceError(
                    f"cannot index {url}: content type {declared or '(none)'} is not one "
                    "claimcheck reads (HTML, text, PDF, Word, JSON, WebVTT)"
                )
            length = int(response.headers.get("content-length") or 0)
            if length > limits.max_bytes:
                raise SourceError(
                    f"cannot fetch {url}: {length // (1024 * 1024)} MiB is over the "
                    f"{limits.max_bytes // (1024 * 1024)} MiB limit"
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limits.max_bytes:
                    raise SourceError(
                        f"cannot fetch {url}: the body passed the "
                        f"{limits.max_bytes // (1024 * 1024)} MiB limit"
                    )
            final_url = str(response.url)
    except httpx.TimeoutException as exc:
        raise SourceError(f"cannot fetch {url}: no answer within {limits.timeout_s:.0f} s") from exc
    except httpx.TooManyRedirects as exc:
        raise SourceError(
            f"cannot fetch {url}: more than {limits.max_redirects} redirects"
        ) from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"cannot fetch {url}: {exc.__class__.__name__}: {exc}") from exc
    if not _looks_like(suffix, bytes(body[:4096])):
        raise SourceError(
            f"cannot index {url}: the server says {declared}, but the body is not that"
        )
    return save_fetched(
        url, folder, suffix, bytes(body), {"url": final_url, "content_type": declared}
    )


def check_url(url: str) -> None:
    """Only http(s) URLs with a host are fetched."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SourceError(f"cannot fetch {url!r}: only http:// and https:// URLs are supported")


def save_fetched(url: str, folder: Path, suffix: str, body: bytes, meta: dict[str, str]) -> Path:
    """Save a fetched ``body`` under a name made from ``url``, with a ``.meta.json`` sidecar
    holding ``meta`` plus the requested URL and the fetch time; the file appears whole."""
    parsed = urlparse(url)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{parsed.netloc}{parsed.path}").strip("-")[:80]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{slug or 'page'}-{digest}{suffix}"
    sidecar = target.with_name(target.name + ".meta.json")
    record = {
        "url": meta.get("url", url),
        "requested_url": url,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **{k: v for k, v in meta.items() if k != "url"},
    }
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(body)
    sidecar.write_text(json.dumps(record, indent=2), encoding="utf-8")
    tmp.replace(target)
    return target
