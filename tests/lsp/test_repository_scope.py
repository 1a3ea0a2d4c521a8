"""``inconsistent`` in repository scope, through the real server: the workspace is counted
once, an edit in one open document updates the counts (and the other documents' findings)
without the repository being read again, hover shows the counts, and one code action
normalises every minority spelling of the repository in one WorkspaceEdit."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import caps, open_file, start, uri

CONFIG = '[tool.mlgloss.rules]\ninconsistent = { scope = "repository" }\n'


def _make_repo(root: Path, files: dict[str, str]) -> Path:
    """A repository in repository scope holding ``files``."""
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG)
    for name, text in files.items():
        (root / name).write_text(text)
    return root


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    return _make_repo(
        tmp_path / "repo",
        {
            "a.md": "# A\n\nWe pretrain the model. Then we pretrain it again.\n",
            "b.md": "# B\n\nWe pre-train the model.\n",
            "c.md": "# C\n\nTo pretrain, run the script.\n",
        },
    )


@pytest.fixture()
def finetune_repo(tmp_path: Path) -> Path:
    """No file writes the glossary's "fine-tuning": the majority decides."""
    return _make_repo(
        tmp_path / "repo",
        {
            "a.md": "# A\n\nWe use finetuning. Then finetuning again.\n",
            "b.md": "# B\n\nWe use fine tuning here.\n",
            "c.md": "# C\n\nFor finetuning, run the script.\n",
        },
    )


def inconsistent(items: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in items if d.code == "inconsistent"]


async def wait_for(client: LanguageClient, doc: str, check: object, timeout: float = 15) -> None:
    """Wait until the diagnostics published for ``doc`` satisfy ``check``."""

    async def wait() -> None:
        while not (doc in client.diagnostics and check(list(client.diagnostics[doc]))):  # type: ignore[operator]
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout)


async def test_counts_come_from_the_workspace_and_follow_edits(
    client: LanguageClient, finetune_repo: Path
) -> None:
    repo = finetune_repo
    await start(client, repo, caps("visual-studio-code"))
    b = open_file(client, repo / "b.md", "markdown")
    await wait_for(client, b, lambda d: len(inconsistent(d)) == 1)
    (finding,) = inconsistent(list(client.diagnostics[b]))
    assert "this repository writes 'finetuning' 3 times in 2 files" in finding.message

    # c.md changes on disk without the server being told: if an edit made the server read
    # the repository again, it would count these five uses of "finetuning".
    (repo / "c.md").write_text("finetuning " * 5 + "\n")

    a = open_file(client, repo / "a.md", "markdown")
    await wait_for(client, a, lambda d: inconsistent(d) == [])
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=a, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(
                    text="# A\n\nWe use fine tuning. Then fine tuning again.\n"
                )
            ],
        )
    )
    # Now "fine tuning" 3 times against c.md's one "finetuning" as first counted: b.md is
    # clean, and so is a.md.
    await wait_for(client, b, lambda d: inconsistent(d) == [])
    await wait_for(client, a, lambda d: inconsistent(d) == [])

    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=b),
            position=types.Position(line=2, character=9),
        )
    )
    assert hover is not None
    value = hover.contents.value  # type: ignore[union-attr]
    expected = (
        "This repository writes *fine tuning* 3 times in 2 files, *finetuning* once in 1 file"
    )
    assert expected in value


async def test_one_code_action_normalises_the_repository(
    client: LanguageClient, repo: Path
) -> None:
    (repo / "d.md").write_text("Pre-train first; we pre-train later.\n")
    await start(client, repo, caps("visual-studio-code"))
    b = open_file(client, repo / "b.md", "markdown")
    await wait_for(client, b, lambda d: len(inconsistent(d)) == 1)
    (finding,) = inconsistent(list(client.diagnostics[b]))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=b),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction)]
    found = [
        a
        for a in actions or []
        if isinstance(a, types.CodeAction) and a.title.startswith("Write 'pretrain' everywhere")
    ]
    assert len(found) == 1, titles
    normalise = found[0]
    assert normalise.title == "Write 'pretrain' everywhere in this repository (2 files)"
    edit = normalise.edit
    assert edit is not None and edit.changes is not None
    changed = {k: sorted(e.new_text for e in v) for k, v in edit.changes.items()}
    assert changed == {
        uri(repo / "b.md"): ["pretrain"],
        uri(repo / "d.md"): ["Pretrain", "pretrain"],
    }


async def test_closing_without_saving_counts_the_file_from_disk_again(
    client: LanguageClient, finetune_repo: Path
) -> None:
    repo = finetune_repo
    await start(client, repo, caps("visual-studio-code"))
    b = open_file(client, repo / "b.md", "markdown")
    await wait_for(client, b, lambda d: len(inconsistent(d)) == 1)
    a = open_file(client, repo / "a.md", "markdown")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=a, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(
                    text="# A\n\nWe use fine tuning. Then fine tuning again.\n"
                )
            ],
        )
    )
    await wait_for(client, b, lambda d: inconsistent(d) == [])
    # The edit is dropped: a.md writes "finetuning" twice again, as on disk.
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=a))
    )
    await wait_for(client, b, lambda d: len(inconsistent(d)) == 1)
    (finding,) = inconsistent(list(client.diagnostics[b]))
    assert "this repository writes 'finetuning' 3 times in 2 files" in finding.message


async def test_a_document_mixing_spellings_follows_the_repository_it_leans_on(
    client: LanguageClient, tmp_path: Path
) -> None:
    """ "finetuning" 4 times in 2 files against 3 "fine-tuning": short of a house margin,
    but a document that mixes the two is pointed at the repository's usual spelling (as
    ``mlgloss check`` does: tests/cli/test_check_repository_scope.py)."""
    root = _make_repo(
        tmp_path / "repo",
        {
            "a.md": "# A\n\nOur finetuning recipe. The finetuning loop.\n",
            "b.md": "# B\n\nMore finetuning here.\n",
            "c.md": "# C\n\nFine-tuning notes, and fine-tuning again.\n",
            "d.md": "# D\n\nLoRA finetuning.\n\n## Fine-tuning arguments\n",
        },
    )
    await start(client, root, caps("visual-studio-code"))
    d = open_file(client, root / "d.md", "markdown")
    await wait_for(client, d, lambda found: len(inconsistent(found)) == 1)
    (finding,) = inconsistent(list(client.diagnostics[d]))
    assert finding.range.start.line == 4, finding
    assert "the spelling this repository writes most" in finding.message
