"""THE sentence splitter: paragraphs and sentences with character spans.

Survives what news copy throws at a naive splitter: abbreviations and titles ("U.S.", "Mr.",
"Jan."), initials ("J. K."), decimals and money ("$11.08 billion"), and punctuation inside
quotation marks (a sentence never ends inside a balanced quotation).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..types import Span
from .lexicon import ABBREVIATIONS as _ABBREVIATIONS
from .lexicon import SENTENCE_OPENERS as _SENTENCE_OPENERS

__all__ = [
    "CLOSE_QUOTES",
    "CUT_AFTER_STOP",
    "OPEN_QUOTES",
    "paragraph_spans",
    "quote_spans",
    "sentence_breaks",
    "split_sentences",
]

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
_FOLLOWING_WORD = re.compile(r"\s+[\"“]?([A-Za-z']+)")
_NEXT_START = re.compile(r"\s+([\"“‘'(\[]?)(\S)")
_SINGLE_LINE = re.compile(r"^\s*(?:#{1,6}\s|\|)")
_BLOCK_LINE = re.compile(r"^\s*(?:\||#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?|[A-Z][\w .'’-]{0,60}:\s)")

# Where a long text may be cut for reading in pieces: a stop, its closing marks and the space
# after it, with no abbreviation rules (a cut point, not a reading of sentences).
CUT_AFTER_STOP = re.compile(r"[.!?][\"”’)]*\s+")

OPEN_QUOTES = "“"
CLOSE_QUOTES = "”"


# A headline line: no closing punctuation, no dangling function word, and followed by a line
# break rather than running on (a hard-wrapped paragraph's lines are all of about one length).
_NO_END = tuple(".!?:;,\"”’')…-—–")
_DANGLING = frozenset(
    """a an the of to in on at for by with from and or but as that which who whose its his her
    their our is are was were be been has have had will would""".split()
)
HEADLINE_MAX = 160  # characters; a longer unpunctuated line is a wrapped paragraph's line
WRAPPED_RATIO = 0.8  # a next line at least this share of the line's length, unpunctuated, wraps
WRAP_MIN = 50  # characters: a line this long, followed by one no longer than ...
WRAP_SPREAD = 1.25  # ... this many times its length, is taken for a hard-wrapped line


def _is_headline(line: str, nxt: str) -> bool:
    """Whether ``line``, followed by a line break and ``nxt``, stands as a headline."""
    head, follow = line.strip(), nxt.strip()
    if not head or not follow or len(head) > HEADLINE_MAX or head.endswith(_NO_END):
        return False
    words = head.split()
    if len(words) < 2 or words[-1].lower() in _DANGLING:
        return False
    if not (follow[0].isupper() or follow[0].isdigit() or follow[0] in "\"“‘'(*_["):
        return False
    # Hard-wrapped text: the next line goes on unpunctuated at about the same length, or
    # the line is as long as a wrapped line and the next one no longer (a lead paragraph
    # after a headline is one long line).
    same_width = len(follow) >= WRAPPED_RATIO * len(head)
    wrapped = (not follow.endswith(_NO_END) and same_width) or (
        len(head) >= WRAP_MIN and len(follow) <= WRAP_SPREAD * len(head)
    )
    return not wrapped


def paragraph_spans(text: str) -> list[Span]:
    """Spans of paragraphs: blank lines separate them, and so do headings, list items,
    block quotes and ``NAME:`` lines, which always start a new paragraph; a headline line
    (no full stop, then a line break) is a paragraph of its own."""
    spans: list[Span] = []
    start: int | None = None
    end = 0
    pos = 0
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        stripped = line.strip()
        line_start = pos + (len(line) - len(line.lstrip()))
        line_end = pos + len(line.rstrip())
        if not stripped:
            if start is not None:
                spans.append((start, end))
                start = None
        else:
            if start is not None and _BLOCK_LINE.match(line):
                spans.append((start, end))
                start = None
            if start is None:
                start = line_start
            end = line_end
            first = start == line_start
            if _SINGLE_LINE.match(line) or (
                first and n + 1 < len(lines) and _is_headline(line, lines[n + 1])
            ):  # a heading, headline or table row is a paragraph of its own
                spans.append((start, end))
                start = None
        pos += len(line)
    if start is not None:
        spans.append((start, end))
    return spans


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of double-quoted passages (marks included) within ``text[start:end]``.

    Curly marks pair up by direction; straight marks pair in order. An opening mark with no
    closing mark runs to ``end`` (the news convention for a quote that goes on to the next
    paragraph).
    """
    stop = len(text) if end is None else end
    spans: list[Span] = []
    open_at: int | None = None
    open_mark = ""
    last_close = text.rfind("”", start, stop)  # no ” from i on: i > last_close (no re-scan)
    for i in range(start, stop):
        ch = text[i]
        if open_at is None:
            if ch == "“" or (ch == '"' and _opens_straight(text, i, start)):
                open_at, open_mark = i, ch
            elif ch == "”" and i == start and i + 1 < stop and not text[i + 1].isspace():
                open_at, open_mark = i, "“"  # a paragraph opened with the wrong mark
        elif (
            ch == "”"
            or (ch == '"' and (open_mark == '"' or last_close < i))
            or (open_mark == "“" and ch in '"“' and _closes_mixed(text, i, stop))
        ):
            # Curly quotes close with ”; a straight mark closes a straight quote, or a curly
            # one whose writer mixed the marks.
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at, stop))
    return spans


def _closes_mixed(text: str, i: int, stop: int) -> bool:
    # A straight or opening-curly mark right after a comma or a sentence's end, with a space
    # after it, closes a curly quote: `“... win so much," Trump said`, `“It's unusual,“ said`.
    return text[i - 1] in ",.!?" and (i + 1 >= stop or text[i + 1].isspace())


def _opens_straight(text: str, i: int, start: int) -> bool:
    # A straight mark opens a quote when it follows whitespace, punctuation or the start.
    return i == start or not text[i - 1].isalnum()


def _word_before(text: str, pos: int) -> str:
    j = pos
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in '"“(‘[':
        j -= 1
    return text[j:pos]


def _is_boundary(
    text: str, dot: int, after: int, quotes: list[Span], starts: list[int] | None = None
) -> bool:
    """Decide whether the punctuation run at ``dot`` (ending at ``after``) ends a sentence.
    ``quotes`` come in order and do not overlap (``quote_spans``), so only the last one that
    opens before ``dot`` can hold it: found by bisection on ``starts``, their start offsets."""
    starts = [qs for qs, _ in quotes] if starts is None else starts
    i = bisect_left(starts, dot)
    if i and after < quotes[i - 1][1]:
        return False  # inside a quotation that closes later
    nxt = _NEXT_START.match(text, after)
    if nxt is None:
        return True
    first = nxt.group(2)
    if not (first.isupper() or first.isdigit() or nxt.group(1)):
        return False
    if text[dot] != ".":
        return True
    word = _word_before(text, dot)
    bare = word.lower().rstrip(".")
    if bare in _ABBREVIATIONS and "." not in bare:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial, as in "J. K. Rowling"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # dotted acronym such as U.S or a.m
        following = _FOLLOWING_WORD.match(text, after)
        return bool(following and following.group(1).lower() in _SENTENCE_OPENERS)
    return True


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans (whitespace trimmed) within ``text[start:end]``, paragraph by paragraph."""
    stop = len(text) if end is None else end
    out: list[Span] = []
    for p_start, p_end in paragraph_spans(text[start:stop]):
        p_start += start
        p_end += start
        quotes = quote_spans(text, p_start, p_end)
        starts = [qs for qs, _ in quotes]
        s = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            if _is_boundary(text, m.start(), m.end(), quotes, starts):
                out.append((s, m.end()))
                s = m.end()
                while s < p_end and text[s].isspace():
                    s += 1
        if s < p_end and text[s:p_end].strip():
            out.append((s, p_end))
    return [span for span in out if text[span[0] : span[1]].strip()]


def sentence_breaks(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The gaps between sentences in ``text[start:end]``, read without paragraph or quotation
    context (for a piece between two quotations): each ``(a, b)`` runs from right after a
    sentence's closing punctuation and marks to the first character of the next sentence
    (``b == end`` when the piece ends there). The same rules as ``split_sentences``:
    abbreviations, initials and dotted acronyms do not end a sentence."""
    stop = len(text) if end is None else end
    piece = text[:stop]
    out: list[Span] = []
    for m in _BOUNDARY.finditer(piece, start, stop):
        if _is_boundary(piece, m.start(), m.end(), [], []):
            b = m.end()
            while b < stop and piece[b].isspace():
                b += 1
            out.append((m.end(), b))
    return out
