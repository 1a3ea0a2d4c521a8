"""Installs mlgloss and its runtime dependencies into ``bundled/libs`` for the ``.vsix``.

``npm run package`` runs this before ``vsce package``. It builds mlgloss from this repository
(``pip install --target``, so the wheel's layout, built-in glossary included), then strips
compiled extension modules: every runtime dependency works without them (PyYAML falls back to
its pure-Python loader, rapidfuzz to its Python implementation), so one ``.vsix`` serves every
platform and every Python from 3.11 on. It refuses to bundle when the extension's version and
the Python package's differ, checks that the bundle imports and checks a sentence in an
isolated interpreter, and prints the bundle's size.

usage: python3 scripts/bundle_python.py        (from clients/vscode/, or anywhere)
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

EXTENSION = Path(__file__).resolve().parents[1]
REPO = EXTENSION.parents[1]
LIBS = EXTENSION / "bundled" / "libs"
LAUNCHER = EXTENSION / "bundled" / "tool" / "launch.py"
COMPILED = ("*.so", "*.pyd", "*.dylib")


def package_versions() -> tuple[str, str]:
    """The Python package's version (mlgloss/__init__.py, which pyproject.toml reads) and the
    extension's (package.json)."""
    init = (REPO / "server" / "mlgloss" / "__init__.py").read_text(encoding="utf-8")
    extension = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    found = re.search(r'^__version__ = "([^"]+)"', init, re.M)
    if found is None:
        raise SystemExit("bundle: no __version__ in server/mlgloss/__init__.py")
    return found.group(1), str(extension["version"])


def tree_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> int:
    wheel, extension = package_versions()
    if wheel != extension:
        print(
            f"bundle: versions differ: mlgloss {wheel} (server/mlgloss/__init__.py), "
            f"extension {extension} (clients/vscode/package.json)",
            file=sys.stderr,
        )
        return 1
    shutil.rmtree(LIBS, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "libs"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-compile",
                "--no-warn-script-location",
                "--target",
                str(target),
                str(REPO),
            ],
            check=True,
        )
        for pattern in COMPILED:
            for path in target.rglob(pattern):
                path.unlink()
        for junk in [*target.rglob("__pycache__"), target / "bin"]:
            shutil.rmtree(junk, ignore_errors=True)
        LIBS.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(target), LIBS)

    probe = subprocess.run(
        [sys.executable, "-I", str(LAUNCHER), "--probe"], capture_output=True, text=True, check=True
    )
    answer = json.loads(probe.stdout)
    if answer.get("mlgloss") != wheel or not Path(answer["location"]).is_relative_to(LIBS):
        print(f"bundle: the bundled mlgloss does not import: {answer}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.md"
        sample.write_text("We fine-tune Lora adapters.\n", encoding="utf-8")
        check = subprocess.run(
            [sys.executable, "-I", str(LAUNCHER), "check", "--format", "json", str(sample)],
            capture_output=True,
            text=True,
            cwd=tmp,
            check=False,
        )
    if check.returncode != 1 or '"variant"' not in check.stdout:
        print(
            f"bundle: the bundled mlgloss did not check a sample:\n{check.stderr}", file=sys.stderr
        )
        return 1
    count, size = tree_size(LIBS)
    print(
        f"bundle: mlgloss {wheel} and its dependencies in {LIBS.relative_to(EXTENSION)}: "
        f"{count} files, {size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
