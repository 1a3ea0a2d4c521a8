"""Fix safety in the real language server: unsafe fixes are offered as quick fixes (never as
the preferred one), "Fix all" applies only safe fixes, and it writes the same text as
``mlgloss check --fix`` on a document whose fixes overlap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import caps, copy_workspace, diagnostics_for, open_file, start
from .test_code_actions import actions_for, edits_of


def apply_lsp_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply edits (ASCII text: UTF-16 columns are code points) as a client does."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(p: types.Position) -> int:
        return starts[p.line] + p.character

    ordered = sorted(edits, key=lambda e: (offset(e.range.start), offset(e.range.end)))
    out, pos = [], 0
    for e in ordered:
        a, b = offset(e.range.start), offset(e.range.end)
        assert a >= pos, "overlapping edits in one workspace edit"
        out += [text[pos:a], e.new_text]
        pos = b
    out.append(text[pos:])
    return "".join(out)


async def test_unsafe_fix_is_a_quick_fix_but_not_preferred(
    client: LanguageClient, tmp_path: Path
) -> None:
    workspace = copy_workspace("basic", tmp_path)
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "safety.md", "markdown", "We train with DPO on pairs.\n")
    (found,) = [d for d in await diagnostics_for(client, doc) if d.code == "acronym-expansion"]
    actions = await actions_for(client, doc, [found])
    expand = next(a for a in actions if a.title.startswith("Expand to"))
    assert expand.kind == types.CodeActionKind.QuickFix
    assert not expand.is_preferred
    assert [e.new_text for e in edits_of(expand, doc)] == ["Direct Preference Optimization (DPO)"]
    # Nothing safe to do: no "Fix all".
    fix_all = await actions_for(client, doc, [found], only=["source.fixAll"])
    assert fix_all == []


async def test_fix_all_applies_only_safe_fixes(client: LanguageClient, tmp_path: Path) -> None:
    workspace = copy_workspace("basic", tmp_path)
    await start(client, workspace, caps("visual-studio-code"))
    text = "We train with Pytorch and DPO.\n"
    doc = open_file(client, workspace / "safety.md", "markdown", text)
    found = await diagnostics_for(client, doc)
    assert {d.code for d in found} == {"variant", "acronym-expansion"}
    (action,) = await actions_for(client, doc, found, only=["source.fixAll"])
    assert apply_lsp_edits(text, edits_of(action, doc)) == "We train with PyTorch and DPO.\n"


# An unused `disable` block: its fix deletes both the `disable` and the `enable` line, and a
# safe fix lies between its two edits. Both are applied, by the CLI and by the server alike.
OVERLAPPING = (
    "<!-- mlgloss: disable misspelling -->\n"
    "We use Pytorch and Lora here.\n"
    "<!-- mlgloss: enable misspelling -->\n"
    "Pytorch again.\n"
)


async def test_fix_all_writes_what_the_cli_writes(client: LanguageClient, tmp_path: Path) -> None:
    workspace = copy_workspace("basic", tmp_path)
    cli = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "--stdin", "--stdin-filename", "o.md", "--fix"],
        input=OVERLAPPING.encode(),
        capture_output=True,
        cwd=workspace,
        check=False,
        timeout=120,
    )
    by_cli = cli.stdout.decode()
    assert by_cli == "We use PyTorch and LoRA here.\nPyTorch again.\n"
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "o.md", "markdown", OVERLAPPING)
    found = await diagnostics_for(client, doc)
    (action,) = await actions_for(client, doc, found, only=["source.fixAll"])
    assert apply_lsp_edits(OVERLAPPING, edits_of(action, doc)) == by_cli
