"""Drafts in every format: headline lines, Markdown, HTML, DOCX; spans into the shown text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.drafts import draft_markup, read_draft
from claimcheck.errors import InputError
from claimcheck.extract import extract_statements, plain_text
from claimcheck.types import StatementKind

runner = CliRunner()


def _statements(path: Path):  # type: ignore[no-untyped-def]
    text = read_draft(path)
    return text, extract_statements(text, markup=draft_markup(str(path)))


def test_drafts_headline_line_is_its_own_statement(tmp_path: Path) -> None:
    draft = tmp_path / "story.txt"
    draft.write_text(
        "Council approves fare increase for city buses\n"
        "The council voted 7-2 on Tuesday to raise the fare to $2.50 from $2.25.\n",
        encoding="utf-8",
    )
    text, statements = _statements(draft)
    claims = [text[s.span[0] : s.span[1]] for s in statements]
    assert claims[0] == "Council approves fare increase for city buses"
    assert claims[1].startswith("The council voted 7-2")


def test_drafts_hard_wrapped_paragraph_is_not_cut_at_its_line_ends(tmp_path: Path) -> None:
    draft = tmp_path / "wrapped.txt"
    draft.write_text(
        "The council voted on Tuesday to raise the fare for adult riders\n"
        "Starting in August as part of the budget the mayor proposed.\n",
        encoding="utf-8",
    )
    _, statements = _statements(draft)
    assert len(statements) == 1


def test_drafts_markdown_is_read_without_markup_and_spans_point_into_the_file(
    tmp_path: Path,
) -> None:
    draft = tmp_path / "story.md"
    source = (
        "---\nauthor: desk\n---\n"
        "# Tolls rise *again* in Port Venning\n\n"
        "The [council](https://example.org/council_votes) voted **7-2** on Tuesday night.\n\n"
        '- Mayor Jane Smith said the budget "protects every single route we run".\n'
    )
    draft.write_text(source, encoding="utf-8")
    text, statements = _statements(draft)
    assert text == source  # the report shows the file as written
    by_text = {s.text: s for s in statements}
    heading = by_text["Tolls rise again in Port Venning"]
    assert text[heading.span[0] : heading.span[1]] == "Tolls rise *again* in Port Venning"
    vote = by_text["The council voted 7-2 on Tuesday night."]
    assert text[vote.span[0] :].startswith("The [council](")
    quote = next(s for s in statements if s.kind is StatementKind.QUOTE)
    assert text[quote.span[0] : quote.span[1]] == "protects every single route we run"
    assert quote.speaker == "Mayor Jane Smith"
    assert "author" not in " ".join(s.text for s in statements)


def test_drafts_html_is_read_without_tags_and_spans_point_into_the_file(tmp_path: Path) -> None:
    draft = tmp_path / "story.html"
    source = (
        "<html><head><title>Story</title><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News and more</a></nav>"
        "<h1>Council approves fare rise</h1>"
        "<p>The council voted 7&ndash;2 on <b>Tuesday</b> night.</p>"
        "<p>&ldquo;None of us on the council wanted this,&rdquo; said Mayor Jane Smith.</p>"
        "<footer>Copyright 2025 Example Media, all rights reserved</footer></body></html>"
    )
    draft.write_text(source, encoding="utf-8")
    text, statements = _statements(draft)
    assert text == source
    assert [s.text for s in statements] == [
        "Council approves fare rise",
        "The council voted 7–2 on Tuesday night.",
        "None of us on the council wanted this",
    ]
    vote = statements[1]
    assert text[vote.span[0] : vote.span[1]] == (
        "The council voted 7&ndash;2 on <b>Tuesday</b> night."
    )
    assert statements[2].speaker == "Mayor Jane Smith"


def test_drafts_docx_paragraphs_are_the_shown_text(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_heading("Council approves fare rise", level=1)
    doc.add_paragraph("The council voted 7-2 on Tuesday to raise fares to $2.50.")
    doc.add_paragraph('"None of us on the council wanted this," said Mayor Jane Smith.')
    draft = tmp_path / "story.docx"
    doc.save(str(draft))
    text, statements = _statements(draft)
    assert text.startswith("Council approves fare rise\n\nThe council voted")
    for s in statements:
        assert text[s.span[0] : s.span[1]] == s.text
    assert [s.kind for s in statements][-1] is StatementKind.QUOTE
    assert statements[-1].speaker == "Mayor Jane Smith"


def test_drafts_bad_docx_is_one_input_error(tmp_path: Path) -> None:
    draft = tmp_path / "broken.docx"
    draft.write_bytes(b"this is not a zip archive at all")
    with pytest.raises(InputError, match="not a Word .docx file"):
        read_draft(draft)


def test_drafts_cli_bad_docx_exits_1_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    draft = tmp_path / "broken.docx"
    draft.write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, ["verify", str(draft), "--index", str(tmp_path / "none"), "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "broken.docx" in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_drafts_plain_text_needs_no_mapping() -> None:
    assert plain_text("Revenue rose 16%.", "text") is None
    assert draft_markup("a/story.MD") == "markdown"
    assert draft_markup("story.htm") == "html"
    assert draft_markup("story.docx") == "text"


def test_drafts_sentence_of_several_facts_splits_into_atomic_claims() -> None:
    text = (
        "Okonjo, 51, finished 1,184 votes ahead, widening the lead of roughly 860 votes she "
        "held at midnight. The toll will rise from $3.20 to $4.00, a 25 percent jump."
    )
    parts = [s.text for s in extract_statements(text)]
    assert parts == [
        "Okonjo, 51",
        "finished 1,184 votes ahead",
        "widening the lead of roughly 860 votes she held at midnight.",
        "The toll will rise from $3.20 to $4.00",
        "a 25 percent jump.",
    ]
    by_text = {s.text: s for s in extract_statements(text)}
    assert by_text["finished 1,184 votes ahead"].standalone == "Okonjo finished 1,184 votes ahead"
    assert by_text["Okonjo, 51"].standalone.startswith("Okonjo, 51, finished")


def test_drafts_a_list_of_verbs_without_own_figures_stays_one_claim() -> None:
    text = "Revenue rose 16% and ended the year higher than analysts expected."
    assert len(extract_statements(text)) == 1


ARTICLE = [
    "The harbour board approved a new ferry timetable on Monday evening.",
    "Crossings to the island will run every 40 minutes from the first of June.",
    "The board said the change would cost about $1.2 million in its first year.",
]
FURNITURE = [
    "We use cookies to give you the best experience on our site",
    "ADVERTISEMENT Book your summer cruise with Bluewater Tours today",
    "Sign up for our weekly newsletter and never miss a story",
    "Most read: Ten things the mayor did not tell you about parking",
    "My uncle says the ferries will stop running entirely next year",
    "Copyright 2025 The Example Gazette and its licensors",
]


def test_drafts_html_keeps_only_the_article_with_spans_into_the_file(tmp_path: Path) -> None:
    comments = "".join(
        f'<div class="comment"><span class="user">{who}</span> · May 2, 2025<p>{body}</p></div>'
        for who, body in (
            ("pier_reader", FURNITURE[4]),
            ("dock_owl", "Nobody at the council ever listens to the island residents."),
        )
    )
    source = (
        "<!DOCTYPE html><html><head><title>Ferry timetable | The Example Gazette</title></head>"
        f'<body><div id="cookie-consent"><p>{FURNITURE[0]}.</p><a href="#">Accept all</a></div>'
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local news</a></li>'
        '<li><a href="/sport">Sport</a></li></ul></nav>'
        f'<div class="promo"><p>{FURNITURE[1]}.</p></div>'
        "<main><article><h1>Harbour board approves new ferry timetable</h1>"
        + "".join(f"<p>{s}</p>" for s in ARTICLE)
        + f'<div class="newsletter-signup"><p>{FURNITURE[2]}.</p></div>'
        "</article></main>"
        f'<aside class="trending"><h2>Most read</h2><ul><li><a href="/x">{FURNITURE[3]}</a>'
        "</li></ul></aside>"
        f'<section id="comments"><h3>2 comments</h3>{comments}</section>'
        f"<div class='site-footer'><p>{FURNITURE[5]}.</p></div></body></html>"
    )
    draft = tmp_path / "ferry.html"
    draft.write_text(source, encoding="utf-8")
    text, statements = _statements(draft)
    assert text == source
    said = [s.text for s in statements]
    assert said == ["Harbour board approves new ferry timetable", *ARTICLE]
    for statement in statements:
        assert text[statement.span[0] : statement.span[1]] == statement.text
    for junk in FURNITURE:
        assert not any(junk[:30] in s for s in said), junk


def test_drafts_html_article_lists_are_kept(tmp_path: Path) -> None:
    draft = tmp_path / "budget.html"
    source = (
        "<html><body><nav><a href='/'>Home</a> <a href='/city'>City hall</a></nav>"
        "<h1>Budget passes</h1><p>The council approved a $52 million budget on Tuesday.</p>"
        "<ul><li>Fares rise to $2.50 from August.</li>"
        "<li>Twenty-two new buses will be bought.</li></ul>"
        "<p>The mayor said the plan protects every route.</p>"
        "<footer><p>Copyright 2025 The Example Gazette and its licensors.</p></footer>"
        "</body></html>"
    )
    draft.write_text(source, encoding="utf-8")
    text, statements = _statements(draft)
    assert [s.text for s in statements] == [
        "The council approved a $52 million budget on Tuesday.",
        "Fares rise to $2.50 from August.",
        "Twenty-two new buses will be bought.",
        "The mayor said the plan protects every route.",
    ]
    assert all(text[s.span[0] : s.span[1]] == s.text for s in statements)


@pytest.mark.parametrize("suffix", [".rtf", ".pdf"])
def test_drafts_rtf_and_pdf_are_refused_not_read_as_prose(tmp_path: Path, suffix: str) -> None:
    draft = tmp_path / f"story{suffix}"
    draft.write_text("{\\rtf1\\ansi The council approved the budget.}", encoding="utf-8")
    with pytest.raises(InputError, match=f"is a \\{suffix} file.*save it as"):
        read_draft(draft)
