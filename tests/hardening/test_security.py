"""Security: nothing from the workspace runs, glossary paths stay inside the project unless
the user chose otherwise, notebook outputs are never read, and the limits hold.

Every test runs the installed executable (or the interpreter, where the way it is started
is the point) against a workspace built in ``tmp_path``; markers under /tmp prove that
planted code never ran.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from fixtures_frontend import assert_sane, make_project, run, run_cli, unique_marker

# --- nothing from the workspace is executed or imported ---------------------------------

PLANTED = ("conftest.py", "sitecustomize.py", "usercustomize.py", "mlgloss/__init__.py")


def plant(workspace: Path, tmp_path: Path) -> list[Path]:
    """Files that, if Python executed them, would create a marker each."""
    markers = []
    for name in (*PLANTED, "evil.pth", "mlgloss/__main__.py", "mlgloss/cli/__init__.py"):
        marker = unique_marker(tmp_path, name.replace("/", "_"))
        markers.append(marker)
        path = workspace / name
        path.parent.mkdir(parents=True, exist_ok=True)
        code = f"open({str(marker)!r}, 'w').close()"
        path.write_text(f"import os; {code}\n" if name.endswith(".pth") else code + "\n")
    (workspace / "notes.md").write_text("Fine tuning with Lora.\n", encoding="utf-8")
    return markers


@pytest.mark.parametrize("args", [["check", "."], ["check", "--fix", "."], ["check", "--stdin"]])
def test_mlgloss_executable_runs_nothing_from_the_workspace(
    tmp_path: Path, args: list[str]
) -> None:
    workspace = make_project(tmp_path / "ws")
    markers = plant(workspace, tmp_path)
    result = run_cli(
        [*args, "--no-progress"], workspace, stdin=b"Lora\n" if "--stdin" in args else None
    )
    assert_sane(result)
    # It really ran the real mlgloss: it found (or fixed) the planted finding.
    assert "LoRA" in result.stdout or "Low-Rank" in (workspace / "notes.md").read_text()
    assert [m for m in markers if m.exists()] == []


def test_server_started_in_the_workspace_runs_nothing_from_it(tmp_path: Path) -> None:
    """``mlgloss serve`` (the executable) with the workspace as its working directory."""
    from fixtures_frontend import MLGLOSS, frame, initialize_messages

    workspace = make_project(tmp_path / "ws")
    markers = plant(workspace, tmp_path)
    messages = (
        b"".join(initialize_messages(workspace))
        + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        + frame({"jsonrpc": "2.0", "method": "exit"})
    )
    result = run([MLGLOSS, "serve"], workspace, stdin=messages, timeout=60)
    assert '"id": 2' in result.stdout.replace('"id":2', '"id": 2')
    assert "Traceback" not in result.stderr
    assert [m for m in markers if m.exists()] == []


def test_python_safe_path_start_runs_nothing_from_the_workspace(tmp_path: Path) -> None:
    """``python -P -m mlgloss`` (how an editor should start it from the workspace)."""
    workspace = make_project(tmp_path / "ws")
    markers = plant(workspace, tmp_path)
    result = run([sys.executable, "-P", "-m", "mlgloss", "check", "."], workspace)
    assert_sane(result)
    assert "LoRA" in result.stdout
    assert [m for m in markers if m.exists()] == []


def test_started_as_the_vscode_client_does_runs_nothing_from_the_workspace(
    tmp_path: Path,
) -> None:
    """The VS Code client runs ``python -c "import mlgloss"`` and ``python -m mlgloss serve``
    with ``PYTHONSAFEPATH=1`` from a neutral directory (clients/vscode/src/settings.ts,
    safeProcessOptions). Even with the workspace as working directory, PYTHONSAFEPATH alone
    keeps a planted ``mlgloss/`` package from being imported."""
    workspace = make_project(tmp_path / "ws")
    markers = plant(workspace, tmp_path)
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    probe = run([sys.executable, "-c", "import mlgloss"], workspace, env=env)
    assert probe.returncode == 0
    result = run([sys.executable, "-m", "mlgloss", "check", "."], workspace, env=env)
    assert_sane(result)
    assert "LoRA" in result.stdout
    assert [m for m in markers if m.exists()] == []


# --- glossary and configuration paths stay inside the project -----------------------------


def project_with(tmp_path: Path, glossary: str) -> tuple[Path, Path]:
    outside = tmp_path / "outside.yaml"
    outside.write_text(
        "version: 1\nentries:\n  - term: Frobnicator\n    forms:\n"
        "      - {text: frobnicater, status: deprecated, reason: spelling}\n",
        encoding="utf-8",
    )
    workspace = make_project(tmp_path / "ws")
    (workspace / ".mlgloss.toml").write_text(f"glossary = [{json.dumps(glossary)}]\n")
    (workspace / "notes.md").write_text("The frobnicater runs.\n", encoding="utf-8")
    return workspace, outside


def test_relative_glossary_path_out_of_the_project_is_refused(tmp_path: Path) -> None:
    workspace, _ = project_with(tmp_path, "../outside.yaml")
    result = run_cli(["check", "--no-progress", "."], workspace)
    assert_sane(result)
    assert result.returncode == 2
    assert (
        f"mlgloss: error: {workspace / '.mlgloss.toml'}:1:13: `glossary[0]`: '../outside.yaml' "
        f"points outside the project root {workspace}"
    ) in result.stderr
    assert "frobnicater" not in result.stdout


def test_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    workspace, outside = project_with(tmp_path, "terms.yaml")
    (workspace / "terms.yaml").symlink_to(outside)
    result = run_cli(["check", "--no-progress", "."], workspace)
    assert result.returncode == 2
    assert "'terms.yaml' points outside the project root" in result.stderr


def test_absolute_glossary_path_is_the_users_choice(tmp_path: Path) -> None:
    workspace, outside = project_with(tmp_path, "PLACEHOLDER")
    (workspace / ".mlgloss.toml").write_text(f"glossary = [{json.dumps(str(outside))}]\n")
    result = run_cli(["check", "--no-progress", "."], workspace)
    assert_sane(result)
    assert result.returncode == 1
    assert "notes.md:1:5: warning[variant]" in result.stdout  # the outside glossary applied


def test_glossary_from_a_config_further_up_with_extend(tmp_path: Path) -> None:
    _, outside = project_with(tmp_path, "x.yaml")
    (tmp_path / ".mlgloss.toml").write_text(f'glossary = ["{outside.name}"]\n')
    inner = tmp_path / "ws"
    (inner / ".mlgloss.toml").write_text("extend = true\n")
    result = run_cli(["check", "--no-progress", "."], inner)
    assert_sane(result)
    assert "notes.md:1:5: warning[variant]" in result.stdout


def test_editor_setting_cannot_escape_the_workspace(tmp_path: Path) -> None:
    """The same rule for editor settings (relative to the workspace folder)."""
    from mlgloss.analysis.config.model import ProjectConfig
    from mlgloss.analysis.errors import ConfigError

    workspace, _ = project_with(tmp_path, "x.yaml")
    with pytest.raises(ConfigError, match="points outside the project root"):
        ProjectConfig().with_overrides({"glossary": ["../outside.yaml"]}, base_dir=workspace)


# --- notebook outputs are never read -------------------------------------------------------


def notebook(markdown: str, output_text: str) -> str:
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {"language_info": {"name": "python"}},
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": [markdown]},
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": 1,
                    "source": ["print(1)\n"],
                    "outputs": [
                        {"output_type": "stream", "name": "stdout", "text": [output_text]},
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {"text/markdown": [output_text], "text/plain": [output_text]},
                        },
                        {
                            "output_type": "error",
                            "ename": "Lora",
                            "evalue": output_text,
                            "traceback": [output_text],
                        },
                    ],
                },
            ],
        }
    )


def test_notebook_outputs_are_never_read(tmp_path: Path) -> None:
    workspace = make_project(tmp_path / "ws")
    (workspace / "clean.ipynb").write_text(
        notebook("Fine tuning notes.\n", "Lora and Pytorch and frobnicater\n"), encoding="utf-8"
    )
    (workspace / "control.ipynb").write_text(
        notebook("Fine tuning with Lora.\n", "nothing\n"), encoding="utf-8"
    )
    result = run_cli(["check", "--no-progress", "--format", "json", "."], workspace)
    assert_sane(result)
    findings = json.loads(result.stdout)["findings"]
    assert [f["path"] for f in findings] == ["control.ipynb"]  # the control proves it reads


# --- limits --------------------------------------------------------------------------------


def test_default_file_size_limit_is_2_mib(tmp_path: Path) -> None:
    workspace = make_project(tmp_path / "ws")
    line = "Lora " * 20 + "\n"
    (workspace / "at.md").write_text(line * (2 * 1024 * 1024 // len(line)), encoding="utf-8")
    (workspace / "over.md").write_text("x" * (2 * 1024 * 1024 + 1), encoding="utf-8")
    result = run_cli(["check", "--no-progress", "--format", "json", "."], workspace)
    assert_sane(result)
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == ["at.md"]
    assert "skipped over.md: larger than max_file_size (2097153 > 2097152 bytes)" in result.stderr


def test_configured_file_size_limit_is_enforced(tmp_path: Path) -> None:
    workspace = make_project(tmp_path / "ws")
    (workspace / ".mlgloss.toml").write_text("max_file_size = 100\n")
    (workspace / "small.md").write_text("Lora\n", encoding="utf-8")
    (workspace / "big.md").write_text("Lora\n" * 21, encoding="utf-8")  # 105 bytes
    result = run_cli(["check", "--no-progress", "small.md", "big.md"], workspace)
    assert "skipped big.md: larger than max_file_size (105 > 100 bytes)" in result.stderr
    assert "small.md:1:1" in result.stdout


def test_findings_per_file_are_capped_at_1000(tmp_path: Path) -> None:
    workspace = make_project(tmp_path / "ws")
    (workspace / "many.md").write_text("Lora Pytorch\n" * 1500, encoding="utf-8")
    result = run_cli(["check", "--no-progress", "--format", "json", "many.md"], workspace)
    assert_sane(result)
    report = json.loads(result.stdout)
    assert len(report["findings"]) == 1000
    assert report["files"][0]["truncated"] is True
    text = run_cli(["check", "--no-progress", "many.md"], workspace)
    assert "many.md: too many findings; only the first ones are reported" in text.stderr


def test_a_very_long_line_under_the_size_limit_is_bounded(tmp_path: Path) -> None:
    """There is no separate line-length limit: a 2 MB line is the size limit's business."""
    workspace = make_project(tmp_path / "ws")
    (workspace / "line.md").write_text("Lora " * 400_000, encoding="utf-8")  # 2,000,000 bytes
    result = run_cli(["check", "--no-progress", "--format", "json", "line.md"], workspace)
    assert_sane(result)
    assert len(json.loads(result.stdout)["findings"]) == 1000
