"""Fetching sources by URL from a real HTTP server on 127.0.0.1, and `index add/remove`."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimcheck import Embedder, Settings, build_index, load_index
from claimcheck.errors import InputError, SourceError
from claimcheck.index.manage import add_sources, remove_sources
from claimcheck.sources import read_source
from claimcheck.sources.fetch import FetchLimits, fetch_to
from claimcheck.sources.web import EXTRACTOR
from claimcheck.types import Document

PAGE = (
    b"<html><head><title>Wire: Netflix results</title></head><body><nav>Menu</nav>"
    b"<p>Netflix said revenue rose 16% to $11.08 billion in the second quarter.</p></body></html>"
)


# A page that writes its story with JavaScript: a plain fetch sees no text at all.
SCRIPTED = (
    b"<html><head><title>Live blog</title></head><body><main id='m'></main><script>"
    b"const p = document.createElement('p');"
    b"p.textContent = 'The harbour authority said cargo volumes fell 7% to 1.9 million tonnes "
    b"in October.';"
    b"document.getElementById('m').appendChild(p);</script></body></html>"
)


# A story under page furniture, with two reader comments.
ARTICLE_BODY = [
    "The port authority said container traffic rose 12% to 410,000 boxes in March.",
    "Its director said a second crane would be in service before the end of the year.",
]
ARTICLE_FURNITURE = [
    "We use cookies to give you the best experience on our site",
    "ADVERTISEMENT Fly to the coast this weekend with Gulls Air",
    "Most read: the ten best harbour cafes in town",
    "My brother-in-law says the cranes are already broken",
]
ARTICLE = (
    "<!DOCTYPE html><html><head><title>Port traffic | The Example Courier</title></head><body>"
    f'<div id="cookie-banner"><p>{ARTICLE_FURNITURE[0]}.</p><button>OK</button></div>'
    '<nav><a href="/">Home</a> <a href="/business">Business</a></nav>'
    f'<div class="ad">{ARTICLE_FURNITURE[1]}.</div>'
    "<article><h1>Port traffic rises in March</h1>"
    + "".join(f"<p>{s}</p>" for s in ARTICLE_BODY)
    + "</article>"
    f'<aside class="most-read"><ul><li><a href="/c">{ARTICLE_FURNITURE[2]}</a></li></ul></aside>'
    '<section class="comments">'
    '<div class="comment"><span class="user">quay_walker</span> · Apr 2, 2025'
    f"<p>{ARTICLE_FURNITURE[3]}.</p></div>"
    '<div class="comment"><span class="user">net_mender</span> · Apr 3, 2025'
    "<p>Good news for the dockers at last.</p></div></section>"
    "<footer><p>Copyright 2025 The Example Courier.</p></footer></body></html>"
).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return

    def _send(
        self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path == "/page":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif self.path == "/article":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif self.path == "/scripted":
            self._send(200, "text/html; charset=utf-8", SCRIPTED)
        elif self.path == "/liar":
            self._send(200, "application/pdf", PAGE)
        elif self.path == "/image":
            self._send(200, "image/png", b"\x89PNG....")
        elif self.path == "/big":
            self._send(200, "text/plain", b"x" * 300_000)
        elif self.path == "/missing":
            self._send(404, "text/plain", b"gone")
        elif self.path == "/loop":
            self._send(302, "text/plain", b"", {"Location": "/loop"})
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/plain", b"late")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # The client hangs up on purpose after the headers of a page it refuses (wrong type,
        # too big); the write that then fails is no error of the test. Anything else is shown.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_saves_the_page_with_its_url_and_time(server: str, tmp_path: Path) -> None:
    saved = fetch_to(f"{server}/page", tmp_path)
    assert saved.suffix == ".html" and saved.read_bytes() == PAGE
    sidecar = saved.with_name(saved.name + ".meta.json").read_text(encoding="utf-8")
    assert f"{server}/page" in sidecar and "fetched_at" in sidecar


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/liar", "the body is not that"),
        ("/image", "content type image/png"),
        ("/big", "limit"),
        ("/missing", "answered 404"),
        ("/loop", "redirects"),
        ("/slow", "no answer within"),
    ],
)
def test_fetch_refuses_bad_answers_and_leaves_nothing(
    server: str, tmp_path: Path, path: str, message: str
) -> None:
    limits = FetchLimits(timeout_s=0.5, max_bytes=200_000, max_redirects=3)
    with pytest.raises(SourceError, match=message):
        fetch_to(f"{server}{path}", tmp_path / "out", limits=limits)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_fetch_only_http_and_https(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="only http"):
        fetch_to("file:///etc/passwd", tmp_path)


def test_index_add_url_then_remove(server: str, tmp_path: Path, embedder: Embedder) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "weather.txt").write_text("Rain is expected in Rome on Saturday.", encoding="utf-8")
    idx = tmp_path / "idx"
    build_index([src], idx, embedder=embedder, settings=Settings())
    added = add_sources(idx, [f"{server}/page"], embedder=embedder, settings=Settings())
    assert added.manifest["documents"] == 2 and added.reused >= 1
    index = load_index(idx)
    (hits,) = index.search(embedder.encode(["Netflix revenue rose 16%"]), 1)
    assert hits[0].source.url == f"{server}/page" and "16%" in hits[0].passage.text
    names = sorted(index.store.document_sources().values())
    index.close()
    page = next(n for n in names if n.endswith(".html"))
    removed = remove_sources(idx, [page], embedder=embedder, settings=Settings())
    assert (removed.removed, removed.manifest["documents"]) == (1, 1)
    assert not list((idx / "added").glob("*.html"))
    with pytest.raises(InputError, match="would leave"):
        remove_sources(idx, ["weather.txt"], embedder=embedder, settings=Settings())
    with pytest.raises(SourceError, match="not in the index"):
        remove_sources(idx, ["nope.txt"], embedder=embedder, settings=Settings())


def test_cli_index_add_and_remove(server: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimcheck.cli import app

    runner = CliRunner()
    src = tmp_path / "src"
    src.mkdir()
    (src / "weather.txt").write_text("Rain is expected in Rome on Saturday.", encoding="utf-8")
    idx = tmp_path / "idx"
    assert (
        runner.invoke(app, ["index", "build", str(src), "--index", str(idx), "-q"]).exit_code == 0
    )
    added = runner.invoke(app, ["index", "add", f"{server}/page", "--index", str(idx)])
    assert added.exit_code == 0, added.output
    assert "Indexed 2 documents" in added.stdout and "1 embedded" in added.stdout
    failed = runner.invoke(app, ["index", "add", f"{server}/image", "--index", str(idx)])
    assert failed.exit_code == 1 and failed.stderr.startswith("Error: cannot index")
    removed = runner.invoke(app, ["index", "remove", "weather.txt", "--index", str(idx)])
    assert removed.exit_code == 0 and "1 document(s) removed" in removed.stdout


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is absent")
def test_index_add_render_reads_pages_built_by_javascript(
    server: str, tmp_path: Path, embedder: Embedder
) -> None:
    import json

    from claimcheck.sources.render import render_to

    plain = fetch_to(f"{server}/scripted", tmp_path / "plain")
    assert b"cargo volumes fell" in plain.read_bytes()  # only inside the script
    rendered = render_to(f"{server}/scripted", tmp_path / "rendered")
    html = rendered.read_text(encoding="utf-8")
    assert "<p>The harbour authority said cargo volumes fell 7%" in html
    meta = json.loads(rendered.with_name(rendered.name + ".meta.json").read_text("utf-8"))
    assert meta["url"] == f"{server}/scripted" and meta["rendered_with"].startswith("chromium")

    src = tmp_path / "src"
    src.mkdir()
    (src / "weather.txt").write_text("Rain is expected in Rome on Saturday.", encoding="utf-8")
    idx = tmp_path / "idx"
    build_index([src], idx, embedder=embedder, settings=Settings())
    add_sources(idx, [f"{server}/scripted"], embedder=embedder, settings=Settings(), render=True)
    index = load_index(idx)
    (hits,) = index.search(embedder.encode(["cargo volumes fell 7% in October"]), 1)
    index.close()
    assert "1.9 million tonnes" in hits[0].passage.text

    with pytest.raises(SourceError, match="the server answered 404"):
        render_to(f"{server}/missing", tmp_path / "r2")
    with pytest.raises(SourceError, match="not a web page"):
        render_to(f"{server}/image", tmp_path / "r3")
    assert not (tmp_path / "r2").exists() or not list((tmp_path / "r2").iterdir())


def _added(idx: Path) -> Document:
    index = load_index(idx)
    try:
        (doc,) = [d for d in index.store.documents() if d.source.endswith(".html")]
    finally:
        index.close()
    return doc


def _check_article(doc: Document) -> None:
    for sentence in ARTICLE_BODY:
        assert sentence in doc.text
    for junk in ARTICLE_FURNITURE:
        assert junk not in doc.text, junk
    assert doc.identity is not None and doc.identity.text_from == EXTRACTOR


def test_index_add_url_reads_the_page_as_a_file_is_read(
    server: str, tmp_path: Path, embedder: Embedder
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "weather.txt").write_text("Rain is expected in Rome on Saturday.", encoding="utf-8")
    (tmp_path / "article.html").write_bytes(ARTICLE)
    as_file = read_source(tmp_path / "article.html")
    idx = tmp_path / "idx"
    build_index([src], idx, embedder=embedder, settings=Settings())
    add_sources(idx, [f"{server}/article"], embedder=embedder, settings=Settings())
    doc = _added(idx)
    _check_article(doc)
    assert (doc.text, doc.title, doc.date) == (as_file.text, as_file.title, as_file.date)
    assert doc.turns == () and doc.url == f"{server}/article"
    add_sources(idx, [f"{server}/article"], embedder=embedder, settings=Settings(), comments=True)
    doc = _added(idx)
    assert [who for who, _ in doc.turns] == ["quay_walker", "net_mender"]
    assert doc.text[doc.turns[0][1][0] : doc.turns[0][1][1]] == ARTICLE_FURNITURE[3] + "."


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is absent")
def test_index_add_render_reads_the_page_as_a_file_is_read(
    server: str, tmp_path: Path, embedder: Embedder
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "weather.txt").write_text("Rain is expected in Rome on Saturday.", encoding="utf-8")
    (tmp_path / "article.html").write_bytes(ARTICLE)
    as_file = read_source(tmp_path / "article.html")
    idx = tmp_path / "idx"
    build_index([src], idx, embedder=embedder, settings=Settings())
    add_sources(idx, [f"{server}/article"], embedder=embedder, settings=Settings(), render=True)
    doc = _added(idx)
    _check_article(doc)
    assert doc.text == as_file.text
