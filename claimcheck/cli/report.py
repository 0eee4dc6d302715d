"""The `report` group: print, render and export a saved report."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..errors import ClaimcheckError
from .common import Format, Only, err, friendly_errors, out, print_report

report_app = typer.Typer(help="Read, render and export a saved report.", no_args_is_help=True)


class ExportFormat(StrEnum):
    md = "md"
    claimreview = "claimreview"


@report_app.command("show")
@friendly_errors
def report_show(
    report_path: Annotated[
        Path, typer.Argument(metavar="REPORT", help="A report.json from verify.")
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="What to print.")] = Format.text,
    only: Annotated[Only | None, typer.Option("--only", help="Show one verdict only.")] = None,
) -> None:
    """Print a saved report."""
    from ..report import load_report

    print_report(load_report(report_path), fmt, only)


@report_app.command("html")
@friendly_errors
def report_html(
    report_path: Annotated[
        Path, typer.Argument(metavar="REPORT", help="A report.json from verify.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The page to write (default: REPORT with .html)."),
    ] = None,
) -> None:
    """Write a saved report as one self-contained HTML page."""
    from ..report import load_report, render_html
    from ..report.jsonio import write_atomic

    target = output or report_path.with_suffix(".html")
    if target.resolve() == report_path.resolve():
        raise ClaimcheckError(f"-o {target} would overwrite the report; name an .html file")
    write_atomic(target, render_html(load_report(report_path)))
    out.print(Text(f"Wrote {target}"))


@report_app.command("export")
@friendly_errors
def report_export(
    report_path: Annotated[
        Path, typer.Argument(metavar="REPORT", help="A report.json from verify.")
    ],
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="md: a CMS note; claimreview: schema.org JSON-LD."),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of printing.")
    ] = None,
    publisher: Annotated[
        str, typer.Option(help="ClaimReview: the organisation publishing the fact-check.")
    ] = "claimcheck",
    url: Annotated[
        str | None, typer.Option(help="ClaimReview: the URL of the published story.")
    ] = None,
    reviewed_only: Annotated[
        bool,
        typer.Option(
            "--reviewed-only", help="ClaimReview: only statements an editor confirmed or fixed."
        ),
    ] = False,
) -> None:
    """Export a saved report as Markdown or schema.org ClaimReview JSON-LD."""
    from ..report import load_report, render_markdown
    from ..report.claimreview import render_claimreview
    from ..report.jsonio import write_atomic

    report = load_report(report_path)
    if fmt is ExportFormat.md:
        text = render_markdown(report)
    else:
        text = render_claimreview(
            report, publisher=publisher, page_url=url, reviewed_only=reviewed_only
        )
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        err.print(Text(f"Wrote {output}"))
