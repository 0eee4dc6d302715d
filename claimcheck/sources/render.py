"""Fetching a web page through a real browser, for pages that build their text with JavaScript.

Debian's Chromium (``/usr/bin/chromium``, or ``CLAIMCHECK_CHROMIUM``) is driven headless by
Playwright; claimcheck never downloads a browser. The page is loaded until the network is quiet,
and the document as the browser then holds it is saved as HTML with a ``.meta.json`` sidecar
(URL, fetch time, browser version), exactly like a plain fetch, so the HTML loader reads it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import SourceError
from .fetch import FetchLimits, check_url, save_fetched

__all__ = ["CHROMIUM_ARGS", "chromium_path", "render_to"]

# Headless, as root in a container, and quiet: no background calls to the browser's vendor.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path:
    return Path(os.environ.get("CLAIMCHECK_CHROMIUM", "/usr/bin/chromium"))


def render_to(url: str, folder: Path, *, limits: FetchLimits | None = None) -> Path:
    """Load ``url`` in headless Chromium and save the rendered HTML into ``folder``.

    Raises SourceError for a bad scheme, a missing browser, a timeout, an HTTP error, a page
    that is not HTML, or a rendered page over the size cap. Nothing is left behind on failure.
    """
    limits = limits or FetchLimits()
    check_url(url)
    browser_path = chromium_path()
    if not browser_path.exists():
        raise SourceError(
            f"--render needs Chromium at {browser_path} (apt-get install chromium, or set "
            "CLAIMCHECK_CHROMIUM); without --render the page is fetched as served"
        )
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    timeout_ms = limits.timeout_s * 1000
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(browser_path), args=CHROMIUM_ARGS, timeout=timeout_ms
            )
            try:
                page = browser.new_page()
                page.set_default_timeout(timeout_ms)
                response = page.goto(url, wait_until="networkidle", timeout=timeout_ms)
                if response is None:
                    raise SourceError(f"cannot fetch {url}: the browser got no response")
                if response.status >= 400:
                    raise SourceError(f"cannot fetch {url}: the server answered {response.status}")
                declared = (response.headers.get("content-type") or "").split(";")[0].strip()
                if declared.lower() not in ("text/html", "application/xhtml+xml", ""):
                    raise SourceError(
                        f"cannot render {url}: it is {declared}, not a web page "
                        "(add it without --render)"
                    )
                html = page.content()
                final_url = page.url
                version = browser.version
            finally:
                browser.close()
    except PlaywrightTimeout as exc:
        raise SourceError(
            f"cannot fetch {url}: the page did not finish loading within {limits.timeout_s:.0f} s"
        ) from exc
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SourceError(f"cannot fetch {url} in the browser: {first}") from exc
    body = html.encode("utf-8")
    if len(body) > limits.max_bytes:
        raise SourceError(
            f"cannot fetch {url}: the rendered page is over the "
            f"{limits.max_bytes // (1024 * 1024)} MiB limit"
        )
    return save_fetched(
        url, folder, ".html", body,
        {"url": final_url, "content_type": "text/html", "rendered_with": f"chromium {version}"},
    )  # fmt: skip
