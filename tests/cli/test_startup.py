"""Start-up of ``mlgloss``: only what a run needs is imported, and help still lists everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import RunMlgloss

# Imported by `mlgloss check` only when a run needs them (a glob, a TOML file, several
# processes, a baseline, git, a search, another subcommand, a YAML parse).
LAZY = (
    "mlgloss.cli.define_cmd",
    "mlgloss.cli.search_cmd",
    "mlgloss.cli.glossary_cmd",
    "mlgloss.cli.serve_cmd",
    "mlgloss.cli.baseline",
    "mlgloss.cli.changed",
    "concurrent.futures.process",
    "subprocess",
    "mlgloss.files.patterns",
    "tomllib",
    "yaml",
)

_PROBE = """
import json, sys
from mlgloss.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _modules_after(args: list[str], cwd: Path, cache: Path) -> set[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("MLGLOSS_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, 1), done.stderr
    return set(report["modules"])


def test_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.md").write_text("We fine-tune a neural network.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    _modules_after(["check", "--jobs", "1", "a.md"], tmp_path, cache)  # fills the cache
    # No --jobs: a small run stays in this process (no pool module either).
    modules = _modules_after(["check", "a.md"], tmp_path, cache)
    assert "mlgloss.cli.check_cmd" in modules
    assert sorted(m for m in LAZY if m in modules) == []


def test_help_lists_every_command(mlgloss: RunMlgloss) -> None:
    run = mlgloss("--help")
    assert run.code == 0
    for command in ("check", "define", "search", "glossary", "serve"):
        assert command in run.out


def test_subcommand_help_and_errors(mlgloss: RunMlgloss) -> None:
    run = mlgloss("check", "--help")
    assert run.code == 0 and "--jobs" in run.out
    run = mlgloss("chekc")
    assert run.code == 2 and "invalid choice: 'chekc'" in run.err
    run = mlgloss("check", "--format", "xml")
    assert run.code == 2 and "invalid choice: 'xml'" in run.err
    run = mlgloss("--version")
    assert run.code == 0 and run.out.startswith("mlgloss ")


def test_default_jobs_by_size(tmp_path: Path) -> None:
    from mlgloss.analysis.config import ProjectConfig
    from mlgloss.analysis.document import DocumentKind
    from mlgloss.cli.check_cmd import SMALL_RUN_BYTES, _default_jobs
    from mlgloss.cli.checker import cpu_count
    from mlgloss.files.walk import Candidate

    def candidates(size: int) -> list[Candidate]:
        one = Candidate(tmp_path / "a.md", "a.md", DocumentKind.MARKDOWN, size, ProjectConfig())
        return [one, one]

    assert _default_jobs(candidates(SMALL_RUN_BYTES // 2 - 1)) == 1
    assert _default_jobs(candidates(SMALL_RUN_BYTES // 2)) == cpu_count()


def test_a_profiled_run_still_writes_its_profile(tmp_path: Path) -> None:
    """The quick exit of `mlgloss check` steps aside when a profiler is watching."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.md").write_text("We fine-tune a neural network.\n", encoding="utf-8")
    profile = tmp_path / "check.prof"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mlgloss", "check", "a.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert profile.is_file() and profile.stat().st_size > 0
