"""Project configuration: where it lives, what it may say, and how layers combine.

Settings come from ``[tool.mlgloss]`` in ``pyproject.toml`` or from the top level of a
``.mlgloss.toml``. :class:`ConfigResolver` finds the nearest one above a checked file, follows
``extend = true`` to the next one further up, and caches the result per directory until
:meth:`ConfigResolver.invalidate` is called. Editor settings are laid over the result with
:meth:`ProjectConfig.with_overrides`. Every problem is a :class:`ConfigError` that names the
file, line and key (or, for editor settings, the key path).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from mlgloss.analysis.config_tools.globs import InvalidGlob, ToolGlobs, glob_pattern
from mlgloss.analysis.errors import ConfigError
from mlgloss.analysis.findings import Severity
from mlgloss.analysis.rule_codes import RULE_CODES

CONFIG_FILE = ".mlgloss.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
GLOSSARY_SUFFIXES = (".yaml", ".yml", ".md")

# Keys an editor may send in the `mlgloss` section that only its client reads.
CLIENT_ONLY_KEYS = frozenset({"trace", "interpreter"})

if TYPE_CHECKING:  # imported where used: most runs never read a glob or a TOML file
    import tomllib

    from mlgloss.files.patterns import PatternList

StrPath = str | os.PathLike[str]


def _patterns(lines: Iterable[str]) -> PatternList:
    """Raises :class:`~mlgloss.files.patterns.InvalidPattern` (a ``ValueError``)."""
    from mlgloss.files.patterns import PatternList

    return PatternList.from_lines(lines)


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """What the configuration says about one rule. ``severity=None`` keeps the rule's own."""

    enabled: bool = True
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class PathFilter:
    """The ``include``/``exclude`` globs of one config file, relative to its directory.

    Gitignore semantics (:mod:`mlgloss.files.patterns`): an excluded directory excludes
    everything in it; a file is included when it, or one of its directories, matches.
    """

    root: Path
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    _include: PatternList = field(init=False, repr=False, compare=False, hash=False)
    _exclude: PatternList = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_include", _patterns(self.include))
        object.__setattr__(self, "_exclude", _patterns(self.exclude))

    def _relative(self, path: Path) -> list[str] | None:
        if not path.is_relative_to(self.root):
            return None
        rel = path.relative_to(self.root).as_posix()
        return None if rel == "." else rel.split("/")

    def allows(self, path: Path, *, parents_checked: bool = False) -> bool:
        """Whether a file (absolute, normalised) passes; files outside ``root`` always do.

        ``parents_checked``: a walker already asked :meth:`prunes` about each directory of
        ``path`` on its way down, so only the file itself is left to judge.
        """
        parts = self._relative(path)
        if parts is None:
            return True
        if self.include and not self._include.matches_or_parent(parts, False):
            return False
        if parents_checked:
            return not self._exclude.decide(parts, False)
        return not self._exclude.decide_with_parents(parts, False)

    def prunes(self, directory: Path, *, parents_checked: bool = False) -> bool:
        """Whether a directory is excluded as a whole (a walker need not enter it)."""
        parts = self._relative(directory)
        if parts is None:
            return False
        if parents_checked:
            return bool(self._exclude.decide(parts, True))
        return bool(self._exclude.decide_with_parents(parts, True))


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _leaves_through(path: str, root: str) -> bool:
    """Whether ``path`` (absolute) passes through ``root`` (a real path) as its links are
    followed, yet ends outside it: some leading part of it resolves inside ``root``."""
    real = os.path.realpath(path)
    if _within(real, root):
        return False
    prefix = path
    while True:
        parent = os.path.dirname(prefix)
        if parent == prefix:
            return False
        prefix = parent
        if _within(os.path.realpath(prefix), root):
            return True


def _absolute(path: StrPath, base: Path | None = None) -> Path:
    p = Path(os.path.expanduser(os.fspath(path)))
    if not p.is_absolute() and base is not None:
        p = base / p
    # Lexical normalisation: symlinks are kept so that a link's own location decides.
    return Path(os.path.abspath(p))


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """The settings that apply to one file, after layering. ``ProjectConfig()`` is the default."""

    root: Path | None = None  # directory of the nearest config file
    glossary: tuple[Path, ...] = ()  # absolute paths of extra glossary files
    builtin_glossary: bool = True
    prefer: tuple[str, ...] = ()  # nearest config's forms first
    rules: Mapping[str, RuleSetting] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    ignore_words: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    filters: tuple[PathFilter, ...] = ()  # one per layer that sets include or exclude
    sources: tuple[Path, ...] = ()  # config files that contributed, nearest first
    tool_globs: tuple[ToolGlobs, ...] = ()  # `config_tools` of each layer, nearest first
    config_keys: tuple[str, ...] = ()  # keys the project's tools read besides their own
    _ignored: frozenset[str] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ignored", frozenset(w.casefold() for w in self.ignore_words))

    def rule(self, code: str) -> RuleSetting:
        return self.rules.get(code, RuleSetting())

    def is_enabled(self, code: str) -> bool:
        return self.rule(code).enabled

    def severity(self, code: str, default: Severity) -> Severity:
        """The configured severity of a rule, or the rule's ``default``."""
        return self.rule(code).severity or default

    def is_ignored_word(self, form: str) -> bool:
        return form.casefold() in self._ignored

    def is_included(self, path: StrPath, *, parents_checked: bool = False) -> bool:
        """Whether a file is checked; a relative ``path`` is taken relative to ``root``.

        ``parents_checked``: a walker asked :meth:`is_dir_excluded` about each directory on
        its way down (then only the file itself is judged: a deep tree costs no more).
        """
        if not self.filters:
            return True
        p = _absolute(path, self.root)
        return all(f.allows(p, parents_checked=parents_checked) for f in self.filters)

    def config_tool_for(self, path: StrPath | None) -> str | None:
        """The tool id ``config_tools`` maps a file to (or ``"none"``); None if unmapped."""
        if not self.tool_globs or path is None:
            return None
        p = _absolute(path, self.root)
        for globs in self.tool_globs:
            tool = globs.tool_for(p)
            if tool is not None:
                return tool
        return None

    def is_dir_excluded(self, path: StrPath, *, parents_checked: bool = False) -> bool:
        """Whether a directory is excluded as a whole, so a walker can skip it."""
        if not self.filters:
            return False
        p = _absolute(path, self.root)
        return any(f.prunes(p, parents_checked=parents_checked) for f in self.filters)

    def with_overrides(
        self, settings: Mapping[str, object] | None, *, base_dir: StrPath | None = None
    ) -> ProjectConfig:
        """These settings with editor settings (camelCase keys) laid over them.

        Relative glossary paths and globs are taken relative to ``base_dir`` (the workspace
        folder), else to ``root``. ``None`` values are ignored, as editors send them for
        unset settings. Raises :class:`ConfigError` naming the key path.
        """
        if not settings:
            return self
        base = _absolute(base_dir) if base_dir is not None else self.root
        reader = _Reader(file=None, text=None, prefix=(), base_dir=base, editor=True)
        layer = reader.layer(settings)
        return _apply(self, replace(layer, root=None))


@dataclass(frozen=True, slots=True)
class _Layer:
    """What one config file (or one set of editor settings) says, before layering."""

    source: Path | None
    root: Path | None
    extend: bool = False
    glossary: tuple[Path, ...] = ()
    builtin_glossary: bool | None = None
    prefer: tuple[str, ...] = ()
    rules: Mapping[str, RuleSetting] = field(default_factory=dict)
    ignore_words: tuple[str, ...] = ()
    max_file_size: int | None = None
    filter: PathFilter | None = None
    tool_globs: ToolGlobs | None = None
    config_keys: tuple[str, ...] = ()


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _apply(base: ProjectConfig, layer: _Layer) -> ProjectConfig:
    """``base`` (further up) with ``layer`` (nearer) laid over it."""
    return ProjectConfig(
        root=layer.root if layer.root is not None else base.root,
        glossary=tuple(dict.fromkeys((*base.glossary, *layer.glossary))),
        builtin_glossary=(
            base.builtin_glossary if layer.builtin_glossary is None else layer.builtin_glossary
        ),
        prefer=_unique((*layer.prefer, *base.prefer)),
        rules=MappingProxyType({**base.rules, **layer.rules}),
        ignore_words=_unique((*base.ignore_words, *layer.ignore_words)),
        max_file_size=base.max_file_size if layer.max_file_size is None else layer.max_file_size,
        filters=base.filters if layer.filter is None else (*base.filters, layer.filter),
        sources=base.sources if layer.source is None else (layer.source, *base.sources),
        tool_globs=(
            base.tool_globs if layer.tool_globs is None else (layer.tool_globs, *base.tool_globs)
        ),
        config_keys=_unique((*base.config_keys, *layer.config_keys)),
    )


# --- reading settings -------------------------------------------------------------------

# Setting name in files -> name in editor settings.
_FILE_KEYS: dict[str, str] = {
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
}
_EDITOR_KEYS: dict[str, str] = {
    **{camel: snake for snake, camel in _FILE_KEYS.items() if camel},
    # snake_case is accepted from editors too (Neovim users often write it).
    **{snake: snake for snake, camel in _FILE_KEYS.items() if camel},
}
_RULE_SHORTHAND = ("off", "on", *(s.label for s in sorted(Severity, reverse=True)))


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return repr(value)


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


class _Reader:
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
            line, column = _locate(self.text, (*self.prefix, *where), needle)
        return ConfigError(
            message,
            str(self.file) if self.file else None,
            line,
            column,
            key=_key_name(key),
        )

    def layer(self, table: Mapping[str, object]) -> _Layer:
        known = _EDITOR_KEYS if self.editor else {k: k for k in _FILE_KEYS}
        values: dict[str, object] = {}
        spelled: dict[str, str] = {}  # setting -> key as the user wrote it
        for key, value in table.items():
            if self.editor and (key in CLIENT_ONLY_KEYS or value is None):
                continue
            if key not in known or (self.editor and key == "extend"):
                choices = [k for k in known if k != "extend"] if self.editor else list(known)
                raise self.error(f"unknown setting `{key}`{_suggest(key, choices)}", (key,))
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
        return _Layer(
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
        )

    def boolean(self, value: object, key: tuple[str, ...]) -> bool:
        if not isinstance(value, bool):
            raise self.error(
                f"`{_key_name(key)}` must be true or false, not {_describe(value)}", key
            )
        return value

    def size(self, value: object, key: tuple[str, ...]) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.error(
                f"`{_key_name(key)}` must be a positive number of bytes, not {_describe(value)}",
                key,
            )
        return value

    def strings(self, value: object, key: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(
                f"`{_key_name(key)}` must be a list of strings, not {_describe(value)}", key
            )
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(
                    f"`{_key_name((*key, str(i)))}` must be a non-empty string, "
                    f"not {_describe(item)}",
                    (*key, str(i)),
                    needle=item if isinstance(item, str) else None,
                )
        return tuple(item.strip() for item in value)

    def globs(self, value: object, key: tuple[str, ...]) -> tuple[str, ...]:
        patterns = self.strings(value, key)
        for i, pattern in enumerate(patterns):
            try:
                _patterns([pattern])
            except ValueError as exc:
                raise self.error(
                    f"`{_key_name((*key, str(i)))}`: invalid glob `{pattern}`",
                    (*key, str(i)),
                    needle=pattern,
                ) from exc
        return patterns

    def tool_globs(self, value: object, key: tuple[str, ...]) -> ToolGlobs:
        from mlgloss.analysis.config_tools.specs import BY_ID, NO_TOOL

        if not isinstance(value, Mapping):
            raise self.error(
                f"`{_key_name(key)}` must be a table of glob = tool, not {_describe(value)}", key
            )
        if self.base_dir is None:
            raise self.error(f"`{_key_name(key)}` needs a workspace folder to be relative to", key)
        names = (*BY_ID, NO_TOOL)
        patterns: list[tuple[str, str]] = []
        for glob, tool in value.items():
            item_key = (*key, str(glob))
            if not isinstance(tool, str) or tool not in names:
                hint = _suggest(tool, names) if isinstance(tool, str) else ""
                raise self.error(
                    f"`{_key_name(key)}`: {_describe(tool)} for {glob!r} is not a supported "
                    f"tool{hint} (one of: {', '.join(names)})",
                    item_key,
                )
            try:
                glob_pattern(glob)
            except InvalidGlob as exc:
                raise self.error(
                    f"`{_key_name(key)}`: invalid glob `{glob}`", item_key, needle=glob
                ) from exc
            patterns.append((glob, tool))
        return ToolGlobs(self.base_dir, tuple(patterns))

    def glossary_path(self, raw: str, key: tuple[str, ...]) -> Path:
        name = _key_name(key)
        expanded = Path(os.path.expanduser(raw))
        if expanded.is_absolute():
            # Written out in full by whoever configured it: trusted, like any absolute path,
            # unless it reaches outside through the project's own links (`/proc/self/cwd/x`
            # where x is a link in the repository): judged like the relative spelling.
            path = Path(os.path.abspath(expanded))
            if self.base_dir is not None and not self.editor:
                root = os.path.realpath(self.base_dir)
                if _leaves_through(str(path), root):
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
        if not path.is_file():
            raise self.error(f"`{name}`: glossary file not found: {path}", key, needle=raw)
        return path

    def rules(self, value: object, key: tuple[str, ...]) -> dict[str, RuleSetting]:
        if not isinstance(value, Mapping):
            raise self.error(
                f"`{_key_name(key)}` must be a table of rule settings, not {_describe(value)}",
                key,
            )
        out: dict[str, RuleSetting] = {}
        for code, setting in value.items():
            rule_key = (*key, code)
            if setting is None and self.editor:
                continue
            if code not in RULE_CODES:
                raise self.error(
                    f"unknown rule `{code}`{_suggest(code, RULE_CODES)} "
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
                f"`{_key_name(key)}` must be one of {', '.join(_RULE_SHORTHAND)} or a table "
                f"with `enabled` and `severity`, not {_describe(value)}",
                key,
            )
        enabled = True
        severity = None
        for name, item in value.items():
            item_key = (*key, name)
            if name == "enabled":
                enabled = self.boolean(item, item_key)
            elif name == "severity":
                severity = self.severity(item, item_key)
            elif not (self.editor and item is None):
                raise self.error(
                    f"unknown setting `{name}` in `{_key_name(key)}` (expected enabled, severity)",
                    item_key,
                )
        return RuleSetting(enabled=enabled, severity=severity)

    def shorthand(self, value: str, key: tuple[str, ...]) -> RuleSetting:
        word = value.strip().lower()
        if word == "off":
            return RuleSetting(enabled=False)
        if word == "on":
            return RuleSetting(enabled=True)
        return RuleSetting(enabled=True, severity=self.severity(value, key, _RULE_SHORTHAND))

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
            f"`{_key_name(key)}`: unknown severity {_describe(value)} "
            f"(expected one of {', '.join(names)})",
            key,
        )


def _key_name(key: tuple[str, ...]) -> str:
    out = ""
    for part in key:
        if part.isdigit():
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


# --- locating keys in TOML text ---------------------------------------------------------

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_DOTTED = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
_HEADER = re.compile(rf"^\s*\[\[?\s*(?P<key>{_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*(?P<key>{_DOTTED})\s*=")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(dotted))


def _locate(text: str, target: tuple[str, ...], needle: str | None) -> tuple[int, int]:
    """1-based (line, column) of the key ``target`` in TOML ``text``, found line by line.

    Falls back to the nearest enclosing key (an inline table); ``needle``, a string value,
    moves the position onto that value when it appears after the key.
    """
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    table: tuple[str, ...] = ()
    found: tuple[int, int] | None = None  # (line index, column index)
    best: tuple[int, int, int] | None = None  # (depth, line index, column index)
    for i, line in enumerate(lines):
        if m := _HEADER.match(line):
            table = _split_key(m["key"])
            path = table
        elif m := _ASSIGN.match(line):
            path = (*table, *_split_key(m["key"]))
        else:
            continue
        depth = len(path)
        if path[: len(target)] == target:
            found = (i, m.start("key"))
            break
        if target[:depth] == path and (best is None or depth > best[0]):
            best = (depth, i, m.start("key"))
    if found is None and best is not None:
        # The key sits inside an inline table opened on that line: look for it after.
        found = (best[1], best[2])
        pattern = re.compile(rf"(?<![\w-])[\"']?{re.escape(target[-1])}[\"']?\s*=")
        if m2 := pattern.search(text, starts[best[1]] + best[2]):
            found = _line_col(starts, m2.start())
    if found is None:
        return (1, 1) if not text.strip() else _fallback(text)
    if needle is not None:
        at = text.find(needle, starts[found[0]] + found[1])
        if at != -1:
            found = _line_col(starts, at - 1 if at > 0 and text[at - 1] in "\"'" else at)
    return found[0] + 1, found[1] + 1


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, offset) - 1
    return i, offset - starts[i]


def _fallback(text: str) -> tuple[int, int]:
    m = re.search(r"^\s*\[\s*tool\s*\.\s*mlgloss\s*\]", text, re.MULTILINE)
    return (text.count("\n", 0, m.start()) + 1, 1) if m else (1, 1)


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def _toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    message = str(exc)
    line: int | None = None
    column: int | None = None
    if m := _TOML_POSITION.search(message):
        line, column = int(m[1]), int(m[2])
        message = message[: m.start()]
    elif m := _TOML_END.search(message):
        message = message[: m.start()]
        last = text.split("\n")[-1]
        line, column = text.count("\n") + 1, len(last) + 1
    return ConfigError(f"invalid TOML: {message}", str(path), line, column)


# --- files and discovery ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Loaded:
    layer: _Layer | None  # None: a pyproject.toml without [tool.mlgloss]
    error: ConfigError | None
    depends_on: frozenset[Path]  # glossary files whose existence the result depends on


def _project_of(directory: Path) -> str:
    """The real path of the repository holding ``directory`` (nearest ``.git`` above it),
    else of ``directory`` itself."""
    for d in (directory, *directory.parents):
        if (d / ".git").exists():
            return os.path.realpath(d)
    return os.path.realpath(directory)


def _load_file(path: Path) -> _Loaded:
    import tomllib

    is_pyproject = path.name == PYPROJECT
    if os.path.islink(path) and not _within(os.path.realpath(path), _project_of(path.parent)):
        # A repository's config that is a link to a file elsewhere on the machine: never
        # read, so that none of that file's content or keys can appear in an error.
        message = "a symbolic link to a file outside the project; not read"
        return _Loaded(None, ConfigError(message, str(path)), frozenset())
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return _Loaded(None, ConfigError(f"cannot read config: {exc}", str(path)), frozenset())
    if is_pyproject and "mlgloss" not in text:
        return _Loaded(None, None, frozenset())  # cheap skip; also tolerates unrelated breakage
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _Loaded(None, _toml_error(path, text, exc), frozenset())
    prefix: tuple[str, ...] = ()
    table: object = data
    if is_pyproject:
        tool = data.get("tool")
        if not isinstance(tool, dict) or "mlgloss" not in tool:
            return _Loaded(None, None, frozenset())
        prefix, table = ("tool", "mlgloss"), tool["mlgloss"]
    reader = _Reader(file=path, text=text, prefix=prefix, base_dir=path.parent, editor=False)
    if not isinstance(table, dict):
        err = reader.error("`tool.mlgloss` must be a table", ())
        return _Loaded(None, err, frozenset())
    try:
        layer = reader.layer(table)
    except ConfigError as exc:
        return _Loaded(None, exc, frozenset(reader.checked_paths))
    return _Loaded(layer, None, frozenset(reader.checked_paths))


class ConfigResolver:
    """Finds the configuration for files and caches it per directory.

    Results are either a :class:`ProjectConfig` or the :class:`ConfigError` that stopped it;
    both are cached until :meth:`invalidate` is told that a file changed.
    """

    def __init__(self, loader: Callable[[Path], _Loaded] = _load_file) -> None:
        self._loader = loader
        self._files: dict[Path, _Loaded] = {}
        # Keyed by the directory's absolute path as a string: a lookup per checked file
        # then costs one stat and no Path objects.
        self._dirs: dict[str, ProjectConfig | ConfigError] = {}

    def resolve(self, path: StrPath) -> ProjectConfig | ConfigError:
        """The configuration for a file (or for the files of a directory)."""
        # The same normalisation as `_absolute`, on strings.
        name = os.path.abspath(os.path.expanduser(os.fspath(path)))
        return self.resolve_directory(name if os.path.isdir(name) else os.path.dirname(name))

    def resolve_directory(self, directory: str) -> ProjectConfig | ConfigError:
        """The configuration for the files of ``directory``, an absolute, normalised path
        (as :func:`os.path.abspath` gives): no stat when the answer is cached."""
        cached = self._dirs.get(directory)
        if cached is not None:
            return cached
        # Up from `directory` to the nearest config (or the repository root). A directory
        # on the way whose answer is known gives it: what lies above it is the same.
        visited: list[str] = []
        d = Path(directory)
        result: ProjectConfig | ConfigError | None = None
        try:
            while result is None:
                name = str(d)
                result = self._dirs.get(name)
                if result is not None:
                    break
                visited.append(name)
                layer = self._in_directory(d)
                if layer is not None or (d / ".git").exists() or d.parent == d:
                    result = self._layered(layer)
                d = d.parent
        except ConfigError as exc:
            result = exc
        for name in visited:
            self._dirs[name] = result
        return result

    def config_for(self, path: StrPath) -> ProjectConfig:
        """Like :meth:`resolve`, but raises the error."""
        result = self.resolve(path)
        if isinstance(result, ConfigError):
            raise result
        return result

    def invalidate(self, path: StrPath | None = None) -> None:
        """Forget what depends on ``path`` (a config or glossary file, or a directory).

        With no argument, forget everything.
        """
        if path is None:
            self._files.clear()
            self._dirs.clear()
            return
        p = _absolute(path)
        stale_files = {
            f
            for f, loaded in self._files.items()
            if f == p or f.is_relative_to(p) or p in loaded.depends_on
        }
        scopes = {f.parent for f in stale_files}
        if p.name in (CONFIG_FILE, PYPROJECT):
            scopes.add(p.parent)  # a new config file shadows what lies above it
        elif p not in stale_files and not p.suffix:
            scopes.add(p)  # a directory
        for f in stale_files:
            del self._files[f]
        for d in list(self._dirs):
            if any(Path(d).is_relative_to(scope) for scope in scopes):
                del self._dirs[d]

    def _load(self, path: Path) -> _Loaded:
        loaded = self._files.get(path)
        if loaded is None:
            loaded = self._files[path] = self._loader(path)
        return loaded

    def _in_directory(self, directory: Path) -> _Layer | None:
        dot, py = directory / CONFIG_FILE, directory / PYPROJECT
        layers: list[_Layer] = []
        for candidate in (dot, py):
            if candidate.is_file():
                loaded = self._load(candidate)
                if loaded.error is not None:
                    raise loaded.error
                if loaded.layer is not None:
                    layers.append(loaded.layer)
        if len(layers) == 2:
            raise ConfigError(
                f"both {CONFIG_FILE} and [tool.mlgloss] in {PYPROJECT} configure mlgloss "
                "here; keep one",
                str(dot),
            )
        return layers[0] if layers else None

    def _find(self, directory: Path) -> _Layer | None:
        """The nearest config layer at or above ``directory``, past any ``.git``."""
        d = directory
        while True:
            layer = self._in_directory(d)
            if layer is not None or d.parent == d:
                return layer
            d = d.parent

    def _layered(self, layer: _Layer | None) -> ProjectConfig:
        """``layer`` laid over the configs it extends (each found past any ``.git``)."""
        chain: list[_Layer] = []
        while layer is not None:
            chain.append(layer)
            if not layer.extend or layer.root is None or layer.root.parent == layer.root:
                break
            layer = self._find(layer.root.parent)
        config = ProjectConfig()
        for item in reversed(chain):
            config = _apply(config, item)
        return config

    def load(self, path: StrPath) -> ProjectConfig:
        """The configuration in one given file (``mlgloss check --config``), with its extends."""
        p = _absolute(path)
        loaded = self._load(p)
        if loaded.error is not None:
            raise loaded.error
        if loaded.layer is None:
            raise ConfigError("no [tool.mlgloss] table in this file", str(p))
        return self._layered(loaded.layer)
