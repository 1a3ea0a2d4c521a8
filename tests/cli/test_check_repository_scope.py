"""``inconsistent`` with ``scope = "repository"``, through the real ``mlgloss check``: the
first pass counts every file's spellings, the second flags the repository's minority ones,
with one worker or several, and ``--fix`` normalises them (safe only towards the glossary)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

REPOSITORY_SCOPE = """\
[tool.mlgloss.rules]
inconsistent = { scope = "repository" }
"""


def _repo(root: Path, config: str = REPOSITORY_SCOPE, **files: str) -> None:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    write_tree(root, {"pyproject.toml": config, **files})


def _findings(out: str) -> list[dict[str, object]]:
    return [f for f in json.loads(out)["findings"] if f["rule"] == "inconsistent"]


def _checked(mlgloss: RunMlgloss, jobs: str) -> list[dict[str, object]]:
    """The ``inconsistent`` findings of ``mlgloss check --jobs JOBS .`` (no traceback)."""
    run = mlgloss("check", "--format", "json", "--jobs", jobs, ".")
    assert_no_traceback(run)
    return _findings(run.out)


PRETRAIN_FILES = {
    "docs/a.md": "# Training\n\nWe pretrain the model. Then we pretrain it again.\n",
    "docs/b.md": "# Notes\n\nWe pre-train the model on web text.\n",
    "docs/c.md": "# More\n\nTo pretrain, run the script.\n",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_minority_spelling_is_flagged_with_the_repository_counts(
    mlgloss: RunMlgloss, tmp_path: Path, jobs: str
) -> None:
    _repo(tmp_path, **PRETRAIN_FILES)
    found = _checked(mlgloss, jobs)
    assert [(f["path"], f["text"]) for f in found] == [("docs/b.md", "pre-train")]
    assert "this repository writes 'pretrain' 3 times in 2 files" in str(found[0]["message"])


def test_document_scope_is_the_default_and_sees_no_inconsistency(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    _repo(tmp_path, config="[tool.mlgloss]\n", **PRETRAIN_FILES)
    run = mlgloss("check", "--format", "json", ".")
    assert_no_traceback(run)
    assert _findings(run.out) == []


def test_fix_normalises_towards_the_glossary_spelling(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    _repo(tmp_path, **PRETRAIN_FILES)
    run = mlgloss("check", "--fix", "--select", "inconsistent", "--jobs", "2", ".")
    assert_no_traceback(run)
    assert run.code == 0, run.out + run.err
    assert (tmp_path / "docs/b.md").read_text() == "# Notes\n\nWe pretrain the model on web text.\n"
    assert (tmp_path / "docs/a.md").read_text() == PRETRAIN_FILES["docs/a.md"]


FINETUNE_FILES = {
    "a.md": "We use finetuning here. Finetuning is cheap.\n",
    "b.md": "Run finetuning with the script.\n",
    "c.md": "The fine tuning recipe is below.\n",
}


def test_a_majority_the_glossary_does_not_prefer_is_an_unsafe_fix(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    _repo(tmp_path, **FINETUNE_FILES)
    run = mlgloss("check", "--format", "json", ".")
    found = _findings(run.out)
    assert [(f["path"], f["text"]) for f in found] == [("c.md", "fine tuning")]
    assert "writes 'finetuning' 3 times in 2 files" in str(found[0]["message"])
    safe = mlgloss("check", "--fix", "--select", "inconsistent", ".")
    assert_no_traceback(safe)
    assert (tmp_path / "c.md").read_text() == FINETUNE_FILES["c.md"]
    unsafe = mlgloss("check", "--fix", "--unsafe-fixes", "--select", "inconsistent", ".")
    assert_no_traceback(unsafe)
    assert (tmp_path / "c.md").read_text() == "The finetuning recipe is below.\n"


def test_the_repository_majority_wins_over_the_glossary_spelling(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    _repo(
        tmp_path,
        **{
            "a.md": "We pre-train first. Then we pre-train again.\n",
            "b.md": "We pretrain last.\n",
            "c.md": "To pre-train, run the script.\n",
        },
    )
    run = mlgloss("check", "--format", "json", ".")
    (found,) = _findings(run.out)
    assert (found["path"], found["text"]) == ("b.md", "pretrain")
    assert str(found["message"]).startswith(
        "'pretrain' here; this repository writes 'pre-train' 3 times in 2 files: write 'pre-train'"
    )
    assert [fix["safe"] for fix in found["fixes"]] == [False]  # type: ignore[union-attr]


def test_link_text_and_side_by_side_spellings_are_not_counted(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    _repo(
        tmp_path,
        **{
            "a.md": "We pretrain here.\n",
            "b.md": "See [Pre-train at scale](https://example.com/p).\n\n"
            "Write pre-train or pretrain, not both.\n",
            "c.md": "We pre-train there.\n",
        },
    )
    found = _findings(mlgloss("check", "--format", "json", ".").out)
    # One use each: a tie, settled by the glossary's spelling ("pretrain"), not by b.md.
    assert [(f["path"], f["text"]) for f in found] == [("c.md", "pre-train")]
    assert "writes 'pretrain' once in 1 file" in str(found[0]["message"])


def test_prefer_settles_the_term_instead(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    config = REPOSITORY_SCOPE.replace(
        "[tool.mlgloss.rules]", '[tool.mlgloss]\nprefer = ["pre-train"]\n\n[tool.mlgloss.rules]'
    )
    _repo(tmp_path, config=config, **PRETRAIN_FILES)
    run = mlgloss("check", "--format", "json", ".")
    rules = {(f["rule"], f["text"]) for f in json.loads(run.out)["findings"]}
    assert ("inconsistent", "pre-train") not in rules
    assert ("variant", "pretrain") in rules


def test_each_repository_is_counted_apart(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    _repo(tmp_path / "one", **{"a.md": "We pretrain.\n", "b.md": "We pretrain.\n"})
    _repo(tmp_path / "two", **{"a.md": "We pre-train.\n"})
    assert _findings(mlgloss("check", "--format", "json", ".").out) == []


def test_an_unknown_scope_is_a_config_error_with_its_line(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    _repo(
        tmp_path,
        config='[tool.mlgloss.rules]\ninconsistent = { scope = "repo" }\n',
        **{"a.md": "x\n"},
    )
    run = mlgloss("check", ".")
    assert_no_traceback(run)
    assert run.code == 2
    assert "pyproject.toml:2" in run.err
    assert "'document', 'repository'" in run.err


def test_scope_is_only_a_setting_of_inconsistent(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    _repo(
        tmp_path,
        config='[tool.mlgloss.rules]\nvariant = { scope = "repository" }\n',
        **{"a.md": "x\n"},
    )
    run = mlgloss("check", ".")
    assert run.code == 2
    assert "unknown setting `scope`" in run.err


def test_a_name_the_repository_writes_otherwise_is_judged_per_document(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    # "Llama-2" 4 times against the glossary's "Llama 2" once: a repository's habit is no
    # authority over a name's spelling, so only the document that mixes them is told.
    _repo(
        tmp_path,
        **{
            "a.md": "Llama-2 is big. Llama-2 is fast.\n",
            "b.md": "We use Llama-2 here.\n",
            "c.md": "We run Llama 2 today. Later, Llama-2 again.\n",
        },
    )
    found = _findings(mlgloss("check", "--format", "json", ".").out)
    assert [(f["path"], f["text"]) for f in found] == [("c.md", "Llama-2")]
    assert "'Llama 2' once in this document" in str(found[0]["message"])


def test_many_files_over_two_workers_report_what_one_process_reports(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    # Enough bytes for several runs of tasks per worker: the second pass must find each
    # file in the worker that checked it first, and report the same as one process. Each
    # page's sentence is its own (a line repeated in several files would count once).
    filler = "Plain words about training and evaluation fill this page. " * 60 + "\n"
    files = {f"docs/p{i:02}.md": f"# Page {i}\n\nWe pretrain {i}.\n\n{filler}" for i in range(40)}
    files.update(
        {f"docs/q{i}.md": f"# Other {i}\n\nWe pre-train {i}.\n\n{filler}" for i in range(3)}
    )
    _repo(tmp_path, **files)
    one = mlgloss("check", "--format", "json", "--jobs", "1", ".")
    two = mlgloss("check", "--format", "json", "--jobs", "2", ".")
    assert_no_traceback(two)
    assert one.out == two.out
    found = _findings(two.out)
    assert sorted(f["path"] for f in found) == ["docs/q0.md", "docs/q1.md", "docs/q2.md"]
    assert all("writes 'pretrain' 40 times in 40 files" in str(f["message"]) for f in found)


def test_a_house_spelling_needs_a_clear_majority_in_several_files(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    """ "pre-train" 3 times in one tutorial against 1 "pretrain" elsewhere settles nothing:
    each document judges the term itself (here: nothing to flag)."""
    _repo(
        tmp_path,
        **{
            "tutorial.md": "We pre-train first. We pre-train again. Then pre-train more.\n",
            "b.md": "We pretrain last.\n",
        },
    )
    run = mlgloss("check", "--format", "json", ".")
    assert_no_traceback(run)
    assert _findings(run.out) == []
    # Spread over two files and a clear majority, the same house spelling is settled.
    write_tree(tmp_path, {"c.md": "To pre-train, run the script.\n"})
    found = _findings(mlgloss("check", "--format", "json", ".").out)
    assert [(f["path"], f["text"]) for f in found] == [("b.md", "pretrain")]


def test_titles_identifiers_and_modifiers_are_not_the_writers_spelling(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    """A paper title, a table's column names and an identifier neither count toward the
    repository nor are flagged; a compound modifier before its noun keeps its hyphen."""
    _repo(
        tmp_path,
        **{
            "a.md": "Models learn instruction following. Instruction following is hard.\n",
            "b.md": "Good instruction following matters. We test instruction following.\n"
            "Our instruction-following models improve.\n",
            "c.md": "<summary>Instruction-Following Evaluation For Large Models</summary>\n\n"
            "| Num Instruction-Following Examples | Score |\n"
            "| --- | --- |\n\n"
            "The run_instruction-following_eval job ends.\n"
            "We measure instruction-following.\n",
        },
    )
    run = mlgloss("check", "--format", "json", ".")
    assert_no_traceback(run)
    found = _findings(run.out)
    assert [(f["path"], f["line"], f["text"]) for f in found] == [
        ("c.md", 7, "instruction-following")
    ]
    # The counts are those of the writer's own uses: 4 open, 2 hyphenated.
    assert "writes 'instruction following' 4 times in 2 files" in str(found[0]["message"])


def test_an_open_noun_beside_hyphenated_modifiers_and_a_slug_are_not_flagged(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    """The repository hyphenates "instruction-following" only before a noun: its open noun
    in a table is no minority spelling; the open use before a noun is. A package's name
    written as a slug ("lm-evaluation-harness") is neither counted nor flagged."""
    _repo(
        tmp_path,
        **{
            "README.md": "| Unit | Topics |\n| --- | --- |\n"
            "| 1 | Supervised fine-tuning, chat templates, instruction following |\n",
            "docs/a.md": "We build instruction-following datasets.\n\n"
            "We evaluate with the lm evaluation harness.\n",
            "docs/b.md": "The model gains instruction-following capabilities.\n\n"
            "The lm evaluation harness reports accuracy.\n",
            "docs/c.md": "An instruction-following assistant answers.\n",
            "docs/d.md": "We release instruction following datasets.\n",
            "tutorials/evaluation.md": "# Evaluation\n\n"
            "## Using lm-evaluation-harness\n\nRun it.\n",
        },
    )
    run = mlgloss("check", "--format", "json", "--jobs", "2", ".")
    assert_no_traceback(run)
    found = _findings(run.out)
    assert [(f["path"], f["line"], f["text"]) for f in found] == [
        ("docs/d.md", 1, "instruction following")
    ]
    assert "writes 'instruction-following' 3 times in 3 files" in str(found[0]["message"])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_mixing_spellings_follows_the_repository_not_the_glossary(
    mlgloss: RunMlgloss, tmp_path: Path, jobs: str
) -> None:
    """The repository writes "finetuning" most (4 uses in 2 files) but short of the house
    margin against 3 "fine-tuning": nothing is settled for it, yet a document that mixes
    the two is fixed towards the repository's usual spelling, not the glossary's."""
    _repo(
        tmp_path,
        **{
            "a.md": "# A\n\nOur finetuning recipe. The finetuning loop.\n",
            "b.md": "# B\n\nMore finetuning here.\n",
            "c.md": "# C\n\nFine-tuning notes, and fine-tuning again.\n",
            "config.yaml": "# Config for LoRA finetuning\n\n# Fine-tuning arguments\nepochs: 1\n",
        },
    )
    found = _checked(mlgloss, jobs)
    assert [(f["path"], f["text"]) for f in found] == [("config.yaml", "Fine-tuning")]
    (finding,) = found
    assert "the spelling this repository writes most" in str(finding["message"])
    (fix,) = finding["fixes"]  # type: ignore[misc]
    assert fix["applicability"] == "unsafe", finding  # not the glossary's spelling
    assert fix["edits"][0]["new_text"] == "Finetuning"
    # Document scope follows the repository too where a document mixes spellings (checking
    # that file alone: the rest of its repository is counted from disk), and flags nothing
    # in the documents that write the term one way.
    write_tree(tmp_path, {"pyproject.toml": "[tool.mlgloss]\n"})
    alone = _findings(mlgloss("check", "--format", "json", "config.yaml").out)
    assert [(f["text"], "this repository writes most" in str(f["message"])) for f in alone] == [
        ("Fine-tuning", True)
    ]
    assert _findings(mlgloss("check", "--format", "json", "c.md").out) == []


# Adapted from diffusers: one note pasted into many pages, against the spelling three pages
# write in sentences of their own.
NOTE = "> [!TIP]\n> Check the tradeoff between speed and quality, and pick the tradeoff you need.\n"
PASTED_NOTE = {
    **{
        f"docs/api/p{i}.md": f"# Pipeline {i}\n\nPipeline {i} makes images.\n\n{NOTE}"
        for i in range(5)
    },
    "docs/a.md": "# Speed\n\nEvery cache is a trade-off.\n",
    "docs/b.md": "# Memory\n\nOffloading trades speed for memory: a fair trade-off.\n",
    "docs/c.md": "# Quality\n\nFewer steps is the trade-off here.\n",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_line_pasted_into_many_files_counts_once(
    mlgloss: RunMlgloss, tmp_path: Path, jobs: str
) -> None:
    # Counted per copy the note's "tradeoff" (10 times in 5 files) would outvote the three
    # pages' own "trade-off"; counted once (2 times in 1 file) it is the minority.
    _repo(tmp_path, **PASTED_NOTE)
    found = _checked(mlgloss, jobs)
    assert sorted({str(f["path"]) for f in found}) == [f"docs/api/p{i}.md" for i in range(5)]
    assert {f["text"] for f in found} == {"tradeoff"}
    assert all(
        "this repository writes 'trade-off' 3 times in 3 files (the glossary's spelling)"
        in str(f["message"])
        for f in found
    )


def test_a_camel_case_name_of_a_lower_case_spelling_is_not_counted(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    """ "AllReduce" is the name a library gives its operation: it is not the writer's
    "allreduce", so many of them do not make the repository's "all-reduce" a minority."""
    _repo(
        tmp_path,
        **{
            "a.md": "NCCL runs AllReduce. AllReduce again, AllReduce once more.\n",
            "b.md": "The AllReduce op and AllReduce timings. We all-reduce the gradients.\n",
            "c.md": "Each step does an all-reduce of the gradients.\n",
            "d.md": "An allreduce is slow.\n",
        },
    )
    run = mlgloss("check", "--format", "json", ".")
    assert_no_traceback(run)
    found = _findings(run.out)
    assert [(f["path"], f["text"]) for f in found] == [("d.md", "allreduce")], found
    assert "writes 'all-reduce' 2 times in 2 files" in str(found[0]["message"])


def test_a_spelling_written_twice_is_no_house_spelling(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    """Two uses against one settle nothing (torchtune's two "behaviour" against one
    "behavior"): each document is judged alone, and no document mixes the two. A third use
    makes the habit, and the odd one out is flagged."""
    files = {
        "a.md": "Unexpected behaviour follows.\n",
        "b.md": "This behaviour is documented.\n",
        "c.md": "The behavior is unchanged.\n",
    }
    _repo(tmp_path, **files)
    run = mlgloss("check", "--format", "json", ".")
    assert_no_traceback(run)
    assert _findings(run.out) == []
    write_tree(tmp_path, {"d.md": "Its behaviour differs.\n"})
    run = mlgloss("check", "--format", "json", ".")
    assert_no_traceback(run)
    found = _findings(run.out)
    assert [(f["path"], f["text"]) for f in found] == [("c.md", "behavior")], found
    assert "writes 'behaviour' 3 times in 3 files" in str(found[0]["message"])
