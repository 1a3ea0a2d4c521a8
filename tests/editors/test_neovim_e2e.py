"""Neovim as the LSP client of the real server: diagnostics, hover and a quick fix, end to end.

Runs ``nvim --headless --clean -u NONE`` (Debian's 0.7.2 in CI, from ``.ci/install-editors.sh``)
with ``tests/editors/neovim/e2e.lua``, which starts ``<this interpreter> -m mlgloss serve``
through ``vim.lsp.start_client``, opens a copy of ``tests/editors/neovim/workspace/README.md``
and records what Neovim saw in a JSON file. Every assertion is here. A missing ``nvim`` is a
failure, not a skip.

The fixture's last line puts an emoji (two UTF-16 units, four bytes) and CJK characters (one
unit, three bytes each) before "Lora", so code-point, UTF-16 and byte columns all differ
there: the diagnostic must arrive in UTF-16, Neovim must place it at the right byte, and the
quick fix must work although Neovim 0.7 sends byte columns in the code-action context.

A second test runs the Neovim 0.7 setup block of ``docs/editors/neovim.md`` as ``init.lua``
(with ``tests/editors/neovim/doc_check.lua``), so the documented configuration is proven to
start the server, attach, show the diagnostic and map ``K``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent / "neovim"
SCRIPT = HERE / "e2e.lua"
FIXTURE = HERE / "workspace"
DOC_CHECK = HERE / "doc_check.lua"
DOC = ROOT / "docs" / "editors" / "neovim.md"
TIMEOUT_S = 120  # the whole nvim run; each wait inside it is bounded by WAIT_MS
WAIT_MS = 20_000
LSP_ERROR = 1  # DiagnosticSeverity.Error and MessageType.Error


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _expected_variants(text: str) -> list[dict[str, int]]:
    """Where each "Lora" of the fixture is: line, and the column in three encodings."""
    out = []
    for line_no, line in enumerate(text.splitlines()):
        start = line.find("Lora")
        while start != -1:
            prefix = line[:start]
            out.append(
                {
                    "line": line_no,
                    "utf16": _utf16(prefix),
                    "codepoints": len(prefix),
                    "bytes": len(prefix.encode("utf-8")),
                }
            )
            start = line.find("Lora", start + 1)
    return out


@pytest.fixture(scope="module")
def nvim() -> str:
    path = shutil.which("nvim")
    if path is None:
        pytest.fail(
            "nvim is not installed, so the Neovim end-to-end test cannot run. "
            "Install it with `bash .ci/install-editors.sh` (or `apt-get install -y neovim`)."
        )
    return path


def _env(tmp_path: Path, result_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "MLGLOSS_E2E_RESULT": str(result_path),
            "MLGLOSS_E2E_TIMEOUT_MS": str(WAIT_MS),
            # the server runs this checkout's code even when mlgloss is not installed
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT / "server"), env.get("PYTHONPATH")) if p
            ),
            # Neovim's lsp.log goes to $XDG_CACHE_HOME/nvim/lsp.log: kept here, shown on failure
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
        }
    )
    env.update(extra)
    return env


def _run(
    cmd: list[str], env: dict[str, str], cwd: Path, tmp_path: Path, result_path: Path
) -> tuple[dict[str, Any], float]:
    """Runs nvim with a bound on the whole run; returns the script's JSON and the seconds taken."""
    started = time.monotonic()
    try:
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        parts = [p for p in (exc.stdout, exc.stderr) if p]  # bytes here even with text=True
        partial = "".join(p.decode(errors="replace") if isinstance(p, bytes) else p for p in parts)
        pytest.fail(f"nvim did not finish within {TIMEOUT_S} s\n{partial}")
    elapsed = time.monotonic() - started
    lsp_log = tmp_path / "cache" / "nvim" / "lsp.log"
    output = proc.stdout + proc.stderr
    if lsp_log.exists():
        output += "\n--- lsp.log ---\n" + lsp_log.read_text(errors="replace")[-4000:]
    print(output)  # pytest shows it when the test fails
    assert result_path.exists(), (
        f"the Lua script wrote no result (nvim exit {proc.returncode}):\n{output[-4000:]}"
    )
    # errors="replace": a wrong edit may break UTF-8 in the buffer; that must fail as an assertion
    result: dict[str, Any] = json.loads(result_path.read_text(encoding="utf-8", errors="replace"))
    return result, elapsed


def _run_nvim(nvim: str, tmp_path: Path) -> tuple[dict[str, Any], float]:
    workspace = tmp_path / "workspace"
    shutil.copytree(FIXTURE, workspace)
    result_path = tmp_path / "result.json"
    env = _env(
        tmp_path,
        result_path,
        MLGLOSS_E2E_PYTHON=sys.executable,
        MLGLOSS_E2E_WORKSPACE=str(workspace),
    )
    cmd = [nvim, "--headless", "--clean", "-u", "NONE", "-c", f"luafile {SCRIPT}"]
    result, elapsed = _run(cmd, env, workspace, tmp_path, result_path)
    result["_workspace"] = str(workspace)
    return result, elapsed


def test_neovim_end_to_end(nvim: str, tmp_path: Path) -> None:
    result, elapsed = _run_nvim(nvim, tmp_path)
    print(f"Neovim {result.get('nvim_version')}: {elapsed:.1f} s")
    assert "error" not in result, f"e2e.lua failed at stage {result['stage']!r}: {result['error']}"
    assert result["stage"] == "done"

    workspace = Path(result["_workspace"])
    text = (FIXTURE / "README.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    expected = _expected_variants(text)
    # The fixture must keep a line where the three column encodings disagree.
    assert any(len({e["utf16"], e["codepoints"], e["bytes"]}) == 3 for e in expected), expected

    # Set-up as the docs describe it.
    assert result["root_dir"] == str(workspace), "root detection should stop at .mlgloss.toml"
    assert result["filetype"] == "markdown"
    assert result["offset_encoding"] == "utf-16"
    assert result["capabilities"]["hover"] and result["capabilities"]["code_action"]

    # Pushed diagnostics, in UTF-16, with the severity the settings asked for.
    publish = result["first_variant_publish"]
    assert publish["uri"] == (workspace / "README.md").as_uri()
    variants = sorted(
        (d for d in publish["diagnostics"] if d.get("code") == "variant"),
        key=lambda d: d["range"]["start"]["line"],
    )
    got = [
        (
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
        )
        for d in variants
    ]
    want = [(e["line"], e["utf16"], e["line"], e["utf16"] + 4) for e in expected]
    assert got == want, f"variant diagnostics at {got}, expected (UTF-16) {want}"
    for d in variants:
        assert d.get("source") == "mlgloss", d
        assert "LoRA" in d["message"], d
        # init_options said "warning", settings.mlgloss (sent after start-up) says "error"
        assert d.get("severity") == LSP_ERROR, d

    # Neovim placed them at the right bytes (its own UTF-16 -> byte conversion).
    placed = sorted(
        (d["lnum"], d["col"], d["end_col"])
        for d in result["vim_diagnostics"]
        if d.get("code") == "variant"
    )
    assert placed == [(e["line"], e["bytes"], e["bytes"] + 4) for e in expected], placed

    # Hover on "LoRA": the server's text and what Neovim's hover window renders.
    hover = result["hover"]
    assert hover.get("error") is None, hover
    assert lines[hover["line"]].startswith("LoRA (")
    assert "Low-Rank Adaptation" in (hover.get("text") or ""), hover
    assert "Low-Rank Adaptation" in "\n".join(hover.get("rendered") or []), hover

    # Quick fixes, requested as vim.lsp.buf.code_action() requests them, applied in UTF-16.
    fixes = {f["line"]: f for f in result["fixes"]}
    assert sorted(fixes) == [e["line"] for e in expected], result["fixes"]
    for e in expected:
        fix = fixes[e["line"]]
        assert fix.get("error") is None, fix
        assert fix.get("kind") == "quickfix", f"no quickfix mentioning LoRA among {fix['titles']}"
        assert fix.get("edit"), f"the quick fix carried no workspace edit: {fix}"
        assert fix["request_range"]["start"]["character"] == e["utf16"], fix["request_range"]
        if result["nvim_version"].startswith("0.7."):
            # 0.7 turns vim.diagnostic's byte columns back into LSP ranges unconverted; the
            # server must not rely on them (it reads the diagnostic's data instead).
            assert [r["start"]["character"] for r in fix["context_ranges"]] == [e["bytes"]], fix
        want_line = (
            lines[e["line"]][: e["codepoints"]] + "LoRA" + lines[e["line"]][e["codepoints"] + 4 :]
        )
        assert fix["line_after"] == want_line, f"line {e['line']}: {fix['line_after']!r}"

    # Only the two words changed, and the server saw it (a new publish without variants).
    assert result["final_lines"] == text.replace("Lora", "LoRA").splitlines()
    assert result["cleared"], f"no variant-free publish after the fixes: {result['last_publish']}"

    # No error popped up, and the server exited cleanly on shutdown/exit.
    errors = [m for m in result["messages"] if m["kind"] == "show" and m["type"] == LSP_ERROR]
    assert not errors, errors
    assert result["exited_cleanly"], "the server did not exit after shutdown/exit"
    assert result["server_exit"]["code"] == 0, result["server_exit"]


def _doc_block(marker: str) -> str:
    """The first ```lua block after ``marker`` in docs/editors/neovim.md."""
    text = DOC.read_text(encoding="utf-8")
    at = text.index(marker)
    start = text.index("```lua\n", at) + len("```lua\n")
    return text[start : text.index("```", start)]


def test_neovim_07_setup_from_the_docs(nvim: str, tmp_path: Path) -> None:
    """The 0.7 block of docs/editors/neovim.md, as init.lua, attaches and shows diagnostics."""
    workspace = tmp_path / "workspace"
    shutil.copytree(FIXTURE, workspace)
    init = tmp_path / "init.lua"
    init.write_text(_doc_block("<!-- The block below is run as init.lua"), encoding="utf-8")
    bin_dir = tmp_path / "bin"  # `mlgloss` on PATH, as the docs assume, running this checkout
    bin_dir.mkdir()
    shim = bin_dir / "mlgloss"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mlgloss "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    result_path = tmp_path / "doc-result.json"
    env = _env(tmp_path, result_path, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    cmd = [
        nvim,
        "--headless",
        "-u",
        str(init),
        "-i",
        "NONE",
        str(workspace / "README.md"),
        "-c",
        f"luafile {DOC_CHECK}",
    ]
    result, elapsed = _run(cmd, env, workspace, tmp_path, result_path)
    print(f"doc setup: {elapsed:.1f} s")

    assert "error" not in result, (
        f"doc_check.lua failed at stage {result['stage']!r}: {result['error']}"
    )
    assert result["filetype"] == "markdown"
    assert result["clients"] == [{"name": "mlgloss", "root_dir": str(workspace)}], result["clients"]
    assert result["got_variant"], (
        f"no variant diagnostic from the documented setup: {result['diagnostics']}"
    )
    text = (FIXTURE / "README.md").read_text(encoding="utf-8")
    want = sorted((e["line"], e["bytes"]) for e in _expected_variants(text))
    got = sorted((d["lnum"], d["col"]) for d in result["diagnostics"] if d["code"] == "variant")
    assert got == want, got
    warn = 2  # vim.diagnostic.severity.WARN: the block sets rules.variant = 'warning'
    assert {d["severity"] for d in result["diagnostics"] if d["code"] == "variant"} == {warn}
    assert result["k_buffer_local"], "on_attach did not map K in the buffer"
    assert result["stopped"], "the client did not stop"
