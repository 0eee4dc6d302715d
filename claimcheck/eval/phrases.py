"""One newsroom draft's report scored against its labelled phrases (``eval newsrooms``).

Each labelled phrase is judged by the statement sharing the most characters with it (of two
such, the shorter one): its verdict against the label, and whether the statement itself is right
(span, kind, speaker; see ``newsrooms.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..types import Judgment, Report, Span, StatementKind, Verdict

__all__ = ["SPAN_COVER", "LabelledPhrase", "PhraseResult", "score_report"]

# A statement holds the phrase when it covers at least this share of the phrase's characters
# (a quote statement leaves out the marks and the attribution a phrase may carry).
SPAN_COVER = 0.6


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
