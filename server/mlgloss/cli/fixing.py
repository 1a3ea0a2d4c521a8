"""Applying safe fixes: in memory until nothing changes, then one atomic, checked write.

The edits themselves are applied by :func:`mlgloss.analysis.fixes.apply_fixes` (the same code
as the editor's "fix all"); this module only repeats it, shows it as a diff and writes the
result: a temporary file in the same directory, fsync, the original file mode, then
``os.replace`` — after checking that the file still holds the bytes read at the start.

The temporary file is named ``.<name>.<random>.mlgloss-tmp``: hidden, and of no kind mlgloss
checks, so one left behind by a killed process is never mistaken for a source.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from mlgloss.analysis.findings import Finding
from mlgloss.errors import MlglossError

MAX_PASSES = 10
"""Fix passes per file: a pass may drop overlapping edits that the next one can apply."""

TEST_PAUSE_ENV = "MLGLOSS_TEST_PAUSE_BEFORE_RENAME"
"""Test-only: seconds to sleep after the temporary file is written, before the rename, so
tests/hardening/test_faults.py can kill the process exactly there. Never set it otherwise."""


class FileChanged(MlglossError):
    """The file changed on disk while it was being checked; it is left as it is."""


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

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{display}",
        tofile=f"b/{display}",
    )
    out = []
    for line in lines:
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def write_atomic(path: Path, data: bytes, expected: bytes, expected_mtime_ns: int) -> None:
    """Replace ``path``'s content with ``data`` unless it no longer holds ``expected``."""
    directory = path.parent
    mode = stat.S_IMODE(path.stat().st_mode)
    import tempfile  # only for --fix

    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mlgloss-tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if pause := os.environ.get(TEST_PAUSE_ENV):
            time.sleep(float(pause))
        current = path.stat()
        if current.st_mtime_ns != expected_mtime_ns or path.read_bytes() != expected:
            raise FileChanged("the file changed while it was being checked; not fixed")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
