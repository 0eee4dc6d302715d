"""Web pages: the article is evidence, the page furniture never; posts become turns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import Embedder, Settings
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


def _article(comment_authors: tuple[str, ...] = ("shore_dad", "tern_spotter")) -> str:
    comments = "".join(
        f'<div class="comment"><span class="user">{who}</span> · Nov 20, 2025'
        f"<p>{FURNITURE[4] if i == 0 else 'Count them all again, the school levy too.'}</p></div>"
        for i, who in enumerate(comment_authors)
    )
    return (
        "<!DOCTYPE html><html><head><title>Results certified | Example Ledger</title></head>"
        f'<body><div id="cookie-banner">{FURNITURE[2]}. <button>Accept</button></div>'
        f'<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/s">{FURNITURE[0]}</a></nav>'
        f'<div class="ad">{FURNITURE[1]}.</div>'
        "<article><h1>County certifies the November results</h1>"
        '<p class="byline">By Odile Marsh · Published November 20, 2025</p>'
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
    assert doc.identity.author == "Odile Marsh" and doc.identity.outlet == "Example Ledger"
    assert "By Odile Marsh · Published November 20, 2025" in doc.text  # the byline is kept
    assert doc.turns == ()


def test_web_comments_become_posts_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(_article(), encoding="utf-8")
    doc = read_source(path, comments=True)
    assert [who for who, _ in doc.turns] == ["shore_dad", "tern_spotter"]
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
        "<html><head><title>When is the vote? - Millbrook Forum</title></head><body>"
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
        "<p>Certified by the county election board on November 18, 2025, after the canvass.</p>"
        "<h2>Mayor</h2><table><thead><tr><th>Candidate</th><th>Votes</th><th>Percent</th></tr>"
        "</thead><tbody><tr><td>ADA KOWALCZYK</td><td>11,902</td><td>55.10%</td></tr>"
        "<tr><td>PETER ILUNGA</td><td>9,698</td><td>44.90%</td></tr></tbody></table>"
        "<p>Shares are of all ballots counted for the office; rounding may leave a gap.</p>"
        "</main></body></html>"
    )
    path = tmp_path / "results.html"
    path.write_text(page, encoding="utf-8")
    doc = read_source(path)
    line = "Mayor — Candidate: ADA KOWALCZYK; Votes: 11,902; Percent: 55.10%."
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


def _speakers(index_dir: Path) -> dict[str, tuple[str, ...]]:
    from claimcheck import load_index

    index = load_index(index_dir)
    try:
        return {d.source: tuple(who for who, _ in d.turns) for d in index.store.documents()}
    finally:
        index.close()


def test_web_index_build_comments_kept_by_incremental_rebuilds(
    tmp_path: Path, embedder: Embedder
) -> None:
    from claimcheck import build_index, load_index
    from claimcheck.index.check import source_changes

    src = tmp_path / "src"
    src.mkdir()
    (src / "story.html").write_text(_article(), encoding="utf-8")
    idx = tmp_path / "idx"
    build_index([src], idx, embedder=embedder, settings=Settings())
    assert _speakers(idx) == {"story.html": ()}  # comments stay out unless asked for
    built = build_index([src], idx, embedder=embedder, settings=Settings(), comments=True)
    assert built.manifest["comments"] is True
    assert _speakers(idx) == {"story.html": ("shore_dad", "tern_spotter")}
    again = build_index([src], idx, embedder=embedder, settings=Settings())  # no flag: kept
    assert again.manifest["comments"] is True and again.embedded == 0
    assert _speakers(idx) == {"story.html": ("shore_dad", "tern_spotter")}
    index = load_index(idx)
    changes = source_changes(index)
    index.close()
    assert changes is not None and not (changes.new or changes.changed or changes.removed)
    off = build_index([src], idx, embedder=embedder, settings=Settings(), comments=False)
    assert off.manifest["comments"] is False and _speakers(idx) == {"story.html": ()}


def test_web_index_add_comments_per_added_page(tmp_path: Path, embedder: Embedder) -> None:
    from claimcheck import build_index, load_index
    from claimcheck.index.check import source_changes
    from claimcheck.index.manage import add_sources

    src = tmp_path / "src"
    src.mkdir()
    (src / "note.txt").write_text("The library opens at nine on Saturdays.", encoding="utf-8")
    page = tmp_path / "thread-story.html"
    page.write_text(_article(("harbor_rat", "tern_fan")), encoding="utf-8")
    idx = tmp_path / "idx"
    build_index([src], idx, embedder=embedder, settings=Settings())
    added = add_sources(idx, [str(page)], embedder=embedder, settings=Settings(), comments=True)
    assert added.manifest["added_with_comments"] == ["thread-story.html"]
    assert _speakers(idx)["thread-story.html"] == ("harbor_rat", "tern_fan")
    build_index([src], idx, embedder=embedder, settings=Settings())  # the build keeps the choice
    assert _speakers(idx)["thread-story.html"] == ("harbor_rat", "tern_fan")
    index = load_index(idx)
    changes = source_changes(index)
    index.close()
    assert changes is not None and not (changes.new or changes.changed or changes.removed)
    add_sources(idx, [str(page)], embedder=embedder, settings=Settings())  # added again, plain
    assert _speakers(idx)["thread-story.html"] == ()


def test_web_cli_index_build_and_add_take_comments(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "story.html").write_text(_article(), encoding="utf-8")
    idx = tmp_path / "idx"
    runner = CliRunner()
    built = runner.invoke(
        app, ["index", "build", str(src), "--index", str(idx), "-q", "--comments"]
    )
    assert built.exit_code == 0, built.output
    assert _speakers(idx) == {"story.html": ("shore_dad", "tern_spotter")}
    page = tmp_path / "other.html"
    page.write_text(_article(("pier_owl", "dune_cat")), encoding="utf-8")
    added = runner.invoke(app, ["index", "add", str(page), "--index", str(idx), "--comments"])
    assert added.exit_code == 0, added.output
    assert _speakers(idx)["other.html"] == ("pier_owl", "dune_cat")
    plain = runner.invoke(app, ["index", "build", str(src), "--index", str(idx), "-q"])
    assert plain.exit_code == 0, plain.output
    assert _speakers(idx) == {
        "story.html": ("shore_dad", "tern_spotter"),
        "other.html": ("pier_owl", "dune_cat"),
    }


def test_web_ad_paragraph_inside_a_box_is_never_text(tmp_path: Path) -> None:
    story = " ".join(
        f"The Wrenfield council voted {n} to 2 on the harbour plan on its {n}th sitting."
        for n in range(3, 9)
    )
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Harbour plan passes</title></head><body><article>"
        "<h1>Harbour plan passes</h1>"
        f"<p>{story}</p>"
        '<div class="box"><p>ADVERTISEMENT Get 40% off a Lumo smart kettle today.</p></div>'
        '<div class="box"><p>Sponsored: Ten ways Varna Bank can grow your savings.</p></div>'
        f"<p>{story.replace('council', 'board')}</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    doc = read_source(page)
    assert "Wrenfield board voted" in doc.text and "Wrenfield council voted" in doc.text
    assert "kettle" not in doc.text and "Varna Bank" not in doc.text
