"""Copyright and licence text: lines a fix never writes into.

A copyright line names its holder as the holder wrote it ("The HuggingFace Team"); a licence
header is a legal text copied word for word. Neither is the writer's prose to correct, so a
fix with an edit on such a line is withdrawn (the finding stays, without the fix).

Legal lines are: any line holding ``Copyright``, ``©``, ``(c) <year>``,
``SPDX-License-Identifier`` or ``Licensed under``; and the whole of an Apache or MIT licence
header, from its first line to "limitations under the License." or "… IN THE SOFTWARE.".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from mlgloss.analysis.findings import Finding

_QUICK = re.compile(r"copyright|\u00a9|\(c\)|spdx-license|licen[cs]e|permission is hereby", re.I)
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
_MAX_HEADER_LINES = 40


def legal_spans(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the legal lines of ``text``, in order, not overlapping."""
    if not _QUICK.search(text):
        return []
    spans: list[tuple[int, int]] = []
    lines = text.splitlines(keepends=True)
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line)
    i = 0
    while i < len(lines):
        line = lines[i]
        if _HEADER_START.search(line):
            last = i
            for j in range(i, min(len(lines), i + _MAX_HEADER_LINES)):
                if _HEADER_END.search(lines[j]):
                    last = j
                    break
            spans.append((starts[i], starts[last] + len(lines[last])))
            i = last + 1
            continue
        if _LEGAL_LINE.search(line):
            spans.append((starts[i], starts[i] + len(line)))
        i += 1
    return spans


def without_legal_fixes(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` with every fix that edits a legal line taken away."""
    if not any(f.fixes for f in findings):
        return list(findings)
    spans = legal_spans(text)
    if not spans:
        return list(findings)
    ends = [end for _, end in spans]

    def legal(offset: int) -> bool:
        i = bisect.bisect_right(ends, offset)
        return i < len(spans) and spans[i][0] <= offset

    out = []
    for f in findings:
        kept = tuple(
            fix
            for fix in f.fixes
            if not any(legal(e.start) or legal(max(e.start, e.end - 1)) for e in fix.edits)
        )
        out.append(f if len(kept) == len(f.fixes) else replace(f, fixes=kept))
    return out
