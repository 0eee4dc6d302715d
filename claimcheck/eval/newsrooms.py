"""Newsrooms end to end: index each newsroom's sources, verify its drafts, score the labels.

A newsroom is a folder holding ``sources/``, ``drafts/`` and ``expected.json`` (the layout of
``../shared/newsrooms``; its README says what the labels mean). Every labelled phrase is scored
by the statement whose span overlaps it most (ties: the shorter statement):

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
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..index import build_index, load_index
from ..models.embedder import Embedder
from ..models.nli_judge import NliJudge
from ..models.reranker import Reranker
from ..pipeline import verify
from ..text.files import read_text
from ..types import Judgment, Report, Span, StatementKind, Verdict

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
# A statement holds the phrase when it covers at least this share of the phrase's characters
# (a quote statement leaves out the marks and the attribution a phrase may carry).
SPAN_COVER = 0.6
VERDICTS = (Verdict.SUPPORTED, Verdict.CONTRADICTED, Verdict.UNVERIFIABLE, Verdict.NOT_CHECKABLE)


@dataclass(frozen=True)
class LabelledPhrase:
    newsroom: str
    draft: str  # the draft's path inside its newsroom folder, e.g. drafts/story.md
    phrase: str  # an exact substring of the draft
    verdict: Verdict
    kind: str  # what the phrase tests: numbers, exact, misattribution, ... (claim|quote: sample)
    why: str
    quote: bool | None  # whether the phrase is a quotation; None: read from the draft's marks


@dataclass(frozen=True)
class Newsroom:
    name: str
    sources: tuple[Path, ...]  # files or folders to index
    drafts: tuple[tuple[str, Path], ...]  # (name in labels, file)
    phrases: tuple[LabelledPhrase, ...]


@dataclass(frozen=True)
class PhraseResult:
    phrase: LabelledPhrase
    got: Verdict | None  # None: no statement overlaps the phrase
    reason: str
    statement_text: str | None
    statement_kind: StatementKind | None
    speaker: str | None
    span_right: bool
    kind_right: bool
    speaker_right: bool

    @property
    def correct(self) -> bool:
        return self.got is self.phrase.verdict

    @property
    def statement_right(self) -> bool:
        return self.span_right and self.kind_right and self.speaker_right


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


# --- scoring one report -----------------------------------------------------------------------

_QUOTE_CHARS = "\"“”'‘’"


def _locate(text: str, phrase: str) -> Span | None:
    """Where ``phrase`` stands in ``text``; whitespace and quote marks may differ (an HTML or
    DOCX draft's shown text)."""
    at = text.find(phrase)
    if at != -1:
        return (at, at + len(phrase))
    words = phrase.split()
    if not words:
        return None
    marks = f"[{re.escape(_QUOTE_CHARS)}]"
    parts = [re.sub(marks, marks, re.escape(w).replace("\\" + "'", "'")) for w in words]
    m = re.search(r"\s+".join(parts), text)
    return (m.start(), m.end()) if m else None


def _inside_quotes(text: str, span: Span) -> bool:
    """Whether the phrase at ``span`` is a quotation: it opens with a mark, or a quotation
    mark opened earlier in its paragraph is still open where it starts."""
    start, end = span
    if text[start : start + 1] in '"“':
        return True
    lead = text[text.rfind("\n", 0, start) + 1 : start]
    curly = lead.count("“") - lead.count("”")
    return curly > 0 or lead.count('"') % 2 == 1


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _best(report: Report, span: Span) -> Judgment | None:
    best: tuple[int, int] | None = None
    found: Judgment | None = None
    for j in report.judgments:
        s, e = j.statement.span
        ov = _overlap(span, (s, e))
        if ov == 0:
            continue
        key = (ov, -(e - s))
        if best is None or key > best:
            best, found = key, j
    return found


_NAME_WORD = re.compile(r"[A-Za-z][\w'’-]+")


def _speaker_right(speaker: str | None, why: str, draft_before: str) -> bool:
    """A quote's speaker is right when the label's reason names that person (surname or
    title word); where the reason names no one from the draft, having a speaker is enough."""
    if speaker is None:
        return False
    why_words = {w.lower().removesuffix("'s").removesuffix("’s") for w in _NAME_WORD.findall(why)}
    spoken = [w for w in _NAME_WORD.findall(speaker) if w[:1].isupper() or len(w) > 3]
    if spoken and spoken[-1].lower().removesuffix("'s").removesuffix("’s") in why_words:
        return True
    draft_names = {
        w.lower() for w in _NAME_WORD.findall(draft_before) if w[:1].isupper() and len(w) > 2
    }
    named = {
        w.lower().removesuffix("'s").removesuffix("’s")
        for w in _NAME_WORD.findall(why)
        if w[:1].isupper()
    }
    return not (named & draft_names - {"the", "first", "these", "those", "this"})


def score_report(report: Report, phrases: tuple[LabelledPhrase, ...]) -> tuple[PhraseResult, ...]:
    """Each labelled phrase of one draft scored against ``report`` (see the module doc)."""
    text = report.draft.text
    located = [(p, _locate(text, p.phrase)) for p in phrases]
    best = {i: _best(report, span) if span else None for i, (_, span) in enumerate(located)}
    owners = Counter(j.statement.id for j in best.values() if j is not None)
    out: list[PhraseResult] = []
    for i, (p, span) in enumerate(located):
        j = best[i]
        if span is None or j is None:
            reason = "phrase not found in the draft text" if span is None else "no statement"
            out.append(PhraseResult(p, None, reason, None, None, None, False, False, False))
            continue
        st = j.statement
        cover = _overlap(span, st.span) / max(1, span[1] - span[0])
        span_right = cover >= SPAN_COVER and owners[st.id] == 1
        want_quote = p.quote if p.quote is not None else _inside_quotes(text, span)
        is_quote = st.kind is StatementKind.QUOTE
        speaker_right = (not want_quote) or _speaker_right(
            st.speaker, p.why, text[max(0, span[0] - 1500) : span[1]]
        )
        out.append(
            PhraseResult(
                p,
                j.verdict,
                j.reason,
                st.text,
                st.kind,
                st.speaker,
                span_right,
                is_quote == want_quote,
                speaker_right,
            )  # fmt: skip
        )
    return tuple(out)


# --- metrics ----------------------------------------------------------------------------------


def _share(results: list[PhraseResult], test: Callable[[PhraseResult], bool]) -> dict[str, Any]:
    n = len(results)
    k = sum(1 for r in results if test(r))
    return {"n": n, "correct": k, "accuracy": round(k / n, 4) if n else 0.0}


def newsroom_metrics(results: tuple[PhraseResult, ...]) -> dict[str, Any]:
    """Accuracy overall, per newsroom, per expected verdict and per kind; the confusion
    matrix; statement right (span, kind, speaker); each miss."""
    rs = list(results)

    def grouped(key: Callable[[PhraseResult], str]) -> dict[str, Any]:
        groups: dict[str, list[PhraseResult]] = defaultdict(list)
        for r in rs:
            groups[key(r)].append(r)
        return {k: _share(v, lambda r: r.correct) for k, v in sorted(groups.items())}

    confusion = {g.value: {p.value: 0 for p in VERDICTS} | {"missing": 0} for g in VERDICTS}
    for r in rs:
        confusion[r.phrase.verdict.value][r.got.value if r.got else "missing"] += 1
    statement = _share(rs, lambda r: r.statement_right)
    statement |= {
        "span": _share(rs, lambda r: r.span_right)["accuracy"],
        "kind": _share(rs, lambda r: r.kind_right)["accuracy"],
        "speaker": _share(rs, lambda r: r.speaker_right)["accuracy"],
        "per_newsroom": {
            k: _share(v, lambda r: r.statement_right)
            for k, v in sorted(_by(rs, lambda r: r.phrase.newsroom).items())
        },
    }

    def row(r: PhraseResult) -> dict[str, Any]:
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


def _by(rs: list[PhraseResult], key: Callable[[PhraseResult], str]) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = defaultdict(list)
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
        build_index(list(room.sources), folder, embedder=embedder, settings=settings)
        index = load_index(folder)
        try:
            for name, path in room.drafts:
                report = verify(
                    path, index=index, embedder=embedder, settings=settings, nli=nli,
                    reranker=reranker,
                )  # fmt: skip
                results += score_report(report, tuple(p for p in room.phrases if p.draft == name))
        finally:
            index.close()
    return results


def source_identity_figures(path: Path) -> dict[str, Any]:
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
    figures: dict[str, Any] = {}
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
) -> dict[str, Any]:
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
    metrics = newsroom_metrics(tuple(results))
    metrics["newsrooms"] = [r.name for r in rooms]
    metrics["sources"] = source_identity_figures(path)
    return metrics


# --- rendering --------------------------------------------------------------------------------


def _line(name: str, s: Mapping[str, Any], width: int = 28) -> str:
    return f"  {name:<{width}} {s['correct']:>4}/{s['n']:<4} {s['accuracy']:.3f}"


def format_newsrooms(m: Mapping[str, Any], *, misses: bool = True) -> str:
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
    for title, key in (
        ("per newsroom", "per_newsroom"), ("per expected verdict", "per_verdict"),
        ("per kind", "per_kind"),
    ):  # fmt: skip
        lines.append(title)
        lines += [_line(k, v) for k, v in m[key].items()]
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
            what = [k for k in ("span", "kind", "speaker") if not r[f"{k}_right"]]
            lines.append(
                f"  [{r['newsroom']}] {r['phrase'][:70]!r}: {'/'.join(what)} wrong; got "
                f"{r['statement_kind']} {(r['statement'] or '')[:90]!r} speaker {r['speaker']!r}"
            )
    return "\n".join(lines)
