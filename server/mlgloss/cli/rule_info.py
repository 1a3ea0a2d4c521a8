"""What the output formats say about each rule: summary, default level, documentation link."""

from __future__ import annotations

from dataclasses import dataclass

from mlgloss.analysis.findings import Severity
from mlgloss.analysis.rule_codes import RULE_CODES, UNUSED_SUPPRESSION, rule_docs_url
from mlgloss.analysis.rules.registry import RULES_BY_CODE


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    summary: str
    default_severity: Severity

    @property
    def help_uri(self) -> str:
        return rule_docs_url(self.code)


def rule_info(code: str) -> RuleInfo:
    rule = RULES_BY_CODE.get(code)
    if rule is not None:
        return RuleInfo(code, rule.summary, rule.default_severity)
    if code == UNUSED_SUPPRESSION:
        return RuleInfo(code, "a suppression comment that suppresses nothing", Severity.WARNING)
    return RuleInfo(code, code.replace("-", " "), Severity.WARNING)


def all_rules() -> list[RuleInfo]:
    return [rule_info(code) for code in RULE_CODES]
