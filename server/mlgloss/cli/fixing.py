"""Applying safe fixes: in memory until nothing changes, then one atomic, checked write.

The edits themselves are applied by :func:`mlgloss.analysis.fixes.apply_fixes` (the same code
as the editor's "fix all"); this module only repeats it and shows it as a diff. The result
is written by :func:`mlgloss.files.writing.write_fix` (atomic, and refusing what it could
not keep: links, owner, mode, read-only files).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mlgloss.analysis.findings import Finding
from mlgloss.files.reading import FileBytes

MAX_PASSES = 10
"""Fix passes per file: a pass may drop overlapping edits that the next one can apply."""


def _apply_fixes(text: str, findings: Sequence[Finding]) -> str:
    from mlgloss.analysis.fixes import apply_fixes

    result: str = apply_fixes(text, findings)
    return result


def has_safe_fix(findings: Sequence[Finding]) -> bool:
    return any(fix.safe for f in findings for fix in f.fixes)


def fix_text(
    text: str, findings: Sequence[Finding], analyze: Callable[[str], Sequence[Finding]]
) -> tuple[str, Sequence[Finding]]:
    """The text with safe fixes applied (repeatedly) and the findings that remain in it."""
    for _ in range(MAX_PASSES):
        if not has_safe_fix(findings):
            break
        fixed = _apply_fixes(text, findings)
        if fixed == text:
            break
        text = fixed
        findings = analyze(text)
    return text, findings


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
