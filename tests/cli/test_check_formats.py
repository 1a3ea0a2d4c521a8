"""Every output format of ``mlgloss check``, on one small fixture tree."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"

DOCS = {
    "docs/guide.md": "# Guide\n\nWe train 🤗 models with Pytorch.\n",
    "notes.md": "Plain text, nothing to see.\n",
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write_tree(tmp_path, DOCS)
    return tmp_path


def test_text_lines_fix_and_summary(mlgloss: RunMlgloss, tree: Path) -> None:
    run = mlgloss("check", "--select", "variant")
    assert run.code == 1
    lines = run.out.splitlines()
    # 🤗 is one code point: "We train 🤗 models with " is 23 code points, so column 24.
    assert lines[0] == (
        "docs/guide.md:3:24: warning[variant] Write 'PyTorch' instead of 'Pytorch' (casing)"
    )
    assert lines[1] == "    fix: Replace with 'PyTorch'"
    assert "Found 1 finding in 1 file (variant 1); 2 files checked." in run.out
    assert "\033[" not in run.out


def test_text_colour_only_when_asked(mlgloss: RunMlgloss, tree: Path) -> None:
    assert "\033[" in mlgloss("check", "--color", "always", "--select", "variant").out
    assert "\033[" not in mlgloss("check", "--color", "never", "--select", "variant").out


def test_json_schema_and_code_point_columns(mlgloss: RunMlgloss, tree: Path) -> None:
    run = mlgloss("check", "--format", "json", "--select", "variant")
    assert run.code == 1
    data = json.loads(run.out)
    assert data["version"] == 1
    assert data["columns"] == "unicodeCodePoints"
    assert [f["path"] for f in data["files"]] == ["docs/guide.md", "notes.md"]
    (finding,) = data["findings"]
    assert finding == {
        "path": "docs/guide.md",
        "line": 3,
        "column": 24,
        "end_line": 3,
        "end_column": 31,
        "rule": "variant",
        "severity": "warning",
        "text": "Pytorch",
        "cell": None,
        "message": "Write 'PyTorch' instead of 'Pytorch' (casing)",
        "fixes": [
            {
                "title": "Replace with 'PyTorch'",
                "safe": True,
                "applicability": "safe",
                "edits": [
                    {
                        "line": 3,
                        "column": 24,
                        "end_line": 3,
                        "end_column": 31,
                        "new_text": "PyTorch",
                    }
                ],
            }
        ],
    }
    assert data["summary"]["by_rule"] == {"variant": 1}
    assert data["errors"] == [] and data["skipped"] == []


def test_sarif_validates_against_the_2_1_0_schema(mlgloss: RunMlgloss, tree: Path) -> None:
    (tree / ".git").mkdir()  # the repository root the URIs are relative to
    run = mlgloss("check", "--format", "sarif", "docs")
    assert run.code == 1
    log = json.loads(run.out)
    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    (sarif_run,) = log["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in sarif_run["tool"]["driver"]["rules"]}
    assert rules["variant"]["helpUri"].endswith("/docs/rules/variant.md")
    assert rules["variant"]["defaultConfiguration"]["level"] == "warning"
    result = next(r for r in sarif_run["results"] if r["ruleId"] == "variant")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/guide.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 24, "endLine": 3, "endColumn": 31}
    assert result["partialFingerprints"]["mlgloss/v1"]
    assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tree.as_uri() + "/"


def test_sarif_uri_is_relative_to_the_repo_root_from_a_subdirectory(
    mlgloss: RunMlgloss, tree: Path
) -> None:
    (tree / ".git").mkdir()
    run = mlgloss("check", "--format", "sarif", "--select", "variant", ".", cwd=tree / "docs")
    (result,) = json.loads(run.out)["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "docs/guide.md"


def test_github_workflow_commands(mlgloss: RunMlgloss, tree: Path) -> None:
    run = mlgloss("check", "--format", "github", "--select", "variant")
    assert run.code == 1
    assert run.out.splitlines() == [
        "::warning file=docs/guide.md,line=3,col=24,endLine=3,endColumn=31,"
        "title=mlgloss(variant)::Write 'PyTorch' instead of 'Pytorch' (casing) "
        "(fix: Replace with 'PyTorch')"
    ]


def test_github_escaping() -> None:
    from mlgloss.cli.formats.github import escape_data, escape_property

    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_escapes_paths(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a,b:c.md": "Pytorch\n"})
    run = mlgloss("check", "--format", "github", "--select", "variant")
    assert run.out.startswith("::warning file=a%2Cb%3Ac.md,line=1,col=1,")


def test_statistics(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "Pytorch and Pytorch, Lora.\n"})
    run = mlgloss("check", "--statistics", "--select", "variant")
    assert run.code == 1
    assert "     3  variant" in run.out
    assert "     2  variant  Pytorch" in run.out
    assert "     1  variant  Lora" in run.out
    assert "a.md:1:" not in run.out


def test_clean_tree_exit_0(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "Nothing here.\n"})
    run = mlgloss("check")
    assert run.code == 0, run.out + run.err
    assert "No findings; 1 file checked." in run.out
    assert_no_traceback(run)


def test_parallel_output_equals_serial(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {f"d{i % 3}/f{i:02}.md": f"Line {i} with Pytorch.\n" for i in range(30)})
    serial = mlgloss("check", "--jobs", "1", "--format", "json")
    parallel = mlgloss("check", "--jobs", "2", "--format", "json")
    assert serial.code == parallel.code == 1
    assert serial.out == parallel.out
    paths = [f["path"] for f in json.loads(serial.out)["findings"]]
    assert paths == sorted(paths)
