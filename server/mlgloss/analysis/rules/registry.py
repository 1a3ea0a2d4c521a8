"""Every rule, in the order findings are computed. Codes are stable: never rename one."""

from __future__ import annotations

from importlib import import_module

from mlgloss.analysis.rules.base import Rule

_MODULES = ("variant", "inconsistent", "misspelling", "acronym_expansion", "config_key")


def _load() -> tuple[Rule, ...]:
    rules = []
    for name in _MODULES:
        try:
            module = import_module(f"mlgloss.analysis.rules.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"mlgloss.analysis.rules.{name}":
                raise
            continue
        rules.append(module.RULE)
    return tuple(rules)


RULES: tuple[Rule, ...] = _load()
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
