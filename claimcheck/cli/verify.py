"""`verify` (a draft), `check` (one statement) and `extract` (the statements verify would
check).

Exit codes: 0 done; 1 a problem with the input; 3 ``--fail-on`` matched.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from ..config import Settings
from ..errors import ClaimcheckError
from ..types import Report, Verdict
from .common import (
    ConfigOpt,
    Format,
    check_outputs,
    cli_settings,
    err,
    friendly_errors,
    load_nli,
    load_reranker,
    out,
    print_report,
    write_outputs,
)

if TYPE_CHECKING:
    from ..models.nli_judge import NliJudge
    from ..models.reranker import Reranker


class FailOn(StrEnum):
    contradicted = "contradicted"
    unverifiable = "unverifiable"


MaybeIndexOpt = Annotated[
    Path | None, typer.Option("--index", "-i", help="Index folder, e.g. indexes/sample.")
]
AgainstOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--against",
        "-a",
        help="Check against just these source files or folders (read as `index build` reads "
        "them, searched in memory, every sentence a candidate); repeatable; with --index, both.",
    ),
]


@friendly_errors
def verify_cmd(
    draft: Annotated[Path, typer.Argument(help="The draft story: a UTF-8 text or Markdown file.")],
    index: MaybeIndexOpt = None,
    against: AgainstOpt = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output", "-o", help="Save the report: .json (full), .md or .html; repeatable."
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="What to print.")] = Format.text,
    top_k: Annotated[
        int | None, typer.Option("--top-k", help="Evidence passages per statement.")
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 3 if any statement is contradicted, or (unverifiable) not supported.",
        ),
    ] = None,
    config: ConfigOpt = None,
    use_nli: Annotated[
        bool | None,
        typer.Option(
            "--nli/--no-nli",
            help="Use the shipped NLI judge for claims (default: when the model is present).",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="The report of an earlier version of this draft: carry editors' decisions "
            "forward to unchanged statements and mark which flags are new.",
        ),
    ] = None,
) -> None:
    """Check every claim and quote in DRAFT against the index (and/or named sources) and
    report verdicts."""
    from ..pipeline import read_draft

    outputs = output or []
    check_outputs(outputs)
    earlier = None
    if previous is not None:
        from ..report import load_report

        earlier = load_report(previous)  # a bad file fails before any model loads
    settings = cli_settings(config, top_k=top_k)
    text = read_draft(draft)  # read once, and fail fast before loading models
    _require_sources(index, against)
    nli = load_nli(use_nli is not False, required=bool(use_nli))
    reranker = load_reranker(settings.rerank == "on")
    report = _run_check(
        text, index=index, against=against or [], settings=settings, nli=nli,
        reranker=reranker, path=str(draft),
    )  # fmt: skip
    if earlier is not None and previous is not None:
        from ..review.decisions import carry_forward

        report = carry_forward(report, earlier, str(previous))
    write_outputs(report, outputs)
    print_report(report, fmt)
    _exit_for(report, fail_on)


def _exit_for(report: Report, fail_on: FailOn | None) -> None:
    if fail_on is not None:
        bad = {Verdict.CONTRADICTED}
        if fail_on is FailOn.unverifiable:
            bad.add(Verdict.UNVERIFIABLE)
        hits = [j for j in report.judgments if j.verdict in bad]
        if hits:
            err.print(f"--fail-on {fail_on.value}: {len(hits)} statement(s) flagged.")
            raise typer.Exit(3)


def _require_sources(index: Path | None, against: list[Path] | None) -> None:
    if index is None and not against:
        raise ClaimcheckError(
            "nothing to check against: give --index FOLDER, --against FILE_OR_FOLDER, or both"
        )


def _run_check(
    text: str,
    *,
    index: Path | None,
    against: list[Path],
    settings: Settings,
    nli: NliJudge | None,
    reranker: Reranker | None,
    path: str,
) -> Report:
    """One verification: the index (if given) and the named sources (if any)."""
    from ..index import load_index
    from ..models.embedder import Embedder
    from ..pipeline import load_against, prepare_against, verify_text

    named = load_against(against) if against else None  # bad files fail before models load
    idx = load_index(index) if index is not None else None
    try:
        embedder = Embedder.for_index(idx.manifest) if idx is not None else Embedder()
        return verify_text(
            text, index=idx, embedder=embedder, settings=settings, nli=nli, reranker=reranker,
            path=path,
            against=prepare_against(named, embedder, settings) if named is not None else None,
        )  # fmt: skip
    finally:
        if idx is not None:
            idx.close()


@friendly_errors
def check_cmd(
    claim: Annotated[str, typer.Argument(metavar="CLAIM", help="The statement to check.")],
    index: MaybeIndexOpt = None,
    against: AgainstOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="What to print.")] = Format.text,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 3 if the statement is contradicted, or (unverifiable) not supported.",
        ),
    ] = None,
    config: ConfigOpt = None,
    use_nli: Annotated[
        bool | None, typer.Option("--nli/--no-nli", help="Use the shipped NLI judge.")
    ] = None,
) -> None:
    """Check one statement against named sources (--against) and/or an index: the verdict,
    its evidence and the reason."""
    if not claim.strip():
        raise ClaimcheckError('the statement is empty: give it in quotes, e.g. "Sales rose 5%"')
    settings = cli_settings(config)
    _require_sources(index, against)
    nli = load_nli(use_nli is not False, required=bool(use_nli))
    reranker = load_reranker(settings.rerank == "on")
    report = _run_check(
        claim.strip(), index=index, against=against or [], settings=settings, nli=nli,
        reranker=reranker, path="<check>",
    )  # fmt: skip
    print_report(report, fmt)
    _exit_for(report, fail_on)


@friendly_errors
def extract_cmd(
    draft: Annotated[Path, typer.Argument(help="The draft story.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
) -> None:
    """Show the statements that verify would check, with their spans."""
    from ..drafts import draft_markup, read_draft
    from ..extract import extract_statements

    statements = extract_statements(read_draft(draft), markup=draft_markup(str(draft)))
    if fmt is Format.json:
        sys.stdout.write(
            json.dumps([s.to_dict() for s in statements], indent=2, ensure_ascii=False) + "\n"
        )
        return
    for s in statements:
        who = f" — {s.speaker}" if s.speaker else ""
        line = Text.assemble(
            (f"{s.span[0]:>6}-{s.span[1]:<6}", "dim"), (f"{s.kind.value:6}", "bold")
        )
        line.append(s.text + who)
        out.print(line, highlight=False)
