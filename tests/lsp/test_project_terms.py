"""The project's own terms through the real server: with ``suggest_terms = true`` the
minority spellings of discovered terms get ``project-term`` hints (none without it), their
code action runs ``mlgloss.suggestProjectTerms``, and the draft that command returns is a
glossary the real ``mlgloss glossary validate`` accepts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import caps, diagnostics_for, open_file, start, uri

COMMAND = "mlgloss.suggestProjectTerms"

FILES = {
    "a.md": "# A\n\nThe dataloader feeds the model. The dataloader is fast.\n",
    "b.md": "# B\n\nEach data loader is a worker. The dataloader again.\n",
    "c.md": "# C\n\nOur dataloader, once more.\n",
}


def _repo(root: Path, config: str) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text(config)
    for name, text in FILES.items():
        (root / name).write_text(text)
    return root


def hints(items: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in items if d.code == "project-term"]


async def test_hints_on_minority_spellings_when_the_project_opts_in(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = _repo(tmp_path / "repo", "[tool.mlgloss]\nsuggest_terms = true\n")
    await start(client, repo, caps("visual-studio-code"))
    b = open_file(client, repo / "b.md", "markdown")
    (hint,) = hints(await diagnostics_for(client, b))
    assert hint.severity == types.DiagnosticSeverity.Hint
    assert (hint.range.start.line, hint.range.start.character) == (2, 5)
    assert (hint.range.end.line, hint.range.end.character) == (2, 16)  # "data loader"
    assert "this repository writes 'dataloader' 4 times in 3 files" in hint.message
    # The majority spelling gets none.
    a = open_file(client, repo / "a.md", "markdown")
    assert hints(await diagnostics_for(client, a)) == []

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=b),
            range=hint.range,
            context=types.CodeActionContext(diagnostics=[hint]),
        )
    )
    (action,) = [a for a in actions or [] if isinstance(a, types.Command)]
    assert action.command == COMMAND and "draft project glossary" in action.title
    assert not any(
        isinstance(a, types.CodeAction) and "Disable" in a.title for a in actions or []
    ), "a hint is no rule to disable"
    answer = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=COMMAND, arguments=action.arguments)
    )
    assert answer["terms"] == 1 and answer["files"] == 4, answer  # pyproject.toml too
    draft = answer["draft"]
    assert '- term: "dataloader"' in draft and '- "data loader"' in draft
    (tmp_path / "draft.yaml").write_text(draft)
    validate = subprocess.run(
        [sys.executable, "-m", "mlgloss", "glossary", "validate", str(tmp_path / "draft.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr


async def test_no_hints_by_default_but_the_command_still_drafts(
    client: LanguageClient, tmp_path: Path
) -> None:
    repo = _repo(tmp_path / "repo", "[tool.mlgloss]\n")
    result = await start(client, repo, caps("visual-studio-code"))
    provider = result.capabilities.execute_command_provider
    assert provider is not None and COMMAND in provider.commands
    b = open_file(client, repo / "b.md", "markdown")
    assert hints(await diagnostics_for(client, b)) == []
    answer = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=COMMAND, arguments=[{"folder": uri(repo)}])
    )
    assert '- term: "dataloader"' in answer["draft"]


@pytest.mark.parametrize("value", ['"yes"', "1"])
async def test_a_wrong_opt_in_is_a_config_error_naming_the_key(
    client: LanguageClient, tmp_path: Path, value: str
) -> None:
    repo = _repo(tmp_path / "repo", f"[tool.mlgloss]\nsuggest_terms = {value}\n")
    await start(client, repo, caps("visual-studio-code"))
    b = open_file(client, repo / "b.md", "markdown")
    items = await diagnostics_for(client, b)
    assert hints(items) == []
    messages = [d.message for d in items] + [
        d.message for d in client.diagnostics.get(uri(repo / "pyproject.toml"), [])
    ]
    assert any("`suggest_terms` must be true or false" in m for m in messages), messages


async def test_a_workspace_folder_an_outer_repository_ignores_is_still_read(
    client: LanguageClient, tmp_path: Path
) -> None:
    # The editor opened a folder that an enclosing repository's .gitignore names (a
    # checkout under `.cache/`, say): the user chose to work there, so its files are read,
    # while the outer patterns still apply inside it (`mlgloss check` keeps skipping it).
    outer = tmp_path / "outer"
    (outer / ".git").mkdir(parents=True)
    (outer / ".gitignore").write_text(".cache/\n*.log.md\n")
    repo = outer / ".cache" / "runs" / "workspace"
    repo.mkdir(parents=True)
    (repo / "pyproject.toml").write_text("[tool.mlgloss]\nsuggest_terms = true\n")
    for name, text in FILES.items():
        (repo / name).write_text(text)
    (repo / "d.log.md").write_text("# D\n\nA data loader, a data loader, a data loader.\n")
    await start(client, repo, caps("visual-studio-code"))
    answer = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=COMMAND, arguments=[{"folder": uri(repo)}])
    )
    assert '- term: "dataloader"' in answer["draft"], answer["draft"]
    assert answer["files"] == 4, answer  # d.log.md stays ignored
