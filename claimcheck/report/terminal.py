"""Reports in the terminal, with rich."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..text.files import snippet
from ..types import Judgment, Report, StatementKind, Verdict
from .common import LABELS, ORDER, location

__all__ = ["render_terminal"]

STYLES = {
    Verdict.SUPPORTED: "bold blue",
    Verdict.CONTRADICTED: "bold dark_orange",
    Verdict.UNVERIFIABLE: "bold magenta",
    Verdict.NOT_CHECKABLE: "dim",
}
MARKS = {
    Verdict.SUPPORTED: "✓",
    Verdict.CONTRADICTED: "✗",
    Verdict.UNVERIFIABLE: "?",
    Verdict.NOT_CHECKABLE: "·",
}


def _diff(j: Judgment) -> Text:
    """Word diff, readable without colour too: ``[-source-]`` dropped, ``{+draft+}`` added."""
    out = Text("  diff: ", style="dim")
    for d in j.diff:
        if d.op == "equal":
            out.append(d.draft + " ")
        if d.op in ("delete", "replace"):
            out.append(f"[-{d.source}-]", style="red")
            out.append(" " if d.op == "delete" else "")
        if d.op in ("insert", "replace"):
            out.append(f"{{+{d.draft}+}}", style="bold green")
            out.append(" ")
    return out


def _entry(report: Report, j: Judgment) -> RenderableType:
    s = j.statement
    head = Text()
    head.append(f"{MARKS[j.verdict]} {LABELS[j.verdict].upper()}", style=STYLES[j.verdict])
    head.append(f"  {j.confidence:.2f} · {s.kind.value} · ", style="dim")
    head.append(location(report.draft.text, s.span[0]), style="dim")
    if s.id in report.new_flags:
        head.append("  NEW", style="bold reverse")
    body = Text("  ")
    if s.kind is StatementKind.QUOTE:
        body.append(f"“{s.text}”", style="italic")
        body.append(f" — {s.speaker or 'unattributed'}")
    else:
        body.append(s.text)
    parts: list[RenderableType] = [head, body, Text("  why: " + j.reason, style="cyan")]
    if j.diff and any(d.op != "equal" for d in j.diff):
        parts.append(_diff(j))
    if s.id in report.reviews:
        r = report.reviews[s.id]
        note = f": {r.note}" if r.note else ""
        parts.append(Text(f"  review: {r.decision.value} by {r.reviewer}{note}", style="green"))
    if j.evidence and j.verdict is not Verdict.NOT_CHECKABLE:
        e = j.evidence[0]
        cite = Text("  source: ", style="dim")
        cite.append(e.source.title, style="bold")
        date = f", {e.source.dated}" if e.source.date else ""
        cite.append(f" [{e.source.kind}{date}] {e.source.source}", style="dim")
        parts.append(cite)
        speaker = f"{e.passage.speaker}: " if e.passage.speaker else ""
        parts.append(Text(f"  > {speaker}{snippet(e.passage.text)}", style="dim"))
    return Group(*parts, Text(""))


def _sentences(report: Report, only: Verdict | None) -> list[RenderableType]:
    """Sentences cut into several claims: the worst verdict of its claims, then each claim."""
    found = [s for s in report.sentences() if only is None or s.verdict is only]
    if not found:
        return []
    by_id = {j.statement.id: j for j in report.judgments}
    out: list[RenderableType] = [Text("Sentences of several claims", style="bold")]
    for sv in found:
        head = Text(f"{MARKS[sv.verdict]} {LABELS[sv.verdict].upper()}", style=STYLES[sv.verdict])
        head.append(f"  worst of {len(sv.statement_ids)} claims · ", style="dim")
        head.append(location(report.draft.text, sv.span[0]), style="dim")
        out += [head, Text(f"  {snippet(sv.text)}")]
        for sid in sv.statement_ids:
            j = by_id[sid]
            part = Text(f"    {MARKS[j.verdict]} ", style=STYLES[j.verdict])
            part.append(j.statement.text, style="dim")
            out.append(part)
        out.append(Text(""))
    return out


def render_terminal(report: Report, *, only: Verdict | None = None) -> RenderableType:
    counts = report.counts()
    summary = Table.grid(padding=(0, 2))
    for _ in ORDER:
        summary.add_column()
    summary.add_row(
        *(Text(f"{MARKS[v]} {LABELS[v]}: {counts[v.value]}", style=STYLES[v]) for v in ORDER)
    )
    shown = [
        j for v in ORDER for j in report.judgments if j.verdict is v and (only is None or v is only)
    ]
    title = f"claimcheck · {report.draft.path} · {len(report.judgments)} statements"
    return Group(
        Panel(summary, title=title, title_align="left"),
        *_sentences(report, only),
        *(_entry(report, j) for j in shown),
    )
