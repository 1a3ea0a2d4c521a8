"""The commented configuration ``mlgloss init`` writes, for the kinds of files it found.

Every setting is a comment, so the result configures nothing yet: mlgloss behaves as without
it until a line is uncommented. Each commented ``key = value`` line is valid as it stands
(tests/cli/test_init_cmd.py uncomments them all and loads the result); top-level keys come
before the ``[rules]`` and ``[config_tools]`` tables, so uncommenting any of them keeps the
TOML valid.
"""

from __future__ import annotations

from collections import Counter

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.rule_metadata import PROJECT_URL

KIND_NAMES: dict[DocumentKind, str] = {
    DocumentKind.MARKDOWN: "Markdown",
    DocumentKind.NOTEBOOK: "notebooks",
    DocumentKind.PYTHON: "Python (docstrings and comments)",
    DocumentKind.YAML: "YAML",
    DocumentKind.JSON: "JSON",
    DocumentKind.TOML: "TOML",
    DocumentKind.RST: "reStructuredText",
    DocumentKind.PLAINTEXT: "plain text",
}

CONFIGURATION_DOCS = f"{PROJECT_URL}/blob/main/docs/configuration.md"


def _found(kinds: Counter[DocumentKind]) -> list[str]:
    if not kinds:
        return ["# No file mlgloss checks was found here yet."]
    lines = ["# Files found here that mlgloss checks:"]
    for kind, name in KIND_NAMES.items():
        if kinds[kind]:
            plural = "" if kinds[kind] == 1 else "s"
            lines.append(f"#   {name}: {kinds[kind]} file{plural}")
    return lines


def configuration_text(kinds: Counter[DocumentKind], *, pyproject: bool) -> str:
    """The section (``[tool.mlgloss]`` for ``pyproject.toml``) or the ``.mlgloss.toml``."""
    prefix = "tool.mlgloss." if pyproject else ""
    prose = kinds[DocumentKind.MARKDOWN] + kinds[DocumentKind.RST] + kinds[DocumentKind.PLAINTEXT]
    notebooks = kinds[DocumentKind.NOTEBOOK]
    python = kinds[DocumentKind.PYTHON]
    configs = sum(kinds[k] for k in DocumentKind if k.is_config)
    out = ["[tool.mlgloss]"] if pyproject else []
    out += [
        "# Written by `mlgloss init`. Every setting below is commented out: mlgloss uses its",
        "# defaults until you uncomment one. All settings:",
        f"# {CONFIGURATION_DOCS}",
        "#",
        *_found(kinds),
        "",
        "# Lay these settings over the configuration further up (a package of a monorepo):",
        "# extend = true",
        "",
        "# Glossary files over the built-in one (YAML or Markdown), relative to this file:",
        '# glossary = ["glossary.yaml"]',
        "# builtin_glossary = true",
        "",
        "# Spellings the project prefers where the glossary accepts several:",
        '# prefer = ["pretraining", "fine-tuning"]',
        "",
        "# Forms never reported, whatever their case (project and product names):",
        '# ignore_words = ["MyModel"]',
        "",
        "# Which files to check: gitignore patterns relative to this file (.gitignore is",
        "# honoured already).",
    ]
    if prose:
        out.append('# include = ["docs/", "*.md"]')
    exclude = ["docs/drafts/"]
    if notebooks:
        exclude.append("**/.ipynb_checkpoints/")
    if configs:
        exclude.append("third_party/")
    out.append(f"# exclude = [{', '.join(repr(p).replace(chr(39), chr(34)) for p in exclude)}]")
    if notebooks:
        out += [
            "",
            "# Notebooks with their outputs grow large; files above this many bytes are",
            "# skipped with a notice (default 2 MiB):",
            "# max_file_size = 5_000_000",
        ]
    if configs:
        out += [
            "",
            "# YAML, JSON and TOML: keys your tools read besides their own, never reported by",
            "# the config-key rule:",
            '# config_keys = ["my_plugin_warmup"]',
        ]
    if python:
        out += [
            "",
            "# Python: docstrings and comments are checked, never code. Silence one line with",
            "# `# mlgloss: disable-line variant`.",
        ]
    out += [
        "",
        '# Rules: "off", "on", or a severity ("error", "warning", "info", "hint").',
        "# `mlgloss rule` lists them, `mlgloss rule CODE` explains one.",
        f"# [{prefix}rules]",
        '# variant = "error"',
        '# inconsistent = "warning"',
        '# misspelling = "warning"',
    ]
    if prose or notebooks:
        out.append('# acronym-expansion = "info"')
    if configs:
        out.append('# config-key = "warning"')
    out.append('# unused-suppression = "info"')
    if configs:
        out += [
            "",
            "# Which tool reads the config files a glob matches, when config-key cannot tell",
            '# (trl, peft, accelerate, deepspeed, axolotl, ...), or "none" to skip them:',
            f"# [{prefix}config_tools]",
            '# "configs/train/*.yaml" = "axolotl"',
        ]
    return "\n".join(out) + "\n"
