"""In-process tests of the CLI's small pure parts: positions, decoding, safe writes, progress."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from mlgloss.cli import parallel
from mlgloss.cli.fixing import unified_diff
from mlgloss.cli.line_columns import LineIndex
from mlgloss.files.reading import NotText, decode
from mlgloss.files.writing import FileChanged, write_fix


def test_line_index_counts_code_points_and_every_line_break() -> None:
    index = LineIndex("a🤗b\r\nc\rd\ne\u2028f")
    assert index.line_col(2) == (1, 3)  # "b": 🤗 is one column
    assert index.line_col(5) == (2, 1)  # after CRLF
    assert index.line_col(7) == (3, 1)  # after a lone CR
    assert index.line_col(11) == (4, 3)  # U+2028 does not end a line
    assert index.line_text(1) == "a🤗b"


def test_decode() -> None:
    assert decode(b"\xef\xbb\xbfx").bom is True
    assert decode(b"\xef\xbb\xbfx").encode("y") == b"\xef\xbb\xbfy"
    with pytest.raises(NotText, match="binary"):
        decode(b"PK\x03\x04\x00")
    with pytest.raises(NotText, match="UTF-16"):
        decode("x".encode("utf-16"))
    with pytest.raises(NotText, match=r"byte 0xff at line 2, byte 3"):
        decode(b"ok\nab\xff")


def test_write_fix_refuses_a_file_that_changed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    mtime = path.stat().st_mtime_ns
    path.write_bytes(b"someone else's edit")
    with pytest.raises(FileChanged):
        write_fix(path, b"new", expected=b"old", expected_mtime_ns=mtime)
    assert path.read_bytes() == b"someone else's edit"
    assert os.listdir(tmp_path) == ["a.md"]


def test_write_fix_replaces(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    write_fix(path, b"new", expected=b"old", expected_mtime_ns=path.stat().st_mtime_ns)
    assert path.read_bytes() == b"new"


def test_diff_marks_a_missing_final_newline() -> None:
    assert unified_diff("a.md", "x", "y").endswith("+y\n\\ No newline at end of file\n")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = _Tty()
    monkeypatch.setattr(parallel, "PROGRESS_AFTER", 0.0)
    progress = parallel.Progress(3, stream=tty)
    progress.update(3)
    progress.close()
    assert "checked 3/3 files" in tty.getvalue()
    pipe = io.StringIO()
    quiet = parallel.Progress(3, stream=pipe)
    quiet.update(3)
    quiet.close()
    assert pipe.getvalue() == ""
