"""Every rule's metadata, in one place: code, summary, default severity, fix safety, docs.

The rule modules, the suppression parser (``unused-suppression``), the output formats and the
language server read a rule's metadata here and nowhere else; ``docs/rules/`` says the same
in prose (tests/test_rule_metadata.py checks that the pages agree).

Fix safety follows ruff: a *safe* fix is mechanical and meaning-preserving, one a reviewer
would accept without reading it, and ``mlgloss check --fix`` and the editor's "Fix all"
apply it; an *unsafe* fix is offered (a quick fix, ``suggestion:`` in text output) and
applied by ``--fix`` only with ``--unsafe-fixes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mlgloss.analysis.findings import Severity

PROJECT_URL = "https://github.com/mlgloss/mlgloss"
RULE_DOCS_BASE = f"{PROJECT_URL}/blob/main/docs/rules/"
"""Where ``docs/rules/<code>.md`` is published: the one place the link is spelt out."""


class FixSafety(StrEnum):
    """What a rule's fixes are: the same for all its findings, or depending on the finding."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    SOMETIMES = "sometimes"  # safe or unsafe by finding; ``fix_note`` says when
    NONE = "none"


@dataclass(frozen=True, slots=True)
class RuleMetadata:
    code: str  # stable: never rename one
    summary: str
    default_severity: Severity
    fix_safety: FixSafety
    fix_note: str  # when the fix is safe and when it is not, in one sentence

    @property
    def docs_url(self) -> str:
        """The rule's documentation page (SARIF ``helpUri``, LSP ``codeDescription``)."""
        return f"{RULE_DOCS_BASE}{self.code}.md"


_ALL = (
    RuleMetadata(
        "variant",
        "a deprecated or forbidden form of a glossary term",
        Severity.WARNING,
        FixSafety.SOMETIMES,
        "safe when it changes the casing, hyphenation or spelling of the term; unsafe when "
        "it replaces an outdated or deprecated word with another",
    ),
    RuleMetadata(
        "inconsistent",
        "one term written in two admitted spellings in one document",
        Severity.WARNING,
        FixSafety.SOMETIMES,
        "safe when it writes the glossary's preferred spelling; unsafe when it follows the "
        "document's majority instead",
    ),
    RuleMetadata(
        "misspelling",
        "a near miss of a glossary term",
        Severity.WARNING,
        FixSafety.SOMETIMES,
        "safe when there is one clear candidate, one letter away, in the writer's case; "
        "otherwise each candidate is an unsafe suggestion",
    ),
    RuleMetadata(
        "acronym-expansion",
        "an acronym used before its expansion",
        Severity.INFO,
        FixSafety.UNSAFE,
        "always unsafe: inserting the expansion rewrites the sentence",
    ),
    RuleMetadata(
        "config-key",
        "a config key that is a near miss of a key the file's tool reads",
        Severity.WARNING,
        FixSafety.UNSAFE,
        "always unsafe: renaming a key changes what the program reads",
    ),
    RuleMetadata(
        "unused-suppression",
        "a suppression comment that suppresses nothing, or that is malformed",
        Severity.INFO,
        FixSafety.SOMETIMES,
        "deleting an unused directive is safe; correcting a misspelt directive is unsafe",
    ),
)

RULE_METADATA: dict[str, RuleMetadata] = {meta.code: meta for meta in _ALL}
"""Code → metadata, in the order rules are listed everywhere."""


def metadata(code: str) -> RuleMetadata:
    """A rule's metadata; an unknown code (a newer baseline, a plugin) gets a neutral one."""
    known = RULE_METADATA.get(code)
    if known is not None:
        return known
    return RuleMetadata(code, code.replace("-", " "), Severity.WARNING, FixSafety.NONE, "")
