"""Reviewing reports without a browser: schema, decisions, carry-forward, HTML escaping,
exports, and the review app's token check (over real HTTP on loopback)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from claimcheck import Embedder, Settings, verify
from claimcheck.cli import app
from claimcheck.errors import ReportError
from claimcheck.index import Index
from claimcheck.pipeline import verify_text
from claimcheck.report import load_report, render_html, save_report
from claimcheck.report.claimreview import render_claimreview
from claimcheck.report.jsonio import schema_errors
from claimcheck.review.app import ReviewServer
from claimcheck.review.decisions import carry_forward, record_decision
from claimcheck.types import Decision, Report, Verdict
from tests.conftest import SAMPLE_DRAFTS, hostile_report, running_review_server

runner = CliRunner()
ROUNDUP = SAMPLE_DRAFTS / "ai_in_production_roundup.md"


@pytest.fixture(scope="module")
def report(sample_index: Index, embedder: Embedder) -> Report:
    return verify(ROUNDUP, index=sample_index, embedder=embedder, settings=Settings())


@pytest.fixture
def report_file(report: Report, tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    save_report(report, path)
    return path


def _flag(report: Report, verdict: Verdict = Verdict.CONTRADICTED) -> str:
    return next(j.statement.id for j in report.judgments if j.verdict is verdict)


def test_every_written_report_validates_against_the_schema(
    sample_index: Index, embedder: Embedder, tmp_path: Path
) -> None:
    for draft in sorted(SAMPLE_DRAFTS.glob("*.md")):
        rep = verify(draft, index=sample_index, embedder=embedder, settings=Settings())
        path = tmp_path / f"{draft.stem}.json"
        save_report(rep, path)
        data = json.loads(path.read_text(encoding="utf-8"))
        assert schema_errors(data) == []
        record_decision(path, _flag(rep), Decision.CONFIRMED, reviewer="Ana", note="fix it")
        assert schema_errors(json.loads(path.read_text(encoding="utf-8"))) == []


def test_schema_rejects_a_report_that_breaks_it(report: Report) -> None:
    data = report.to_dict()
    data["judgments"][0]["verdict"] = "probably"
    assert any("probably" in e for e in schema_errors(data))


def test_report_of_another_schema_version_is_a_clear_error(report_file: Path) -> None:
    data = json.loads(report_file.read_text(encoding="utf-8"))
    data["schema_version"] = 1
    report_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReportError, match="schema version 1.*re-run `claimcheck verify`"):
        load_report(report_file)


def test_decisions_are_saved_and_earlier_ones_kept(report: Report, report_file: Path) -> None:
    flags = [j.statement.id for j in report.judgments if j.verdict is Verdict.CONTRADICTED]
    record_decision(report_file, flags[0], Decision.CONFIRMED, reviewer="Ana Ruiz", note="wrong")
    record_decision(report_file, flags[1], Decision.DISMISSED, reviewer="Ben Ode")
    saved = load_report(report_file)
    assert saved.reviews[flags[0]].decision is Decision.CONFIRMED
    assert saved.reviews[flags[0]].note == "wrong"
    assert saved.reviews[flags[1]].reviewer == "Ben Ode"
    assert [j.to_dict() for j in saved.judgments] == [j.to_dict() for j in report.judgments]
    leftovers = {p.name for p in report_file.parent.glob(".report.json.*")}
    assert leftovers <= {".report.json.lock"}  # no temporary file left (the lock stays)
    with pytest.raises(ReportError, match="no statement"):
        record_decision(report_file, "nope", Decision.FIXED, reviewer="Ana")
    with pytest.raises(ReportError, match="reviewer"):
        record_decision(report_file, flags[0], Decision.FIXED, reviewer="  ")


def test_revised_draft_carries_decisions_and_marks_new_flags(
    report: Report, report_file: Path, sample_index: Index, embedder: Embedder
) -> None:
    text = ROUNDUP.read_text(encoding="utf-8")
    flagged = [j for j in report.judgments if j.verdict is Verdict.CONTRADICTED]
    for j in flagged:
        record_decision(report_file, j.statement.id, Decision.CONFIRMED, reviewer="Ana")
    # The revision fixes the strike's start date and adds a new, wrong figure at the top.
    assert "The strike began on July 14, 2024." in text
    revised = text.replace(
        "The strike began on July 14, 2024.", "The strike began on July 14, 2023."
    ).replace(
        "\n\nDavier Yoon, co-founder of CraveFX",
        "\n\nNetflix shares rose 9% in extended trading after the results.\n\n"
        "Davier Yoon, co-founder of CraveFX",
        1,
    )
    new = verify_text(
        revised, index=sample_index, embedder=embedder, settings=Settings(), path="revised.md"
    )
    carried = carry_forward(new, load_report(report_file), str(report_file))
    unchanged = [j for j in flagged if "2024" not in j.statement.text]
    assert unchanged
    texts = {j.statement.id: j.statement.text for j in carried.judgments}
    carried_texts = {texts[sid] for sid in carried.reviews}
    for j in unchanged:
        assert j.statement.text in carried_texts
    assert not any("July 14, 2023" in t for t in carried_texts)
    assert all(r.carried_from == str(report_file) for r in carried.reviews.values())
    new_texts = [texts[sid] for sid in carried.new_flags]
    assert any("9%" in t for t in new_texts), new_texts
    assert not any(j.statement.text in new_texts for j in unchanged)


def test_html_report_escapes_draft_and_source_text(tmp_path: Path, embedder: Embedder) -> None:
    rep = hostile_report(tmp_path, embedder)
    page = render_html(rep)
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "<svg" not in page
    assert "&lt;script&gt;window.pwned = &quot;script&quot;&lt;/script&gt;" in page  # the draft
    assert "\\u003cscript\\u003ewindow.pwned" in page  # the source, inside the JSON block
    assert page.count("<script") == 2  # the JSON block and the page's own script
    assert "default-src &#x27;none&#x27;" in page  # the CSP: nothing loads from anywhere


def test_claimreview_export(report: Report, report_file: Path) -> None:
    contradicted = _flag(report)
    supported = _flag(report, Verdict.SUPPORTED)
    record_decision(report_file, supported, Decision.DISMISSED, reviewer="Ana")
    doc = json.loads(
        render_claimreview(load_report(report_file), publisher="The Ledger", page_url=None)
    )
    assert doc["@context"] == "https://schema.org"
    reviews = doc["@graph"]
    by_text = {r["claimReviewed"]: r for r in reviews}
    texts = {j.statement.id: j.statement.text for j in report.judgments}
    bad = next(r for t, r in by_text.items() if texts[contradicted] in t)
    assert bad["@type"] == "ClaimReview"
    assert bad["reviewRating"]["alternateName"] == "False"
    assert bad["reviewRating"]["ratingValue"] == 1 and bad["reviewRating"]["bestRating"] == 5
    assert bad["author"] == {"@type": "Organization", "name": "The Ledger"}
    assert not any(texts[supported] == t for t in by_text)  # dismissed: left out
    checkable = [j for j in report.judgments if j.verdict is not Verdict.NOT_CHECKABLE]
    assert len(reviews) == len(checkable) - 1


def test_cli_html_export_and_previous(sample_index_path: Path, tmp_path: Path) -> None:
    first, page = tmp_path / "r1.json", tmp_path / "r1.html"
    result = runner.invoke(
        app, ["verify", str(ROUNDUP), "-i", str(sample_index_path), "-o", str(first), "-o",
              str(page), "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    flag = next(
        j["statement"]["id"]
        for j in json.loads(result.stdout)["judgments"]
        if j["verdict"] == "contradicted"
    )
    record_decision(first, flag, Decision.FIXED, reviewer="Ana")
    second = tmp_path / "r2.json"
    result = runner.invoke(
        app, ["verify", str(ROUNDUP), "-i", str(sample_index_path), "--previous", str(first),
              "-o", str(second)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(second.read_text(encoding="utf-8"))
    assert data["reviews"][flag]["decision"] == "fixed"
    assert data["previous"] == str(first) and data["new_flags"] == []
    assert "review: fixed by Ana" in result.stdout

    result = runner.invoke(app, ["report", "html", str(second)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r2.html").exists()
    result = runner.invoke(app, ["report", "export", str(second), "--format", "md"])
    assert result.exit_code == 0 and "Review: fixed by Ana" in result.stdout
    result = runner.invoke(
        app, ["report", "export", str(second), "-f", "claimreview", "-o", str(tmp_path / "c")]
    )
    assert result.exit_code == 0
    assert json.loads((tmp_path / "c").read_text(encoding="utf-8"))["@graph"]
    result = runner.invoke(app, ["report", "html", str(second), "-o", str(second)])
    assert result.exit_code == 1 and "overwrite" in result.stderr


@pytest.fixture
def server(report_file: Path) -> Iterator[ReviewServer]:
    with running_review_server(report_file) as srv:
        yield srv


def test_review_app_refuses_requests_without_the_token(
    server: ReviewServer, report: Report, report_file: Path
) -> None:
    base, token = server.url.split("/?token=")
    assert base.startswith("http://127.0.0.1:") and len(token) >= 32
    assert httpx.get(base + "/").status_code == 403
    assert httpx.get(base + "/?token=wrong").status_code == 403
    body = {"statement_id": _flag(report), "decision": "confirmed", "reviewer": "Eve"}
    assert httpx.post(base + "/api/decisions", json=body).status_code == 403
    assert load_report(report_file).reviews == {}
    page = httpx.get(server.url)
    assert page.status_code == 200 and "review" in page.text
    saved = httpx.post(f"{base}/api/decisions?token={token}", json=body)
    assert saved.status_code == 200 and saved.json()["decision"] == "confirmed"
    assert load_report(report_file).reviews[_flag(report)].reviewer == "Eve"
    bad = httpx.post(f"{base}/api/decisions?token={token}", json={**body, "decision": "maybe"})
    assert bad.status_code == 422


def test_cli_review_prints_a_tokened_url_and_serves_until_interrupted(report_file: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcheck.cli", "review", str(report_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        url = ""
        deadline = time.monotonic() + 30
        while not url and time.monotonic() < deadline:
            line = proc.stdout.readline().strip()
            url = line if line.startswith("http://127.0.0.1:") else ""
        assert "?token=" in url
        for _ in range(50):
            try:
                page = httpx.get(url)
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert page.status_code == 200 and "Review mode" in page.text
        assert httpx.get(url.split("?")[0]).status_code == 403
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=15)
    assert "Traceback" not in stderr


def test_draft_html_keeps_every_character_and_escapes_all_markup(report: Report) -> None:
    import html
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from claimcheck.report.html import _draft_html
    from claimcheck.types import Statement, StatementKind

    template = report.judgments[0]

    @settings(max_examples=200, deadline=None)
    @given(
        text=st.text(alphabet=st.sampled_from("ab <>&\"'\n/=é—"), max_size=60),
        cuts=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=5),
    )
    def check(text: str, cuts: list[tuple[int, int]]) -> None:
        judgments = []
        for i, (a, b) in enumerate(cuts):
            a, b = sorted((min(a, len(text)), min(b, len(text))))
            s = Statement(
                id=f"s{i}", kind=StatementKind.CLAIM, text=text[a:b], span=(a, b), speaker=None,
                context=text, category="other", standalone=text[a:b],
            )  # fmt: skip
            judgments.append(type(template)(**{**template.__dict__, "statement": s}))
        out = _draft_html(text, tuple(judgments))
        # Only our own <mark> tags are markup; everything else is the draft, escaped.
        stripped = re.sub(r'<mark class="st v-[a-z_]+" data-ids="[^"<>]*" tabindex="-1">|</mark>',
                          "", out)  # fmt: skip
        assert "<" not in stripped and ">" not in stripped
        assert html.unescape(stripped) == text

    check()


def test_cli_output_that_cannot_be_written_is_a_one_line_error(
    report_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "taken.html"
    folder.mkdir()  # a folder where the page should go
    result = runner.invoke(app, ["report", "html", str(report_file), "-o", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().startswith("Error: cannot write") and "\n" not in (
        result.stderr.strip()
    )
    assert list(tmp_path.glob(".taken.html.*")) == []  # no temporary file left behind
