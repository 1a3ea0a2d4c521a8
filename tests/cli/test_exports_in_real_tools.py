"""``mlgloss glossary export`` output loaded and run by the real tools, on the built-in glossary.

textlint (with textlint-rule-prh, and with textlint-rule-terminology) and cspell are installed
from the npm registry by ``.ci/install-linters.sh`` (cached in ``.cache/linters``), which this
module runs first. Vale has no release that installs from the registries here, so its rule is
checked against Vale's documented ``substitution`` format, every pattern compiled by RE2 itself
(google-re2, the engine Vale's Go regexp follows). Each tool reads one Markdown fixture: the
flagged spellings in its prose must be reported with the right replacement, and nothing in its
code spans, identifiers, paths or model IDs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from tests.cli.conftest import RunMlgloss

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("MLGLOSS_LINTERS_CACHE", ROOT / ".cache" / "linters"))
BIN = CACHE / "node_modules" / ".bin"

DOC = """\
# Adapter notes

We fine-tune Lora adapters with Pytorch and log runs to Weights and Biases.

LoRA and PyTorch are spelt right here, and so is the A/B testing below.

The A-B testing showed it.

Set `lora_alpha` and call load_lora_weights on nvidia/Cosmos-Lora through peft.LoraConfig,
a LoraConfig, or https://example.com/Lora/docs.

```python
model = get_lora(lora, "Lora")
```
"""
"""Flagged in prose: Lora (line 3), Pytorch (3), Weights and Biases (3), A-B testing (7)."""

EXPECTED = {(3, "Lora", "LoRA"), (3, "Pytorch", "PyTorch"), (7, "A-B testing", "A/B testing")}
"""What every tool must report (line, flagged, replacement). "Weights and Biases" is a phrase:
cspell checks words, so it is required of the textlint rules only."""


@pytest.fixture(scope="module")
def linters() -> Path:
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "install-linters.sh")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"installing the linters failed:\n{done.stdout}{done.stderr}"
    return BIN


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "node_modules").symlink_to(CACHE / "node_modules")
    return tmp_path


def _export(mlgloss: RunMlgloss, fmt: str, out: Path) -> Path:
    run = mlgloss("glossary", "export", "--format", fmt, "-o", str(out))
    assert run.code == 0, run.err
    return out


def _textlint(bin_dir: Path, workdir: Path, config: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        [str(bin_dir / "textlint"), "--config", str(config), "--format", "json", "doc.md"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # textlint exits 1 when it reports, 2 when it cannot run (a rule file it cannot load).
    assert done.returncode in (0, 1), f"textlint failed ({done.returncode}):\n{done.stderr}"
    (result,) = json.loads(done.stdout)
    messages: list[dict[str, object]] = result["messages"]
    assert not [m for m in messages if m.get("fatal")], messages
    return messages


def _reported(messages: list[dict[str, object]]) -> set[tuple[int, str, str]]:
    lines = DOC.splitlines()
    found = set()
    for m in messages:
        fix = m.get("fix")
        assert isinstance(fix, dict), m
        start, end = fix["range"]
        line = DOC.count("\n", 0, start) + 1
        found.add((line, DOC[start:end], str(fix["text"])))
        assert lines[line - 1], m
    return found


def test_textlint_prh_loads_and_reports_only_prose(
    linters: Path, workdir: Path, mlgloss: RunMlgloss
) -> None:
    _export(mlgloss, "textlint", workdir / "prh.yml")
    config = workdir / ".textlintrc.json"
    config.write_text(json.dumps({"rules": {"prh": {"rulePaths": ["./prh.yml"]}}}))
    found = _reported(_textlint(linters, workdir, config))
    assert found == {*EXPECTED, (3, "Weights and Biases", "Weights & Biases")}


def test_textlint_terminology_reports_only_prose(
    linters: Path, workdir: Path, mlgloss: RunMlgloss
) -> None:
    config = _export(mlgloss, "textlint-terminology", workdir / ".textlintrc.json")
    found = _reported(_textlint(linters, workdir, config))
    everything = {*EXPECTED, (3, "Weights and Biases", "Weights & Biases")}
    # The rule ignores case, so a casing rule (Pytorch) is exported only when the glossary flags
    # every other casing too (pytorch): it may be missing, never anything outside the prose.
    assert everything - {(3, "Pytorch", "PyTorch")} <= found <= everything


def test_textlint_terminology_never_flags_an_english_word_by_its_casing(
    linters: Path, workdir: Path, mlgloss: RunMlgloss
) -> None:
    """The rule ignores case: a casing-only term for a word of English would flag the word."""
    (workdir / "doc.md").write_text("The star of the show was a rag doll.\n", encoding="utf-8")
    config = _export(mlgloss, "textlint-terminology", workdir / ".textlintrc.json")
    assert _textlint(linters, workdir, config) == []


def test_cspell_reports_only_prose(linters: Path, workdir: Path, mlgloss: RunMlgloss) -> None:
    config = _export(mlgloss, "cspell", workdir / "cspell.mlgloss.json")
    done = subprocess.run(
        [str(linters / "cspell"), "-c", str(config), "--no-progress", "--no-summary", "doc.md"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    found = set()
    for line in done.stdout.splitlines():
        m = re.match(r"doc\.md:(\d+):(\d+) - (?:Forbidden|Unknown) word \((.+?)\)", line)
        assert m, line
        found.add((int(m.group(1)), m.group(3)))
    # Forbidden words only (the English dictionaries know the rest of the fixture).
    assert found == {(3, "Lora"), (3, "Pytorch")}, done.stdout


def test_vale_rule_follows_vales_documented_substitution_format(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    import re2  # google-re2, a test dependency: Vale's engine, never a skip

    rule = yaml.safe_load(_export(mlgloss, "vale", tmp_path / "Terms.yml").read_text("utf-8"))
    # https://vale.sh/docs/checks/substitution: extends, message with two %s, level, swap.
    assert rule["extends"] == "substitution"
    assert rule["message"].count("%s") == 2
    assert rule["level"] in ("suggestion", "warning", "error")
    assert rule["ignorecase"] is False
    assert set(rule) <= {"extends", "message", "level", "ignorecase", "swap", "nonword", "link"}
    swap = rule["swap"]
    assert isinstance(swap, dict) and len(swap) > 100
    compiled = {key: re2.compile(key) for key in swap}
    assert all(isinstance(v, str) and v for v in swap.values())
    by_replacement = {v: k for k, v in swap.items()}
    for _, flagged, preferred in EXPECTED:
        pattern = compiled[by_replacement[preferred]]
        assert pattern.fullmatch(flagged), (flagged, by_replacement[preferred])
        assert not pattern.fullmatch(preferred)
