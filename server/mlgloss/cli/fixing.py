"""Applying fixes: in memory until nothing changes, then one atomic, checked write.

The edits are chosen by :func:`mlgloss.analysis.fixes.chosen_fixes` (the same code as the
editor's "Fix all"): the safe fixes, and the unsafe ones too with ``--unsafe-fixes``; this
module only repeats it and shows it as a diff. The result is written by
:func:`mlgloss.files.writing.write_fix` (atomic, and refusing what it could not keep: links,
owner, mode, read-only files).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mlgloss.analysis.findings import Finding
from mlgloss.files.reading import FileBytes

MAX_PASSES = 10
"""Fix passes per file: a pass may drop overlapping edits that the next one can apply."""


def has_fix(findings: Sequence[Finding], unsafe: bool = False) -> bool:
    """Whether any finding has a fix a fix-all would apply."""
    return any(f.fix is not None and (f.fix.safe or unsafe) for f in findings)


def fix_text(
    text: str,
    findings: Sequence[Finding],
    analyze: Callable[[str], Sequence[Finding]],
    unsafe: bool = False,
) -> tuple[str, Sequence[Finding], int]:
    """The text with the chosen fixes applied (repeatedly), the findings that remain in it,
    and how many fixes were written, every pass counted."""
    from mlgloss.analysis.fixes import apply_edits, chosen_fixes

    applied = 0
    for _ in range(MAX_PASSES):
        if not has_fix(findings, unsafe):
            break
        fixes = chosen_fixes(findings, unsafe=unsafe)
        fixed = apply_edits(text, fixes)
        if fixed == text:
            break
        applied += len(fixes)
        text = fixed
        findings = analyze(text)
    return text, findings, applied


def unified_diff(display: str, before: str, after: str) -> str:
    """A unified diff of two texts, line endings shown as they are in the file."""
    import difflib  # only for --diff

    from mlgloss.cli.escape import printable

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{printable(display)}",  # a name cannot forge diff lines
        tofile=f"b/{printable(display)}",
    )
    out = []
    for line in lines:
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def write_fixed(path: Path, data: bytes, read: FileBytes, project: Path | None) -> None:
    """Write the fixed bytes over what was ``read``; raises
    :class:`~mlgloss.files.writing.NotWritten` (the file untouched) saying why not."""
    from mlgloss.files.writing import write_fix  # only for --fix

    write_fix(path, data, expected=read.raw, expected_mtime_ns=read.mtime_ns, project=project)
