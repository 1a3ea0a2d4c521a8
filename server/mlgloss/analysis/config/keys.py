"""Setting names: as configuration files spell them, and as editors send them."""

from __future__ import annotations

from mlgloss.analysis.findings import Severity

# Keys an editor may send in the `mlgloss` section that only its client reads.
CLIENT_ONLY_KEYS = frozenset({"trace", "interpreter"})

# Setting name in files -> name in editor settings.
FILE_KEYS: dict[str, str] = {
    "extend": "",
    "glossary": "glossary",
    "builtin_glossary": "builtinGlossary",
    "prefer": "prefer",
    "rules": "rules",
    "include": "include",
    "exclude": "exclude",
    "ignore_words": "ignoreWords",
    "max_file_size": "maxFileSize",
    "config_tools": "configTools",
    "config_keys": "configKeys",
    "suggest_terms": "suggestTerms",
}
EDITOR_KEYS: dict[str, str] = {
    **{camel: snake for snake, camel in FILE_KEYS.items() if camel},
    # snake_case is accepted from editors too (Neovim users often write it).
    **{snake: snake for snake, camel in FILE_KEYS.items() if camel},
}
RULE_SHORTHAND = ("off", "on", *(s.label for s in sorted(Severity, reverse=True)))

# Rules with a `scope` setting, and its values: the first is the default.
SCOPED_RULES = frozenset({"inconsistent"})
SCOPES = ("document", "repository")
