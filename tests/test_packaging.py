"""Release packaging: one version number, and a wheel and sdist that `twine check` accepts.

The wheel, the sdist and the VS Code extension carry one version: ``server/mlgloss/__init__.py``
(which ``pyproject.toml`` reads through hatch) and ``clients/vscode/package.json``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import mlgloss


def test_extension_and_package_share_one_version(repo: Path) -> None:
    extension = json.loads((repo / "clients" / "vscode" / "package.json").read_text("utf-8"))
    assert extension["version"] == mlgloss.__version__
    assert 'dynamic = ["version"]' in (repo / "pyproject.toml").read_text("utf-8")


@pytest.mark.slow
def test_build_and_twine_check_pass_on_wheel_and_sdist(repo: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    version = mlgloss.__version__
    (wheel,) = dist.glob("mlgloss-*.whl")
    (sdist,) = dist.glob("mlgloss-*.tar.gz")
    assert wheel.name.startswith(f"mlgloss-{version}-py3-none-any"), wheel.name
    assert sdist.name == f"mlgloss-{version}.tar.gz"
    twine = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert twine.returncode == 0, twine.stdout + twine.stderr
    assert twine.stdout.count("PASSED") == 2, twine.stdout
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        metadata = zf.read(f"mlgloss-{version}.dist-info/METADATA").decode()
    assert "mlgloss/glossary_data/builtin.yaml" in names
    assert f"Version: {version}" in metadata
    with tarfile.open(sdist) as tf:
        members = tf.getnames()
    assert f"mlgloss-{version}/glossary/builtin.yaml" in members
    assert not any("bundled/libs" in m for m in members), "the sdist must not carry the bundle"
