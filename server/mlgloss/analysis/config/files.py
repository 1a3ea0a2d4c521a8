"""Reading one ``.mlgloss.toml`` or ``pyproject.toml`` into a layer (or the error that
stopped it); a link to a file outside the project is never read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mlgloss.analysis.config.key_locations import toml_error
from mlgloss.analysis.config.layers import Layer
from mlgloss.analysis.config.model import MAX_CONFIG_FILE_BYTES, PYPROJECT
from mlgloss.analysis.config.paths import is_within
from mlgloss.analysis.config.reader import Reader
from mlgloss.analysis.errors import ConfigError
from mlgloss.files.reading import NotText, TooLarge, Unreadable, read_text


@dataclass(frozen=True, slots=True)
class Loaded:
    layer: Layer | None  # None: a pyproject.toml without [tool.mlgloss]
    error: ConfigError | None
    depends_on: frozenset[Path]  # glossary files whose existence the result depends on


def project_of(directory: Path) -> str:
    """The real path of the repository holding ``directory`` (nearest ``.git`` above it),
    else of ``directory`` itself."""
    for d in (directory, *directory.parents):
        if (d / ".git").exists():
            return os.path.realpath(d)
    return os.path.realpath(directory)


def load_file(path: Path) -> Loaded:
    import tomllib

    is_pyproject = path.name == PYPROJECT
    if os.path.islink(path) and not is_within(os.path.realpath(path), project_of(path.parent)):
        # A repository's config that is a link to a file elsewhere on the machine: never
        # read, so that none of that file's content or keys can appear in an error.
        message = "a symbolic link to a file outside the project; not read"
        return Loaded(None, ConfigError(message, str(path)), frozenset())
    try:  # a regular file (after its links), at most the limit + 1 bytes read, UTF-8
        text = read_text(path, MAX_CONFIG_FILE_BYTES)[1].text
    except TooLarge as exc:
        message = (
            f"config file too large: {exc.size:,} bytes (the limit is "
            f"{MAX_CONFIG_FILE_BYTES:,}); not read"
        )
        return Loaded(None, ConfigError(message, str(path)), frozenset())
    except (Unreadable, NotText) as exc:
        return Loaded(None, ConfigError(f"cannot read config: {exc}", str(path)), frozenset())
    if is_pyproject and "mlgloss" not in text:
        return Loaded(None, None, frozenset())  # cheap skip; also tolerates unrelated breakage
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Loaded(None, toml_error(path, text, exc), frozenset())
    prefix: tuple[str, ...] = ()
    table: object = data
    if is_pyproject:
        tool = data.get("tool")
        if not isinstance(tool, dict) or "mlgloss" not in tool:
            return Loaded(None, None, frozenset())
        prefix, table = ("tool", "mlgloss"), tool["mlgloss"]
    reader = Reader(file=path, text=text, prefix=prefix, base_dir=path.parent, editor=False)
    if not isinstance(table, dict):
        err = reader.error("`tool.mlgloss` must be a table", ())
        return Loaded(None, err, frozenset())
    try:
        layer = reader.layer(table)
    except ConfigError as exc:
        return Loaded(None, exc, frozenset(reader.checked_paths))
    return Loaded(layer, None, frozenset(reader.checked_paths))
