"""`review`: a saved report's flags in the browser, decisions saved into the report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .common import err, friendly_errors, out


@friendly_errors
def review_cmd(
    report_path: Annotated[
        Path, typer.Argument(metavar="REPORT", help="A report.json from verify.")
    ],
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (default: a random free one).")] = 0,
) -> None:
    """Review flags in the browser: confirm, dismiss or mark fixed; saved into REPORT."""
    from ..review.app import open_review_server

    server = open_review_server(report_path, port=port)
    out.print(Text(f"Reviewing {report_path}. Open this address (it holds your access token):"))
    sys.stdout.write(server.url + "\n")  # never wrapped: it must stay one clickable line
    sys.stdout.flush()
    out.print(Text("Decisions are saved into the report as you make them. Ctrl-C stops."))
    server.run()
    saved = server.session.saved
    err.print(
        Text(
            f"Stopped. {saved} decision(s) saved into {report_path} in this session."
            if saved
            else f"Stopped. No decision was made in this session; {report_path} is unchanged."
        ),
        soft_wrap=True,
    )
