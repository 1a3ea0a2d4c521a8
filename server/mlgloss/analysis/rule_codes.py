"""The stable rule codes users can name in configuration and in suppression comments."""

from __future__ import annotations

RULE_CODES: tuple[str, ...] = (
    "variant",
    "inconsistent",
    "misspelling",
    "acronym-expansion",
    "config-key",
    "unused-suppression",
)
"""Every code a finding can carry; configs and directives naming anything else are errors."""

UNUSED_SUPPRESSION = "unused-suppression"

PROJECT_URL = "https://github.com/mlgloss/mlgloss"
RULE_DOCS_BASE = f"{PROJECT_URL}/blob/main/docs/rules/"
"""Where ``docs/rules/<code>.md`` is published: the one place the link is spelt out."""


def rule_docs_url(code: str) -> str:
    """The documentation page of a rule, for SARIF ``helpUri`` and LSP ``codeDescription``."""
    return f"{RULE_DOCS_BASE}{code}.md"
