"""schema.org ClaimReview JSON-LD, for publishing fact-checks of checked statements."""

from __future__ import annotations

import json

from ..types import Decision, Judgment, Report, StatementKind, Verdict

__all__ = ["render_claimreview"]

# A five-point scale; alternateName is the rating's words, as fact-checkers publish them.
_RATINGS = {
    Verdict.SUPPORTED: (5, "True"),
    Verdict.UNVERIFIABLE: (3, "Unverified"),
    Verdict.CONTRADICTED: (1, "False"),
}


def _review(j: Judgment, report: Report, publisher: str, page_url: str | None) -> dict[str, object]:
    value, words = _RATINGS[j.verdict]
    s = j.statement
    item: dict[str, object] = {"@type": "Claim", "appearance": {"@type": "CreativeWork"}}
    if page_url:
        item["appearance"] = {"@type": "CreativeWork", "url": page_url}
    if s.speaker:
        item["author"] = {"@type": "Person", "name": s.speaker}
    body = j.reason
    if j.evidence:
        e = j.evidence[0]
        body += f" (source: {e.source.title}{', ' + e.source.date if e.source.date else ''})"
    review = report.reviews.get(s.id)
    if review and review.note:
        body += f" Editor's note: {review.note}"
    out: dict[str, object] = {
        "@type": "ClaimReview",
        "claimReviewed": f"“{s.text}”" if s.kind is StatementKind.QUOTE else s.text,
        "datePublished": (review.at if review else report.created_at)[:10],
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": words,
        },
        "reviewBody": body,
        "itemReviewed": item,
    }
    if page_url:
        out["url"] = page_url
    return out


def render_claimreview(
    report: Report,
    *,
    publisher: str,
    page_url: str | None = None,
    reviewed_only: bool = False,
) -> str:
    """One ClaimReview per checked statement (not the opinions, predictions and questions),
    in an ``@graph``. Statements an editor dismissed are left out: the desk decided the flag
    was wrong. With ``reviewed_only``, only statements an editor confirmed or fixed."""
    graph = []
    for j in report.judgments:
        if j.verdict not in _RATINGS:
            continue
        review = report.reviews.get(j.statement.id)
        if review is not None and review.decision is Decision.DISMISSED:
            continue
        if reviewed_only and review is None:
            continue
        graph.append(_review(j, report, publisher, page_url))
    doc = {"@context": "https://schema.org", "@graph": graph}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
