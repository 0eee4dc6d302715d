"""The HTML report and the review app in a real browser: Debian's Chromium driven by Playwright.

`make test` installs Chromium (apt) before running; where /usr/bin/chromium is absent these
tests skip with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck import Embedder, Settings, verify
from claimcheck.index import Index
from claimcheck.report import load_report, render_html, save_report
from claimcheck.review.app import ReviewServer
from claimcheck.sources.render import CHROMIUM_ARGS
from claimcheck.types import Decision, Report, Verdict
from tests.conftest import SAMPLE_DRAFTS, hostile_report, running_review_server, two_fact_report

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent")
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture(scope="module")
def report(sample_index: Index, embedder: Embedder) -> Report:
    return verify(
        SAMPLE_DRAFTS / "netflix_genai_story.md",
        index=sample_index,
        embedder=embedder,
        settings=Settings(),
    )


def test_report_page_shows_evidence_for_a_clicked_flag(page, report: Report, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    page.goto(path.as_uri())
    counts = report.counts()
    assert page.locator(".chip.v-contradicted .count").inner_text() == str(counts["contradicted"])
    misquote = next(j for j in report.judgments if j.finding.value == "misquote")
    page.locator("mark.st", has_text="would never have been feasible").first.click()
    detail = page.locator("#detail")
    assert detail.is_visible()
    assert "contradicted" in detail.inner_text()
    assert misquote.reason in detail.inner_text()
    assert detail.locator(".diff ins", has_text="never").count() == 1  # the word diff
    assert detail.locator(".evidence").count() >= 1
    assert detail.locator(".evidence .passage mark").count() >= 3  # matching words marked
    # A number mismatch shows both figures side by side.
    number = next(j for j in report.judgments if j.figures is not None)
    page.locator(f'#statements button[data-id="{number.statement.id}"]').click()
    cells = detail.locator(".figures td").all_inner_texts()
    assert cells == list(number.figures or ())
    assert page.errors == []


def test_report_page_keyboard_and_filters(page, report: Report, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    page.goto(path.as_uri())
    flags = sorted(
        (j for j in report.judgments if j.verdict in (Verdict.CONTRADICTED, Verdict.UNVERIFIABLE)),
        key=lambda j: j.statement.span[0],
    )
    page.keyboard.press("j")
    assert (
        page.locator("#statements button[aria-current=true]").get_attribute("data-id")
        == flags[0].statement.id
    )
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("k")  # wraps to the last flag
    assert (
        page.locator("#statements button[aria-current=true]").get_attribute("data-id")
        == flags[-1].statement.id
    )
    supported = sum(1 for j in report.judgments if j.verdict is Verdict.SUPPORTED)
    before = page.locator("#statements li").count()
    page.locator("input.filter[value=supported]").uncheck()
    assert page.locator("#statements li").count() == before - supported
    assert page.locator("#statements button.v-supported").count() == 0
    page.emulate_media(media="print")
    assert page.locator("#print-flags").is_visible() and not page.locator("#side").is_visible()
    assert page.errors == []


def test_report_page_runs_no_script_from_draft_or_sources(page, tmp_path: Path, embedder: Embedder):  # type: ignore[no-untyped-def]
    rep = hostile_report(tmp_path, embedder)
    assert rep.judgments[0].evidence[0].source.title.startswith("Acme memo <script>")
    path = tmp_path / "evil.html"
    path.write_text(render_html(rep), encoding="utf-8")
    page.goto(path.as_uri())
    assert "<script>window.pwned" in page.locator("#draft").inner_text()  # shown as text
    page.locator("mark.st").first.click()
    assert page.locator("#detail .evidence").count() >= 1
    assert "onerror" in page.locator("#detail").inner_text()  # the source, as text
    assert "Acme memo <script>" in page.locator("#detail").inner_text()
    assert page.locator("#detail a").count() == 0  # a javascript: URL is never a link
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#draft img, #draft svg, #detail img, #detail svg").count() == 0
    assert page.errors == []


@pytest.fixture
def server(report: Report, tmp_path: Path) -> Iterator[tuple[ReviewServer, Path]]:
    path = tmp_path / "report.json"
    save_report(report, path)
    with running_review_server(path) as srv:
        yield srv, path


def test_review_app_records_a_decision_that_survives_reload(page, server, report: Report):  # type: ignore[no-untyped-def]
    srv, path = server
    flag = next(j for j in report.judgments if j.verdict is Verdict.CONTRADICTED)
    page.goto(srv.url)
    page.locator(f'#statements button[data-id="{flag.statement.id}"]').click()
    form = page.locator("form.review")
    form.locator("input[value=confirmed]").check()
    form.locator("textarea[name=note]").fill("Checked with the desk: use 15%.")
    form.locator("input[name=reviewer]").fill("Ana Ruiz")
    form.locator("button[type=submit]").click()
    page.locator("form.review .saved", has_text="Saved: confirmed by Ana Ruiz").wait_for()
    saved = load_report(path).reviews[flag.statement.id]
    assert saved.decision is Decision.CONFIRMED and saved.note == "Checked with the desk: use 15%."
    page.reload()
    button = page.locator(f'#statements button[data-id="{flag.statement.id}"]')
    assert "confirmed" in button.inner_text()
    button.click()
    assert page.locator("form.review input[value=confirmed]").is_checked()
    assert page.locator("form.review textarea[name=note]").input_value().startswith("Checked")
    # Without the token there is no page.
    response = page.goto(srv.url.split("?")[0])
    assert response is not None and response.status == 403
    assert page.errors == []


def test_report_page_names_the_sentence_of_a_clicked_claim(  # type: ignore[no-untyped-def]
    page, sample_index: Index, embedder: Embedder, tmp_path: Path
):
    rep = two_fact_report(tmp_path, sample_index, embedder)
    (sentence,) = rep.sentences()
    first, second = sentence.statement_ids[:2]
    path = tmp_path / "report.html"
    path.write_text(render_html(rep), encoding="utf-8")
    page.goto(path.as_uri())
    page.locator(f'#statements button[data-id="{first}"]').click()
    panel = page.locator("#detail .sentence")
    assert f"the worst of its {len(sentence.statement_ids)} claims" in panel.inner_text()
    assert sentence.verdict.value in panel.inner_text()
    # The sentence's other claims open their own evidence.
    panel.locator("button").first.click()
    current = page.locator("#statements button[aria-current=true]")
    assert current.get_attribute("data-id") == second
    assert page.errors == []
