"""Bounded inputs through the installed executable: a project glossary over the size or
entry limit is refused fast with an error naming the file (not 145 s and 2.2 GB), and a
document over the engine's character limit is reported "too large to check" and not
counted as checked (not "too many findings").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures_frontend import assert_sane, make_project, run_cli

from mlgloss.analysis.limits import MAX_DOCUMENT_CHARS
from mlgloss.glossary.loader import MAX_GLOSSARY_BYTES, MAX_GLOSSARY_ENTRIES

LOAD_BOUND_KB = 400_000  # refusing must not cost what loading would (2.2 GB)


def _glossary(entries: int) -> str:
    return "version: 1\nentries:\n" + "".join(
        f"  - {{term: Termx{i}, definition: d}}\n" for i in range(entries)
    )


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    (root / "notes.md").write_text("We fine-tune with Lora.\n")
    (root / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n')
    return root


def test_a_million_entry_glossary_is_refused_with_its_name(project: Path) -> None:
    (project / "terms.yaml").write_text(_glossary(1_000_000))
    assert (project / "terms.yaml").stat().st_size > MAX_GLOSSARY_BYTES
    result = run_cli(["check", "--no-progress", "."], project)
    assert_sane(result)
    assert result.returncode == 2
    assert "terms.yaml" in result.stderr and "too large" in result.stderr
    assert result.maxrss_kb < LOAD_BOUND_KB, result.maxrss_kb


def test_too_many_entries_under_the_size_limit_are_refused_at_the_list(project: Path) -> None:
    entries = MAX_GLOSSARY_ENTRIES + 1
    text = "version: 1\nentries:\n" + "".join(f"  - {{term: T{i}}}\n" for i in range(entries))
    assert len(text) < MAX_GLOSSARY_BYTES
    (project / "terms.yaml").write_text(text)
    result = run_cli(["check", "--no-progress", "."], project)
    assert_sane(result)
    assert result.returncode == 2
    assert "terms.yaml:3:" in result.stderr and "too many glossary entries" in result.stderr
    assert result.maxrss_kb < LOAD_BOUND_KB, result.maxrss_kb


def test_define_names_an_oversized_glossary_too(project: Path) -> None:
    (project / "terms.yaml").write_text(_glossary(1_000_000))
    result = run_cli(["define", "lora"], project)
    assert_sane(result)
    assert result.returncode == 2 and "terms.yaml" in result.stderr


def test_a_document_over_the_character_limit_is_not_checked_and_says_so(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / ".mlgloss.toml").write_text("max_file_size = 100000000\n")
    line = "We fine-tune with Lora and Pytorch.\n"
    (root / "big.md").write_text(line * (MAX_DOCUMENT_CHARS // len(line) + 1000))
    (root / "small.md").write_text("No terms here.\n")
    text = run_cli(["check", "--no-progress", "."], root)
    assert_sane(text)
    assert "skipped big.md: too large to check" in text.stderr
    assert "too many findings" not in text.stderr + text.stdout
    report = run_cli(["check", "--no-progress", "--format", "json", "."], root)
    data = json.loads(report.stdout)
    assert "big.md" not in [f["path"] for f in data["files"]]
    [skipped] = [s for s in data["skipped"] if s["path"] == "big.md"]
    assert "too large to check" in skipped["reason"]
    assert data["findings"] == []
