"""The glossary's run-time code and its build are apart: no import cycle, no build at run time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import mlgloss

PACKAGE = Path(mlgloss.__file__).parent
BUILD = "mlgloss.glossary.build"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every mlgloss module ``path`` imports, at the top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mlgloss"):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("mlgloss")}
    return out


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in (PACKAGE / "glossary").rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules} for name, path in modules.items()}


def test_glossary_modules_import_each_other_without_a_cycle() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_only_the_build_and_the_markdown_reader_import_the_build_package() -> None:
    importers = {
        name
        for name, deps in _graph().items()
        if not name.startswith(BUILD) and any(d.startswith(BUILD) for d in deps)
    }
    assert importers == {"mlgloss.glossary.markdown_glossary"}


def test_checking_and_defining_import_no_build_code(tmp_path: Path) -> None:
    """The CLI's check and define, run in one process, never import the build package."""
    (tmp_path / "notes.md").write_text("We fine-tune with Lora.\n", encoding="utf-8")
    (tmp_path / "terms.yaml").write_text("entries:\n  - term: Widgetron\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.mlgloss]\nglossary = ["terms.yaml"]\n')
    script = (
        "import contextlib, io, sys\n"
        "from mlgloss.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', 'notes.md'])\n"
        "    main(['define', 'LoRA'])\n"
        f"print(sorted(m for m in sys.modules if m.startswith({BUILD!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True
    ).stdout
    assert out.strip() == "[]"


def test_markdown_glossary_entries_point_at_their_markdown_lines(tmp_path: Path) -> None:
    from mlgloss.glossary.files import load_glossary_file

    path = tmp_path / "glossary.md"
    path.write_text("# Glossary\n\n**Widgetron**\n: A tool.\n\n**Gadget**\n: Another.\n")
    parsed = load_glossary_file(path)
    origins = {e.term: e.origin.line for e in parsed.entries if e.origin}
    assert origins == {"widgetron": 3, "gadget": 6}
