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
    # argparse words the error; what the user must get is the bad word and the usage line
    assert run.code == 2 and "'chekc'" in run.err and "usage: mlgloss" in run.err
    run = mlgloss("check", "--format", "xml")
    assert run.code == 2 and "'xml'" in run.err and "--format" in run.err
    run = mlgloss("--version")
    assert run.code == 0 and run.out.startswith("mlgloss ")


def test_default_jobs_by_size(tmp_path: Path) -> None:
    from mlgloss.analysis.config.model import ProjectConfig
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


def test_a_project_glossary_is_parsed_once_then_read_from_the_cache(tmp_path: Path) -> None:
    """The second run reads the project glossary from the cache: no YAML parser at all."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    terms = tmp_path / "terms.yaml"
    terms.write_text(
        "version: 1\nentries:\n  - term: Frobnicator\n    definition: A tool.\n"
        "    forms:\n      - {text: frobnicater, status: deprecated, reason: spelling}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.md").write_text("The frobnicater runs.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = _modules_after(["check", "a.md"], tmp_path, cache)
    assert "yaml" in first
    assert len(list((cache / "mlgloss").glob("project-*.json"))) == 1
    second = _modules_after(["check", "a.md"], tmp_path, cache)
    assert "yaml" not in second
    # An edited glossary is a miss (its bytes are the key): parsed again, and cached too.
    terms.write_text(terms.read_text(encoding="utf-8") + "  - term: Widgetizer\n", encoding="utf-8")
    third = _modules_after(["check", "a.md"], tmp_path, cache)
    assert "yaml" in third
    assert len(list((cache / "mlgloss").glob("project-*.json"))) == 2


def test_findings_with_a_cached_project_glossary_are_the_same(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".mlgloss.toml").write_text('glossary = ["terms.md"]\n', encoding="utf-8")
    (tmp_path / "terms.md").write_text(
        "# Glossary\n\n**Frobnicator**\n: A tool that frobnicates.\n", encoding="utf-8"
    )
    doc = "The Frobnicator runs. We fine-tune with Lora.\n"
    (tmp_path / "a.md").write_text(doc, encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "MLGLOSS_NO_CACHE": ""}
    runs = [mlgloss("check", "--format", "json", "a.md", env=env) for _ in range(2)]
    assert runs[0].code == runs[1].code == 1
    assert json.loads(runs[0].out) == json.loads(runs[1].out)
    assert list((tmp_path / "cache" / "mlgloss").glob("project-*.json"))
