"""Validation of one settings table (a config file's or an editor's) into a
:class:`~mlgloss.analysis.config.layers.Layer`, every problem a positioned ConfigError."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from mlgloss.analysis.config.key_locations import key_name, locate
from mlgloss.analysis.config.keys import (
    CLIENT_ONLY_KEYS,
    EDITOR_KEYS,
    FILE_KEYS,
    RULE_SHORTHAND,
    SCOPED_RULES,
    SCOPES,
)
from mlgloss.analysis.config.layers import Layer
from mlgloss.analysis.config.model import (
    GLOSSARY_SUFFIXES,
    PathFilter,
    RuleSetting,
    ToolGlobs,
    compile_patterns,
    compile_tool_glob,
)
from mlgloss.analysis.config.paths import leaves_through
from mlgloss.analysis.errors import ConfigError
from mlgloss.analysis.findings import Severity
from mlgloss.analysis.rule_codes import RULE_CODES
from mlgloss.files.reading import not_regular


def describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return repr(value)


def suggest(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


class Reader:
    """Validates one settings table, turning problems into positioned :class:`ConfigError`."""

    def __init__(
        self,
        *,
        file: Path | None,
        text: str | None,
        prefix: tuple[str, ...],
        base_dir: Path | None,
        editor: bool,
    ) -> None:
        self.file = file
        self.text = text
        self.prefix = prefix  # ("tool", "mlgloss") in pyproject.toml
        self.base_dir = base_dir
        self.editor = editor
        self.checked_paths: set[Path] = set()  # glossary paths whose existence was checked

    def error(self, message: str, key: tuple[str, ...], needle: str | None = None) -> ConfigError:
        line = column = None
        if self.text is not None:
            where = key
            while where and where[-1].isdigit():  # list items are found via `needle`
                where = where[:-1]
            line, column = locate(self.text, (*self.prefix, *where), needle)
        return ConfigError(
            message,
            str(self.file) if self.file else None,
            line,
            column,
            key=key_name(key),
        )

    def layer(self, table: Mapping[str, object]) -> Layer:
        known = EDITOR_KEYS if self.editor else {k: k for k in FILE_KEYS}
        values: dict[str, object] = {}
        spelled: dict[str, str] = {}  # setting -> key as the user wrote it
        for key, value in table.items():
            if self.editor and (key in CLIENT_ONLY_KEYS or value is None):
                continue
            if key not in known or (self.editor and key == "extend"):
                choices = [k for k in known if k != "extend"] if self.editor else list(known)
                raise self.error(f"unknown setting `{key}`{suggest(key, choices)}", (key,))
            values[known[key]] = value
            spelled[known[key]] = key

        def k(name: str) -> tuple[str, ...]:
            return (spelled[name],)

        include = self.globs(values["include"], k("include")) if "include" in values else ()
        exclude = self.globs(values["exclude"], k("exclude")) if "exclude" in values else ()
        path_filter = None
        if include or exclude:
            if self.base_dir is None:
                raise self.error(
                    "`include`/`exclude` need a workspace folder to be relative to",
                    k("include" if include else "exclude"),
                )
            path_filter = PathFilter(self.base_dir, include, exclude)
        return Layer(
            source=self.file,
            root=self.base_dir,
            extend=self.boolean(values["extend"], k("extend")) if "extend" in values else False,
            glossary=(
                tuple(
                    self.glossary_path(p, (*k("glossary"), str(i)))
                    for i, p in enumerate(self.strings(values["glossary"], k("glossary")))
                )
                if "glossary" in values
                else ()
            ),
            builtin_glossary=(
                self.boolean(values["builtin_glossary"], k("builtin_glossary"))
                if "builtin_glossary" in values
                else None
            ),
            prefer=self.strings(values["prefer"], k("prefer")) if "prefer" in values else (),
            rules=self.rules(values["rules"], k("rules")) if "rules" in values else {},
            ignore_words=(
                self.strings(values["ignore_words"], k("ignore_words"))
                if "ignore_words" in values
                else ()
            ),
            max_file_size=(
                self.size(values["max_file_size"], k("max_file_size"))
                if "max_file_size" in values
                else None
            ),
            filter=path_filter,
            tool_globs=(
                self.tool_globs(values["config_tools"], k("config_tools"))
                if "config_tools" in values
                else None
            ),
            config_keys=(
                self.strings(values["config_keys"], k("config_keys"))
                if "config_keys" in values
                else ()
            ),
            suggest_terms=(
                self.boolean(values["suggest_terms"], k("suggest_terms"))
                if "suggest_terms" in values
                else None
            ),
        )

    def boolean(self, value: object, key: tuple[str, ...]) -> bool:
        if not isinstance(value, bool):
            raise self.error(f"`{key_name(key)}` must be true or false, not {describe(value)}", key)
        return value

    def size(self, value: object, key: tuple[str, ...]) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.error(
                f"`{key_name(key)}` must be a positive number of bytes, not {describe(value)}",
                key,
            )
        return value

    def strings(self, value: object, key: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(
                f"`{key_name(key)}` must be a list of strings, not {describe(value)}", key
            )
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(
                    f"`{key_name((*key, str(i)))}` must be a non-empty string, "
                    f"not {describe(item)}",
                    (*key, str(i)),
                    needle=item if isinstance(item, str) else None,
                )
        return tuple(item.strip() for item in value)

    def globs(self, value: object, key: tuple[str, ...]) -> tuple[str, ...]:
        patterns = self.strings(value, key)
        for i, pattern in enumerate(patterns):
            try:
                compile_patterns([pattern])
            except ValueError as exc:
                raise self.error(
                    f"`{key_name((*key, str(i)))}`: invalid glob `{pattern}`",
                    (*key, str(i)),
                    needle=pattern,
                ) from exc
        return patterns

    def tool_globs(self, value: object, key: tuple[str, ...]) -> ToolGlobs:
        from mlgloss.analysis.config_tools.specs import BY_ID, NO_TOOL

        if not isinstance(value, Mapping):
            raise self.error(
                f"`{key_name(key)}` must be a table of glob = tool, not {describe(value)}", key
            )
        if self.base_dir is None:
            raise self.error(f"`{key_name(key)}` needs a workspace folder to be relative to", key)
        names = (*BY_ID, NO_TOOL)
        patterns: list[tuple[str, str]] = []
        for glob, tool in value.items():
            item_key = (*key, str(glob))
            if not isinstance(tool, str) or tool not in names:
                hint = suggest(tool, names) if isinstance(tool, str) else ""
                raise self.error(
                    f"`{key_name(key)}`: {describe(tool)} for {glob!r} is not a supported "
                    f"tool{hint} (one of: {', '.join(names)})",
                    item_key,
                )
            try:
                compile_tool_glob(glob)
            except ValueError as exc:
                raise self.error(
                    f"`{key_name(key)}`: invalid glob `{glob}`", item_key, needle=glob
                ) from exc
            patterns.append((glob, tool))
        return ToolGlobs(self.base_dir, tuple(patterns))

    def glossary_path(self, raw: str, key: tuple[str, ...]) -> Path:
        name = key_name(key)
        expanded = Path(os.path.expanduser(raw))
        if expanded.is_absolute():
            # Written out in full by whoever configured it: trusted, like any absolute path,
            # unless it reaches outside through the project's own links (`/proc/self/cwd/x`
            # where x is a link in the repository): judged like the relative spelling.
            path = Path(os.path.abspath(expanded))
            if self.base_dir is not None and not self.editor:
                root = os.path.realpath(self.base_dir)
                if leaves_through(str(path), root):
                    raise self.error(
                        f"`{name}`: {raw!r} leads through the project root {self.base_dir} "
                        "to a file outside it; write the outside file's own absolute path",
                        key,
                        needle=raw,
                    )
        else:
            if self.base_dir is None:
                raise self.error(
                    f"`{name}`: relative path {raw!r} needs a workspace folder to be relative to",
                    key,
                    needle=raw,
                )
            path = Path(os.path.abspath(self.base_dir / expanded))
            # A relative path must stay inside the config's directory, both as written
            # (no `..` out of it) and once symlinks are followed: a cloned repository must
            # not make mlgloss read files elsewhere on the machine.
            inside = path.is_relative_to(self.base_dir) and path.resolve().is_relative_to(
                self.base_dir.resolve()
            )
            if not inside:
                raise self.error(
                    f"`{name}`: {raw!r} points outside the project root {self.base_dir}; "
                    "write an absolute path, or set it in a config further up and use "
                    "`extend = true`",
                    key,
                    needle=raw,
                )
        if path.suffix.lower() not in GLOSSARY_SUFFIXES:
            raise self.error(
                f"`{name}`: {raw!r} is not a glossary file (expected .yaml, .yml or .md)",
                key,
                needle=raw,
            )
        self.checked_paths.add(path)
        try:
            mode = path.stat().st_mode  # after its links; a FIFO or device is never opened
        except OSError:
            raise self.error(
                f"`{name}`: glossary file not found: {path}", key, needle=raw
            ) from None
        if (why := not_regular(mode)) is not None:
            raise self.error(f"`{name}`: {why}: {path}", key, needle=raw)
        return path

    def rules(self, value: object, key: tuple[str, ...]) -> dict[str, RuleSetting]:
        if not isinstance(value, Mapping):
            raise self.error(
                f"`{key_name(key)}` must be a table of rule settings, not {describe(value)}",
                key,
            )
        out: dict[str, RuleSetting] = {}
        for code, setting in value.items():
            rule_key = (*key, code)
            if setting is None and self.editor:
                continue
            if code not in RULE_CODES:
                raise self.error(
                    f"unknown rule `{code}`{suggest(code, RULE_CODES)} "
                    f"(known rules: {', '.join(RULE_CODES)})",
                    rule_key,
                )
            out[code] = self.rule(setting, rule_key)
        return out

    def rule(self, value: object, key: tuple[str, ...]) -> RuleSetting:
        if isinstance(value, bool):
            return RuleSetting(enabled=value)
        if isinstance(value, str):
            return self.shorthand(value, key)
        if not isinstance(value, Mapping):
            raise self.error(
                f"`{key_name(key)}` must be one of {', '.join(RULE_SHORTHAND)} or a table "
                f"with `enabled` and `severity`, not {describe(value)}",
                key,
            )
        enabled = True
        severity = None
        scope = None
        scoped = key[-1] in SCOPED_RULES
        for name, item in value.items():
            item_key = (*key, name)
            if name == "enabled":
                enabled = self.boolean(item, item_key)
            elif name == "severity":
                severity = self.severity(item, item_key)
            elif name == "scope" and scoped:
                scope = self.scope(item, item_key)
            elif not (self.editor and item is None):
                expected = "enabled, severity, scope" if scoped else "enabled, severity"
                raise self.error(
                    f"unknown setting `{name}` in `{key_name(key)}` (expected {expected})",
                    item_key,
                )
        return RuleSetting(enabled=enabled, severity=severity, scope=scope)

    def scope(self, value: object, key: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value.strip().lower() not in SCOPES:
            raise self.error(
                f"`{key_name(key)}` must be one of {', '.join(map(repr, SCOPES))}, "
                f"not {describe(value)}",
                key,
            )
        return value.strip().lower()

    def shorthand(self, value: str, key: tuple[str, ...]) -> RuleSetting:
        word = value.strip().lower()
        if word == "off":
            return RuleSetting(enabled=False)
        if word == "on":
            return RuleSetting(enabled=True)
        return RuleSetting(enabled=True, severity=self.severity(value, key, RULE_SHORTHAND))

    def severity(
        self, value: object, key: tuple[str, ...], allowed: Iterable[str] | None = None
    ) -> Severity:
        if isinstance(value, str):
            try:
                return Severity.parse(value)
            except ValueError:
                pass
        names = allowed or [s.label for s in sorted(Severity, reverse=True)]
        raise self.error(
            f"`{key_name(key)}`: unknown severity {describe(value)} "
            f"(expected one of {', '.join(names)})",
            key,
        )
