"""The claimcheck command line: parse options, call the library, render, set the exit code.

Exit codes: 0 done; 1 a problem with the input (the message says what to do); 2 a usage
error; 3 ``--fail-on`` matched; 130 interrupted.

One module per command group: ``index`` (the index group and ``read``), ``verify`` (verify,
check, extract), ``report``, ``review``, and ``eval`` with ``eval_pipeline`` (the evaluations
that run the whole verdict pipeline); what they share is in ``common``.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ..version import __version__
from .common import out, state
from .eval import eval_app
from .eval_pipeline import eval_claims, eval_figures, eval_newsrooms, eval_numbers
from .index import index_app, read_cmd
from .report import report_app
from .review import review_cmd
from .verify import check_cmd, extract_cmd, verify_cmd

__all__ = ["app"]

# gRPC's C core (pymilvus, Ray) logs poller chatter straight to stderr; an error on the command
# line must stay one line, so it is kept quiet unless the user asks for it.
os.environ.setdefault("GRPC_VERBOSITY", "NONE")

app = typer.Typer(
    name="claimcheck",
    help="Check a draft story's claims and quotes against your newsroom's own sources, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"claimcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    state["debug"] = debug


# The order here is the order `claimcheck --help` lists them: commands, then groups.
app.command("read")(read_cmd)
app.command("verify")(verify_cmd)
app.command("check")(check_cmd)
app.command("review")(review_cmd)
app.command("extract")(extract_cmd)
app.add_typer(index_app, name="index")
app.add_typer(report_app, name="report")
app.add_typer(eval_app, name="eval")
eval_app.command("claims")(eval_claims)
eval_app.command("numbers")(eval_numbers)
eval_app.command("newsrooms")(eval_newsrooms)
eval_app.command("figures")(eval_figures)
