"""Every rule, in the order findings are computed. Codes are stable: never rename one."""

from __future__ import annotations

from mlgloss.analysis.rules import (
    acronym_expansion,
    config_key,
    inconsistent,
    misspelling,
    variant,
)
from mlgloss.analysis.rules.base import Rule

RULES: tuple[Rule, ...] = (
    variant.RULE,
    inconsistent.RULE,
    misspelling.RULE,
    acronym_expansion.RULE,
    config_key.RULE,
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
