"""The `eval` commands that run the whole verdict pipeline on labelled data: claims, numbers,
newsrooms and figures (the package registers them on the `eval` group after the others)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .common import (
    ConfigOpt,
    cli_settings,
    friendly_errors,
    load_nli,
    load_reranker,
    out,
    print_metrics,
    write_metrics,
)
from .eval import JsonOpt, SetOpt

NliOpt = Annotated[bool, typer.Option("--nli/--no-nli", help="Use the shipped NLI judge.")]


class EvalMode(StrEnum):
    evidence = "evidence"
    corpus = "corpus"


@friendly_errors
def eval_claims(
    set_name: SetOpt,
    mode: Annotated[
        EvalMode,
        typer.Option(
            "--mode",
            help="evidence: judge each claim against its gold evidence; corpus: index the "
            "set's corpus.jsonl, retrieve, then judge.",
        ),
    ] = EvalMode.corpus,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Use only the first N claims.")
    ] = None,
    use_nli: NliOpt = True,
    config: ConfigOpt = None,
    json_path: JsonOpt = None,
) -> None:
    """The whole verdict pipeline on a labelled set: per-label metrics, macro-F1, balanced
    accuracy, confusion; --json adds one record per claim."""
    from ..eval.claims import evaluate_claims
    from ..eval.datasets import resolve_set
    from ..models.embedder import Embedder

    settings = cli_settings(config)
    nli = load_nli(use_nli, required=True)
    metrics = evaluate_claims(
        resolve_set(set_name), mode=mode.value, embedder=Embedder(), settings=settings,
        nli=nli, limit=limit, reranker=load_reranker(settings.rerank == "on"),
    )  # fmt: skip
    print_metrics(
        metrics, f"Verdicts on {metrics['set']} ({metrics['mode']} mode, {metrics['n']} claims)"
    )
    out.print(Text("findings: " + ", ".join(f"{k} {v}" for k, v in metrics["findings"].items())))
    write_metrics(json_path, metrics)


@friendly_errors
def eval_numbers(
    set_name: Annotated[
        str,
        typer.Option(
            "--set", help="ectsum_test under ../shared/eval-data, or a folder of that layout."
        ),
    ] = "ectsum_test",
    calls: Annotated[
        int | None,
        typer.Option("--calls", "--limit", help="Use only the first N earnings calls."),
    ] = None,
    corpus: Annotated[
        str,
        typer.Option(
            "--corpus",
            help="own: each bullet against its own call; all: every call in one index, each "
            "bullet verified as a draft.",
        ),
    ] = "own",
    split: Annotated[
        str, typer.Option("--split", help="all, dev or test (calls split by id hash).")
    ] = "all",
    use_nli: NliOpt = True,
    config: ConfigOpt = None,
    json_path: JsonOpt = None,
) -> None:
    """Numbers stress test: earnings bullets as written and with one number changed, each
    checked against its own earnings-call transcript (or, --corpus all, against all)."""
    from rich.table import Table

    from ..eval.datasets import resolve_set
    from ..eval.numbers import evaluate_numbers
    from ..models.embedder import Embedder

    settings = cli_settings(config)
    nli = load_nli(use_nli, required=True)
    m = evaluate_numbers(
        resolve_set(set_name, needs="transcripts.jsonl"), embedder=Embedder(), settings=settings,
        nli=nli, calls=calls, reranker=load_reranker(settings.rerank == "on"),
        corpus=corpus, split=split,
    )  # fmt: skip
    out.print(
        Text(
            f"Numbers stress test on {m['set']} ({split}, corpus {corpus}): {m['calls']} calls, "
            f"{m['seconds']:.0f} s",
            style="bold",
        )
    )
    table = Table("bullets", "n", "contradicted", "supported", "target")
    table.add_row(
        "changed", str(m["changed"]), f"{m['changed_contradicted']:.3f}",
        f"{m['changed_supported']:.3f}", ">= 0.95 contradicted",
    )  # fmt: skip
    table.add_row(
        "unchanged", str(m["unchanged"]), f"{m['unchanged_contradicted']:.3f}",
        f"{m['unchanged_supported']:.3f}", "<= 0.05 contradicted",
    )  # fmt: skip
    out.print(table)
    for key in ("findings_changed", "findings_unchanged"):
        out.print(Text(f"{key}: " + ", ".join(f"{k} {v}" for k, v in m[key].items())))
    if m["right_document_unchanged"] is not None:
        out.print(
            f"right call among the evidence: unchanged {m['right_document_unchanged']:.3f}, "
            f"changed {m['right_document_changed']:.3f}"
        )
    write_metrics(json_path, m)


@friendly_errors
def eval_newsrooms(
    path: Annotated[
        Path,
        typer.Argument(help="A folder of newsroom folders (sources/, drafts/, expected.json)."),
    ] = Path("../shared/newsrooms"),
    use_nli: NliOpt = True,
    sample: Annotated[
        bool, typer.Option("--sample/--no-sample", help="Score sample_drafts/ as one more.")
    ] = True,
    config: ConfigOpt = None,
    json_path: JsonOpt = None,
) -> None:
    """Each newsroom end to end: index its sources, verify its drafts, score every labelled
    phrase by the statement that overlaps it most; verdict accuracy and statement right."""
    from ..eval.newsrooms import evaluate_newsrooms, format_newsrooms
    from ..models.embedder import Embedder

    settings = cli_settings(config)
    m = evaluate_newsrooms(
        path, embedder=Embedder(), settings=settings, nli=load_nli(use_nli, required=True),
        reranker=load_reranker(settings.rerank == "on"), include_sample=sample,
    )  # fmt: skip
    typer.echo(format_newsrooms(m))
    write_metrics(json_path, m)


@friendly_errors
def eval_figures(
    path: Annotated[
        Path,
        typer.Argument(help="A folder holding cases.jsonl (one source, one draft sentence)."),
    ] = Path("../shared/figures_names"),
    use_nli: NliOpt = True,
    config: ConfigOpt = None,
    json_path: JsonOpt = None,
) -> None:
    """Figures, names and dates as reporters write them: each case's source as the only
    source, its draft sentence verified against it; accuracy overall, per kind, and each miss."""
    from ..eval.figures import evaluate_figures, format_figures
    from ..models.embedder import Embedder

    settings = cli_settings(config)
    m = evaluate_figures(
        path, embedder=Embedder(), settings=settings, nli=load_nli(use_nli, required=True)
    )
    typer.echo(format_figures(m))
    write_metrics(json_path, m)
