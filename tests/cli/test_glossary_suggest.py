"""``mlgloss glossary suggest``, through the real executable: the terms a repository writes
several ways, never code, URLs, titles, link text or the glossary's own terms, as a draft
that the real project-glossary loader accepts."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

FILES = {
    ".git/HEAD": "ref: refs/heads/main\n",
    "docs/a.md": """\
        # Loading

        The dataloader feeds the model. Build the dataloader first, then FooBar runs.
        We customise the run, and FooBar logs it. A codebase is shared.

        ```python
        data_loader = make_data_loader()  # code: never counted
        ```
        """,
    "docs/b.md": """\
        # More

        Each data loader is a worker; we customize it. The foobar tool is new.
        See [Data Loader Guide](https://example.com/data-loader) and `codebase_dir`.
        We pretrain here and pre-train there: the glossary's own term.
        Set up the run; the setup is quick.
        """,
    "docs/c.md": """\
        # Notes

        The dataloader again, the code base again, FooBar again; customize once more.
        The codebase grows.
        """,
}


def test_suggests_the_repository_variants_as_a_loadable_draft(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, FILES)
    run = mlgloss("glossary", "suggest", "--output", "draft.yaml", ".")
    assert_no_traceback(run)
    assert run.code == 0, run.err
    draft = (tmp_path / "draft.yaml").read_text()
    entries = [line.strip() for line in draft.splitlines() if line.lstrip().startswith(("- ", "#"))]
    assert '- term: "dataloader"' in entries
    assert '- "data loader"' in entries
    assert "# compound: 'dataloader' 3x in 2 files, 'data loader' 1x in 1 file" in entries
    assert '- term: "FooBar"' in entries and '- "foobar"' in entries
    assert '- term: "customize"' in entries and '- "customise"' in entries
    assert '- term: "codebase"' in entries and '- "code base"' in entries
    for never in ("data_loader", "data-loader", "pretrain", "pre-train", "set up", "Data Loader"):
        assert f'"{never}"' not in draft, never
    # The real loader accepts it, and with it `inconsistent` sees the project's own term.
    assert mlgloss("glossary", "validate", "draft.yaml").code == 0
    write_tree(
        tmp_path,
        {
            ".mlgloss.toml": 'glossary = ["draft.yaml"]\n',
            "new.md": "The dataloader is fast. Each data loader is a process.\n",
        },
    )
    check = mlgloss("check", "new.md")
    assert_no_traceback(check)
    assert "inconsistent" in check.out and "'data loader' here" in check.out


def test_nothing_to_suggest_is_an_empty_draft(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "We fine-tune the model.\n"})
    run = mlgloss("glossary", "suggest", ".")
    assert run.code == 0, run.err
    assert "entries: []" in run.out
    (tmp_path / "draft.yaml").write_text(run.out)
    assert mlgloss("glossary", "validate", "draft.yaml").code == 0


def test_limit_must_be_positive(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    run = mlgloss("glossary", "suggest", "--limit", "0", ".")
    assert run.code == 2
    assert "--limit must be at least 1" in run.err


def test_a_word_varied_two_ways_is_one_entry(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a.md": "The dataloader runs. A data loader is fine. Use DataLoader here.\n",
            "b.md": "The dataloader and one data loader. DataLoader too.\n",
        },
    )
    run = mlgloss("glossary", "suggest", "-o", "draft.yaml", ".")
    assert run.code == 0, run.err
    draft = (tmp_path / "draft.yaml").read_text()
    assert draft.count("- term:") == 1
    assert "# casing+compound:" in draft and '- "data loader"' in draft
    assert mlgloss("glossary", "validate", "draft.yaml").code == 0


CODE_FILES = {
    "docs/a.md": """\
        # Logging

        Log the run to WandB. We log to WandB each step; WandB keeps the charts.
        The dataloader feeds the model; DataLoader is its class.
        TODO: write more. The ZipKit tool runs here, ZipKit twice.

        ```python
        import wandb
        from torch.utils.data import DataLoader
        prompt = "a cat, best quality, close-up"
        ```
        """,
    "docs/b.md": """\
        # Tracking

        We use wandb here, and WandB again. The dataloader again, DataLoader again.
        A todo remains. The zipkit tool again.

        <td><small>A dog, best quality, a closeup</small></td>
        <td><small>A bird, bestquality, a closeup</small></td>
        """,
    "docs/c.md": "# More\n\nZipKit and WandB, once more.\n",
}


def test_spellings_written_as_code_are_never_suggested(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    """ "wandb" is the package, "DataLoader" the class, "best quality" and "close-up" a
    prompt, "TODO" a marker: only the word no code writes ("ZipKit") is proposed."""
    write_tree(tmp_path, CODE_FILES)
    run = mlgloss("glossary", "suggest", "-o", "draft.yaml", ".")
    assert_no_traceback(run)
    assert run.code == 0, run.err
    draft = (tmp_path / "draft.yaml").read_text()
    assert '- term: "ZipKit"' in draft and '- "zipkit"' in draft, draft
    for never in ("wandb", "WandB", "DataLoader", "dataloader", "TODO", "todo", "closeup"):
        assert f'"{never}"' not in draft, never
    assert "best quality" not in draft and "bestquality" not in draft
    assert draft.count("- term:") == 1
    # Without the code, the same prose is a candidate: the rule, not the words, drops it.
    write_tree(
        tmp_path,
        {"docs/a.md": CODE_FILES["docs/a.md"].split("```")[0].replace("TODO: write more.", "")},
    )
    again = mlgloss("glossary", "suggest", ".")
    assert '- term: "WandB"' in again.out and '- "wandb"' in again.out


def test_suggest_terms_is_validated_and_off_for_the_cli(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    """The server's opt-in is a configuration setting like any other: a wrong value is an
    error naming the file, line and key; `true` changes nothing `mlgloss check` reports."""
    write_tree(tmp_path, {"pyproject.toml": '[tool.mlgloss]\nsuggest_terms = "yes"\n'})
    write_tree(tmp_path, {"a.md": "The dataloader runs.\n"})
    bad = mlgloss("check", "a.md")
    assert_no_traceback(bad)
    assert bad.code == 2
    assert "pyproject.toml:2" in bad.err and "`suggest_terms` must be true or false" in bad.err
    write_tree(tmp_path, {"pyproject.toml": "[tool.mlgloss]\nsuggest_terms = true\n"})
    good = mlgloss("check", "a.md")
    assert good.code == 0, good.out + good.err


def test_verbs_settings_and_quoted_names_are_not_spellings(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    """A hyphenated verb ("to speed-up inference") is the verb "speed up", a key of a
    setting ("zipkit=5") is code and a name quoted alone ('or "zipkit"') is mentioned: none
    is a second spelling. The same words as a noun and in prose are."""
    write_tree(
        tmp_path,
        {
            "a.md": "The speedup is large. To further speed-up inference, you can speed-up it.\n"
            'ZipKit runs fast. Set zipkit=5 for it. ZipKit, or "zipkit", logs.\n',
            "b.md": "Another speedup here. ZipKit again, zipkit=2 too.\n",
            "c.md": "A speedup, then ZipKit once more.\n",
        },
    )
    run = mlgloss("glossary", "suggest", ".")
    assert_no_traceback(run)
    assert run.code == 0, run.err
    assert "speed-up" not in run.out and "zipkit" not in run.out, run.out
    write_tree(
        tmp_path,
        {"b.md": "Another speedup here, and a speed-up there. ZipKit again; the zipkit tool.\n"},
    )
    again = mlgloss("glossary", "suggest", ".")
    assert '- "speed-up"' in again.out and '- "zipkit"' in again.out, again.out
