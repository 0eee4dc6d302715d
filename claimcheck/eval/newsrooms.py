"""Newsrooms end to end: index each newsroom's sources, verify its drafts, score the labels.

A newsroom is a folder holding ``sources/``, ``drafts/`` and ``expected.json`` (the layout of
``../shared/newsrooms``; its README says what the labels mean). Each labelled phrase is judged
by the statement sharing the most characters with it (of two such, the shorter one):

- its **verdict** against the label (accuracy overall, per newsroom, per expected verdict and
  per ``kind``, and the confusion matrix);
- whether the statement itself is right (**statement right**): its span holds the phrase and no
  other labelled phrase (one checkable fact per statement), it is a quote exactly when the
  phrase stands inside quotation marks, and a quote's speaker is the one the label names
  (where the label names nobody, a quote must at least have a speaker).

The project's own ``sample_sources/`` + ``sample_drafts/EXPECTED.json`` count as one more
newsroom, ``sample``. Source identity figures (dates, kinds, titles, web-page furniture) come
from ``claimcheck.sources.score`` when that module is installed: every public ``score_*``
function there is called with the newsrooms folder and its figures are reported as given.
"""

from __future__ import annotations

import importlib
import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..models.embedder import Embedder
from ..models.nli_judge import NliJudge
from ..models.reranker import Reranker
from ..pipeline import verify
from ..text.files import read_text
from ..types import StatementKind, Verdict
from .harness import built_index
from .metrics import (
    NewsroomMetrics,
    NewsroomScores,
    PhraseRow,
    Share,
    SourceFigures,
    StatementShare,
    confusion_matrix,
    share,
)
from .phrases import LabelledPhrase, PhraseResult, score_report

__all__ = [
    "LabelledPhrase",
    "Newsroom",
    "PhraseResult",
    "evaluate_newsrooms",
    "find_newsrooms",
    "format_newsrooms",
    "newsroom_metrics",
    "sample_newsroom",
    "score_report",
    "source_identity_figures",
]

DEFAULT_NEWSROOMS = Path("..") / "shared" / "newsrooms"
SAMPLE_ROOT = Path(__file__).resolve().parents[2]  # sample_sources/ and sample_drafts/
VERDICTS = (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIABLE, Verdict.NOT_CHECKABLE)


@dataclass(frozen=True)
class Newsroom:
    name: str
    sources: tuple[Path, ...]  # files or folders to index
    drafts: tuple[tuple[str, Path], ...]  # (name in labels, file)
    phrases: tuple[LabelledPhrase, ...]


# --- reading newsrooms ------------------------------------------------------------------------


def _load_json(path: Path) -> Any:
    text, _ = read_text(path, what="labels file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} is not valid JSON ({exc.msg} at line {exc.lineno}; fix it)"
        ) from exc


def _read_newsroom(folder: Path) -> Newsroom:
    path = folder / "expected.json"
    data = _load_json(path)
    try:
        name = str(data.get("newsroom") or folder.name)
        drafts: dict[str, Path] = {}
        phrases: list[LabelledPhrase] = []
        for entry in data["drafts"]:
            draft = str(entry["draft"])
            drafts[draft] = folder / draft
            for item in entry["expect"]:
                phrases.append(
                    LabelledPhrase(
                        newsroom=name,
                        draft=draft,
                        phrase=str(item["phrase"]),
                        verdict=Verdict(item["verdict"]),
                        kind=str(item.get("kind") or "other"),
                        why=str(item.get("why") or ""),
                        quote=None,
                    )  # fmt: skip
                )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"{path} is not a newsroom labels file ({exc!r}; see ../shared/newsrooms/README.md)"
        ) from exc
    return Newsroom(name, (folder / "sources",), tuple(drafts.items()), tuple(phrases))


def find_newsrooms(path: Path) -> tuple[Newsroom, ...]:
    """Every newsroom under ``path`` (a folder of newsroom folders, or one newsroom folder)."""
    if not path.is_dir():
        raise InputError(f"newsrooms folder not found: {path} (give the folder of newsrooms)")
    if (path / "expected.json").is_file():
        return (_read_newsroom(path),)
    found = tuple(
        _read_newsroom(sub)
        for sub in sorted(path.iterdir())
        if sub.is_dir() and (sub / "expected.json").is_file()
    )
    if not found:
        raise InputError(
            f"{path} holds no newsroom (a folder with sources/, drafts/ and expected.json)"
        )
    return found


def sample_newsroom(root: Path = SAMPLE_ROOT) -> Newsroom | None:
    """The project's own sample_sources/ + sample_drafts/ as a newsroom; None when absent."""
    expected = root / "sample_drafts" / "EXPECTED.json"
    if not expected.is_file() or not (root / "sample_sources").is_dir():
        return None
    data = _load_json(expected)
    try:
        phrases = tuple(
            LabelledPhrase(
                newsroom="sample",
                draft=name,
                phrase=str(item["anchor"]),
                verdict=Verdict(item["expected"]),
                kind=str(item["kind"]),
                why=str(item.get("why") or ""),
                quote=item["kind"] == StatementKind.QUOTE.value,
            )  # fmt: skip
            for name, items in data["drafts"].items()
            for item in items
        )
        drafts = tuple((name, root / "sample_drafts" / name) for name in data["drafts"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"{expected} is not a valid expected-verdicts file ({exc!r})") from exc
    return Newsroom("sample", (root / "sample_sources",), drafts, phrases)


# --- metrics ----------------------------------------------------------------------------------


def _share(results: list[PhraseResult], test: Callable[[PhraseResult], bool]) -> Share:
    return share(results, test)


def newsroom_metrics(results: tuple[PhraseResult, ...]) -> NewsroomScores:
    """Accuracy overall, per newsroom, per expected verdict and per kind; the confusion
    matrix; statement right (span, kind, speaker); each miss."""
    rs = list(results)

    def grouped(key: Callable[[PhraseResult], str]) -> dict[str, Share]:
        groups: dict[str, list[PhraseResult]] = defaultdict(list)
        for r in rs:
            groups[key(r)].append(r)
        return {k: _share(v, lambda r: r.correct) for k, v in sorted(groups.items())}

    confusion = confusion_matrix(
        ((r.phrase.verdict.value, r.got.value if r.got else "missing") for r in rs),
        [v.value for v in VERDICTS],
        [v.value for v in VERDICTS] + ["missing"],
    )
    statement: StatementShare = {
        **_share(rs, lambda r: r.statement_right),
        "span": _share(rs, lambda r: r.span_right)["accuracy"],
        "kind": _share(rs, lambda r: r.kind_right)["accuracy"],
        "speaker": _share(rs, lambda r: r.speaker_right)["accuracy"],
        "per_newsroom": {
            k: _share(v, lambda r: r.statement_right)
            for k, v in sorted(_by(rs, lambda r: r.phrase.newsroom).items())
        },
    }

    def row(r: PhraseResult) -> PhraseRow:
        return {
            "newsroom": r.phrase.newsroom, "draft": r.phrase.draft, "phrase": r.phrase.phrase,
            "kind": r.phrase.kind, "want": r.phrase.verdict.value,
            "got": r.got.value if r.got else None, "reason": r.reason,
            "statement": r.statement_text,
            "statement_kind": r.statement_kind.value if r.statement_kind else None,
            "speaker": r.speaker, "span_right": r.span_right, "kind_right": r.kind_right,
            "speaker_right": r.speaker_right,
        }  # fmt: skip

    return {
        "overall": _share(rs, lambda r: r.correct),
        "per_newsroom": grouped(lambda r: r.phrase.newsroom),
        "per_verdict": grouped(lambda r: r.phrase.verdict.value),
        "per_kind": grouped(lambda r: r.phrase.kind),
        "confusion": confusion,
        "statement_right": statement,
        "misses": [row(r) for r in rs if not r.correct],
        "wrong_statements": [row(r) for r in rs if not r.statement_right],
        "phrases": [row(r) for r in rs],
    }


def _by(
    rs: list[PhraseResult], key: Callable[[PhraseResult], str]
) -> dict[str, list[PhraseResult]]:
    groups: dict[str, list[PhraseResult]] = defaultdict(list)
    for r in rs:
        groups[key(r)].append(r)
    return groups


# --- running ----------------------------------------------------------------------------------


def _verify_newsroom(
    room: Newsroom,
    *,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None,
    reranker: Reranker | None,
) -> list[PhraseResult]:
    results: list[PhraseResult] = []
    with tempfile.TemporaryDirectory(prefix="claimcheck-newsroom-") as tmp:
        folder = Path(tmp) / "index"
        with built_index(room.sources, folder, embedder=embedder, settings=settings) as index:
            for name, path in room.drafts:
                report = verify(
                    path, index=index, embedder=embedder, settings=settings, nli=nli,
                    reranker=reranker,
                )  # fmt: skip
                results += score_report(report, tuple(p for p in room.phrases if p.draft == name))
    return results


def source_identity_figures(path: Path) -> SourceFigures:
    """Figures from ``claimcheck.sources.score`` when that module exists (empty until then):
    each source's date, kind and title against its newsroom's ``sources.json``
    (``score_identity``), and web-page furniture dropped and content kept against
    ``web_pages.json`` (``score_web_pages``)."""
    try:
        module = importlib.import_module("claimcheck.sources.score")
    except ModuleNotFoundError as exc:
        if exc.name in ("claimcheck.sources.score", "claimcheck.sources"):
            return {}
        raise
    figures: SourceFigures = {}
    rooms = sorted(p for p in path.iterdir() if (p / "sources.json").is_file())
    if (path / "sources.json").is_file():
        rooms = [path]
    identity = getattr(module, "score_identity", None)
    if callable(identity) and rooms:
        score = identity(rooms)
        figures["identity"] = {
            "sources": score.sources,
            "dated_right": round(score.dated_share, 4),
            "kinds_right": round(score.kinds_share, 4),
            "titles_right": round(score.titles_share, 4),
            "unread": score.unread,
        }
    web = getattr(module, "score_web_pages", None)
    labels = path / "web_pages.json"
    if callable(web) and labels.is_file():
        pages = web(labels, newsrooms_dir=path)
        figures["web_pages"] = {
            "pages": len(pages.pages),
            "furniture_dropped": round(1 - pages.furniture_share, 4),
            "content_kept": round(pages.content_share, 4),
        }
    return figures


def evaluate_newsrooms(
    path: Path,
    *,
    embedder: Embedder,
    settings: Settings,
    nli: NliJudge | None = None,
    reranker: Reranker | None = None,
    include_sample: bool = True,
) -> NewsroomMetrics:
    """Index each newsroom under ``path`` (and the sample newsroom) into a temporary index,
    verify its drafts and score every labelled phrase; see ``newsroom_metrics``."""
    rooms = list(find_newsrooms(path))
    sample = sample_newsroom() if include_sample else None
    if sample is not None:
        rooms.append(sample)
    results: list[PhraseResult] = []
    for room in rooms:
        results += _verify_newsroom(
            room, embedder=embedder, settings=settings, nli=nli, reranker=reranker
        )
    return {
        **newsroom_metrics(tuple(results)),
        "newsrooms": [r.name for r in rooms],
        "sources": source_identity_figures(path),
    }


# --- rendering --------------------------------------------------------------------------------


def _line(name: str, s: Mapping[str, Any], width: int = 28) -> str:
    return f"  {name:<{width}} {s['correct']:>4}/{s['n']:<4} {s['accuracy']:.3f}"


def format_newsrooms(m: NewsroomMetrics, *, misses: bool = True) -> str:
    """The metrics of ``evaluate_newsrooms`` as plain text, for the terminal."""
    lines = [
        f"Newsrooms: {', '.join(m.get('newsrooms', []))}",
        _line("verdict accuracy", m["overall"]),
    ]
    st = m["statement_right"]
    lines.append(
        _line("statement right", st)
        + f"  (span {st['span']:.3f}, kind {st['kind']:.3f}, speaker {st['speaker']:.3f};"
        " target >= 0.95)"
    )
    for title, groups in (
        ("per newsroom", m["per_newsroom"]), ("per expected verdict", m["per_verdict"]),
        ("per kind", m["per_kind"]),
    ):  # fmt: skip
        lines.append(title)
        lines += [_line(k, v) for k, v in groups.items()]
    lines.append("statement right per newsroom")
    lines += [_line(k, v) for k, v in st["per_newsroom"].items()]
    cols = [v.value for v in VERDICTS] + ["missing"]
    lines.append("confusion (want \\ got)")
    lines.append("  " + " " * 15 + "".join(f"{c[:13]:>14}" for c in cols))
    for want, row in m["confusion"].items():
        lines.append(f"  {want:<15}" + "".join(f"{row[c]:>14}" for c in cols))
    for name, figures in m.get("sources", {}).items():
        lines.append(f"sources: {name}")
        if isinstance(figures, Mapping):
            lines += [f"  {k:<28} {v}" for k, v in figures.items() if not isinstance(v, list)]
        else:
            lines.append(f"  {figures}")
    if misses:
        lines.append(f"misses ({len(m['misses'])})")
        for r in m["misses"]:
            lines.append(
                f"  [{r['newsroom']}] {r['phrase'][:90]!r}: want {r['want']}, got {r['got']} "
                f"({r['kind']}) - {(r['reason'] or '')[:160]}"
            )
        lines.append(f"wrong statements ({len(m['wrong_statements'])})")
        for r in m["wrong_statements"]:
            rights = (("span", r["span_right"]), ("kind", r["kind_right"]),
                      ("speaker", r["speaker_right"]))  # fmt: skip
            what = [k for k, right in rights if not right]
            lines.append(
                f"  [{r['newsroom']}] {r['phrase'][:70]!r}: {'/'.join(what)} wrong; got "
                f"{r['statement_kind']} {(r['statement'] or '')[:90]!r} speaker {r['speaker']!r}"
            )
    return "\n".join(lines)
