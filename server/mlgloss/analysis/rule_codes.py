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
