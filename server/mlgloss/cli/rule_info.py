"""What the output formats say about each rule: summary, default level, documentation link."""

from __future__ import annotations

from dataclasses import dataclass

from mlgloss.analysis.findings import Severity
from mlgloss.analysis.rule_codes import RULE_CODES, UNUSED_SUPPRESSION
from mlgloss.analysis.rules.registry import RULES_BY_CODE

DOCS_BASE_URL = "https://github.com/mlgloss/mlgloss/blob/main/docs/rules/"
"""Where ``docs/rules/<code>.md`` is published; the one place the link is spelt out."""


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    summary: str
    default_severity: Severity

    @property
    def help_uri(self) -> str:
        return f"{DOCS_BASE_URL}{self.code}.md"


def rule_info(code: str) -> RuleInfo:
    rule = RULES_BY_CODE.get(code)
    if rule is not None:
        return RuleInfo(code, rule.summary, rule.default_severity)
    if code == UNUSED_SUPPRESSION:
        return RuleInfo(code, "a suppression comment that suppresses nothing", Severity.WARNING)
    return RuleInfo(code, code.replace("-", " "), Severity.WARNING)


def all_rules() -> list[RuleInfo]:
    return [rule_info(code) for code in RULE_CODES]
