"""Masking helpers shared by the extractors.

Every extractor builds its ``prose`` the same way: a list of spans that are not prose is
collected, then :func:`apply_masks` writes :data:`MASK` over them in one pass, keeping
``\\r`` and ``\\n`` so that lines and columns never move. :data:`token_spans` finds the
things inside otherwise-prose text that are never prose: URLs, e-mail addresses, paths and
model IDs (``nvidia/X-Lora``), snake_case and dotted identifiers, ``--flags`` and calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import accumulate

from mlgloss.analysis.document import MASK
from mlgloss.analysis.extract.stand_ins import beyond_bmp, join_narrowed

Span = tuple[int, int]

_NOT_NEWLINE = re.compile(r"[^\r\n]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# A URL: a scheme or ``www.``, then anything up to whitespace, quotes or angle brackets,
# not ending in sentence punctuation.
URL_PATTERN = (
    r"(?:(?<![\w.+-])(?:https?|ftp|file|s3|gs|hf|ssh|git)://|(?<![\w.-])www\.)"
    r"[^\s<>\"'`\x00]*[^\s<>\"'`\x00.,;:!?)\]}*]"
)
URL_RE = re.compile(URL_PATTERN)

# Characters a URL, path or identifier token is made of.
_TOKEN_CHARS = r"[^\s\x00<>\"'`()\[\]{}*,;|]"
# Where a token can be told apart from a word: "/", "_", "@", a dot before a letter,
# "--" before a letter, "()". Tokens are found from these anchors (the regex engine
# skips to them fast), then grown leftwards with _TOKEN_LEFT on the reversed text.
_ANCHOR = re.compile(
    r"[/_@.(-](?:(?<=[/_@])|(?<=\.)(?=[A-Za-z_])|(?<=-)(?=-[A-Za-z])|(?<=\()(?=\)))"
    + _TOKEN_CHARS
    + "*"
)
_TOKEN_LEFT = re.compile(_TOKEN_CHARS + "*")
_TRAILING = ".:!?"
# The tokens that are never prose, matched against a whole token. A token is one of them
# if any alternative matches all of it, so their order is free: the paths come in a
# pattern of their own, tried only on tokens holding a "/" (every path does, and one
# alternative backtracks a lot on tokens that do not), and the rest go most frequent first.
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PATHS = (
    # absolute, relative and home paths: /usr/lib, ./out, ../x, ~/data
    r"(?:~|\.{1,2})?/[\w.@+-]+(?:/[\w.@+-]*)*"
    # paths with two or more slashes: a/b/c
    + r"|[\w.@+-]+/[\w.@+-]+/[\w.@+/-]*"
    # model IDs and two-part paths with a digit, underscore, dot or hyphen in a part:
    # meta-llama/Llama-2-7b, nvidia/X-Lora, outputs/checkpoint_500 (not "and/or")
    + r"|[\w.-]*[\d_.-][\w.-]*/[\w.-]*\w"
    + r"|[\w.-]+/[\w.-]*[\d_.-][\w.-]*\w"
)
_NAMES = (
    # snake_case identifiers: lora_alpha, _private_name, HF_TOKEN (an underscore must join
    # two alphanumerics, so Markdown's _emphasis_ stays prose)
    r"_*[A-Za-z0-9]+(?:_+[A-Za-z0-9]+)+_*"
    # dotted identifiers and file names: peft.LoraConfig, config.json, torch.nn.Linear
    + r"|[A-Za-z_]\w+(?:\.[A-Za-z_]\w+)+"
)
_OPTIONS_AND_CALLS = (
    # command-line options: --lora_alpha, --gradient-checkpointing
    r"--[A-Za-z][\w.-]*"
    # calls: forward(), model.generate()
    + r"|[A-Za-z_][\w.]*\(\)"
)
_IDENTIFIER_WITH_SLASH = re.compile(
    "|".join((URL_PATTERN, _PATHS, _EMAIL, _NAMES, _OPTIONS_AND_CALLS))
)
_IDENTIFIER_WITHOUT_SLASH = re.compile("|".join((_NAMES, URL_PATTERN, _OPTIONS_AND_CALLS, _EMAIL)))


def mask_piece(piece: str) -> str:
    """``piece`` with every code point but ``\\r`` and ``\\n`` replaced by MASK."""
    if "\r" in piece:
        return _NOT_NEWLINE.sub(lambda m: MASK * (m.end() - m.start()), piece)
    if "\n" not in piece:
        return MASK * len(piece)
    return "\n".join([MASK * len(line) for line in piece.split("\n")])


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping, non-empty spans covering the same code points."""
    return list(iter_merged_spans(spans))


def iter_merged_spans(spans: Iterable[Span]) -> Iterator[Span]:
    """:func:`merge_spans` one span at a time: masking a large document with its many spans
    builds no second list of them."""
    run_start = run_end = -1
    for start, end in sorted(spans):
        if end <= start:
            continue
        if run_end >= 0 and start <= run_end:
            run_end = max(run_end, end)
        else:
            if run_end >= 0:
                yield run_start, run_end
            run_start, run_end = start, end
    if run_end >= 0:
        yield run_start, run_end


def apply_masks(text: str, spans: Iterable[Span]) -> str:
    """``text`` with the spans masked (newlines kept); same length as ``text``."""
    return join_narrowed(_masked_pieces(text, spans), beyond_bmp(text))


def apply_masks_taking(holder: list[str], spans: Iterable[Span]) -> str:
    """:func:`apply_masks` of the one text in ``holder``, which is emptied: the text is freed
    before the result is joined, so that a large document has two copies in memory at a
    time, not three (a text with one emoji in it costs four bytes per character)."""
    text = holder.pop()
    wide = beyond_bmp(text)
    pieces = _masked_pieces(text, spans)
    del text
    return join_narrowed(pieces, wide)


def _masked_pieces(text: str, spans: Iterable[Span]) -> list[str]:
    pieces: list[str] = []
    pos = 0
    for start, end in iter_merged_spans(spans):
        start = max(start, pos)
        end = min(end, len(text))
        if start >= end:
            continue
        pieces.append(text[pos:start])
        pieces.append(mask_piece(text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return pieces


def keep_only(text: str, keep: Iterable[Span]) -> str:
    """``text`` masked everywhere except in the ``keep`` spans (newlines always kept)."""
    pieces: list[str] = []
    pos = 0
    for start, end in merge_spans(keep):
        start = max(start, pos)
        end = min(end, len(text))
        if start >= end:
            continue
        pieces.append(mask_piece(text[pos:start]))
        pieces.append(text[start:end])
        pos = end
    pieces.append(mask_piece(text[pos:]))
    return join_narrowed(pieces, beyond_bmp(text))


def _token_start(text: str, start: int, anchor: int) -> int:
    """Where the run of token characters ending at ``anchor`` begins (not before ``start``).

    Read in a reversed window before the anchor, widened while the run fills it: a reversed
    copy of the whole text would cost as much memory as the text.
    """
    window = 128
    while True:
        lo = max(start, anchor - window)
        run = _TOKEN_LEFT.match(text[lo:anchor][::-1])
        length = run.end() if run else 0
        if length < anchor - lo or lo == start:
            return anchor - length
        window *= 8


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of URLs, paths, model IDs and identifiers in ``text[start:end]``."""
    if end is None:
        end = len(text)
    spans: list[Span] = []
    with_slash = _IDENTIFIER_WITH_SLASH.fullmatch
    without_slash = _IDENTIFIER_WITHOUT_SLASH.fullmatch
    for m in _ANCHOR.finditer(text, start, end):
        anchor, right = m.span()
        left = _token_start(text, start, anchor)
        if text[anchor] == "(":
            right = anchor + 2  # "()" after a name
        while right > left and text[right - 1] in _TRAILING:
            right -= 1
        if right <= left:
            continue
        identifier = with_slash if text.find("/", left, right) != -1 else without_slash
        if identifier(text, left, right):
            spans.append((left, right))
        elif "://" in text[left:right] or "www." in text[left:right]:
            spans.extend(u.span() for u in URL_RE.finditer(text, left, right))
    return spans


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line's start offset and content (without its line break)."""
    for m in _LINE.finditer(text):
        yield m.start(), m.group().rstrip("\r\n")


def line_starts(text: str) -> list[int]:
    """Offsets at which each line begins (lines end at ``\\r\\n``, ``\\r`` or ``\\n``)."""
    if "\r" not in text:
        starts = [0]
        starts.extend(accumulate(len(line) + 1 for line in text.split("\n")[:-1]))
        return starts
    starts = [0]
    starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    return starts


# A list of values in prose: "Support gae, grpo, reinforce_plus_plus and rloo". Once a
# list holds an identifier (already masked), its lower-case one-word items are values too.
_VALUE = "(?:[a-z][a-z0-9.+-]*|\x00+)"
_LIST_SEPARATOR = r"(?:,[ \t]*(?:(?:or|and)[ \t]+)?|[ \t]+(?:or|and)[ \t]+)"
_VALUE_LIST = re.compile(
    "(?<![\\w\x00-])" + _VALUE + "(?:" + _LIST_SEPARATOR + _VALUE + "){2,}(?![\\w\x00-])"
)
_LIST_WORD = re.compile(r"(?<![\w\x00])[a-z][a-z0-9.+-]*")
_CONNECTIVES = frozenset({"or", "and"})


def value_list_spans(prose: str) -> list[Span]:
    """The lower-case words of lists of three values or more of which one is masked (an
    identifier or code): they are values, not prose."""
    spans: list[Span] = []
    done = -1  # lines up to here are read
    for anchor in _list_anchors(prose):
        if anchor < done:
            continue
        line_start = prose.rfind("\n", 0, anchor) + 1
        line_end = prose.find("\n", anchor)
        line_end = len(prose) if line_end < 0 else line_end
        done = line_end
        for m in _VALUE_LIST.finditer(prose, line_start, line_end):
            words = [
                w.span()
                for w in _LIST_WORD.finditer(prose, m.start(), m.end())
                if w.group() not in _CONNECTIVES
            ]
            if words and "\x00" in m.group():
                spans.extend(words)
    return spans


# A bullet list of bare lower-case words, one an item, three items or more: DeepSpeed's list
# of supported model types ("- bert", "- gpt2", "- opt"). Each item is a value, not prose.
_BARE_WORD_ITEM = re.compile(r"\n[ \t]*[-*+][ \t]+([a-z][a-z0-9._-]*)[ \t]*\r?(?=\n|\Z)")
_BARE_WORD_ITEMS_MIN = 3


def bare_word_list_spans(prose: str) -> list[Span]:
    """The words of bullet lists whose every item is one lower-case word (three items or
    more): a list of values (model types, packages, options), not the writer's sentences.
    (The first line of a document is no list item: a list starts after a line break.)"""
    spans: list[Span] = []
    run: list[Span] = []
    end = -1
    for item in _BARE_WORD_ITEM.finditer(prose):
        if item.start() != end:  # not the line after the previous item: a new list
            if len(run) >= _BARE_WORD_ITEMS_MIN:
                spans.extend(run)
            run = []
        run.append(item.span(1))
        end = item.end()
    if len(run) >= _BARE_WORD_ITEMS_MIN:
        spans.extend(run)
    return spans


def _list_anchors(prose: str) -> list[int]:
    """Offsets where a masked item meets a comma ("\x00," or ", \x00"), in order: the
    only places a list of values holding an identifier can be (str.find is much faster
    than a regex over text that is mostly MASK)."""
    anchors: list[int] = []
    for piece in ("\x00,", ", \x00", ",\x00"):
        at = prose.find(piece)
        while at >= 0:
            anchors.append(at)
            line_end = prose.find("\n", at)
            if line_end < 0:
                break
            at = prose.find(piece, line_end)
    anchors.sort()
    return anchors
