"""Figures: a passage about the same thing that gives another figure contradicts; a close
passage that gives every figure supports; a figure no source gives keeps weaker checks from
supporting; a document that never states the draft's figure but gives the same measure with
another value, anywhere in it, contradicts.

The figure reader is ``..numbers``; this module decides which source figure is the draft's
figure's counterpart (same measure, same order, same words around it) and says so as signals.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ...config import Settings
from ...text.files import snippet
from ...types import Evidence
from ..numbers import (
    Quantity,
    accounted_for,
    align_quantities,
    anchored_mismatch,
    find_quantities,
    same_value,
)
from ..signals import Cue, Polarity, Signal
from . import ClaimCase, DocumentLookup
from .context import assertions, cite, newer, sentence_at
from .dispute import dispute_signal, disputed
from .scope import other_scope

__all__ = ["document_figures", "figures"]

_TIMES = ("year", "quarter")  # a passage tied only by a shared figure may be about another time
_FIRM_ANCHORS = ("money", "percent", "count")
_SCAN_KINDS = ("money", "percent", "count", "tally")
_DISTINCTIVE_KINDS = ("money", "percent", "date", "tally")
_LOOSER = 0.1  # how far below the related threshold a same-measure passage may still be read
# Confidences: inherited formulas (similarity-scaled), not yet calibrated per finding.
CONFLICT_BASE, CONFLICT_SLOPE, AGREE_BASE, AGREE_SLOPE, CAP = 0.45, 0.5, 0.4, 0.55, 0.95
DISAGREEING_SOURCES = 0.85  # confidence factor when the sources themselves disagree
DOCUMENT_CONFLICT_STRENGTH = 0.6
CORRECTED_STRENGTH = 0.7  # inherited scale: above a bare dispute (0.6), below a figure conflict
# Shared context words a distinctive figure needs to support from a passage that is not close
# as a whole; 2 as in the figure reader's own alignment (``numbers.align_quantities``).
EXACT_CONTEXT = 2


def _same_role(q: Quantity, f: Quantity, e: Evidence, settings: Settings) -> bool:
    """A source figure in a passage just short of reading like the statement (short bullets
    such as "Q3 FFO per share $0.22" rarely reach the related threshold) that still gives the
    same measure: an amount or a rate of the same order, in at least two of the same words, or
    a year at most three off in at least three ("fiscal 2023 financial guidance" against
    "fiscal 2021 financial guidance")."""
    if e.score < settings.related_threshold - _LOOSER or f.kind != q.kind:
        return False
    if q.kind == "year":
        return abs(f.value - q.value) <= 3 and len(q.context & f.context) >= 3
    if q.kind not in ("money", "percent"):
        return False
    ratio = abs(f.value) / abs(q.value) if q.value else 0.0
    return 0.5 <= ratio <= 2.0 and len(q.context & f.context) >= 2


def _same_order(q: Quantity, f: Quantity) -> bool:
    """Whether a source figure can be another value of the claimed measure: within a factor
    of ten, or the same digits in another unit ("$11 million" for "$11 billion")."""
    if q.kind not in ("money", "count", "percent") or not q.value:
        return True
    ratio = abs(f.value) / abs(q.value)
    # Only money reads its unit ("million", "bn") for sure; "1,424 mmcfe" against "1.424
    # bcfe" is the same count in units the figure does not carry.
    slip = q.kind == "money" and any(
        abs(ratio - 1000.0**k) < 1e-6 * 1000.0**k for k in (-2, -1, 1, 2)
    )
    return 0.1 <= ratio <= 10 or slip


@lru_cache(maxsize=64)
def _document_figures(text: str) -> tuple[Quantity, ...]:
    """Every stated figure of a whole document (questions left out), read once per text."""
    return find_quantities(assertions(text))


def _bears_out(claimed: Quantity, found: Quantity, rival: Quantity | None = None) -> bool:
    """Whether a source figure elsewhere backs a claimed one: the very value, or one only
    within its rounding or its "about" in at least two of the same words and in as many as
    the ``rival`` that differs (an "about 23.4%" operating margin is not backed by a 22.5%
    tax rate when the source gives the operating margin as 19.5%)."""
    if found.kind == claimed.kind and found.value == claimed.value:
        return True
    shared = len(claimed.context & found.context)
    needed = max(2, len(claimed.context & rival.context) if rival is not None else 0)
    return same_value(claimed, found) and shared >= needed


def _states(found: Quantity, claimed: Quantity) -> bool:
    """Whether a source figure gives the claimed value; "$500 million" and "500 million" are
    the same figure here."""
    amounts = ("money", "count")
    if found.kind != claimed.kind and found.kind in amounts and claimed.kind in amounts:
        claimed = replace(claimed, kind=found.kind)
    return _bears_out(claimed, found)


def figures(case: ClaimCase, related: list[Evidence]) -> tuple[Signal, ...]:
    """Conflict, agreement, a dispute beside the figures, and the figures no passage gives.

    ``related``: the passages that read like the statement (similar, and sharing words)."""
    claimed = case.claimed
    if not claimed:
        return ()
    settings = case.settings
    evidence = case.evidence
    nearby = [(e, find_quantities(case.window(e))) for e in evidence]
    # Passages that read like the statement, any retrieved passage that gives the same
    # measure in the same words (``_same_role``), and any other retrieved passage that states
    # one of its exact figures (a precise figure ties a passage to the statement as surely as
    # shared words do); years and small counts are too common to tie anything.
    scanned = [
        (e, found) for e, found in nearby
        if e in related
        or any(_same_role(q, f, e, settings) for q in claimed for f in found)
        or any(same_value(q, f) for q in claimed for f in found if _distinctive(q))
    ]  # fmt: skip
    # A figure the related sources state somewhere is not contradicted by another figure in
    # similar words (transcripts and filings give a quarter's and a year's numbers side by
    # side), unless every source stating it is older than the one that differs: then the
    # sources disagree and the newer one decides.
    stating = [(e, f) for e, found in scanned for f in found]
    conflicts: list[tuple[Evidence, Quantity, Quantity, Evidence | None]] = []
    overruled: list[tuple[Evidence, Quantity, Quantity]] = []
    agreeing: list[tuple[Evidence, list[Quantity], list[Quantity]]] = []
    for e, found in scanned:
        aligned = align_quantities(claimed, found)
        # A passage tied to the statement only by a shared figure may be about something
        # else: there only a figure beside the shared one ("anchored") can differ. A rival
        # ten times larger or smaller is another measure, not a different value of this one,
        # unless it is a unit slip.
        differing = [
            (q, f) for q, f, ok in aligned
            if f is not None and not ok and _same_order(q, f)
            and (e in related or _same_role(q, f, e, settings))
        ]  # fmt: skip
        anchored = anchored_mismatch(claimed, case.window(e))
        if anchored is not None and (e in related or anchored[0].kind not in _TIMES):
            # The rival in the same sentence as an amount or rate that checks out is the one
            # to cite, over one in more similar words elsewhere in the passage. A year that
            # checks out is too common a neighbour to outrank those words.
            firm = anchored_mismatch(claimed, case.window(e), anchors=_FIRM_ANCHORS)
            if firm is not None:
                q_a, f_a = firm
                differing = [(q, f_a if q is q_a else f) for q, f in differing]
            differing = differing or [anchored]
        # A year or quarter that differs is the statement's error only where the passage
        # bears out its other figures; otherwise the passage is about another period.
        borne = {id(q) for q, f, ok in aligned if f is not None and ok}
        other_period = any(q.kind not in _TIMES and id(q) not in borne for q in claimed)
        for q, f in differing:
            if q.kind in _TIMES and other_period:
                continue
            if other_scope(case.text, sentence_at(case.window(e), f.span[0]), q.kind) is not None:
                continue  # another entity's or period's figure: a distractor
            backers = [x for x, g in stating if _bears_out(q, g, f)]
            if not backers:
                conflicts.append((e, q, f, None))
            elif (
                e in related
                and e.score >= settings.support_threshold
                and len(q.context & f.context) >= 3
            ):  # another source about the same thing, in the same words, differs
                if all(newer(e, x) for x in backers):
                    newest = max(backers, key=lambda x: x.source.date or "")
                    conflicts.append((e, q, f, newest))
                else:
                    overruled.append((e, q, f))
        matched = [(q, f) for q, f, ok in aligned if f is not None and ok]
        agreeing.append((e, [q for q, _ in matched], [f for _, f in matched]))

    out: list[Signal] = []
    if conflicts:
        out.append(_conflict(conflicts, agreeing, related))
    confirmed: set[str] = set()
    agree: Signal | None = None
    dispute: Signal | None = None
    for e, agreed, stated in agreeing:
        sentence = disputed(case.window(e), [f.span[0] for f in stated])
        if sentence is not None:
            dispute = dispute or dispute_signal(e, sentence)
            continue
        confirmed.update(q.text for q in agreed)
        if (
            agree is None
            and len(agreed) == len(claimed)
            and (e.score >= settings.support_threshold - _LOOSER or _exactly_stated(agreed, stated))
        ):
            agree = _agreement(e, agreed, overruled)
    if agree is not None and dispute is not None and newer(dispute.evidence[0], agree.evidence[0]):
        # A newer source disputes or corrects the figure an older one gives: the newer decides.
        out.append(
            replace(
                dispute, cue=Cue.FIGURE_CORRECTED, strength=CORRECTED_STRENGTH,
                reason=f"{dispute.reason}; it is newer than {cite(agree.evidence[0])}, "
                "which gives the draft's figure",
                evidence=(dispute.evidence[0], agree.evidence[0]),
            )
        )  # fmt: skip
    out += [s for s in (agree, dispute) if s is not None]
    missing = tuple(q.text for q in claimed if q.text not in confirmed)
    if missing:
        out.append(
            Signal(
                check="figures",
                cue=Cue.UNCONFIRMED_FIGURES,
                polarity=Polarity.NEUTRAL,
                strength=1.0,
                reason=f"no source gives {', '.join(missing)}",
                missing=missing,
            )  # fmt: skip
        )
    return tuple(out)


def _distinctive(q: Quantity) -> bool:
    """A figure precise enough to tie a passage to a statement: an amount, a rate, a day of a
    month, a vote's tally, or a count of at least 100 (years and small counts are everywhere)."""
    return q.kind in _DISTINCTIVE_KINDS or (q.kind == "count" and abs(q.value) >= 100)


def _exactly_stated(agreed: list[Quantity], stated: list[Quantity]) -> bool:
    """Whether a passage less similar than ``support`` as a whole still gives every figure of
    the statement exactly, at least one of them distinctive, each distinctive one in
    ``EXACT_CONTEXT`` of the same words (a short atomic claim, "lifting the contribution to
    $52.4 million", rarely reads like the long sentence that holds its figure)."""
    pairs = list(zip(agreed, stated, strict=True))
    if not any(_distinctive(q) for q, _ in pairs):
        return False
    return all(
        q.kind == f.kind and q.value == f.value
        and (not _distinctive(q) or len(q.context & f.context) >= EXACT_CONTEXT)
        for q, f in pairs
    )  # fmt: skip


def _conflict(
    conflicts: list[tuple[Evidence, Quantity, Quantity, Evidence | None]],
    agreeing: list[tuple[Evidence, list[Quantity], list[Quantity]]],
    related: list[Evidence],
) -> Signal:
    # A passage that reads like the statement first, then the one that bears out more of the
    # statement's other figures (the same quarter, the other end of a range).
    agrees = {id(e): len(agree) for e, agree, _ in agreeing}
    e, q, f, older = min(conflicts, key=lambda c: (c[0] not in related, -agrees.get(id(c[0]), 0)))
    reason = f"the draft says {q.text}; {cite(e)} says {f.text}"
    lead: tuple[Evidence, ...] = (e,)
    if older is not None:
        reason += (
            f" (an older source, {cite(older)}, dated {older.source.dated}, gives "
            f"{q.text}; the newer, dated {e.source.dated}, decides)"
        )
        lead = (e, older)
    strength = min(CAP, CONFLICT_BASE + CONFLICT_SLOPE * e.score)
    return _signal(
        Cue.FIGURE_CONFLICT, Polarity.CONTRADICTS, strength, older is not None, reason, lead,
        figures=(q.text, f.text),
    )  # fmt: skip


def _agreement(
    e: Evidence, agreed: list[Quantity], overruled: list[tuple[Evidence, Quantity, Quantity]]
) -> Signal:
    reason = f"{cite(e)} gives the same figures ({', '.join(q.text for q in agreed)})"
    lead: tuple[Evidence, ...] = (e,)
    other = next((x for x in overruled if x[0].source.doc_id != e.source.doc_id), None)
    if other is not None:  # sources disagree: show both
        x, q, f = other
        reason += f"; {cite(x)} gives {f.text} for {q.text}"
        reason += ", but is older" if newer(e, x) else ""
        undated = [y for y in (e, x) if not y.source.date]
        if undated:  # "the newer source wins" needs both dates
            reason += (
                f" ({cite(undated[0])} has no date of its own, so neither is taken as the newer)"
            )
        lead = (e, x)
    strength = min(CAP, AGREE_BASE + AGREE_SLOPE * e.score)
    return _signal(Cue.FIGURES_AGREE, Polarity.SUPPORTS, strength, other is not None, reason, lead)


def _signal(
    cue: Cue,
    polarity: Polarity,
    strength: float,
    disagreeing: bool,
    reason: str,
    lead: tuple[Evidence, ...],
    figures: tuple[str, str] | None = None,
) -> Signal:
    """A figures signal, its confidence lowered where the sources themselves disagree."""
    return Signal(
        check="figures", cue=cue, polarity=polarity,
        strength=strength * (DISAGREEING_SOURCES if disagreeing else 1.0), reason=reason,
        evidence=lead, figures=figures,
    )  # fmt: skip


def document_figures(case: ClaimCase) -> tuple[Signal, ...]:
    """A figure the draft gives that its sources never state, where one of them gives the same
    measure with another value: the whole of each document the evidence comes from is read,
    not only the retrieved passages (a terse bullet rarely retrieves the one sentence of a long
    transcript that holds its figure).

    Only amounts, rates and counts are compared. The source figure must be of the same kind,
    within a factor of two, and share at least three words of context with the draft's (two
    for a figure whose own words offer fewer). A draft figure that any of these documents or
    passages states anywhere is never contradicted this way."""
    stated_nearby = [f for e in case.evidence for f in find_quantities(case.window(e))]
    found = _document_conflict(
        case.text, case.claimed, case.evidence, stated_nearby, case.documents, case.settings,
        case.params.scan_documents,
    )  # fmt: skip
    if found is None:
        return ()
    e, q, f = found
    sentence = sentence_at(case.documents(e.source.doc_id).text, f.span[0])
    return (
        Signal(
            check="figures", cue=Cue.DOCUMENT_FIGURE_CONFLICT, polarity=Polarity.CONTRADICTS,
            strength=DOCUMENT_CONFLICT_STRENGTH,
            reason=f"the draft says {q.text}; {cite(e)} never gives it, and gives {f.text} "
            f"in the same words: “{snippet(sentence, 160)}”",
            evidence=(e,), figures=(q.text, f.text),
        ),
    )  # fmt: skip


def _document_conflict(
    statement: str,
    claimed: tuple[Quantity, ...],
    evidence: tuple[Evidence, ...],
    stated_nearby: list[Quantity],
    documents: DocumentLookup,
    settings: Settings,
    scan_documents: int,
) -> tuple[Evidence, Quantity, Quantity] | None:
    candidates = [q for q in claimed if q.kind in _SCAN_KINDS and q.value]
    if not candidates:
        return None
    picked: list[Evidence] = []
    for e in evidence:
        if e.score < settings.related_threshold - _LOOSER:
            continue
        if all(x.source.doc_id != e.source.doc_id for x in picked):
            picked.append(e)
        if len(picked) == scan_documents:
            break
    if not picked:
        return None
    figures = [(e, _document_figures(documents(e.source.doc_id).text)) for e in picked]
    stated = [f for _, found in figures for f in found] + stated_nearby
    best: tuple[tuple[int, float], Evidence, Quantity, Quantity] | None = None
    for q in candidates:
        if any(_states(f, q) for f in stated):
            continue
        needed = max(2, min(3, len(q.context)))
        for e, found in figures:
            accounted = accounted_for(claimed, found)
            for f in found:
                if f.kind != q.kind or f in accounted:
                    continue
                ratio = abs(f.value) / abs(q.value)
                shared = len(q.context & f.context)
                if not 0.5 <= ratio <= 2.0 or shared < needed:
                    continue
                text = documents(e.source.doc_id).text
                if other_scope(statement, sentence_at(text, f.span[0]), q.kind) is not None:
                    continue
                key = (shared, -abs(ratio - 1.0))
                if best is None or key > best[0]:
                    best = (key, e, q, f)
    return None if best is None else best[1:]
