"""``inconsistent`` in document scope (the default), through the real server: a document
that mixes two spellings follows the one its repository writes most, read from disk a
slice at a time after the document's first diagnostics, which never wait for it."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import caps, open_file, start
from .test_code_actions import actions_for
from .test_repository_scope import inconsistent, wait_for

HOUSE = {
    "a.md": "# A\n\nWe use finetuning for the small model.\nFinetuning takes an hour.\n",
    "b.md": "# B\n\nThe finetuning recipe runs on one GPU.\n",
    "c.md": "# C\n\nAfter finetuning, evaluate the model.\n",
}
MIXED = "# Notes\n\nWe start from fine-tuning the base model.\nThen finetuning goes on.\n"


async def test_a_mixed_document_follows_its_repository(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    for name, text in HOUSE.items():
        (repo / name).write_text(text)
    (repo / "notes.md").write_text(MIXED)
    await start(client, repo, caps("visual-studio-code"))
    notes = open_file(client, repo / "notes.md", "markdown")

    def follows_the_house(items: list[types.Diagnostic]) -> bool:
        found = inconsistent(items)
        return len(found) == 1 and "the spelling this repository writes most" in found[0].message

    await wait_for(client, notes, follows_the_house)
    (finding,) = inconsistent(list(client.diagnostics[notes]))
    assert finding.range.start.line == 2  # the "fine-tuning", not the house's "finetuning"
    assert "write 'finetuning'" in finding.message


async def test_a_name_the_repository_writes_its_own_way_gets_an_unsafe_fix(
    client: LanguageClient, tmp_path: Path
) -> None:
    """torchtune writes "Llama2" throughout: once the repository is read, respacing one
    recipe's "Llama2" is offered, not applied by "Fix all" (as ``mlgloss check`` does)."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    for name, line in {
        "a.md": "The Llama2 7B config trains on one GPU.",
        "b.md": "We evaluate Llama2 on the benchmark.",
        "c.md": "Llama2 models load from the hub.",
    }.items():
        (repo / name).write_text(f"# {name}\n\n{line}\n")
    (repo / "recipe.md").write_text("# Recipe\n\nThis recipe supports LLMs such as Llama2.\n")
    await start(client, repo, caps("visual-studio-code"))
    recipe = open_file(client, repo / "recipe.md", "markdown")

    def unsafe_respacing(items: list[types.Diagnostic]) -> bool:
        found = [d for d in items if d.code == "variant"]
        return (
            len(found) == 1
            and isinstance(found[0].data, dict)
            and [fix["safe"] for fix in found[0].data["fixes"]] == [False]
        )

    await wait_for(client, recipe, unsafe_respacing)
    (finding,) = [d for d in client.diagnostics[recipe] if d.code == "variant"]
    assert finding.message == "Write 'Llama 2' instead of 'Llama2' (spelling)"
    fix_all = await actions_for(client, recipe, [finding], only=["source.fixAll"])
    assert fix_all == []
