"""Web pages: the article is evidence, the page furniture never; posts become turns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.errors import SourceError
from claimcheck.sources import read_source
from claimcheck.sources.score import score_web_pages
from claimcheck.sources.web import EXTRACTOR, FALLBACK

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "newsrooms"

BODY = [
    "The county certified the results of the November election on Tuesday, officials said.",
    "Turnout reached 45 percent of the 86,000 registered voters in the city this year.",
    "The clerk said every mail ballot had been checked against the voter's signature.",
    "A recount of the sales tax measure was requested by its opponents on Friday.",
]
FURNITURE = [
    "Subscribe now for one dollar a month",
    "ADVERTISEMENT Refinance your home today with Credit Union",
    "We use cookies to improve your experience on this site",
    "Sign up for our morning newsletter",
    "My cousin says ten thousand ballots were thrown away",
    "Most read stories this week",
    "All rights reserved by the Example Ledger",
]


def _article(comment_authors: tuple[str, ...] = ("shore_dad", "gull_watcher")) -> str:
    comments = "".join(
        f'<div class="comment"><span class="user">{who}</span> · Nov 20, 2025'
        f"<p>{FURNITURE[4] if i == 0 else 'Recount everything, the mayor race too.'}</p></div>"
        for i, who in enumerate(comment_authors)
    )
    return (
        "<!DOCTYPE html><html><head><title>Results certified | Example Ledger</title></head>"
        f'<body><div id="cookie-banner">{FURNITURE[2]}. <button>Accept</button></div>'
        f'<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/s">{FURNITURE[0]}</a></nav>'
        f'<div class="ad">{FURNITURE[1]}.</div>'
        "<article><h1>County certifies the November results</h1>"
        '<p class="byline">By Priya Nair · Published November 20, 2025</p>'
        + "".join(f"<p>{s}</p>" for s in BODY)
        + f'<aside class="newsletter">{FURNITURE[3]}.</aside>'
        "</article>"
        f'<section class="related"><h3>{FURNITURE[5]}</h3><ul><li><a href="/a">Other story'
        "</a></li></ul></section>"
        f'<section class="comments"><h3>Comments (2)</h3>{comments}</section>'
        f"<footer><p>© 2025 {FURNITURE[6]}.</p></footer></body></html>"
    )


def test_web_article_keeps_the_story_and_drops_furniture(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(_article(), encoding="utf-8")
    doc = read_source(path)
    for sentence in BODY:
        assert sentence in doc.text
    for junk in FURNITURE:
        assert junk not in doc.text, junk
    assert doc.identity is not None
    assert doc.identity.text_from == EXTRACTOR
    assert (doc.date, doc.identity.date_from) == ("2025-11-20", "dated line on the page")
    assert doc.title == "County certifies the November results"
    assert doc.identity.author == "Priya Nair" and doc.identity.outlet == "Example Ledger"
    assert "By Priya Nair · Published November 20, 2025" in doc.text  # the byline is kept
    assert doc.turns == ()


def test_web_comments_become_posts_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(_article(), encoding="utf-8")
    doc = read_source(path, comments=True)
    assert [who for who, _ in doc.turns] == ["shore_dad", "gull_watcher"]
    assert doc.turn_times == ("2025-11-20", "2025-11-20")
    who, (start, end) = doc.turns[0]
    assert doc.text[start:end] == FURNITURE[4]
    assert BODY[0] in doc.text  # the article stays


def test_web_forum_thread_is_posts_with_author_and_time(tmp_path: Path) -> None:
    posts = [
        ("riverside_mom", "Oct 9, 2025", "Does anyone know when the board votes on the plan?"),
        ("J. Alvarez", "Oct 9, 2025", "It is on the agenda for Tuesday at 6:30 in the auditorium."),
        ("riverside_mom", "Oct 10, 2025", "Thanks. I will bring the petition with 1,460 names."),
    ]
    page = (
        "<html><head><title>When is the vote? - Ashford Forum</title></head><body>"
        "<nav><a href='/'>Forum home</a> <a href='/new'>New topic</a></nav>"
        "<main><h1>When is the vote?</h1><div class='thread'>"
        + "".join(
            f"<div class='msg'><div class='meta'><b>{who}</b> <time>{when}</time></div>"
            f"<div class='text'><p>{text}</p></div></div>"
            for who, when, text in posts
        )
        + "</div></main><footer>Forum rules · Privacy</footer></body></html>"
    )
    path = tmp_path / "thread.html"
    path.write_text(page, encoding="utf-8")
    doc = read_source(path)
    assert doc.kind == "post"
    assert [who for who, _ in doc.turns] == ["riverside_mom", "J. Alvarez", "riverside_mom"]
    assert doc.turn_times == ("2025-10-09", "2025-10-09", "2025-10-10")
    for (_, (start, end)), (_, _, text) in zip(doc.turns, posts, strict=True):
        assert doc.text[start:end] == text
    assert "Forum rules" not in doc.text and "New topic" not in doc.text
    assert doc.date == "2025-10-09"


def test_web_table_rows_keep_their_headers(tmp_path: Path) -> None:
    page = (
        "<html><body><main><h1>Certified results</h1>"
        "<p>Certified by the Board of Canvassers on November 18, 2025, after the count.</p>"
        "<h2>Mayor</h2><table><thead><tr><th>Candidate</th><th>Votes</th><th>Percent</th></tr>"
        "</thead><tbody><tr><td>RENATA SOLIS</td><td>20,384</td><td>52.69%</td></tr>"
        "<tr><td>GORDON WHITFIELD</td><td>18,091</td><td>46.76%</td></tr></tbody></table>"
        "<p>Percentages are of votes cast in each contest and may not total 100 percent.</p>"
        "</main></body></html>"
    )
    path = tmp_path / "results.html"
    path.write_text(page, encoding="utf-8")
    doc = read_source(path)
    line = "Mayor — Candidate: RENATA SOLIS; Votes: 20,384; Percent: 52.69%."
    assert line in doc.text
    assert any(doc.text[a:b] == line for a, b in doc.blocks)  # a row is its own passage
    assert doc.date == "2025-11-18"


def test_web_page_the_extractor_finds_nothing_in_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "tiny.html"
    path.write_text("<html><body><div>Rates rose.</div></body></html>", encoding="utf-8")
    doc = read_source(path)
    assert "Rates rose." in doc.text
    assert doc.identity is not None and doc.identity.text_from == FALLBACK
    view = json.loads(CliRunner().invoke(app, ["read", str(path), "--json"]).output)
    assert view["text_from"] == FALLBACK
    assert {"title", "kind", "date", "date_from", "text", "passages"} <= set(view)
    for p in view["passages"]:
        assert view["text"][p["span"][0] : p["span"][1]] == p["text"]


def test_web_non_html_named_html_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.html"
    path.write_text("Just some notes, no markup at all.\nSecond line.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="holds no HTML"):
        read_source(path)
    result = CliRunner().invoke(app, ["read", str(path)])
    assert result.exit_code == 1
    assert "holds no HTML" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) <= 2


def test_web_read_json_spans_point_into_the_text(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(_article(), encoding="utf-8")
    result = CliRunner().invoke(app, ["read", str(path), "--json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.output)
    assert view["kind"] == "story" and view["date"] == "2025-11-20"
    assert view["passages"]
    for p in view["passages"]:
        assert view["text"][p["span"][0] : p["span"][1]] == p["text"]


@pytest.mark.skipif(not (SHARED / "web_pages.json").is_file(), reason="needs ../shared/newsrooms")
def test_web_visible_newsroom_pages_meet_the_targets() -> None:
    score = score_web_pages(SHARED / "web_pages.json")
    assert score.furniture_share <= 0.02
    assert score.content_share >= 0.95
