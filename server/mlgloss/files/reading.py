"""Reading a file to check it: regular files only, bounded, then binary and encoding checks.

A path is judged after its links are followed, *before* it is opened: a FIFO, a socket or a
device (a link to ``/dev/zero``, a FIFO named ``notes.md``) is refused without opening it,
since opening some devices acts on them and reading a FIFO waits for a writer. The file is
then opened without blocking and checked again on the open descriptor (it may have been
swapped meanwhile), and at most ``limit + 1`` bytes are read, so no file can make a reader
hold more than its size limit.

The text handed to the engine is the decoded bytes with every line ending as written
(``newline=""`` semantics): CRLF, LF and mixed files are never translated, so fixes can be
written back byte for byte. Only UTF-8 is read, with or without a byte-order mark.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass

BINARY_SNIFF = 8192
"""A NUL byte within this many leading bytes marks a file as binary."""

_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotText(Exception):
    """The bytes are not text mlgloss reads; ``str()`` says why, for a skip notice."""


class Unreadable(Exception):
    """The file is not read at all; ``str()`` says why, for a skip notice."""


class Missing(Unreadable):
    """There is no file at the path (or a link leads nowhere)."""


class TooLarge(Unreadable):
    """The file holds more than the limit: ``size`` bytes (at least ``limit + 1``)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(too_large(size, limit))
        self.size = size
        self.limit = limit


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    bom: bool  # the file starts with a UTF-8 byte-order mark (kept when writing)

    def encode(self, text: str) -> bytes:
        """``text`` encoded as this file was: UTF-8, with the BOM if it had one."""
        data = text.encode("utf-8")
        return codecs.BOM_UTF8 + data if self.bom else data


@dataclass(frozen=True, slots=True)
class FileBytes:
    """A file's bytes and the state they were read in (to detect a concurrent change)."""

    raw: bytes
    mtime_ns: int
    device: int
    inode: int


def kind_of_mode(mode: int) -> str:
    """What a non-regular file is, in words, for a notice."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is never read (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    return f"not a regular file ({kind_of_mode(mode)}; not read)"


def too_large(size: int, limit: int) -> str:
    return f"larger than max_file_size ({size} > {limit} bytes)"


def read_bytes(path: str | os.PathLike[str], limit: int) -> FileBytes:
    """At most ``limit`` bytes of a regular file; raises :class:`Unreadable` saying why not."""
    try:
        before = os.stat(path)
    except FileNotFoundError as exc:
        raise Missing(f"cannot read: {_reason(exc)}") from None
    except (OSError, ValueError) as exc:
        raise Unreadable(f"cannot read: {_reason(exc)}") from None
    if (why := not_regular(before.st_mode)) is not None:
        raise Unreadable(why)
    if before.st_size > limit:
        raise TooLarge(before.st_size, limit)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise Unreadable(f"cannot read: {_reason(exc)}") from None
    try:
        opened = os.fstat(fd)
        if (why := not_regular(opened.st_mode)) is not None:
            raise Unreadable(why)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Unreadable(f"cannot read: {_reason(exc)}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise TooLarge(len(raw), limit)
    return FileBytes(raw, opened.st_mtime_ns, opened.st_dev, opened.st_ino)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def decode(raw: bytes) -> Decoded:
    """The text of a file's bytes; raises :class:`NotText` for binary or non-UTF-8 data."""
    for mark, name in _OTHER_BOMS:
        if raw.startswith(mark):
            raise NotText(f"{name} encoded (only UTF-8 is read)")
    if b"\x00" in raw[:BINARY_SNIFF]:
        raise NotText("binary file (NUL byte)")
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[len(codecs.BOM_UTF8) :] if bom else raw
    try:
        return Decoded(body.decode("utf-8"), bom)
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        column = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NotText(
            f"not UTF-8 (byte 0x{body[exc.start]:02x} at line {line}, byte {column}); "
            "convert it to UTF-8 to check it"
        ) from None


def read_text(path: str | os.PathLike[str], limit: int) -> tuple[FileBytes, Decoded]:
    """A file's bytes and text; raises :class:`Unreadable` or :class:`NotText`."""
    data = read_bytes(path, limit)
    return data, decode(data.raw)
