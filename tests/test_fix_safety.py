"""Fix safety on the real engine: which fixes are safe, which unsafe, and where none is written.

Safe: the casing or spelling of a glossary name, a misspelling with one candidate, the
glossary's spelling for an inconsistency, deleting an unused directive. Unsafe: an acronym's
expansion, a renamed config key, an inconsistency fixed to the document's majority, a word
replaced by another. No fix, safe or not, edits a copyright or licence line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossary_helpers import glossary_from
from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze
from mlgloss.analysis.findings import Finding, Fix, Severity, TextEdit
from mlgloss.analysis.fixes import apply_fixes, chosen_fixes
from mlgloss.analysis.legal_text import in_legal_line
from mlgloss.analysis.rule_codes import RULE_CODES
from mlgloss.analysis.rule_metadata import RULE_METADATA
from mlgloss.analysis.rules.registry import RULES
from rules_helpers import builtin, run

DOCS = Path(__file__).resolve().parents[1] / "docs"


def only(text: str, rule: str, kind: DocumentKind = DocumentKind.MARKDOWN) -> Finding:
    (finding,) = run(text, rule, kind)
    return finding


def first_fix(finding: Finding) -> Fix:
    assert finding.fix is not None
    return finding.fix


def test_casing_of_a_case_sensitive_name_is_safe() -> None:
    assert first_fix(only("We train with Pytorch.", "variant")).safe


def test_a_misspelling_with_one_candidate_is_safe() -> None:
    assert first_fix(only("We use backpropogation to train.", "misspelling")).safe


def test_an_acronym_expansion_is_unsafe() -> None:
    finding = only("We train with GRPO on math.", "acronym-expansion")
    assert not first_fix(finding).safe


def test_a_renamed_config_key_is_unsafe() -> None:
    # A file config-key can tell TrainingArguments reads (three of its fingerprint keys).
    text = (
        "output_dir: out\nlearning_rate: 1e-4\nper_device_train_batch_size: 4\n"
        "gradient_acumulation_steps: 4\n"
    )
    finding = only(text, "config-key", DocumentKind.YAML)
    assert finding.fixes and not any(fix.safe for fix in finding.fixes)


def test_deleting_an_unused_directive_is_safe() -> None:
    text = "<!-- mlgloss: disable-next-line variant -->\nFine text.\n"
    finding = only(text, "unused-suppression")
    assert first_fix(finding).safe
    assert finding.severity is RULE_METADATA["unused-suppression"].default_severity


def test_inconsistent_fix_is_safe_only_towards_the_glossary_spelling() -> None:
    text = "We use pre-training, then pretraining, pretraining and pretraining."
    preferred = only(text, "inconsistent")
    assert first_fix(preferred).safe  # "pretraining" is the glossary's preferred spelling
    # One use of each, or two against one: the glossary's spelling is still the target, but
    # without a clear lead (3 uses, twice as many) which one the project writes is a
    # reviewer's call.
    tie = only("We use pre-training, then pretraining.", "inconsistent")
    assert first_fix(tie).edits[0].new_text == "pretraining"
    assert not first_fix(tie).safe
    two_to_one = only("We use pre-training, then pretraining and pretraining.", "inconsistent")
    assert first_fix(two_to_one).edits[0].new_text == "pretraining"
    assert not first_fix(two_to_one).safe
    # Neither "finetuning" nor "fine tuning" is the glossary's: the majority is a guess.
    text = "We use finetuning, finetuning and then fine tuning."
    majority = only(text, "inconsistent")
    assert first_fix(majority).edits[0].new_text == "finetuning"
    assert not first_fix(majority).safe


OUTDATED = """
version: 1
entries:
  - term: hyperparameter search
    case: insensitive
    forms:
      - {text: hyperparameter sweep, status: deprecated, reason: outdated}
      - {text: Hyperparameter Search, status: deprecated, reason: casing}
"""


def test_replacing_an_outdated_word_is_unsafe_and_a_casing_is_safe() -> None:
    glossary = glossary_from(OUTDATED)
    text = "Run a hyperparameter sweep first.\n"
    (finding,) = analyze(text, DocumentKind.MARKDOWN, glossary=glossary)
    assert finding.rule == "variant" and not first_fix(finding).safe


def test_a_project_preference_is_a_safe_respelling() -> None:
    config = ProjectConfig(prefer=("pre-training",))
    finding = only_with(config, "We use pretraining.")
    assert first_fix(finding).safe


def only_with(config: ProjectConfig, text: str) -> Finding:
    (finding,) = run(text, "variant", config=config)
    return finding


# --- one place for rule metadata --------------------------------------------------------


def test_every_rule_code_has_its_metadata_and_the_rules_use_it() -> None:
    assert tuple(RULE_METADATA) == RULE_CODES
    for rule in RULES:
        assert rule.meta is RULE_METADATA[rule.code]


@pytest.mark.parametrize("code", RULE_CODES)
def test_rule_docs_state_the_fix_safety(code: str) -> None:
    meta = RULE_METADATA[code]
    page = (DOCS / "rules" / f"{code}.md").read_text(encoding="utf-8")
    match = re.search(r"\*\*Fix safety:\*\* (\w+)", page)
    assert match is not None, f"docs/rules/{code}.md has no '**Fix safety:**' line"
    assert match.group(1) == meta.fix_safety.value
    severity = re.search(r"\*\*Default severity:\*\* (\w+)", page)
    assert severity is not None and severity.group(1) == meta.default_severity.label


def test_the_rules_table_and_cli_docs_agree_with_the_metadata() -> None:
    table = (DOCS / "rules" / "README.md").read_text(encoding="utf-8")
    cli = (DOCS / "cli.md").read_text(encoding="utf-8")
    for code, meta in RULE_METADATA.items():
        row = next(line for line in table.splitlines() if f"`{code}`" in line)
        assert f"| {meta.fix_safety.value}" in row
        assert meta.default_severity.label in row
        assert f"\n| `{code}` |" in cli, f"docs/cli.md's fix safety table has no row for {code}"
    assert "`--unsafe-fixes`" in cli


# --- copyright and licence lines ---------------------------------------------------------

APACHE_HEADER = """\
# Copyright 2024 The Huggingface Team. All rights reserved.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
"""


def test_every_line_of_the_header_is_legal_and_the_code_after_it_is_not() -> None:
    text = APACHE_HEADER + "\n# We train with Pytorch.\n"
    header_lines = APACHE_HEADER.splitlines(keepends=True)
    offset = 0
    for line in header_lines:
        if any(c.isalpha() for c in line):
            assert in_legal_line(text, offset + len(line) // 2), line
        offset += len(line)
    assert not in_legal_line(text, text.index("Pytorch"))


def test_no_fix_is_ever_written_into_a_copyright_line() -> None:
    text = APACHE_HEADER + "\nimport torch\n\n# We train with Pytorch.\n"
    findings = analyze(text, DocumentKind.PYTHON, glossary=builtin())
    in_header = [f for f in findings if f.start < len(APACHE_HEADER)]
    assert all(not f.fixes for f in in_header)
    fixed = apply_fixes(text, findings, unsafe=True)
    assert fixed.startswith(APACHE_HEADER)
    assert fixed.endswith("# We train with PyTorch.\n")


@pytest.mark.parametrize(
    "line",
    [
        "<!-- Copyright 2023 The Huggingface Team -->",
        "SPDX-License-Identifier: Apache-2.0 (Huggingface fork)",
        "This model is licensed under the Huggingface licence.",
        "(c) 2024 Huggingface",
        "Permission is hereby granted, free of charge, to Huggingface users",
    ],
)
def test_legal_lines_in_any_kind(line: str) -> None:
    text = f"Intro with Pytorch.\n{line}\n\nMore Pytorch.\n"
    assert in_legal_line(text, text.index("Huggingface"))
    assert not in_legal_line(text, text.index("Pytorch"))
    assert not in_legal_line(text, text.rindex("Pytorch"))


# --- one chooser ------------------------------------------------------------------------


def finding(start: int, end: int, new: str, rule: str = "variant", safe: bool = True) -> Finding:
    edit = TextEdit(start, end, new)
    return Finding(rule, Severity.WARNING, start, end, "m", (Fix("f", (edit,), safe=safe),))


def test_unsafe_fixes_are_chosen_only_when_asked() -> None:
    text = "abc def"
    findings = [finding(0, 3, "X", safe=False), finding(4, 7, "Y")]
    assert apply_fixes(text, findings) == "abc Y"
    assert apply_fixes(text, findings, unsafe=True) == "X Y"
    assert len(chosen_fixes(findings, unsafe=True)) == 2
