"""The `index` group (build, add, remove, status, set, check) and `read`, which shows what
claimcheck reads from one source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from ..errors import ClaimcheckError
from .common import (
    ConfigOpt,
    cli_settings,
    embedding_progress,
    err,
    friendly_errors,
    index_embedder,
    out,
    print_waiting,
)

if TYPE_CHECKING:
    from ..index import BuildResult

index_app = typer.Typer(help="Build and inspect a source index.", no_args_is_help=True)

IndexOpt = Annotated[Path, typer.Option("--index", "-i", help="Index folder, e.g. indexes/sample.")]

NoWaitOpt = Annotated[
    bool,
    typer.Option(
        "--no-wait", help="Fail at once if another build, add or remove is writing the index."
    ),
]


@index_app.command("build")
@friendly_errors
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
    from ..index import build_index
    from ..index.backend import BackendSpec
    from ..models.embedder import Embedder, check_device, check_runtime
    from ..models.pool import BatchEncoder, ProcessPoolEncoder, RayEncoder

    settings = cli_settings(config)
    check_device(device)
    if runtime is None:
        runtime = "torch" if device != "cpu" else index_embedder(index).runtime
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
    with embedding_progress(quiet) as report:
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
            on_wait=print_waiting,
            comments=comments,
        )
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
@friendly_errors
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
        index, items, embedder=index_embedder(index), settings=cli_settings(config), limits=limits,
        render=render, comments=comments, wait=not no_wait, on_wait=print_waiting,
    )  # fmt: skip
    _print_build(index, result)


@index_app.command("remove")
@friendly_errors
def index_remove(
    names: Annotated[list[str], typer.Argument(help="Sources as `index status` lists them.")],
    index: IndexOpt,
    config: ConfigOpt = None,
    no_wait: NoWaitOpt = False,
) -> None:
    """Take sources out of an index and rebuild it."""
    from ..index.manage import remove_sources

    result = remove_sources(
        index, names, embedder=index_embedder(index), settings=cli_settings(config),
        wait=not no_wait, on_wait=print_waiting,
    )  # fmt: skip
    _print_build(index, result)


_VECTOR_KINDS = {
    "flat": "exact search (FAISS IndexFlatIP)",
    "hnsw-sq8": "HNSW graph over 8-bit vectors (FAISS IndexHNSWSQ)",
    "milvus-flat": "Milvus collection, exact search (FLAT) + Milvus BM25",
    "milvus-hnsw-sq8": "Milvus collection, HNSW graph over 8-bit vectors (HNSW_SQ) + Milvus BM25",
}


@index_app.command("status")
@friendly_errors
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
@friendly_errors
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
        index, source, embedder=index_embedder(index), settings=cli_settings(config),
        date=date, kind=kind, title=title,
    )  # fmt: skip
    said = ", ".join(
        f"{k} {v}" for k, v in (("date", override.date), ("kind", override.kind),
                                ("title", override.title)) if v
    )  # fmt: skip
    out.print(Text(f"{source}: {said} (sources.toml)."), soft_wrap=True)
    _print_build(index, result)


# `read` is a top-level command; the package registers it on the app.
@friendly_errors
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
    from ..index.read import read_view

    settings = cli_settings(config)
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
@friendly_errors
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
