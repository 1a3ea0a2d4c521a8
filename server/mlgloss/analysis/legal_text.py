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

import re
from collections.abc import Sequence
from dataclasses import replace

from mlgloss.analysis.findings import Finding

_QUICK = re.compile(
    r"copyright|\u00a9|\(c\)|spdx-license|licen[cs]ed under|permission is hereby", re.IGNORECASE
)
_LEGAL_LINE = re.compile(
    r"copyright|\u00a9|\(c\)\s*(?:19|20)\d\d|SPDX-License-Identifier|licen[sc]ed under",
    re.IGNORECASE,
)
_HEADER_START = re.compile(
    r"licen[sc]ed under the apache licen[sc]e|permission is hereby granted", re.IGNORECASE
)
_HEADER_END = re.compile(
    r"limitations under the licen[sc]e|other dealings in the software",
    re.IGNORECASE,
)
_MAX_HEADER_CHARS = 4000  # an Apache or MIT header is shorter than this
_PARAGRAPH_BREAK = re.compile(r"\n[ \t#*/<!>-]*\n")


def in_legal_line(text: str, offset: int) -> bool:
    """Whether ``offset`` is on a legal line: read from the text around it only, so that a
    long document with a few fixes costs a few short searches."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end == -1 else line_end
    if _LEGAL_LINE.search(text, line_start, line_end):
        return True
    openings = list(_HEADER_START.finditer(text, max(0, line_start - _MAX_HEADER_CHARS), line_end))
    if not openings:
        return False
    opening = openings[-1].start()
    closing = _HEADER_END.search(text, opening, opening + _MAX_HEADER_CHARS)
    if closing is not None:
        return line_start <= closing.start()
    # No end in sight: the header is the paragraph it opens.
    return _PARAGRAPH_BREAK.search(text, opening, line_start) is None


def may_hold_legal_text(text: str) -> bool:
    """False when the text has no legal line at all (one quick search)."""
    return _QUICK.search(text) is not None


def without_legal_fixes(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` with every fix that edits a legal line taken away."""
    if not any(f.fixes for f in findings) or not may_hold_legal_text(text):
        return list(findings)
    out = []
    for f in findings:
        kept = tuple(
            fix
            for fix in f.fixes
            if not any(
                in_legal_line(text, e.start) or in_legal_line(text, max(e.start, e.end - 1))
                for e in fix.edits
            )
        )
        out.append(f if len(kept) == len(f.fixes) else replace(f, fixes=kept))
    return out
