"""Writing fixes back to a user's file without changing what the file is.

The new content is written to a temporary file in the directory of the file it replaces,
fsynced, given the file's owner, group and mode, checked against a concurrent change, then
renamed over the file (and the directory fsynced): killed at any moment, the file holds
either its old or its new content. What the file *is* is kept, or the write is refused
with a :class:`NotWritten` that says why (a notice; the file is left untouched):

- a symbolic link stays a link: the write goes to its target, if that lies inside the
  project; a link to a file outside it is refused;
- a file with several hard links is refused: renaming a new file over one name would split
  it from the others, and writing in place could not be atomic;
- a read-only file (no write bit) is refused, even for root; so is one the user may not
  write;
- owner and group are kept: a file owned by someone else is refused unless the process may
  give the new file that owner (root may); a group the process cannot set is refused;
- the permission bits (setuid, setgid and sticky included) are kept.

The temporary file is named ``.<name>.<random>.mlgloss-tmp``: hidden, and of no kind mlgloss
checks, so one left behind by a killed process is never mistaken for a source.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from mlgloss.errors import MlglossError
from mlgloss.files.walk import is_within

TEST_PAUSE_ENV = "MLGLOSS_TEST_PAUSE_BEFORE_RENAME"
"""Test-only: seconds to sleep after the temporary file is written, before the rename, so
tests/hardening/test_faults.py can kill the process exactly there. Never set it otherwise."""


class NotWritten(MlglossError):
    """The file was left as it is; the message says why (for a notice)."""


class FileChanged(NotWritten):
    """The file changed on disk while it was being checked; it is left as it is."""


def _target(path: Path, project: Path | None) -> Path:
    """The file a write to ``path`` must go to: ``path``, or the target of its link."""
    if not os.path.islink(path):
        return path
    target = os.path.realpath(path)
    if project is not None and not is_within(target, os.path.realpath(project)):
        raise NotWritten("a symlink to a file outside the project; not fixed")
    return Path(target)


def _judge(target: Path, info: os.stat_result) -> None:
    """Refuse what a rename over ``target`` could not keep."""
    if not stat.S_ISREG(info.st_mode):
        raise NotWritten("not a regular file; not fixed")
    if info.st_nlink > 1:
        raise NotWritten(
            f"has {info.st_nlink} hard links; not fixed (rewriting it would split them)"
        )
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise NotWritten("read-only; not fixed")
    euid = os.geteuid() if hasattr(os, "geteuid") else None
    if euid is not None and euid != 0:
        if not os.access(target, os.W_OK):
            raise NotWritten("not writable by you; not fixed")
        if info.st_uid != euid:
            raise NotWritten(
                "owned by another user; not fixed (a rewritten file would be owned by you)"
            )


def _keep_owner_and_mode(fd: int, info: os.stat_result) -> None:
    if hasattr(os, "fchown") and (
        info.st_uid != os.fstat(fd).st_uid or info.st_gid != os.fstat(fd).st_gid
    ):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except OSError:
            raise NotWritten("its group cannot be given to a rewritten file; not fixed") from None
    # After chown, which may clear the setuid and setgid bits.
    os.fchmod(fd, stat.S_IMODE(info.st_mode))


def write_fix(
    path: Path,
    data: bytes,
    *,
    expected: bytes,
    expected_mtime_ns: int,
    project: Path | None = None,
) -> Path:
    """Replace the content of ``path`` (or of its link's target) with ``data``.

    Refused, raising :class:`NotWritten`, when the file is no longer ``expected`` (read with
    modification time ``expected_mtime_ns``) or when the write could not keep it what it
    is (see the module docstring). ``project``: links may only lead inside it. Returns the
    file written (the link's target for a link).
    """
    target = _target(path, project)
    info = os.stat(target)
    _judge(target, info)
    directory = target.parent
    import tempfile  # only for --fix

    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mlgloss-tmp", dir=directory)
    try:
        try:
            _keep_owner_and_mode(fd, info)
            with os.fdopen(fd, "wb") as handle:
                fd = -1
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            if fd != -1:
                os.close(fd)
        if pause := os.environ.get(TEST_PAUSE_ENV):
            time.sleep(float(pause))
        current = os.stat(target)
        if (
            current.st_ino != info.st_ino
            or current.st_mtime_ns != expected_mtime_ns
            or target.read_bytes() != expected
        ):
            raise FileChanged("the file changed while it was being checked; not fixed")
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_directory(directory)
    return target


def _sync_directory(directory: Path) -> None:
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


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` as the whole of ``path`` (a report, a new configuration) atomically.

    A temporary file in the same directory is written, fsynced and renamed over ``path``:
    a reader (or a killed run) sees the old content or the new, never a part. A new file
    gets the mode the umask allows; an existing one keeps its mode. Raises ``OSError``.
    """
    import tempfile

    target = Path(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mlgloss-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)
