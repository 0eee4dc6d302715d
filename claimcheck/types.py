"""The records that flow between pipeline stages.

Document -> Passage -> Statement -> Evidence -> Judgment -> Report

All are frozen dataclasses holding tuples, never lists. A span is a ``(start, end)`` pair of
character positions, end excluded, in the text the record came from (a document's text for
passages, the draft for statements). Ids derive from content and position, so the same input
gives the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from .schema import DiffOp, DocumentKind, IndexManifest, StatementCategory, document_kind

if TYPE_CHECKING:
    from .config import SettingsRecord

__all__ = [
    "SCHEMA_VERSION",
    "WORST_FIRST",
    "Document",
    "Decision",
    "Draft",
    "Evidence",
    "Finding",
    "Identity",
    "Judgment",
    "Passage",
    "Report",
    "Review",
    "SentenceVerdict",
    "SourceRef",
    "Span",
    "Statement",
    "StatementKind",
    "Verdict",
    "WordDiff",
    "stable_id",
]

SCHEMA_VERSION = 2  # 2: editors' reviews, compared figures, changes since a previous report

Span = tuple[int, int]


def stable_id(*parts: object, length: int = 16) -> str:
    """A short hex id derived from ``parts``: equal inputs give equal ids."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


class Verdict(StrEnum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNVERIFIABLE = "unverifiable"
    NOT_CHECKABLE = "not_checkable"


# The verdicts from the one an editor must see first to the one that asks nothing: the order of
# a report's flags, and how a sentence of several claims takes the worst of theirs.
WORST_FIRST = (Verdict.CONTRADICTED, Verdict.UNVERIFIABLE, Verdict.SUPPORTED, Verdict.NOT_CHECKABLE)


class StatementKind(StrEnum):
    CLAIM = "claim"
    QUOTE = "quote"


class Finding(StrEnum):
    """What decided a verdict; reports and evaluations group by it."""

    NUMBERS_MATCH = "numbers_match"
    NUMBER_MISMATCH = "number_mismatch"
    NAME_MISMATCH = "name_mismatch"
    OPPOSITE_WORDING = "opposite_wording"  # the source repeats the claim but for an opposite
    SEMANTIC_MATCH = "semantic_match"
    NLI_ENTAILMENT = "nli_entailment"
    NLI_CONTRADICTION = "nli_contradiction"
    SOURCE_DISPUTES = "source_disputes"  # the source gives the claim only to call it false
    QUOTE_EXACT = "quote_exact"
    MISQUOTE = "misquote"
    MISATTRIBUTED = "misattributed"
    NO_EVIDENCE = "no_evidence"
    NOT_CHECKABLE = "not_checkable"


@dataclass(frozen=True)
class Identity:
    """What a source is, each field with where it came from (``sources/identity.py``)."""

    title: str | None  # as the document gives it; None where it gives none
    title_from: str
    date: str | None  # YYYY-MM-DD
    date_from: str
    kind: DocumentKind
    kind_from: str
    author: str | None
    outlet: str | None
    text_from: str  # what read the text: the file as written, trafilatura, the fallback parser

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "title_from": self.title_from,
            "date": self.date,
            "date_from": self.date_from,
            "kind": self.kind,
            "kind_from": self.kind_from,
            "author": self.author,
            "outlet": self.outlet,
            "text_from": self.text_from,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Identity:
        return cls(
            title=d.get("title"),
            title_from=str(d.get("title_from") or "none"),
            date=d.get("date"),
            date_from=str(d.get("date_from") or "none"),
            kind=document_kind(str(d.get("kind") or "other")),
            kind_from=str(d.get("kind_from") or "none"),
            author=d.get("author"),
            outlet=d.get("outlet"),
            text_from=str(d.get("text_from") or "the file as written"),
        )


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str
    source: str  # path or URL it was loaded from
    date: str | None  # ISO date when known
    url: str | None
    kind: DocumentKind  # what the source is (sources/identity.py reads it from the content)
    speakers: tuple[str, ...]
    turns: tuple[tuple[str, Span], ...]  # transcript speaker turns: (speaker, span in text)
    # Where title, date and kind came from (sources/identity.py); None for records built
    # directly. ``blocks`` are spans a passage never crosses (a table's rows); ``turn_times``
    # give each turn's time where the source has one (a post's timestamp).
    identity: Identity | None = None
    blocks: tuple[Span, ...] = ()
    turn_times: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class SourceRef:
    """What a report needs to cite a document without carrying its text."""

    doc_id: str
    title: str
    kind: DocumentKind
    date: str | None
    source: str
    url: str | None
    date_from: str = ""  # where the date came from (e-mail header, dateline...); "" if unknown

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "title": self.title,
            "kind": self.kind,
            "date": self.date,
            "source": self.source,
            "url": self.url,
        }
        if self.date_from:
            out["date_from"] = self.date_from
        return out

    @property
    def dated(self) -> str:
        """The date with where it came from, for a reader: "2025-06-11 (e-mail header)"."""
        if not self.date:
            return "no date of its own"
        return f"{self.date} ({self.date_from})" if self.date_from else self.date

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceRef:
        return cls(
            doc_id=d["doc_id"],
            title=d["title"],
            kind=d["kind"],
            date=d["date"],
            source=d["source"],
            url=d["url"],
            date_from=str(d.get("date_from") or ""),
        )


@dataclass(frozen=True)
class Passage:
    id: str
    doc_id: str
    text: str
    span: Span
    speaker: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "text": self.text,
            "span": list(self.span),
            "speaker": self.speaker,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Passage:
        return cls(
            id=d["id"],
            doc_id=d["doc_id"],
            text=d["text"],
            span=(int(d["span"][0]), int(d["span"][1])),
            speaker=d["speaker"],
        )


@dataclass(frozen=True)
class Statement:
    id: str
    kind: StatementKind
    text: str  # the words to check: a sentence, or a quote's own words
    span: Span  # where ``text`` stands in the draft
    speaker: str | None  # who the draft says spoke: a quote's speaker, reported speech's source
    context: str  # the whole sentence the statement comes from
    category: StatementCategory
    standalone: str  # ``text`` with "it", "the company", "he" resolved: what retrieval reads
    # Where ``context``, the whole sentence, stands in the draft: the atomic claims cut from one
    # sentence share it (``Report.sentences``). None in records made without a draft.
    sentence: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "category": self.category,
            "text": self.text,
            "standalone": self.standalone,
            "span": list(self.span),
            "speaker": self.speaker,
            "context": self.context,
            "sentence": list(self.sentence) if self.sentence is not None else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Statement:
        return cls(
            id=d["id"],
            kind=StatementKind(d["kind"]),
            text=d["text"],
            span=(int(d["span"][0]), int(d["span"][1])),
            speaker=d["speaker"],
            context=d["context"],
            category=d.get("category", "other"),
            standalone=d.get("standalone", d["text"]),
            sentence=(int(d["sentence"][0]), int(d["sentence"][1])) if d.get("sentence") else None,
        )


@dataclass(frozen=True)
class Evidence:
    passage: Passage
    source: SourceRef
    score: float  # cosine similarity between statement and passage
    rank: int  # 1-based rank in retrieval

    def to_dict(self) -> dict[str, Any]:
        return {
            "passage": self.passage.to_dict(),
            "source": self.source.to_dict(),
            "score": round(self.score, 4),
            "rank": self.rank,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(
            passage=Passage.from_dict(d["passage"]),
            source=SourceRef.from_dict(d["source"]),
            score=float(d["score"]),
            rank=int(d["rank"]),
        )


@dataclass(frozen=True)
class WordDiff:
    """One step of a word-level alignment between the draft's words and the source's."""

    op: DiffOp  # insert: the draft adds words; delete: the draft drops them
    draft: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "draft": self.draft, "source": self.source}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> WordDiff:
        return cls(op=d["op"], draft=d["draft"], source=d["source"])


@dataclass(frozen=True)
class Judgment:
    statement: Statement
    verdict: Verdict
    confidence: float  # 0..1, how sure the verdict is
    finding: Finding
    reason: str  # one sentence naming the deciding evidence
    evidence: tuple[Evidence, ...]  # deciding evidence first, then the rest of the top-k
    diff: tuple[WordDiff, ...]  # word diff for quotes; empty otherwise
    figures: tuple[str, str] | None = None  # (the draft's figure, the source's) on a mismatch

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement.to_dict(),
            "verdict": self.verdict.value,
            "confidence": round(self.confidence, 3),
            "finding": self.finding.value,
            "reason": self.reason,
            "evidence": [e.to_dict() for e in self.evidence],
            "diff": [w.to_dict() for w in self.diff],
            "figures": list(self.figures) if self.figures else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Judgment:
        return cls(
            statement=Statement.from_dict(d["statement"]),
            verdict=Verdict(d["verdict"]),
            confidence=float(d["confidence"]),
            finding=Finding(d["finding"]),
            reason=d["reason"],
            evidence=tuple(Evidence.from_dict(e) for e in d["evidence"]),
            diff=tuple(WordDiff.from_dict(w) for w in d["diff"]),
            figures=(str(d["figures"][0]), str(d["figures"][1])) if d.get("figures") else None,
        )


@dataclass(frozen=True)
class Draft:
    path: str
    sha256: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Draft:
        return cls(path=d["path"], sha256=d["sha256"], text=d["text"])


class Decision(StrEnum):
    """What an editor decided about a flag."""

    CONFIRMED = "confirmed"  # the flag is right: the draft must change
    DISMISSED = "dismissed"  # the flag is wrong or does not matter
    FIXED = "fixed"  # the draft was changed


@dataclass(frozen=True)
class Review:
    """An editor's decision on one statement's flag."""

    decision: Decision
    reviewer: str
    note: str
    at: str  # ISO timestamp, UTC
    carried_from: str | None = None  # the earlier report it was carried forward from

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision.value,
            "reviewer": self.reviewer,
            "note": self.note,
            "at": self.at,
            "carried_from": self.carried_from,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Review:
        return cls(
            decision=Decision(d["decision"]),
            reviewer=d["reviewer"],
            note=d["note"],
            at=d["at"],
            carried_from=d.get("carried_from"),
        )


@dataclass(frozen=True)
class SentenceVerdict:
    """A sentence the draft states several checkable facts in, cut into atomic claims: its
    verdict is the worst of theirs (``WORST_FIRST``; a part with nothing to check, such as an
    opinion, counts only when no part has anything to check)."""

    span: Span  # the sentence in the draft
    text: str
    verdict: Verdict
    statement_ids: tuple[str, ...]  # its claims, in reading order
    verdicts: tuple[Verdict, ...]  # theirs, in the same order

    @classmethod
    def of(cls, span: Span, text: str, judgments: list[Judgment]) -> SentenceVerdict:
        checkable = [j.verdict for j in judgments if j.verdict is not Verdict.NOT_CHECKABLE]
        verdict = min(checkable, key=WORST_FIRST.index) if checkable else Verdict.NOT_CHECKABLE
        return cls(
            span, text, verdict, tuple(j.statement.id for j in judgments),
            tuple(j.verdict for j in judgments),
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": list(self.span),
            "text": self.text,
            "verdict": self.verdict.value,
            "statements": list(self.statement_ids),
            "verdicts": [v.value for v in self.verdicts],
        }


@dataclass(frozen=True)
class Report:
    draft: Draft
    judgments: tuple[Judgment, ...]
    index_manifest: IndexManifest  # with ``against``: the sources named for this run
    settings: SettingsRecord
    versions: dict[str, str]
    created_at: str
    reviews: dict[str, Review] = field(default_factory=dict)  # statement id -> decision
    # Against a previous report of the same story: its path and the ids of flags it lacked.
    previous: str | None = None
    new_flags: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in Verdict}
        for j in self.judgments:
            out[j.verdict.value] += 1
        return out

    def sentences(self) -> tuple[SentenceVerdict, ...]:
        """Each sentence cut into two or more claims, with the worst of their verdicts, in
        reading order. Quotes are judged whole and are no part of this."""
        groups: dict[Span, list[Judgment]] = {}
        for j in self.judgments:
            st = j.statement
            if st.kind is StatementKind.CLAIM and st.sentence is not None:
                groups.setdefault(st.sentence, []).append(j)
        return tuple(
            SentenceVerdict.of(
                span, group[0].statement.context, sorted(group, key=lambda j: j.statement.span)
            )
            for span, group in sorted(groups.items())
            if len(group) > 1
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "created_at": self.created_at,
            "draft": self.draft.to_dict(),
            "counts": self.counts(),
            "judgments": [j.to_dict() for j in self.judgments],
            "sentences": [s.to_dict() for s in self.sentences()],
            "index_manifest": self.index_manifest,
            "settings": self.settings,
            "versions": self.versions,
            "reviews": {sid: r.to_dict() for sid, r in sorted(self.reviews.items())},
            "previous": self.previous,
            "new_flags": list(self.new_flags),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(
            draft=Draft.from_dict(d["draft"]),
            judgments=tuple(Judgment.from_dict(j) for j in d["judgments"]),
            index_manifest=cast(IndexManifest, dict(d["index_manifest"])),
            settings=cast("SettingsRecord", dict(d["settings"])),
            versions=dict(d["versions"]),
            created_at=d["created_at"],
            reviews={sid: Review.from_dict(r) for sid, r in (d.get("reviews") or {}).items()},
            previous=d.get("previous"),
            new_flags=tuple(d.get("new_flags") or ()),
        )
