"""Vim with ALE as the LSP client of the real server: diagnostics and ALE's own code action.

Runs ``vim -es`` (Debian's Vim 9 and vim-ale 3.3, from ``.ci/install-editors.sh``) with
``tests/editors/vim/e2e.vim``, which defines mlgloss as an ALE LSP linter started as
``<this interpreter> -m mlgloss serve``, opens a copy of a fixture, and asks for code actions
through ``ale#codefix#Execute``, ALE's own request: a diagnostic with only code, message and
range, no ``data`` and no ``source``. The single replacement must be offered (not only "Fix
all") and, applied through ALE, must fix the buffer. A second test runs the ALE block of
``docs/editors/vim.md`` as the vimrc. A missing ``vim`` or ALE is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent / "vim"
ALE = Path("/usr/share/vim-ale")
DOC = ROOT / "docs" / "editors" / "vim.md"
TEXT = "# Notes\n\nWe fine-tune with Lora adapters.\n"


def _vim() -> str:
    vim = shutil.which("vim")
    if vim is None or not (ALE / "autoload" / "ale" / "codefix.vim").is_file():
        pytest.fail("vim and vim-ale are needed: bash .ci/install-editors.sh", pytrace=False)
    return vim


def _run(tmp_path: Path, args: list[str]) -> dict[str, Any]:
    doc = tmp_path / "README.md"
    doc.write_text(TEXT, encoding="utf-8")
    result = tmp_path / "result.json"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "MLGLOSS_PYTHON": sys.executable,
        "MLGLOSS_FILE": str(doc),
        "MLGLOSS_RESULT": str(result),
        "MLGLOSS_ALE": str(ALE),
    }
    done = subprocess.run(
        [_vim(), "-N", "-i", "NONE", "-n", "-es", *args],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.exists(), f"vim wrote no result (exit {done.returncode}): {done.stderr}"
    out: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in out, out["error"]
    return out


def test_ale_gets_the_diagnostic_and_the_single_quick_fix(tmp_path: Path) -> None:
    out = _run(tmp_path, ["-u", "NONE", "-S", str(HERE / "e2e.vim")])
    assert out["stage"] == "done", out
    variants = [d for d in out["diagnostics"] if d["code"] == "variant"]
    assert variants == [
        {
            "lnum": 3,
            "col": 19,
            "end_col": 22,
            "code": "variant",
            "text": "Write 'LoRA' instead of 'Lora' (casing)",
        }
    ]
    assert out["actions"][0] == "Replace with 'LoRA'", out["actions"]
    assert out["line"] == "We fine-tune with LoRA adapters."


def test_the_documented_vimrc_starts_mlgloss(tmp_path: Path) -> None:
    page = DOC.read_text(encoding="utf-8")
    ale_section = page.split("## ALE", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```vim\n(.*?)```", ale_section, re.S)
    vimrc = tmp_path / "vimrc"
    vimrc.write_text("packadd! ale\n" + block, encoding="utf-8")
    out = _run(tmp_path, ["-u", str(vimrc), "-S", str(HERE / "doc_check.vim")])
    assert {"lnum": 3, "col": 19, "code": "variant"} in out["diagnostics"], out
