"""Layering: what one config file (or one set of editor settings) says, laid over the
settings further up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from mlgloss.analysis.config.model import PathFilter, ProjectConfig, RuleSetting, ToolGlobs


@dataclass(frozen=True, slots=True)
class Layer:
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
    suggest_terms: bool | None = None


def unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def apply_layer(base: ProjectConfig, layer: Layer) -> ProjectConfig:
    """``base`` (further up) with ``layer`` (nearer) laid over it."""
    return ProjectConfig(
        root=layer.root if layer.root is not None else base.root,
        glossary=tuple(dict.fromkeys((*base.glossary, *layer.glossary))),
        builtin_glossary=(
            base.builtin_glossary if layer.builtin_glossary is None else layer.builtin_glossary
        ),
        prefer=unique((*layer.prefer, *base.prefer)),
        rules=MappingProxyType(_merged_rules(base.rules, layer.rules)),
        ignore_words=unique((*base.ignore_words, *layer.ignore_words)),
        max_file_size=base.max_file_size if layer.max_file_size is None else layer.max_file_size,
        filters=base.filters if layer.filter is None else (*base.filters, layer.filter),
        sources=base.sources if layer.source is None else (layer.source, *base.sources),
        tool_globs=(
            base.tool_globs if layer.tool_globs is None else (layer.tool_globs, *base.tool_globs)
        ),
        config_keys=unique((*base.config_keys, *layer.config_keys)),
        suggest_terms=base.suggest_terms if layer.suggest_terms is None else layer.suggest_terms,
    )


def _merged_rules(
    base: Mapping[str, RuleSetting], layer: Mapping[str, RuleSetting]
) -> dict[str, RuleSetting]:
    """The nearer layer's settings win; a scope set further up stays unless it sets one."""
    merged = {**base, **layer}
    for code, setting in layer.items():
        above = base.get(code)
        if setting.scope is None and above is not None and above.scope is not None:
            merged[code] = replace(setting, scope=above.scope)
    return merged
