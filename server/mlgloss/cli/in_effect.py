"""``mlgloss check -v``: which configuration files and glossaries a run used, for stderr.

One line per distinct configuration, in the order files first used it, with the files it
governed: the configuration files that contributed (nearest first, then those it extends)
and the glossaries it loads.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.files.walk import display_path

_Key = tuple[tuple[Path, ...], tuple[Path, ...], bool]


def configuration_lines(configs: Iterable[ProjectConfig], cwd: Path, given: bool) -> list[str]:
    """The lines for the configurations of the files checked (one config per file).

    ``given``: the configuration came from ``--config``, not from discovery.
    """
    counts: dict[_Key, int] = {}
    for config in configs:
        key = (config.sources, config.glossary, config.builtin_glossary)
        counts[key] = counts.get(key, 0) + 1
    lines = []
    for (sources, glossary, builtin), files in counts.items():
        if sources:
            nearest, *further = (display_path(p, cwd) for p in sources)
            where = nearest + (" (--config)" if given else "")
            if further:
                where += f", extending {', '.join(further)}"
        else:
            where = "none found, the defaults apply"
        glossaries = (["built-in"] if builtin else []) + [display_path(p, cwd) for p in glossary]
        shown = ", ".join(glossaries) or "none"
        plural = "" if files == 1 else "s"
        lines.append(f"mlgloss: configuration: {where}; glossaries: {shown} ({files} file{plural})")
    return lines
