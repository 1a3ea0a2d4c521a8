"""Output that a hostile repository cannot forge: file names and glossary terms holding ESC,
CR or LF print as escapes in the text output and on stderr, stay escaped in GitHub
annotations and SARIF, and a glossary term with a control character is refused at its line.
Through the installed executable.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from fixtures_frontend import assert_sane, make_project, run_cli

ESC_NAME = "evil\x1b[2K\ra.md"
FORGED_NAME = "x.md:1:1: error[forged] all is well\nb.md"
C1_NAME = "c1\x9b31m.md"
NAMES = (ESC_NAME, FORGED_NAME, C1_NAME)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    for name in NAMES:
        (root / name).write_text("We tuned Pytorch.\n")
    return root


def check(project: Path, *args: str):  # type: ignore[no-untyped-def]
    result = run_cli(["check", "--no-progress", "--jobs", "1", *args], project)
    assert_sane(result)
    return result


def _no_raw_controls(text: str) -> None:
    for char in ("\x1b", "\r", "\x9b"):
        assert char not in text, repr(text)


def test_text_output_escapes_control_characters_in_paths(project: Path) -> None:
    result = check(project, ".")
    assert result.returncode == 1
    _no_raw_controls(result.stdout)
    lines = result.stdout.splitlines()
    findings = [line for line in lines if "warning[variant]" in line]
    assert sorted(findings) == sorted(
        [
            r"evil\x1b[2K\ra.md:1:10: warning[variant] Write 'PyTorch' instead of 'Pytorch' "
            "(casing)",
            r"x.md:1:1: error[forged] all is well\nb.md:1:10: warning[variant] Write 'PyTorch' "
            "instead of 'Pytorch' (casing)",
            r"c1\x9b31m.md:1:10: warning[variant] Write 'PyTorch' instead of 'Pytorch' (casing)",
        ]
    )
    assert not any(line.startswith("b.md") for line in lines)  # no forged line


def test_statistics_diff_and_notices_are_escaped(project: Path) -> None:
    (project / "bin\x1b]0;title\x07.md").write_bytes(b"\x00\x01binary")
    result = check(project, "--diff", ".")
    _no_raw_controls(result.stdout + result.stderr)
    assert "\x07" not in result.stderr
    assert r"skipped bin\x1b]0;title\x07.md: binary file" in result.stderr
    assert r"+++ b/evil\x1b[2K\ra.md" in result.stdout
    stats = check(project, "--statistics", ".")
    _no_raw_controls(stats.stdout)


def test_github_annotations_stay_escaped(project: Path) -> None:
    result = check(project, "--format", "github", ".")
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith("::warning file=") for line in lines)
    assert any(
        line.startswith("::warning file=x.md%3A1%3A1%3A error[forged] all is well%0Ab.md,line=1,")
        for line in lines
    )
    assert any(line.startswith("::warning file=evil\x1b[2K%0Da.md,") for line in lines)


def test_sarif_keeps_the_real_names_escaped(project: Path) -> None:
    result = check(project, "--format", "sarif", ".")
    assert "\n::" not in result.stdout
    sarif = json.loads(result.stdout)
    uris = {
        unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in sarif["runs"][0]["results"]
    }
    assert uris == set(NAMES)
    raw = result.stdout
    _no_raw_controls(raw.replace("\\u001b", "").replace("\\r", ""))


@pytest.mark.parametrize(
    ("term", "problem"),
    [
        ('"Frob\\e[31mnicator"', "control character"),
        ('"Frobnicator\\nforged.md:1:1: error[x] fake"', "one line"),
        ('"Frob\\x9bnicator"', "control character"),
    ],
)
def test_a_glossary_term_with_control_characters_is_refused_at_its_line(
    tmp_path: Path, term: str, problem: str
) -> None:
    root = make_project(tmp_path / "project")
    (root / "terms.yaml").write_text(
        "version: 1\nentries:\n"
        f"  - term: {term}\n"
        "    forms: [{text: frobnicater, status: deprecated, reason: spelling}]\n"
    )
    (root / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n')
    (root / "a.md").write_text("a frobnicater b\n")
    result = check(root, ".")
    assert result.returncode == 2
    _no_raw_controls(result.stdout + result.stderr)
    assert "terms.yaml:3:" in result.stderr and problem in result.stderr
    assert "forged.md" not in result.stdout
