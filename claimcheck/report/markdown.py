"""Reports as Markdown, for a CMS note or a ticket."""

from __future__ import annotations

from ..types import Judgment, Report, StatementKind
from .common import LABELS, ORDER, diff_text, location

__all__ = ["render_markdown"]


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _statement(j: Judgment) -> str:
    s = j.statement
    if s.kind is StatementKind.QUOTE:
        who = s.speaker or "unattributed"
        return f"“{_cell(s.text)}” — {_cell(who)}"
    return _cell(s.text)


def _sentences(report: Report) -> list[str]:
    """Sentences cut into several claims, each with the worst verdict of its claims."""
    found = report.sentences()
    if not found:
        return []
    by_id = {j.statement.id: j for j in report.judgments}
    lines = ["", f"## Sentences of several claims ({len(found)})", ""]
    for sv in found:
        lines.append(
            f"- **{_cell(sv.text)}** ({location(report.draft.text, sv.span[0])}): "
            f"{LABELS[sv.verdict]}, the worst of its {len(sv.statement_ids)} claims"
        )
        lines += [
            f"  - {LABELS[by_id[sid].verdict]}: {_cell(by_id[sid].statement.text)}"
            for sid in sv.statement_ids
        ]
    return lines


def render_markdown(report: Report) -> str:
    counts = report.counts()
    lines = [
        f"# claimcheck report: {report.draft.path}",
        "",
        f"Checked {len(report.judgments)} statements on {report.created_at} against index "
        f"generation {report.index_manifest.get('generation')} "
        f"({report.index_manifest.get('documents')} documents, "
        f"{report.index_manifest.get('passages')} passages).",
        "",
        "| verdict | count |",
        "|---|---|",
    ]
    lines += [f"| {LABELS[v]} | {counts[v.value]} |" for v in ORDER]
    lines += _sentences(report)
    for verdict in ORDER:
        group = [j for j in report.judgments if j.verdict is verdict]
        if not group:
            continue
        lines += ["", f"## {LABELS[verdict].capitalize()} ({len(group)})", ""]
        for j in group:
            new = " **(new flag)**" if j.statement.id in report.new_flags else ""
            lines.append(
                f"- **{_statement(j)}** ({location(report.draft.text, j.statement.span[0])}, "
                f"{j.statement.kind.value}, confidence {j.confidence:.2f}){new}"
            )
            lines.append(f"  - Reason: {_cell(j.reason)}")
            review = report.reviews.get(j.statement.id)
            if review is not None:
                note = f": {_cell(review.note)}" if review.note else ""
                lines.append(
                    f"  - Review: {review.decision.value} by {_cell(review.reviewer)}{note}"
                )
            if j.diff and any(d.op != "equal" for d in j.diff):
                lines.append(f"  - Word diff (draft vs source): {_cell(diff_text(j.diff))}")
            if j.evidence:
                e = j.evidence[0]
                date = f", {e.source.dated}" if e.source.date else ""
                speaker = f" ({e.passage.speaker})" if e.passage.speaker else ""
                lines.append(
                    f"  - Evidence: *{_cell(e.source.title)}* ({e.source.kind}{date}; "
                    f"`{e.source.source}` chars {e.passage.span[0]}–{e.passage.span[1]}){speaker}: "
                    f"“{_cell(e.passage.text)}”"
                )
    lines.append("")
    return "\n".join(lines)
