"""The claimcheck command line: parse options, call the library, render, set the exit code.

Exit codes: 0 done; 1 a problem with the input (the message says what to do); 2 a usage
error; 3 ``--fail-on`` matched; 130 interrupted.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from ..config import Settings, load_settings
from ..errors import ClaimcheckError
from ..types import Report, Verdict
from ..version import __version__

if TYPE_CHECKING:
    from ..index import BuildResult
    from ..models.embedder import Embedder
    from ..models.nli_judge import NliJudge
    from ..models.reranker import Reranker

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="claimcheck",
    help="Check a draft story's claims and quotes against your newsroom's own sources, offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
index_app = typer.Typer(help="Build and inspect a source index.", no_args_is_help=True)
report_app = typer.Typer(help="Read, render and export a saved report.", no_args_is_help=True)
eval_app = typer.Typer(
    help="Measure accuracy on labelled data (../shared/eval-data).", no_args_is_help=True
)
app.add_typer(index_app, name="index")
app.add_typer(report_app, name="report")
app.add_typer(eval_app, name="eval")

out = Console(soft_wrap=False)
err = Console(stderr=True)
_state = {"debug": False}


class Format(StrEnum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"


class ExportFormat(StrEnum):
    md = "md"
    claimreview = "claimreview"


class FailOn(StrEnum):
    contradicted = "contradicted"
    unverifiable = "unverifiable"


class Only(StrEnum):
    supported = "supported"
    contradicted = "contradicted"
    unverifiable = "unverifiable"
    not_checkable = "not_checkable"


def _errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into one line on stderr and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ClaimcheckError as exc:
            if _state["debug"]:
                raise
            err.print(Text.assemble(("Error: ", "bold red"), str(exc)), soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("Interrupted; nothing was changed.")
            raise typer.Exit(130) from None

    return wrapper


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
    _state["debug"] = debug


def _settings(config: Path | None, *, top_k: int | None = None) -> Settings:
    return load_settings(config_file=config, top_k=top_k)


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: ./claimcheck.toml if present)."),
]
IndexOpt = Annotated[Path, typer.Option("--index", "-i", help="Index folder, e.g. indexes/sample.")]
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
RuntimeOpt = Annotated[
    str | None,
    typer.Option(
        "--runtime",
        help="Embedding runtime: onnx-int8 (fast, CPU) or torch (float32, CPU or GPU). "
        "Default: onnx-int8 on the CPU, torch with --device cuda.",
    ),
]


NoWaitOpt = Annotated[
    bool,
    typer.Option(
        "--no-wait", help="Fail at once if another build, add or remove is writing the index."
    ),
]


def _waiting(message: str) -> None:
    err.print(Text(message), soft_wrap=True)


def _index_embedder(index: Path) -> Embedder:
    """An embedder that matches the index's vectors (its recorded runtime); the default one
    for an index not built yet."""
    from ..index.open import read_manifest
    from ..models.embedder import Embedder

    try:
        manifest = read_manifest(index)
    except ClaimcheckError:
        return Embedder()
    return Embedder.for_index(manifest)


@index_app.command("build")
@_errors
def index_build(
    sources: Annotated[list[Path], typer.Argument(help="Source files or folders to index.")],
    index: IndexOpt,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Embed every passage again, reusing nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 if any source file was skipped.")
    ] = False,
    device: Annotated[
        str, typer.Option("--device", help="Where to embed: cpu, or cuda for an NVIDIA GPU.")
    ] = "cpu",
    runtime: Annotated[
        str | None,
        typer.Option(
            "--runtime",
            help="Embedding runtime: onnx-int8 (fast, CPU) or torch (float32, CPU or GPU). "
            "Default: torch with --device cuda, else what the index already uses, else "
            "onnx-int8. Changing it embeds every passage again.",
        ),
    ] = None,
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            help="Where vectors and BM25 live: embedded (FAISS + bm25s files, the default) or "
            "milvus. Default: what the index already uses, else claimcheck.toml's backend.",
        ),
    ] = None,
    uri: Annotated[
        str | None,
        typer.Option(
            "--uri",
            help="Milvus to use with --backend milvus: http://host:19530, or a local .db file "
            "(embedded Milvus). Default: milvus.db inside the index folder.",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            help="Embed in N local processes, each with its own copy of the model; with --ray, "
            "the number of Ray workers (default: one per GPU, else one per CPU).",
        ),
    ] = 1,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray",
            help="Embed on the Ray cluster at this address (host:port, or auto); GPU workers "
            "are used when the cluster has them.",
        ),
    ] = None,
    comments: Annotated[
        bool | None,
        typer.Option(
            "--comments/--no-comments",
            help="Read web pages' reader comments too, as posts with author and time. "
            "Default: what the index already uses (its manifest), else no comments.",
        ),
    ] = None,
    no_wait: NoWaitOpt = False,
) -> None:
    """Load documents, split them into passages, embed new and changed ones, write the index.

    Incremental: passages unchanged since the last build keep their vectors; documents no
    longer among SOURCES are removed. The new index replaces the old one only when complete."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
    )

    from ..index import build_index
    from ..models.embedder import Embedder, check_device, check_runtime

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:,.0f} passages/s" if task.speed else "")

    from ..index.backend import BackendSpec
    from ..models.pool import BatchEncoder, ProcessPoolEncoder, RayEncoder

    settings = _settings(config)
    check_device(device)
    if runtime is None:
        runtime = "torch" if device != "cpu" else _index_embedder(index).runtime
    check_runtime(runtime, device)
    if workers < 1:
        raise ClaimcheckError(f"--workers must be at least 1, got {workers}")
    if uri is not None and backend is None:
        backend = "milvus"
    if backend is None and uri is None:
        spec = None  # keep the index's backend, or take claimcheck.toml's for a new one
    else:
        name = backend or settings.backend
        spec = BackendSpec(name, uri or (settings.milvus_uri if name == "milvus" else ""))
        spec = spec.validate()
    encoder: BatchEncoder | None = None
    if ray_address is not None:
        encoder = RayEncoder(ray_address, workers=workers if workers > 1 else None, runtime=runtime)
    elif workers > 1:
        encoder = ProcessPoolEncoder(workers, runtime=runtime)
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
        if not started:  # the bar appears only once there is something to embed
            progress.start()
            started = True
        progress.update(task, completed=done, total=total)

    try:
        result = build_index(
            sources,
            index,
            embedder=Embedder(device=device, runtime=runtime),
            settings=settings,
            progress=report,
            full=full,
            encoder=encoder,
            backend=spec,
            wait=not no_wait,
            on_wait=_waiting,
            comments=comments,
        )
    finally:
        if started:
            progress.stop()
    _print_build(index, result)
    if strict and result.skipped:
        raise ClaimcheckError(
            f"{len(result.skipped)} source file(s) were skipped and --strict is set "
            "(fix or remove them; the index was still built from the rest)"
        )


def _print_build(index: Path, result: BuildResult) -> None:
    m = result.manifest
    rate = m["passages"] / result.seconds if result.seconds > 0 else 0.0
    out.print(
        Text(
            f"Indexed {m['documents']} documents into {m['passages']} passages at {index} "
            f"(generation {m['generation']}, {result.seconds:.1f} s, {rate:.0f} passages/s; "
            f"{result.embedded} embedded, {result.reused} reused, "
            f"{result.removed} document(s) removed)."
        ),
        soft_wrap=True,
    )
    for skipped in result.skipped:
        err.print(Text(f"skipped {skipped.path}: {skipped.reason}"), soft_wrap=True)
    if result.skipped:
        err.print(f"{len(result.skipped)} file(s) skipped.")
    if result.added:
        out.print(
            Text(
                f"Kept {len(result.added)} document(s) added with `index add` "
                "(take one out with `claimcheck index remove NAME`)."
            ),
            soft_wrap=True,
        )


@index_app.command("add")
@_errors
def index_add(
    items: Annotated[list[str], typer.Argument(help="URLs (http/https) or files to add.")],
    index: IndexOpt,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a URL.")] = 20.0,
    max_mb: Annotated[int, typer.Option("--max-mb", help="Largest download, in MiB.")] = 20,
    render: Annotated[
        bool,
        typer.Option(
            "--render",
            help="Load URLs in headless Chromium (/usr/bin/chromium) and keep the page as the "
            "browser shows it: for pages that build their text with JavaScript.",
        ),
    ] = False,
    comments: Annotated[
        bool,
        typer.Option(
            "--comments",
            help="Read the added web pages' reader comments too, as posts with author and "
            "time (the index remembers this for each added page).",
        ),
    ] = False,
    config: ConfigOpt = None,
    no_wait: NoWaitOpt = False,
) -> None:
    """Add single sources to an index: fetch pages, copy files, then rebuild incrementally.

    The fetched copy, its URL and fetch time are kept in the index folder."""
    from ..index.manage import add_sources
    from ..sources.fetch import FetchLimits

    limits = FetchLimits(timeout_s=timeout, max_bytes=max_mb * 1024 * 1024)
    result = add_sources(
        index, items, embedder=_index_embedder(index), settings=_settings(config), limits=limits,
        render=render, comments=comments, wait=not no_wait, on_wait=_waiting,
    )  # fmt: skip
    _print_build(index, result)


@index_app.command("remove")
@_errors
def index_remove(
    names: Annotated[list[str], typer.Argument(help="Sources as `index status` lists them.")],
    index: IndexOpt,
    config: ConfigOpt = None,
    no_wait: NoWaitOpt = False,
) -> None:
    """Take sources out of an index and rebuild it."""
    from ..index.manage import remove_sources

    result = remove_sources(
        index, names, embedder=_index_embedder(index), settings=_settings(config),
        wait=not no_wait, on_wait=_waiting,
    )  # fmt: skip
    _print_build(index, result)


_VECTOR_KINDS = {
    "flat": "exact search (FAISS IndexFlatIP)",
    "hnsw-sq8": "HNSW graph over 8-bit vectors (FAISS IndexHNSWSQ)",
    "milvus-flat": "Milvus collection, exact search (FLAT) + Milvus BM25",
    "milvus-hnsw-sq8": "Milvus collection, HNSW graph over 8-bit vectors (HNSW_SQ) + Milvus BM25",
}


@index_app.command("status")
@_errors
def index_status(
    index: IndexOpt,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest as JSON.")] = False,
) -> None:
    """Show documents, passages, model and build time of an index."""
    from rich.table import Table

    from ..index import load_index
    from ..index.check import pending_work, source_changes
    from ..models.embedder import index_runtime

    idx = load_index(index)
    try:
        m = idx.manifest
        identities = idx.store.identities()
        if as_json:
            out.print_json(json.dumps({**m, "files": _status_files(idx.store, identities)}))
            return
        out.print(Text(f"{index}  generation {m['generation']}, built {m['built_at']}"))
        out.print(
            f"{m['documents']} documents, {m['passages']} passages; model {m['model']['id']} "
            f"(sha256 {m['model']['sha256'][:12]}…, {m['model']['dimension']}-d, "
            f"{index_runtime(m)} runtime); "
            f"vectors: {_VECTOR_KINDS.get(idx.backend.vector_kind, idx.backend.vector_kind)}"
        )
        entry = m.get("backend") or {}
        if entry.get("name") == "milvus":
            out.print(
                Text(f"Milvus: {entry.get('uri')}, collection {entry.get('collection')}"),
                soft_wrap=True,
            )
        table = Table("source", "title", "kind", "date", "passages")
        for source, title, kind, date, n in idx.store.documents_summary():
            ident = identities.get(source)
            if ident is not None:
                title = f"{title} ({ident.title_from})"
                kind = f"{kind} ({ident.kind_from})"
                date = f"{date or 'none'} ({ident.date_from})"
            table.add_row(source, title, kind, date or "", str(n))
        out.print(table)
        if m.get("added"):
            out.print(Text(f"{len(m['added'])} document(s) added with `index add`."))
        if m.get("excluded"):
            out.print(Text(f"Taken out with `index remove`: {', '.join(m['excluded'])}."))
        pending = pending_work(index)
        for line in pending:
            out.print(Text(f"Pending: {line}"), soft_wrap=True)
        changes = source_changes(idx)
        if changes is None:
            out.print("The sources it was built from are not on this disk; no change check.")
        elif not changes.any and not pending:
            out.print("Up to date: no source has changed since this build.")
        elif not changes.any:
            out.print("No source has changed since this build.")
        else:
            for label, names in (("new", changes.new), ("changed", changes.changed)):
                for name in names:
                    out.print(Text(f"{label} since this build: {name}"))
            for name in changes.removed:
                out.print(Text(f"removed since this build: {name}"))
            out.print("Run `claimcheck index build` again to bring the index up to date.")
    finally:
        idx.close()


def _status_files(store: Any, identities: dict[str, Any]) -> list[dict[str, Any]]:
    """One object per document for `index status --json`: path, title, kind, date, date_from."""
    files = []
    for source, title, kind, date, n in store.documents_summary():
        ident = identities.get(source)
        files.append(
            {
                "path": source,
                "title": ident.title if ident else title,
                "kind": kind,
                "date": date,
                "date_from": ident.date_from if ident else ("unknown" if date else "none"),
                "kind_from": ident.kind_from if ident else "unknown",
                "title_from": ident.title_from if ident else "unknown",
                "passages": n,
            }
        )
    return files


@index_app.command("set")
@_errors
def index_set(
    source: Annotated[
        str, typer.Argument(help="A source as `index status` lists it, or its path.")
    ],
    index: IndexOpt,
    date: Annotated[
        str | None, typer.Option("--date", help="The source's own date, YYYY-MM-DD.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="story, wire, press_release, statement, email, transcript, "
            "interview, filing, minutes, table, post, letter, report or other.",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The source's title.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Say what a source is (date, kind, title): written to sources.toml beside the sources,
    then the index is rebuilt without embedding anything again."""
    from ..index.identity import set_identity

    override, result = set_identity(
        index, source, embedder=_index_embedder(index), settings=_settings(config),
        date=date, kind=kind, title=title,
    )  # fmt: skip
    said = ", ".join(
        f"{k} {v}" for k, v in (("date", override.date), ("kind", override.kind),
                                ("title", override.title)) if v
    )  # fmt: skip
    out.print(Text(f"{source}: {said} (sources.toml)."), soft_wrap=True)
    _print_build(index, result)


@app.command("read")
@_errors
def read_cmd(
    source: Annotated[str, typer.Argument(help="A source file or an http(s) URL.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    comments: Annotated[
        bool, typer.Option("--comments", help="Read a web page's reader comments too, as posts.")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Show what claimcheck reads from one source: identity with provenance, text, passages
    with their spans, and turns."""
    from ..sources.read import read_view

    settings = _settings(config)
    view = read_view(source, comments=comments, sentences=settings.passage_sentences,
                     stride=settings.passage_stride)  # fmt: skip
    if as_json:
        out.print_json(json.dumps(view), ensure_ascii=False)
        return
    for key in ("title", "kind", "date", "author", "outlet"):
        where = view.get(f"{key}_from")
        value = view.get(key)
        out.print(Text(f"{key:7} {value if value is not None else 'none'}"
                       + (f"  ({where})" if where else "")), soft_wrap=True)  # fmt: skip
    out.print(Text(f"text    read by {view['text_from']}; {len(view['text'])} characters"))
    out.print(Text(view["text"]), soft_wrap=True)
    out.print(Text(f"\n{len(view['passages'])} passages:", style="bold"))
    for p in view["passages"]:
        who = f" [{p['speaker']}]" if p["speaker"] else ""
        out.print(Text(f"{p['span'][0]:>6}-{p['span'][1]:<6}{who} {p['text']}"), soft_wrap=True)
    if view["turns"]:
        out.print(Text(f"\n{len(view['turns'])} turns:", style="bold"))
        for t in view["turns"]:
            when = f" ({t['time']})" if t["time"] else ""
            out.print(Text(f"{t['span'][0]:>6}-{t['span'][1]:<6} {t['speaker']}{when}"))


@index_app.command("check")
@_errors
def index_check(index: IndexOpt) -> None:
    """Check an index's integrity: model and format, counts, hashes, vectors, BM25."""
    from ..index.check import check_index

    problems = check_index(index)
    if problems:
        for problem in problems:
            err.print(Text(f"problem: {problem}"), soft_wrap=True)
        raise ClaimcheckError(
            f"index {index} has {len(problems)} problem(s); repair it with "
            f"`claimcheck index build SOURCES --index {index} --full`"
        )
    out.print(Text(f"{index}: sound (format, model, counts, hashes, vectors and BM25 agree)."))


_OUTPUT_SUFFIXES = (".json", ".md", ".markdown", ".html", ".htm")


def _check_outputs(outputs: list[Path]) -> None:
    for path in outputs:
        if path.suffix.lower() not in _OUTPUT_SUFFIXES:
            raise ClaimcheckError(
                f"cannot write {path}: use a .json, .md or .html file name for -o"
            )


def _write_outputs(report: Report, outputs: list[Path]) -> None:
    from ..report import render_html, render_markdown, save_report
    from ..report.jsonio import write_atomic

    _check_outputs(outputs)
    for path in outputs:
        suffix = path.suffix.lower()
        if suffix == ".json":
            save_report(report, path)
        elif suffix in (".md", ".markdown"):
            write_atomic(path, render_markdown(report))
        else:
            write_atomic(path, render_html(report))


def _print_report(report: Report, fmt: Format, only: Only | None = None) -> None:
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


@app.command("verify")
@_errors
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
    _check_outputs(outputs)
    earlier = None
    if previous is not None:
        from ..report import load_report

        earlier = load_report(previous)  # a bad file fails before any model loads
    settings = _settings(config, top_k=top_k)
    text = read_draft(draft)  # read once, and fail fast before loading models
    _require_sources(index, against)
    nli = _nli_default(use_nli)
    reranker = _reranker_or_fail(settings.rerank == "on")
    report = _run_check(
        text, index=index, against=against or [], settings=settings, nli=nli,
        reranker=reranker, path=str(draft),
    )  # fmt: skip
    if earlier is not None and previous is not None:
        from ..review.decisions import carry_forward

        report = carry_forward(report, earlier, str(previous))
    _write_outputs(report, outputs)
    _print_report(report, fmt)
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


def _nli_default(use_nli: bool | None) -> NliJudge | None:
    """The NLI judge unless turned off; an error only when it was asked for and is missing."""
    from ..models.nli_judge import NliJudge

    nli = NliJudge() if use_nli is not False else None
    if nli is not None and not nli.available():
        if use_nli:
            raise ClaimcheckError(
                f"the NLI model is missing at {nli.model_dir} (restore "
                "claimcheck/models/nli-mpnet, or run with --no-nli)"
            )
        nli = None  # the report's versions record "nli_model": "off"
    return nli


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


@app.command("check")
@_errors
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
    settings = _settings(config)
    _require_sources(index, against)
    nli = _nli_default(use_nli)
    reranker = _reranker_or_fail(settings.rerank == "on")
    report = _run_check(
        claim.strip(), index=index, against=against or [], settings=settings, nli=nli,
        reranker=reranker, path="<check>",
    )  # fmt: skip
    _print_report(report, fmt)
    _exit_for(report, fail_on)


@report_app.command("show")
@_errors
def report_show(
    report_path: Annotated[
        Path, typer.Argument(metavar="REPORT", help="A report.json from verify.")
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="What to print.")] = Format.text,
    only: Annotated[Only | None, typer.Option("--only", help="Show one verdict only.")] = None,
) -> None:
    """Print a saved report."""
    from ..report import load_report

    _print_report(load_report(report_path), fmt, only)


@report_app.command("html")
@_errors
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
@_errors
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


@app.command("review")
@_errors
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


@app.command("extract")
@_errors
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


def _print_metrics(metrics: dict[str, object], title: str) -> None:
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


JsonOpt = Annotated[
    Path | None, typer.Option("--json", help="Also write the metrics to this file.")
]
SetOpt = Annotated[
    str,
    typer.Option("--set", help="A set under ../shared/eval-data, or a folder with claims.jsonl."),
]


@eval_app.command("nli")
@_errors
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
    from ..report.jsonio import write_atomic

    metrics = evaluate_nli(resolve_set(set_name), NliJudge(), limit=limit)
    _print_metrics(metrics, f"NLI judge on {metrics['set']} (gold evidence given)")
    if json_path is not None:
        write_atomic(json_path, json.dumps(metrics, indent=2) + "\n")


@eval_app.command("grounded")
@_errors
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
    from ..report.jsonio import write_atomic

    if split not in ("dev", "test"):
        raise ClaimcheckError(f"unknown split {split!r}: use --split dev or --split test")
    nli = _nli_or_fail(True)
    assert nli is not None
    result = evaluate_grounded(
        resolve_set(set_name, needs="corpus.jsonl"), split=split, embedder=Embedder(),
        settings=_settings(config), nli=nli, sweep=sweep, limit=limit,
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
    if json_path is not None:
        write_atomic(json_path, json.dumps(result.to_dict(), indent=2) + "\n")


@eval_app.command("extract")
@_errors
def eval_extract(
    set_name: SetOpt = "polnear",
    split: Annotated[str, typer.Option("--split", help="train, dev or test.")] = "test",
    json_path: JsonOpt = None,
) -> None:
    """Quote and speaker extraction against PolNeAR's gold attributions."""
    from rich.table import Table

    from ..eval.datasets import resolve_set
    from ..eval.harness import evaluate_extraction
    from ..report.jsonio import write_atomic

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
    if json_path is not None:
        write_atomic(json_path, json.dumps(metrics, indent=2) + "\n")


@eval_app.command("quotes")
@_errors
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
    from ..report.jsonio import write_atomic

    metrics = evaluate_quotes(
        resolve_set(set_name, needs="articles.jsonl"), split=split, limit=limit, corpus=corpus,
        embedder=Embedder() if corpus == "all" else None, settings=_settings(config),
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
    if json_path is not None:
        write_atomic(json_path, json.dumps(metrics, indent=2) + "\n")


@eval_app.command("retrieval")
@_errors
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
    from ..report.jsonio import write_atomic

    metrics = evaluate_retrieval(
        resolve_set(set_name),
        Embedder(runtime=runtime),
        limit=limit,
        backend=BackendSpec(backend).validate(),
        reranker=_reranker_or_fail(rerank),
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
    if json_path is not None:
        write_atomic(json_path, json.dumps(metrics, indent=2) + "\n")


def _reranker_or_fail(use: bool) -> Reranker | None:
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


NliOpt = Annotated[bool, typer.Option("--nli/--no-nli", help="Use the shipped NLI judge.")]


def _nli_or_fail(use_nli: bool) -> NliJudge | None:
    """The shipped NLI judge when asked for, or a clear error when its model is missing."""
    if not use_nli:
        return None
    from ..models.nli_judge import NliJudge

    nli = NliJudge()
    if not nli.available():
        raise ClaimcheckError(
            f"the NLI model is missing at {nli.model_dir} (restore it, or run with --no-nli)"
        )
    return nli


class EvalMode(StrEnum):
    evidence = "evidence"
    corpus = "corpus"


@eval_app.command("claims")
@_errors
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
    from ..report.jsonio import write_atomic

    settings = _settings(config)
    nli = _nli_or_fail(use_nli)
    metrics = evaluate_claims(
        resolve_set(set_name), mode=mode.value, embedder=Embedder(), settings=settings,
        nli=nli, limit=limit, reranker=_reranker_or_fail(settings.rerank == "on"),
    )  # fmt: skip
    _print_metrics(
        metrics, f"Verdicts on {metrics['set']} ({metrics['mode']} mode, {metrics['n']} claims)"
    )
    out.print(Text("findings: " + ", ".join(f"{k} {v}" for k, v in metrics["findings"].items())))
    if json_path is not None:
        write_atomic(json_path, json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")


@eval_app.command("numbers")
@_errors
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
    from ..report.jsonio import write_atomic

    settings = _settings(config)
    nli = _nli_or_fail(use_nli)
    m = evaluate_numbers(
        resolve_set(set_name, needs="transcripts.jsonl"), embedder=Embedder(), settings=settings,
        nli=nli, calls=calls, reranker=_reranker_or_fail(settings.rerank == "on"),
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
    if json_path is not None:
        write_atomic(json_path, json.dumps(m, indent=2, ensure_ascii=False) + "\n")


@eval_app.command("newsrooms")
@_errors
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
    from ..report.jsonio import write_atomic

    settings = _settings(config)
    m = evaluate_newsrooms(
        path, embedder=Embedder(), settings=settings, nli=_nli_or_fail(use_nli),
        reranker=_reranker_or_fail(settings.rerank == "on"), include_sample=sample,
    )  # fmt: skip
    typer.echo(format_newsrooms(m))
    if json_path is not None:
        write_atomic(json_path, json.dumps(m, indent=2, ensure_ascii=False) + "\n")


@eval_app.command("figures")
@_errors
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
    from ..report.jsonio import write_atomic

    settings = _settings(config)
    m = evaluate_figures(path, embedder=Embedder(), settings=settings, nli=_nli_or_fail(use_nli))
    typer.echo(format_figures(m))
    if json_path is not None:
        write_atomic(json_path, json.dumps(m, indent=2, ensure_ascii=False) + "\n")
