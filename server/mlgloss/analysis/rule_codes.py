"""The stable rule codes users can name in configuration and in suppression comments.

The codes come from :mod:`mlgloss.analysis.rule_metadata`, where each rule's metadata lives.
"""

from __future__ import annotations

from mlgloss.analysis.rule_metadata import PROJECT_URL, RULE_METADATA, metadata

RULE_CODES: tuple[str, ...] = tuple(RULE_METADATA)
"""Every code a finding can carry; configs and directives naming anything else are errors."""

UNUSED_SUPPRESSION = "unused-suppression"

__all__ = ["PROJECT_URL", "RULE_CODES", "UNUSED_SUPPRESSION", "rule_docs_url"]


def rule_docs_url(code: str) -> str:
    """The documentation page of a rule, for SARIF ``helpUri`` and LSP ``codeDescription``."""
    return metadata(code).docs_url
