"""Screenshots of the HTML report and the review app for the README (`make screenshots`).

Builds the sample index, verifies the sample draft, and photographs both pages in Debian's
Chromium with a flag selected.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from claimcheck import Embedder, Settings, build_index, load_index, verify
from claimcheck.report import render_html, save_report
from claimcheck.review.app import open_review_server
from claimcheck.sources.render import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    os.chdir(ROOT)  # the report names the draft as the desk would: sample_drafts/...
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        embedder = Embedder()
        build_index([ROOT / "sample_sources"], work / "idx", embedder=embedder, settings=Settings())
        index = load_index(work / "idx")
        try:
            report = verify(
                Path("sample_drafts/netflix_genai_story.md"),
                index=index, embedder=embedder, settings=Settings(),
            )  # fmt: skip
        finally:
            index.close()
        (work / "report.html").write_text(render_html(report), encoding="utf-8")
        save_report(report, work / "report.json")
        server = open_review_server(work / "report.json")
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.server.started:
            time.sleep(0.05)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto((work / "report.html").as_uri())
            page.keyboard.press("j")
            page.wait_for_timeout(600)
            page.screenshot(path=str(ROOT / "docs" / "report.png"))
            page.goto(server.url)
            flag = next(j for j in report.judgments if j.figures is not None)
            page.locator(f'#statements button[data-id="{flag.statement.id}"]').click()
            page.locator("form.review input[value=confirmed]").check()
            page.locator("form.review textarea").fill(
                "Letter and call both say 16%; fix before publishing."
            )
            page.locator("form.review input[name=reviewer]").fill("Ana Ruiz")
            page.locator("form.review button[type=submit]").click()
            page.locator("form.review .saved", has_text="Saved").wait_for()
            page.locator("#detail").scroll_into_view_if_needed()
            page.wait_for_timeout(600)
            page.screenshot(path=str(ROOT / "docs" / "review.png"))
            browser.close()
        server.server.should_exit = True
        thread.join(10)
    print("Wrote docs/report.png and docs/review.png")


if __name__ == "__main__":
    main()
