"""Hostile files through the installed ``mlgloss check`` executable.

Each test runs the real executable in a child process under a liveness timeout and asserts
what the user sees: a clear message naming the file (and line, where there is one) or a
bounded result; never a traceback, never a hang, peak memory under a generous bound
(:data:`fixtures_frontend.MEMORY_BOUND_KB`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures_frontend import (
    assert_sane,
    corpus_lines,
    make_project,
    run_cli,
    unique_marker,
    yaml_alias_bomb,
)

DEEP = 100_000


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def check(project: Path, *args: str, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    result = run_cli(["check", "--no-progress", "--jobs", "1", *args], project, timeout=timeout)
    assert_sane(result)
    return result


def json_report(project: Path, *args: str, timeout: float = 60.0) -> dict:  # type: ignore[type-arg]
    result = check(project, "--format", "json", *args, timeout=timeout)
    report: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return report


def test_binary_file_is_skipped_with_a_notice(project: Path) -> None:
    (project / "data.md").write_bytes(b"LoRA \x00\x01\x02" + bytes(range(256)) * 64)
    result = check(project, ".")
    assert result.returncode == 0
    assert "skipped data.md: binary file (NUL byte)" in result.stderr


def test_invalid_utf8_names_file_line_and_byte(project: Path) -> None:
    (project / "notes.md").write_bytes(b"Fine tuning with Lora.\nbad \xff\xfe here\n")
    result = check(project, ".")
    assert result.returncode == 0
    assert "skipped notes.md: not UTF-8 (byte 0xff at line 2, byte 5)" in result.stderr


def test_utf16_file_is_named_not_misread(project: Path) -> None:
    (project / "notes.md").write_bytes("Lora fine tuning\n".encode("utf-16"))
    result = check(project, ".")
    assert "skipped notes.md: UTF-16 encoded (only UTF-8 is read)" in result.stderr


def test_50_mb_one_line_file_is_skipped_over_the_size_limit(project: Path) -> None:
    (project / "huge.md").write_text("Lora fine tuning word " * 2_400_000, encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 0
    assert "skipped huge.md: larger than max_file_size (52800000 > 2097152 bytes)" in result.stderr
    assert "0 files checked" in result.stdout


def test_50_mb_one_line_file_named_explicitly_is_still_skipped(project: Path) -> None:
    (project / "huge.md").write_text("x" * 52_000_000, encoding="utf-8")
    result = check(project, "huge.md")
    assert "skipped huge.md: larger than max_file_size" in result.stderr


def test_50_mb_line_under_a_raised_limit_is_analysed_within_bounds(project: Path) -> None:
    """A project may raise max_file_size: a sparse 50 MB line is then read, in bounded memory,
    and, past the engine's own limit, reported as too large to check, not as checked."""
    (project / ".mlgloss.toml").write_text("max_file_size = 60000000\n", encoding="utf-8")
    (project / "huge.md").write_text("abcdefgh " * 5_800_000, encoding="utf-8")
    report = json_report(project, "huge.md")
    assert report["summary"]["files_checked"] == 0
    assert [s["path"] for s in report["skipped"]] == ["huge.md"]
    assert "too large to check" in report["skipped"][0]["reason"]
    assert report["errors"] == []


def test_200000_line_markdown_gives_a_bounded_report(project: Path) -> None:
    (project / ".mlgloss.toml").write_text("max_file_size = 20000000\n", encoding="utf-8")
    lines = corpus_lines(200_000)
    (project / "long.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = json_report(project, "long.md")
    assert report["errors"] == []
    assert report["files"][0]["truncated"] is (len(report["findings"]) == 1000)
    findings = report["findings"]
    assert 0 < len(findings) <= 1000  # MAX_FINDINGS_PER_FILE
    assert all(1 <= f["line"] <= 200_000 for f in findings)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", "[" * DEEP + "]" * DEEP + "\n"),
        ("deepmap.json", '{"a": ' * DEEP + "1" + "}" * DEEP + "\n"),
        ("deep.yaml", "x: " + "[" * DEEP + "]" * DEEP + "\n"),
        ("deepmap.yaml", "{a: " * DEEP + "}" * DEEP + "\n"),
        ("deep.toml", "a = " + "[" * DEEP + "]" * DEEP + "\n"),
        ("deep.py", "x = " + "(" * DEEP + ")" * DEEP + "\n"),
        ("deep.md", "> " * DEEP + "Lora\n" + "- " * 50_000 + "x\n"),
    ],
)
def test_deeply_nested_documents_give_a_bounded_result(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")
    report = json_report(project, name)
    for error in report["errors"]:  # a parse error is allowed, if it names the file
        assert error["path"] == name, error


@pytest.mark.parametrize(
    "cells",
    [
        "[" * DEEP + "]" * DEEP,
        '[{"cell_type": "markdown", "source": ' + "[" * DEEP + "]" * DEEP + "}]",
    ],
)
def test_deeply_nested_notebook_is_a_named_error(project: Path, cells: str) -> None:
    (project / "deep.ipynb").write_text('{"cells": ' + cells + "}", encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 1
    assert "deep.ipynb: error: not a readable notebook: nested too deeply" in result.stdout


def test_yaml_alias_bomb_in_a_checked_file_is_bounded(project: Path) -> None:
    (project / "bomb.yaml").write_text(yaml_alias_bomb(), encoding="utf-8")
    report = json_report(project, "bomb.yaml")
    assert report["errors"] == []


def test_python_tag_in_a_checked_yaml_file_is_never_executed(project: Path, tmp_path: Path) -> None:
    marker = unique_marker(tmp_path, "checked-yaml")
    (project / "train.yaml").write_text(
        f'learning_rate: 0.1\ncmd: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"other: !!python/object/new:subprocess.Popen [[touch, {marker}]]\n",
        encoding="utf-8",
    )
    check(project, ".")
    assert not marker.exists()


def test_python_tag_in_the_project_glossary_is_refused_at_its_line(
    project: Path, tmp_path: Path
) -> None:
    marker = unique_marker(tmp_path, "glossary")
    (project / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    (project / "terms.yaml").write_text(
        "version: 1\nentries:\n  - id: evil\n"
        f'    term: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    (project / "doc.md").write_text("Fine tuning with LoRA.\n", encoding="utf-8")
    result = check(project, ".")
    assert not marker.exists()
    assert result.returncode == 2
    assert f"mlgloss: error: {project / 'terms.yaml'}:4:11: term must be a string" in result.stderr


def test_python_tag_at_the_glossary_root_is_refused(project: Path, tmp_path: Path) -> None:
    marker = unique_marker(tmp_path, "glossary-root")
    (project / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    (project / "terms.yaml").write_text(
        f'!!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    (project / "doc.md").write_text("Fine tuning with LoRA.\n", encoding="utf-8")
    result = check(project, ".")
    assert not marker.exists()
    assert result.returncode == 2
    assert f"{project / 'terms.yaml'}:1:1:" in result.stderr


def test_yaml_alias_bomb_in_the_project_glossary_is_refused(project: Path) -> None:
    (project / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    bomb = yaml_alias_bomb().replace("\n", "\n      ")
    (project / "terms.yaml").write_text(
        "version: 1\nentries:\n  - id: bomb\n    term: bomb\n    tests:\n"
        f"      flag: [x]\n      pass: &root\n      - {bomb}\n  - id: again\n"
        "    term: again\n    tests: {flag: [y], pass: *root}\n",
        encoding="utf-8",
    )
    (project / "doc.md").write_text("Fine tuning with LoRA.\n", encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert f"mlgloss: error: {project / 'terms.yaml'}:" in result.stderr


def test_notebook_with_broken_json_is_named_with_its_line(project: Path) -> None:
    (project / "broken.ipynb").write_text(
        '{"cells": [\n {"cell_type": "markdown", "source": ["Lora ', encoding="utf-8"
    )
    (project / "ok.md").write_text("Nothing to see.\n", encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 1
    assert "broken.ipynb:2:" in result.stdout
    assert "not a readable notebook" in result.stdout
    assert "1 file checked" in result.stdout  # ok.md was still checked


def test_pyproject_with_a_syntax_error_is_named_with_its_line(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.mlgloss]\nglossary = ["terms.yaml"\n', encoding="utf-8"
    )
    (project / "doc.md").write_text("LoRA\n", encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert f"mlgloss: error: {project / 'pyproject.toml'}:3:" in result.stderr
    assert "invalid TOML" in result.stderr


def test_glossary_with_a_syntax_error_is_named_with_its_line(project: Path) -> None:
    (project / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    (project / "terms.yaml").write_text(
        "version: 1\nentries:\n  - id: x\n    term: [unclosed\n", encoding="utf-8"
    )
    (project / "doc.md").write_text("LoRA\n", encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert f"mlgloss: error: {project / 'terms.yaml'}:5:" in result.stderr
    assert "invalid YAML" in result.stderr


def test_binary_glossary_is_a_named_error(project: Path) -> None:
    (project / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    (project / "terms.yaml").write_bytes(b"\xff\xfe\x00\x01" * 1000)
    (project / "doc.md").write_text("LoRA\n", encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert f"mlgloss: error: {project / 'terms.yaml'}" in result.stderr


def test_hostile_stdin_is_bounded(project: Path) -> None:
    result = run_cli(
        ["check", "--stdin", "--stdin-filename", "x.ipynb"], project, stdin=b"{" * DEEP
    )
    assert_sane(result)
    assert "x.ipynb" in result.stdout
