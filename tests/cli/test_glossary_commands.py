"""``mlgloss glossary validate`` in CI style, ``glossary export`` in every format, ``search``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

TERMS = """\
version: 1
entries:
  - term: Widgetron
    case: sensitive
    definition: A made-up model family for these tests.
    forms:
      - {text: WidgeTron, status: deprecated, reason: casing}
      - {text: widget-tron, status: deprecated, reason: hyphenation}
"""


def test_validate_a_project_glossary(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"terms.yaml": TERMS})
    run = mlgloss("glossary", "validate", "terms.yaml")
    assert run.code == 0, run.err
    assert re.search(r"ok: \d+ entries", run.err)


def test_validate_reports_file_and_line(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"terms.yaml": TERMS.replace("    forms:\n", "    forms: [\n")})
    run = mlgloss("glossary", "validate", "terms.yaml")
    assert run.code == 2
    assert re.search(r"terms\.yaml:\d+:\d+: ", run.err), run.err
    assert_no_traceback(run)


def _export(mlgloss: RunMlgloss, fmt: str) -> str:
    run = mlgloss("glossary", "export", "--format", fmt, "--glossary", "terms.yaml", "--no-builtin")
    assert run.code == 0, run.err
    return run.out


def test_export_vale(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"terms.yaml": TERMS})
    rule = yaml.safe_load(_export(mlgloss, "vale"))
    assert rule["extends"] == "substitution" and rule["ignorecase"] is False
    ((key, preferred),) = rule["swap"].items()
    assert preferred == "Widgetron"
    assert re.fullmatch(key, "WidgeTron") and re.fullmatch(key, "widget-tron")
    assert not re.fullmatch(key, "Widgetron")


def test_export_textlint_prh(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"terms.yaml": TERMS})
    data = yaml.safe_load(_export(mlgloss, "textlint"))
    assert data["version"] == 1
    (rule,) = data["rules"]
    assert rule["expected"] == "Widgetron"
    (pattern,) = rule["patterns"]
    assert pattern.startswith("/") and pattern.endswith("/")
    body = re.compile(pattern[1:-1])
    assert body.search("we use WidgeTron here") and not body.search("Widgetron")


def test_export_cspell(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"terms.yaml": TERMS})
    config = json.loads(_export(mlgloss, "cspell"))
    (dictionary,) = config["dictionaryDefinitions"]
    assert config["dictionaries"] == [dictionary["name"]]
    words = dictionary["words"]
    assert words[0] == "Widgetron"
    assert "!WidgeTron" in words and "!widget-tron" in words
    patterns = {p["name"] for p in config["patterns"]}
    assert patterns <= set(config["ignoreRegExpList"])


def test_export_textlint_terminology(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"terms.yaml": TERMS})
    rule = json.loads(_export(mlgloss, "textlint-terminology"))["rules"]["terminology"]
    assert rule["defaultTerms"] is False
    # WidgeTron is a casing of Widgetron, but widgetron (lower case) is not flagged: the rule
    # ignores case, so only the hyphenated spelling can be exported.
    assert rule["terms"] == [["(?:widget-tron)", "Widgetron"]]


def test_export_patterns_escape_only_syntax_characters(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    """JavaScript's Unicode mode (prh compiles with ``u``) refuses ``\\-`` and ``\\&``."""
    write_tree(tmp_path, {"terms.yaml": TERMS})
    (rule,) = yaml.safe_load(_export(mlgloss, "textlint"))["rules"]
    assert "widget-tron" in rule["patterns"][0] and "\\-" not in rule["patterns"][0]


def test_export_markdown_to_a_file(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"terms.yaml": TERMS})
    run = mlgloss(
        "glossary",
        "export",
        "--format",
        "markdown",
        "--glossary",
        "terms.yaml",
        "--no-builtin",
        "-o",
        "GLOSSARY.md",
    )
    assert run.code == 0, run.err
    page = (tmp_path / "GLOSSARY.md").read_text(encoding="utf-8")
    assert "## W\n\n### Widgetron\n" in page
    assert "- Avoid: WidgeTron, widget-tron" in page
    assert "A made-up model family for these tests." in page


def test_export_builtin_markdown_is_alphabetical(mlgloss: RunMlgloss) -> None:
    run = mlgloss("glossary", "export", "--format", "markdown")
    assert run.code == 0
    terms = [line[4:] for line in run.out.splitlines() if line.startswith("### ")]
    assert len(terms) > 100
    assert terms == sorted(terms, key=lambda t: (t.replace("\\", "").casefold(), t))


def test_search_json(mlgloss: RunMlgloss) -> None:
    run = mlgloss("search", "--json", "lora")
    assert run.code == 0
    assert any(hit["term"] == "LoRA" for hit in json.loads(run.out))
