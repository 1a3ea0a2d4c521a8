"""Copyright and licence text: lines a fix never writes into.

A copyright line names its holder as the holder wrote it ("The HuggingFace Team"); a licence
header is a legal text copied word for word. Neither is the writer's prose to correct, so a
fix with an edit on such a line is withdrawn (the finding stays, without the fix).

Legal lines are: any line holding ``Copyright``, ``©``, ``(c) <year>``,
``SPDX-License-Identifier`` or ``Licensed under``; and the whole of an Apache or MIT licence
header, from "Licensed under the Apache License" or "Permission is hereby granted" to
"limitations under the License." or "… OTHER DEALINGS IN THE SOFTWARE." (without such an end,
the paragraph it opens).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from mlgloss.analysis import caseless
from mlgloss.analysis.findings import Finding

_QUICK = re.compile(
    r"copyright|\u00a9|\(c\)|spdx-license|licen[cs]ed under|permission is hereby", re.IGNORECASE
)
# What _QUICK matches in lower case, as plain strings: str.find is faster than the pattern.
_QUICK_WORDS = (
    "copyright",
    "\u00a9",
    "(c)",
    "spdx-license",
    "licensed under",
    "licenced under",
    "permission is hereby",
)
_LEGAL_LINE = re.compile(
    r"copyright|\u00a9|\(c\)\s*(?:19|20)\d\d|SPDX-License-Identifier|licen[sc]ed under",
    re.IGNORECASE,
)
_HEADER_START = re.compile(
    r"licen[sc]ed under the apache licen[sc]e|permission is hereby granted", re.IGNORECASE
)
_HEADER_START_LOWER = caseless.case_sensitive(_HEADER_START)
_HEADER_END = re.compile(
    r"limitations under the licen[sc]e|other dealings in the software",
    re.IGNORECASE,
)
_MAX_HEADER_CHARS = 4000  # an Apache or MIT header is shorter than this
_MAX_OPENING_CHARS = 40  # the longest _HEADER_START match is 35 characters
_PARAGRAPH_BREAK = re.compile(r"\n[ \t#*/<!>-]*\n")


def in_legal_line(text: str, offset: int) -> bool:
    """Whether ``offset`` is on a legal line: read from the text around it only, so that a
    long document with a few fixes costs a few short searches."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end == -1 else line_end
    return _on_legal_line(text, line_start, line_end)


def _on_legal_line(
    text: str, line_start: int, line_end: int, openings: list[int] | None = None
) -> bool:
    """``openings``: the starts of every ``_HEADER_START`` match of a search of the whole
    text, when known; only where one lies near the line is the header window searched."""
    if _LEGAL_LINE.search(text, line_start, line_end):
        return True
    window_start = max(0, line_start - _MAX_HEADER_CHARS)
    if openings is not None:
        # A match of the window search starts at or inside a match of the whole search
        # (leftmost, non-overlapping), so one of those starts lies at most a match's
        # length before it.
        i = bisect.bisect_left(openings, window_start - _MAX_OPENING_CHARS)
        if i == len(openings) or openings[i] >= line_end:
            return False
    found = list(_HEADER_START.finditer(text, window_start, line_end))
    if not found:
        return False
    opening = found[-1].start()
    closing = _HEADER_END.search(text, opening, opening + _MAX_HEADER_CHARS)
    if closing is not None:
        return line_start <= closing.start()
    # No end in sight: the header is the paragraph it opens.
    return _PARAGRAPH_BREAK.search(text, opening, line_start) is None


def may_hold_legal_text(text: str) -> bool:
    """False when the text has no legal line at all (one quick search)."""
    if caseless.folds_apart(text):
        return bool(_QUICK.search(text))
    # No quick word holds a line break: each is found in the piece of lines it is in.
    return any(w in low for _, low in caseless.lowered_pieces(text) for w in _QUICK_WORDS)


def header_openings(text: str) -> list[int]:
    """Where licence headers open in ``text``: one search of the whole text, which spares a
    4,000-character search per fix wherever no header opens near it."""
    return caseless.starts_by_pieces(_HEADER_START, _HEADER_START_LOWER, text)


def without_legal_fixes(
    text: str, findings: Sequence[Finding], openings: list[int] | None = None
) -> list[Finding]:
    """``findings`` with every fix that edits a legal line taken away; ``openings``:
    :func:`header_openings` of the text, from a caller that has seen it may hold legal
    text (each line is still read: the quick search only spares reading them)."""
    if not any(f.fixes for f in findings):
        return list(findings)
    if openings is None:
        if not may_hold_legal_text(text):
            return list(findings)
        openings = header_openings(text)
    verdicts: dict[int, bool] = {}  # line start -> whether the line is legal

    def legal(offset: int) -> bool:
        line_start = text.rfind("\n", 0, offset) + 1
        verdict = verdicts.get(line_start)
        if verdict is None:
            line_end = text.find("\n", offset)
            line_end = len(text) if line_end == -1 else line_end
            verdict = verdicts[line_start] = _on_legal_line(text, line_start, line_end, openings)
        return verdict

    out = []
    for f in findings:
        kept = tuple(
            fix
            for fix in f.fixes
            if not any(legal(e.start) or legal(max(e.start, e.end - 1)) for e in fix.edits)
        )
        out.append(f if len(kept) == len(f.fixes) else replace(f, fixes=kept))
    return out
