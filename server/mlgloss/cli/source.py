"""Reading a file for checking: binary detection, UTF-8 with or without BOM, nothing else.

The text handed to the engine is the decoded bytes with every line ending as written
(``newline=""`` semantics): CRLF, LF and mixed files are never translated, so fixes can be
written back byte for byte.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

BINARY_SNIFF = 8192
"""A NUL byte within this many leading bytes marks a file as binary."""

_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class NotText(Exception):
    """The bytes are not text mlgloss reads; ``str()`` says why, for a skip notice."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    bom: bool  # the file starts with a UTF-8 byte-order mark (kept when writing)

    def encode(self, text: str) -> bytes:
        """``text`` encoded as this file was: UTF-8, with the BOM if it had one."""
        data = text.encode("utf-8")
        return codecs.BOM_UTF8 + data if self.bom else data


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
