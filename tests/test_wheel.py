"""A non-editable install carries the built-in glossary inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest


@pytest.mark.slow
def test_wheel_ships_the_builtin_glossary(repo: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(repo),
        ],
        check=True,
    )
    (wheel,) = dist.glob("mlgloss-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The runtime dependencies come from the test environment, not from the network: its
    # site-packages is appended to the new venv's path (after the venv's own, so the wheel's
    # mlgloss wins; an editable mlgloss in the test environment is not activated by this).
    venv_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(venv_site) / "test-deps.pth").write_text("\n".join(sorted(outer)) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    probe = (
        "import mlgloss, sys\n"
        "from mlgloss.glossary.builtin import builtin_path\n"
        "from mlgloss.glossary.layers import load_glossary\n"
        "g = load_glossary()\n"
        "print(mlgloss.__file__); print(builtin_path()); print(len(g))\n"
    )
    out = subprocess.run(
        [str(python), "-c", probe], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout.splitlines()
    package_file, data_path, count = out
    assert Path(package_file).is_relative_to(env_dir), "the wheel's package must be the one used"
    assert Path(data_path).is_relative_to(env_dir) and "glossary_data" in data_path
    assert int(count) > 500
    defined = subprocess.run(
        [str(env_dir / "bin" / "mlgloss"), "define", "LoRA"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert "Low-Rank Adaptation" in defined
    explained = subprocess.run(
        [str(env_dir / "bin" / "mlgloss"), "rule", "variant"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert explained.startswith("# `variant`"), "the wheel carries docs/rules for `mlgloss rule`"
