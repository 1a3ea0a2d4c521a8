"""``mlgloss rule [CODE]`` through the real executable: the table, one rule's page, errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunMlgloss, assert_no_traceback

from mlgloss.analysis.rule_metadata import RULE_METADATA

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


def test_without_a_code_every_rule_is_a_row_of_its_metadata(mlgloss: RunMlgloss) -> None:
    run = mlgloss("rule")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].split() == ["CODE", "SEVERITY", "FIX", "SUMMARY", "DOCS"]
    assert [line.split()[0] for line in lines[1:]] == list(RULE_METADATA)
    for line, meta in zip(lines[1:], RULE_METADATA.values(), strict=True):
        severity, fix = line.split()[1:3]
        assert (severity, fix) == (meta.default_severity.label, meta.fix_safety.value)
        assert meta.summary in line and line.endswith(meta.docs_url)
    assert run.err == ""


def test_with_a_code_the_rule_page_is_printed(mlgloss: RunMlgloss) -> None:
    run = mlgloss("rule", "config-key")
    assert run.code == 0, run.err
    page = (DOCS / "config-key.md").read_text(encoding="utf-8")
    assert run.out.startswith(page.rstrip("\n"))
    assert run.out.rstrip().endswith(RULE_METADATA["config-key"].docs_url)


def test_json_listing_and_explanation(mlgloss: RunMlgloss) -> None:
    listing = json.loads(mlgloss("rule", "--format", "json").out)
    assert [r["code"] for r in listing] == list(RULE_METADATA)
    assert listing[0]["fix_safety"] == "sometimes"
    one = json.loads(mlgloss("rule", "variant", "--format", "json").out)
    assert one["default_severity"] == "warning"
    assert one["explanation"] == (DOCS / "variant.md").read_text(encoding="utf-8")


def test_an_unknown_code_is_one_line_with_a_guess(mlgloss: RunMlgloss) -> None:
    run = mlgloss("rule", "varaint")
    assert run.code == 2
    assert run.out == ""
    assert run.err == "mlgloss: error: unknown rule code 'varaint'; did you mean 'variant'?\n"
    far = mlgloss("rule", "zzz")
    assert far.code == 2 and "known codes: variant, inconsistent" in far.err
    assert_no_traceback(far)
