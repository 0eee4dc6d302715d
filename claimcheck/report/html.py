"""Reports as one self-contained HTML page: the draft with every statement highlighted.

No network: styles and script are inlined, and a Content-Security-Policy forbids loading
anything else. Every piece of draft and source text reaches the page escaped: the draft is
escaped here, and the report data travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` written as ``\\u`` escapes, which the page's script puts
into the document with ``textContent`` only.
"""

from __future__ import annotations

import json
import secrets
from functools import cache
from html import escape
from importlib import resources

from ..types import Judgment, Report, Verdict
from .common import LABELS, ORDER, diff_text, location

__all__ = ["render_html"]

_SEVERITY = {v: i for i, v in enumerate(ORDER)}  # contradicted first
_SYMBOLS = {
    Verdict.CONTRADICTED: "✗",
    Verdict.UNVERIFIABLE: "?",
    Verdict.SUPPORTED: "✓",
    Verdict.NOT_CHECKABLE: "–",
}


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text("utf-8")


def _json_for_script(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _severity(j: Judgment) -> tuple[int, int]:
    """Most severe verdict first; among equals, the shorter (innermost) statement."""
    return (_SEVERITY[j.verdict], j.statement.span[1] - j.statement.span[0])


def _draft_html(text: str, judgments: tuple[Judgment, ...]) -> str:
    """The draft, escaped, with each run of characters that statements cover wrapped in a
    ``<mark>`` naming those statements (most severe verdict first)."""
    bounds = {0, len(text)}
    for j in judgments:
        a, b = j.statement.span
        if 0 <= a < b <= len(text):
            bounds.update((a, b))
    cuts = sorted(bounds)
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [j for j in judgments if j.statement.span[0] <= a and b <= j.statement.span[1]]
        piece = escape(text[a:b])
        if not covering:
            parts.append(piece)
            continue
        covering.sort(
            key=lambda j: (_SEVERITY[j.verdict], j.statement.span[1] - j.statement.span[0])
        )
        ids = " ".join(j.statement.id for j in covering)
        verdict = covering[0].verdict.value
        parts.append(
            f'<mark class="st v-{verdict}" data-ids="{escape(ids)}" tabindex="-1">{piece}</mark>'
        )
    return "".join(parts)


def _print_list(report: Report) -> str:
    """The flags as a plain list, shown when the page is printed."""
    items = []
    sentence_of = {sid: sv for sv in report.sentences() for sid in sv.statement_ids}
    for verdict in ORDER[:2]:
        for j in (j for j in report.judgments if j.verdict is verdict):
            s = j.statement
            who = f" — {escape(s.speaker)}" if s.speaker else ""
            extra = ""
            if j.diff and any(d.op != "equal" for d in j.diff):
                extra += f"<br>Word diff (draft vs source): {escape(diff_text(j.diff))}"
            if j.evidence:
                e = j.evidence[0]
                extra += (
                    f"<br>Evidence: <i>{escape(e.source.title)}</i> ({escape(e.source.kind)}"
                    f"{', ' + escape(e.source.dated) if e.source.date else ''}): "
                    f"“{escape(e.passage.text)}”"
                )
            sv = sentence_of.get(s.id)
            if sv is not None:
                extra += (
                    f"<br>Sentence: {escape(LABELS[sv.verdict])}, the worst of its "
                    f"{len(sv.statement_ids)} claims (“{escape(sv.text)}”)"
                )
            review = report.reviews.get(s.id)
            if review:
                extra += (
                    f"<br>Review: {escape(review.decision.value)} by {escape(review.reviewer)}"
                    f"{': ' + escape(review.note) if review.note else ''}"
                )
            items.append(
                f"<li><b>{_SYMBOLS[verdict]} {escape(LABELS[verdict])}</b> "
                f"({escape(location(report.draft.text, s.span[0]))}): “{escape(s.text)}”{who}"
                f"<br>Reason: {escape(j.reason)}{extra}</li>"
            )
    return "<ol>" + "".join(items) + "</ol>" if items else "<p>No flags.</p>"


def render_html(report: Report, *, review_token: str | None = None) -> str:
    """The report as one HTML page. With ``review_token`` the page also shows review
    controls that post decisions to the review app (``claimcheck review``) it is served by."""
    counts = report.counts()
    nonce = secrets.token_urlsafe(16)
    connect = "'self'" if review_token else "'none'"
    csp = (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        f"img-src data:; connect-src {connect}; base-uri 'none'; form-action 'none'"
    )
    data = {
        "report": report.to_dict(),
        "review": {"token": review_token} if review_token else None,
        "labels": {v.value: LABELS[v] for v in ORDER},
        "symbols": {v.value: _SYMBOLS[v] for v in ORDER},
    }
    legend = "".join(
        f'<label class="chip v-{v.value}"><input type="checkbox" class="filter" '
        f'value="{v.value}" checked> <span class="sym">{_SYMBOLS[v]}</span> '
        f'{escape(LABELS[v])} <b class="count">{counts[v.value]}</b></label>'
        for v in ORDER
    )
    manifest = report.index_manifest
    meta = (
        f"{len(report.judgments)} statements checked {escape(report.created_at)} against "
        f"index generation {escape(str(manifest.get('generation')))} "
        f"({escape(str(manifest.get('documents')))} documents, "
        f"{escape(str(manifest.get('passages')))} passages)"
    )
    mode = "review" if review_token else "static"
    draft = _draft_html(report.draft.text, report.judgments)
    review_note = (
        '<p class="mode">Review mode: pick a flag, record your decision; it is saved into the '
        "report file at once.</p>\n  "
        if review_token
        else ""
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">
<title>claimcheck: {escape(report.draft.path)}</title>
<style nonce="{nonce}">{_asset("report.css")}</style>
</head>
<body class="{mode}">
<header>
  <h1>claimcheck report <span class="path">{escape(report.draft.path)}</span></h1>
  <p class="meta">{meta}</p>
  <div class="legend" role="group" aria-label="Show verdicts">{legend}</div>
  {review_note}<p class="keys">Keys: <kbd>j</kbd>/<kbd>n</kbd> next flag,
  <kbd>k</kbd>/<kbd>p</kbd> previous, <kbd>Esc</kbd> close.
  Click any highlighted words to see their evidence.</p>
</header>
<main>
  <article id="draft" aria-label="The draft">{draft}</article>
  <aside id="side">
    <section id="detail" aria-live="polite" hidden></section>
    <h2>Statements</h2>
    <ol id="statements"></ol>
  </aside>
</main>
<section id="print-flags"><h2>Flags</h2>{_print_list(report)}</section>
<script type="application/json" id="report-data">{_json_for_script(data)}</script>
<script nonce="{nonce}">{_asset("report.js")}</script>
</body>
</html>
"""
