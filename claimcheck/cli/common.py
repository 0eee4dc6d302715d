"""What every command shares: the consoles, the error decorator, settings, the output formats,
report writing and printing, the metric table, and the one look-up for each optional model."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from ..config import Settings, load_settings
from ..errors import ClaimcheckError
from ..types import Report, Verdict

if TYPE_CHECKING:
    from ..models.embedder import Embedder
    from ..models.nli_judge import NliJudge
    from ..models.reranker import Reranker

P = ParamSpec("P")
R = TypeVar("R")

out = Console(soft_wrap=False)
err = Console(stderr=True)
state = {"debug": False}  # set by the --debug option of the main callback


class Format(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"


class Only(StrEnum):
    supported = "supported"
    contradicted = "contradicted"
    unverifiable = "unverifiable"
    not_checkable = "not_checkable"


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: ./claimcheck.toml if present)."),
]


def friendly_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one line on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ClaimcheckError as exc:
            if state["debug"]:
                raise
            err.print(Text.assemble(("Error: ", "bold red"), str(exc)), soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("Interrupted; nothing was changed.")
            raise typer.Exit(130) from None

    return wrapper


def cli_settings(config: Path | None, *, top_k: int | None = None) -> Settings:
    return load_settings(config_file=config, top_k=top_k)


def print_waiting(message: str) -> None:
    """Say on stderr that the command waits for another writer of the index."""
    err.print(Text(message), soft_wrap=True)


@contextlib.contextmanager
def embedding_progress(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress callback (done, total) drawing a bar on stderr; the bar appears only once
    there is something to embed, and goes when the block ends."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
    )

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:,.0f} passages/s" if task.speed else "")

    progress = Progress(
        TextColumn("embedding passages"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    task = progress.add_task("embed", total=None)
    started = False

    def report(done: int, total: int) -> None:
        nonlocal started
        if not started:
            progress.start()
            started = True
        progress.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        if started:
            progress.stop()


def index_embedder(index: Path) -> Embedder:
    """An embedder that matches the index's vectors (its recorded runtime); the default one
    for an index not built yet."""
    from ..index.open import read_manifest
    from ..models.embedder import Embedder

    try:
        manifest = read_manifest(index)
    except ClaimcheckError:
        return Embedder()
    return Embedder.for_index(manifest)


def load_nli(use: bool, *, required: bool) -> NliJudge | None:
    """The shipped NLI judge, or None when not used. A missing model is an error when
    `required`; otherwise it is left out (the report's versions record "nli_model": "off")."""
    if not use:
        return None
    from ..models.nli_judge import NliJudge

    nli = NliJudge()
    if not nli.available():
        if required:
            raise ClaimcheckError(
                f"the NLI model is missing at {nli.model_dir} (restore "
                "claimcheck/models/nli-mpnet, or run with --no-nli)"
            )
        return None
    return nli


def load_reranker(use: bool) -> Reranker | None:
    """The shipped reranker when asked for, or a clear error when its model is missing."""
    if not use:
        return None
    from ..models.reranker import Reranker

    reranker = Reranker()
    if not reranker.available():
        raise ClaimcheckError(
            f"the reranker is missing at {reranker.model_dir} (restore claimcheck/models/rerank, "
            'or turn it off: rerank = "off" in claimcheck.toml, or --no-rerank for eval)'
        )
    return reranker


_OUTPUT_SUFFIXES = (".json", ".md", ".markdown", ".html", ".htm")


def check_outputs(outputs: list[Path]) -> None:
    """Refuse an -o file name whose suffix says no format we write."""
    for path in outputs:
        if path.suffix.lower() not in _OUTPUT_SUFFIXES:
            raise ClaimcheckError(
                f"cannot write {path}: use a .json, .md or .html file name for -o"
            )


def write_outputs(report: Report, outputs: list[Path]) -> None:
    """Save the report to each -o file, in the format its suffix names."""
    from ..report import render_html, render_markdown, save_report
    from ..report.jsonio import write_atomic

    check_outputs(outputs)
    for path in outputs:
        suffix = path.suffix.lower()
        if suffix == ".json":
            save_report(report, path)
        elif suffix in (".md", ".markdown"):
            write_atomic(path, render_markdown(report))
        else:
            write_atomic(path, render_html(report))


def print_report(report: Report, fmt: Format, only: Only | None = None) -> None:
    from ..report import render_html, render_markdown, render_terminal
    from ..report.jsonio import dumps_report

    if fmt is Format.json:
        sys.stdout.write(dumps_report(report))
    elif fmt is Format.md:
        sys.stdout.write(render_markdown(report))
    elif fmt is Format.html:
        sys.stdout.write(render_html(report))
    else:
        out.print(render_terminal(report, only=Verdict(only.value) if only else None))


def write_metrics(path: Path | None, metrics: object) -> None:
    """``--json FILE``: the metrics as indented UTF-8 JSON, written atomically; nothing when
    no file was asked for."""
    if path is None:
        return
    import json

    from ..report.jsonio import write_atomic

    write_atomic(path, json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")


def print_metrics(metrics: dict[str, object], title: str) -> None:
    """The summary measures, then the per-label confusion table when there is one."""
    from rich.table import Table

    out.print(Text(title, style="bold"))
    summary = Table("measure", "value")
    for key in (
        "n",
        "excluded_trained_rows",
        "accuracy",
        "macro_f1",
        "balanced_accuracy",
        "supported_vs_contradicted_balanced_accuracy",
        "not_checkable",
        "evidence_hit@1",
        "evidence_hit@5",
        "expected_calibration_error",
    ):
        if key in metrics:
            summary.add_row(key, str(metrics[key]))
    out.print(summary)
    per_label = metrics.get("per_label")
    confusion = metrics.get("confusion")
    if isinstance(per_label, dict) and isinstance(confusion, dict):
        labels = list(per_label)
        table = Table("gold \\ predicted", *labels, "precision", "recall", "f1")
        for gold in labels:
            row = confusion[gold]
            stats = per_label[gold]
            table.add_row(
                gold,
                *(str(row[p]) for p in labels),
                f"{stats['precision']:.3f}",
                f"{stats['recall']:.3f}",
                f"{stats['f1']:.3f}",
            )
        out.print(table)
