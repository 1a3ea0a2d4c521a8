"""Hostile inputs for the core: each gives a clear error or a bounded result, never a hang.

Every case runs in a child process (``hostile_runner.py``) under a time limit, so a hang or
a crash of the interpreter (C recursion) fails the test instead of stalling the suite, and
so the peak memory measured is the case's own. The bounds are generous (several times
what was measured on the 2-core CI machine, see benchmarks/FUZZ.md): they catch a
quadratic blow-up or a leak of every token, not ordinary noise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlgloss.analysis.config.resolver import ConfigResolver
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import MAX_FINDINGS_PER_FILE, analyze_document
from mlgloss.analysis.errors import ConfigError
from mlgloss.analysis.extract import ExtractionError, extract
from mlgloss.glossary.layers import load_glossary

HERE = Path(__file__).resolve().parent
SERVER = HERE.parents[1] / "server"
LONG = os.environ.get("MLGLOSS_HYPOTHESIS_PROFILE", "ci") == "long"


def run_case(case: str, timeout: float) -> dict[str, object]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SERVER), env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            [sys.executable, str(HERE / "hostile_runner.py"), case],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case}: no result within {timeout} s (a hang or a blow-up)")
    assert done.returncode == 0, f"{case}: exit {done.returncode}\n{done.stderr[-3000:]}"
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["pwned"] is False, f"{case}: a YAML tag executed code"
    return result


def _assert_analysed(result: dict[str, object], seconds: float, peak_mb: int) -> None:
    assert result["outcome"] == "ok", result
    assert isinstance(result["findings"], int) and result["findings"] <= MAX_FINDINGS_PER_FILE
    assert isinstance(result["seconds"], float | int) and result["seconds"] < seconds, result
    assert isinstance(result["peak_mb"], int) and result["peak_mb"] < peak_mb, result


# --------------------------------------------------------------------------- huge documents

# (case, time limit for the analysis in seconds, peak memory in MB), measured x3 or more.
BIG = [
    pytest.param("line-50mb-plaintext", 60, 1000, id="50MB-line-plaintext"),
    pytest.param("line-50mb-markdown", 60, 1000, id="50MB-line-markdown"),
    pytest.param("line-50mb-python", 60, 1000, id="50MB-line-python"),
    pytest.param(
        "line-10mb-json",
        30,
        300,
        id="10MB-line-json",
    ),
    pytest.param("line-5mb-dense", 60, 1500, id="5MB-line-dense-findings"),
    pytest.param("line-1mb-listed", 30, 500, id="1MB-line-of-listed-names"),
    pytest.param("markdown-200k-lines", 120, 1500, id="200k-line-markdown"),
]


@pytest.mark.parametrize(("case", "seconds", "peak_mb"), BIG)
def test_huge_documents_finish_in_bounded_time_and_memory(
    case: str, seconds: int, peak_mb: int
) -> None:
    result = run_case(case, timeout=seconds * 3)
    _assert_analysed(result, seconds, peak_mb)
    if "dense" in case or "200k" in case:
        assert result["truncated"] is True and result["findings"] == MAX_FINDINGS_PER_FILE


@pytest.mark.skipif(not LONG, reason="minutes of work: run with MLGLOSS_HYPOTHESIS_PROFILE=long")
def test_a_50_mb_line_dense_with_findings_is_bounded() -> None:
    """Past limits.MAX_DOCUMENT_CHARS nothing is analysed and the result says truncated."""
    _assert_analysed(run_case("line-50mb-dense", timeout=600), 60, 1500)


# --------------------------------------------------------------------------- deep nesting

NESTED = [
    "yaml-nested-flow",
    "yaml-nested-map-flow",
    "yaml-nested-sequences",
    "yaml-nested-block",
    "yaml-alias-bomb",
    "yaml-python-tags",
    "json-nested-arrays",
    "json-nested-objects",
    "json-unclosed",
    "toml-nested",
    "python-nested",
    "markdown-nested",
]


@pytest.mark.parametrize("case", NESTED)
def test_nested_and_hostile_documents_are_analysed(case: str) -> None:
    _assert_analysed(run_case(case, timeout=60), 20, 500)


@pytest.mark.parametrize("case", ["notebook-nested-arrays", "notebook-nested-cells"])
def test_deeply_nested_notebooks_are_refused(case: str) -> None:
    result = run_case(case, timeout=60)
    assert result["outcome"] == "ExtractionError", result
    assert "nested too deeply" in str(result["message"])


def test_python_tags_in_a_checked_config_are_text() -> None:
    """The YAML extractor never constructs objects: the tags are masked, keys still read."""
    text = "cmd: !!python/object/apply:os.system ['touch x']\nlearning_rate: 1e-4\n"
    extraction = extract(text, DocumentKind.YAML)
    assert [k.name for k in extraction.keys] == ["cmd", "learning_rate"]
    assert "python" not in extraction.prose


# --------------------------------------------------------------------------- glossary files


@pytest.mark.parametrize(
    ("case", "line", "wording"),
    [
        ("glossary-alias-entries", 2, "aliases are not allowed"),  # the anchor's line
        ("glossary-alias-forms", 3, "aliases are not allowed"),
        ("glossary-alias-bomb", 2, "unknown field"),  # refused, never expanded
        ("glossary-python-apply", 2, "must be a mapping"),
        ("glossary-python-term", 2, "must be a string"),
        # PyYAML words this one differently by release ("must be a mapping" from the loader,
        # or libyaml's own depth limit): what the user gets is the refusal, file and line.
        ("glossary-nested", 1, None),
        ("glossary-syntax-error", 4, "invalid YAML"),
    ],
)
def test_hostile_glossaries_are_refused_with_file_and_line(
    case: str, line: int, wording: str | None
) -> None:
    result = run_case(case, timeout=60)
    assert result["outcome"] == "GlossaryError", result
    assert result["file"] == result["expected_file"]
    assert result["line"] == line and isinstance(result["column"], int), result
    assert str(result["message"]).strip() and "Traceback" not in str(result["message"])
    if wording is not None:
        assert wording in str(result["message"])


@pytest.mark.parametrize(
    "case",
    ["glossary-python-object-map", "glossary-python-new-top", "glossary-python-tuple-forms"],
)
def test_tagged_collections_in_a_glossary_are_refused(case: str) -> None:
    result = run_case(case, timeout=60)
    assert result["outcome"] == "GlossaryError", result
    assert result["line"] is not None


def test_nested_version_field_is_not_expanded() -> None:
    result = run_case("glossary-nested-version", timeout=60)
    assert result["outcome"] in ("ok", "GlossaryError"), result
    assert isinstance(result["seconds"], float | int) and result["seconds"] < 20


# --------------------------------------------------------------------------- broken files

BROKEN_NOTEBOOKS = [
    ('{\n "cells": [\n  {"cell_type": "markdown", "source": ["Lora"\n  }\n ]\n}', 4, 3),
    ('{\n "cells": [],\n "metadata": {},\n}', 4, 1),
    ('{"cells": [{"source": "Lora', 1, 23),
    ("", 1, 1),
    ('{"cells": []} trailing', 1, 14),
    ('{\r\n "cells": [\r\n  "x" "y"\r\n ]}', 3, 7),
    ('{\n "cells": [{"cell_type": "markdown", "source": "bad \\x escape"}]\n}', 2, 53),
]


@pytest.mark.parametrize(("text", "line", "column"), BROKEN_NOTEBOOKS)
def test_broken_notebooks_name_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(ExtractionError) as caught:
        analyze_document(text, DocumentKind.NOTEBOOK, glossary=load_glossary())
    assert (caught.value.line, caught.value.column) == (line, column), caught.value


@pytest.mark.parametrize("text", ["[]", "{}", '{"cells": {}}', '"cells"', "null", "1"])
def test_json_that_is_not_a_notebook_is_refused(text: str) -> None:
    with pytest.raises(ExtractionError):
        extract(text, DocumentKind.NOTEBOOK)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("pyproject.toml", '[tool.mlgloss]\nprefer = ["LoRA"\nignore_words = []\n', 3),
        ("pyproject.toml", "[tool.mlgloss]\nbuiltin_glossary = tru\n", 2),
        (".mlgloss.toml", 'prefer = ["a"]\n[rules\n', 2),
        (".mlgloss.toml", 'prefer = "unterminated\n', 1),
    ],
)
def test_config_syntax_errors_name_file_and_line(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    config = tmp_path / name
    config.write_text(text, encoding="utf-8")
    result = ConfigResolver().resolve(tmp_path / "doc.md")
    assert isinstance(result, ConfigError), result
    assert result.file == str(config) and result.line == line, str(result)
