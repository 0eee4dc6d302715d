"""The `eval` group and its measurements of one part: the NLI judge, grounded checks,
extraction, quotes and retrieval (the whole-pipeline ones are in `eval_pipeline`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..errors import ClaimcheckError
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

eval_app = typer.Typer(
    help="Measure accuracy on labelled data (../shared/eval-data).", no_args_is_help=True
)

RuntimeOpt = Annotated[
    str | None,
    typer.Option(
        "--runtime",
        help="Embedding runtime: onnx-int8 (fast, CPU) or torch (float32, CPU or GPU). "
        "Default: onnx-int8 on the CPU, torch with --device cuda.",
    ),
]

JsonOpt = Annotated[
    Path | None, typer.Option("--json", help="Also write the metrics to this file.")
]
SetOpt = Annotated[
    str,
    typer.Option("--set", help="A set under ../shared/eval-data, or a folder with claims.jsonl."),
]


@eval_app.command("nli")
@friendly_errors
def eval_nli(
    set_name: SetOpt,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Judge only the first N pairs.")
    ] = None,
    json_path: JsonOpt = None,
) -> None:
    """The NLI judge with gold evidence given: accuracy, macro-F1, S-vs-C balanced accuracy."""
    from ..eval.datasets import resolve_set
    from ..eval.harness import evaluate_nli
    from ..models.nli_judge import NliJudge

    metrics = evaluate_nli(resolve_set(set_name), NliJudge(), limit=limit)
    print_metrics(metrics, f"NLI judge on {metrics['set']} (gold evidence given)")
    write_metrics(json_path, metrics)


@eval_app.command("grounded")
@friendly_errors
def eval_grounded(
    set_name: SetOpt,
    split: Annotated[str, typer.Option("--split", help="dev or test.")] = "test",
    sweep: Annotated[
        bool, typer.Option("--sweep", help="Score each support threshold (use on dev).")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", help="Score only the first N claims.")] = 0,
    json_path: JsonOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Each claim against its own grounding documents only (LLM-AggreFact's protocol):
    supported vs not, balanced accuracy."""
    from rich.table import Table

    from ..eval.datasets import resolve_set
    from ..eval.grounded import evaluate_grounded
    from ..models.embedder import Embedder

    if split not in ("dev", "test"):
        raise ClaimcheckError(f"unknown split {split!r}: use --split dev or --split test")
    nli = load_nli(True, required=True)
    assert nli is not None
    result = evaluate_grounded(
        resolve_set(set_name, needs="corpus.jsonl"), split=split, embedder=Embedder(),
        settings=cli_settings(config), nli=nli, sweep=sweep, limit=limit,
    )  # fmt: skip
    out.print(Text(f"Grounded check on {result.set_name} ({split})", style="bold"))
    table = Table("measure", "value")
    for key, value in (
        ("claims", result.n),
        ("left out (trained on)", result.left_out_trained),
        ("balanced accuracy", f"{result.balanced_accuracy:.3f}"),
        ("recall, supported", f"{result.recall_supported:.3f}"),
        ("recall, not supported", f"{result.recall_unsupported:.3f}"),
        ("support threshold", result.threshold),
        ("seconds per claim", f"{result.seconds_per_claim:.2f}"),
    ):
        table.add_row(key, str(value))
    out.print(table)
    c = result.confusion
    out.print(
        f"confusion: supported→supported {c['tp']}, supported→not {c['fn']}, "
        f"not→supported {c['fp']}, not→not {c['tn']}"
    )
    for label, (yes, n) in sorted(result.by_label.items()):
        out.print(f"  {label or '(none)'}: {yes}/{n} called supported")
    if result.sweep:
        out.print("sweep: " + ", ".join(f"{t:.2f}→{b:.3f}" for t, b in result.sweep))
    write_metrics(json_path, result.to_dict())


@eval_app.command("extract")
@friendly_errors
def eval_extract(
    set_name: SetOpt = "polnear",
    split: Annotated[str, typer.Option("--split", help="train, dev or test.")] = "test",
    json_path: JsonOpt = None,
) -> None:
    """Quote and speaker extraction against PolNeAR's gold attributions."""
    from rich.table import Table

    from ..eval.datasets import resolve_set
    from ..eval.harness import evaluate_extraction

    metrics = evaluate_extraction(resolve_set(set_name, needs="articles.jsonl"), split=split)
    table = Table(
        "attributions", "gold", "found", "content exact F1", "content overlap F1", "speaker F1"
    )
    for group in ("direct", "all"):
        m = metrics[group]
        table.add_row(
            group,
            str(m["gold"]),
            str(m["predicted"]),
            f"{m['content_exact_f1']:.3f}",
            f"{m['content_overlap_f1']:.3f}",
            f"{m['speaker_f1']:.3f}",
        )
    out.print(
        Text(
            f"Extraction on {metrics['set']} ({split}, {metrics['documents']} articles)",
            style="bold",
        )
    )
    out.print(table)
    write_metrics(json_path, metrics)


@eval_app.command("quotes")
@friendly_errors
def eval_quotes(
    set_name: SetOpt = "polnear",
    split: Annotated[str, typer.Option("--split", help="train, dev or test.")] = "test",
    corpus: Annotated[
        str,
        typer.Option(
            "--corpus",
            help="own: each quote against its own article; all: every article in one index, "
            "each quote verified as a draft.",
        ),
    ] = "own",
    limit: Annotated[
        int | None, typer.Option("--limit", help="Use only the first N articles.")
    ] = None,
    config: ConfigOpt = None,
    json_path: JsonOpt = None,
) -> None:
    """Quote stress test: real quotes exact, altered by a word, or given to another speaker."""
    from rich.table import Table

    from ..eval.datasets import resolve_set
    from ..eval.quotes import evaluate_quotes
    from ..models.embedder import Embedder

    metrics = evaluate_quotes(
        resolve_set(set_name, needs="articles.jsonl"), split=split, limit=limit, corpus=corpus,
        embedder=Embedder() if corpus == "all" else None, settings=cli_settings(config),
    )  # fmt: skip
    table = Table("case", "expected", "right", "n", "rate")
    expected = {"exact": "supported", "misattributed": "misattributed"}
    for case, m in metrics["cases"].items():
        rate = f"{m['rate']:.3f}" if m["rate"] is not None else "-"
        table.add_row(case, expected.get(case, "misquote"), str(m["right"]), str(m["n"]), rate)
    out.print(
        Text(
            f"Quote stress test on {metrics['set']} ({split}, corpus {corpus}, "
            f"{metrics['articles']} articles, {metrics['seconds']:.0f} s)",
            style="bold",
        )
    )
    out.print(table)
    found = metrics["right_document"]
    out.print(
        f"altered quotes caught with the right kind: "
        f"{metrics['altered_caught_with_right_kind']:.3f}; "
        f"exact quotes supported: {metrics['exact_supported']:.3f}; "
        f"exact quotes flagged: {metrics['exact_flagged']:.3f}"
        + (f"; right article among the evidence: {found:.3f}" if found is not None else "")
    )
    write_metrics(json_path, metrics)


@eval_app.command("retrieval")
@friendly_errors
def eval_retrieval(
    set_name: SetOpt,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Use only the first N claims.")
    ] = None,
    json_path: JsonOpt = None,
    backend: Annotated[
        str,
        typer.Option("--backend", help="Index the corpus on embedded (FAISS + bm25s) or milvus."),
    ] = "embedded",
    runtime: RuntimeOpt = None,
    rerank: Annotated[
        bool,
        typer.Option(
            "--rerank/--no-rerank",
            help="Also measure hybrid + the shipped reranker (leaves out its trained claims).",
        ),
    ] = False,
) -> None:
    """Index the set's corpus.jsonl and compare dense, BM25, hybrid and reranked retrieval."""
    from rich.table import Table

    from ..eval.datasets import resolve_set
    from ..eval.retrieval import MODES, evaluate_retrieval
    from ..index.backend import BackendSpec
    from ..models.embedder import Embedder

    metrics = evaluate_retrieval(
        resolve_set(set_name),
        Embedder(runtime=runtime),
        limit=limit,
        backend=BackendSpec(backend).validate(),
        reranker=load_reranker(rerank),
    )
    keys = [k for k in metrics["dense"]]
    table = Table("retrieval", *keys)
    for mode in (*MODES, "reranked"):
        if mode in metrics:
            table.add_row(mode, *(f"{metrics[mode][k]:.3f}" for k in keys))
    out.print(
        Text(
            f"Retrieval on {metrics['set']}: {metrics['claims']} claims, "
            f"{metrics['passages']} passages ({metrics['backend']} backend, "
            f"{metrics['runtime']} embeddings)",
            style="bold",
        )
    )
    out.print(table)
    if "excluded_trained_rows" in metrics:
        out.print(
            f"left out {metrics['excluded_trained_rows']} claims the reranker trained or was "
            f"tuned on; reranked: top {metrics['rerank']['depth']} of hybrid, fusion "
            f"{metrics['rerank']['fusion']}"
        )
    write_metrics(json_path, metrics)
