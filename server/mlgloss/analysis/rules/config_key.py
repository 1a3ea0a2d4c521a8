"""``config-key``: a key in a config file that is a near miss of a key its tool reads.

``gradient_acumulation_steps`` is silently ignored by most trainers; "did you mean
``gradient_accumulation_steps``?" saves a run. A wrong "fix" breaks one, so the rule is
quiet unless it knows what it is looking at:

- the file is checked only when ``config_tools.detect`` can tell which supported tool reads
  it, and then only the keys in the sections that tool's key set pins down (top level,
  DeepSpeed's ``zero_optimization``, LitGPT's ``train``, ...);
- a key is never flagged when it is a real key of *any* supported tool, a ``config_keys``
  key of the glossary or of the project configuration, or shorter than six characters;
- the suggestion is a key of the same tool in the same section with the same first
  character, within one edit (two for keys of ten characters or more, transpositions
  counting as one);
- the difference is not only in digits (``load_in_4bit``/``load_in_8bit``), and it is not a
  whole different word: when both keys split on ``_`` into the same number of parts and
  the one part that differs is a part of some known key of the tool
  (``eval_steps``/``save_steps``), or lies more than one edit from it (two in parts of
  eight letters or more: ``vera_dropout``/``lora_dropout``), or one part begins the other
  with two or more letters to spare (``param``/``parameters``), the two are different
  settings, not a typo; a lost or extra plural "s" (``gradient_accumulation_step``) is a
  typo.

Renaming a key changes what a program reads, so the fix is never ``safe``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from mlgloss.analysis.config_tools.keysets import tool_keys
from mlgloss.analysis.config_tools.specs import ALL_DATA, ToolSpec
from mlgloss.analysis.findings import Finding, Fix, TextEdit
from mlgloss.analysis.rule_metadata import metadata
from mlgloss.analysis.rules.base import Rule, RuleContext
from mlgloss.analysis.rules.near_miss import Buckets, buckets, near_misses, osa_distance

CODE = "config-key"
MIN_LENGTH = 6

_DIGITS = re.compile(r"\d+")
_PARTS = re.compile(r"[_\-.]")


@dataclass
class _Section:
    """The keys one tool reads in one section: what a near miss there is measured against."""

    tool: ToolSpec
    section: str
    buckets: Buckets
    parts: frozenset[str]  # parts of every key of the tool
    verdicts: dict[str, tuple[str, ...]] = field(default_factory=dict)


@cache
def every_tool_key() -> frozenset[str]:
    """Every key of every supported tool, in any section."""
    out: set[str] = set()
    for name in ALL_DATA:
        out |= tool_keys((name,), name).all_keys
    return frozenset(out)


@cache
def _section(tool: ToolSpec, section: str) -> _Section:
    keys = tool_keys(tool.data, tool.id)
    own = keys.sections.get(section, {})
    parts = frozenset(p.lower() for key in keys.all_keys for p in _PARTS.split(key) if p)
    return _Section(tool, section, buckets(own), parts)


def _different_setting(key: str, known: str, parts: frozenset[str]) -> bool:
    if _DIGITS.sub("#", key) == _DIGITS.sub("#", known):
        return True
    ours, theirs = _PARTS.split(key.lower()), _PARTS.split(known.lower())
    if len(ours) != len(theirs):
        return False
    differing = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    if len(differing) != 1:
        return False
    part, other = differing[0]
    if part + "s" == other or other + "s" == part:
        return False  # gradient_accumulation_step: a lost or extra plural "s" is a typo
    if (part.startswith(other) or other.startswith(part)) and abs(len(part) - len(other)) > 1:
        return True  # param/parameters, eval/evaluation: a sibling setting, not a typo
    if part in parts or len(part) < 4:
        return True  # eval_steps/save_steps: both parts name real settings
    return osa_distance(part, other) > (1 if len(other) < 8 else 2)  # vera_/lora_dropout


def _suggestions(name: str, where: _Section) -> tuple[str, ...]:
    cached = where.verdicts.get(name)
    if cached is not None:
        return cached
    hits = [
        (distance, known)
        for distance, known in near_misses(name, where.buckets)
        if not _different_setting(name, known, where.parts)
    ]
    found = tuple(known for distance, known in hits if distance == hits[0][0]) if hits else ()
    where.verdicts[name] = found
    return found


def check(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.kind.is_config or not ctx.extraction.keys:
        return
    detection = ctx.config_tool
    if detection is None:
        return  # no known tool reads this file: nothing to check against
    tool = detection.tool
    real = every_tool_key()
    project_keys = frozenset(ctx.config.config_keys)
    severity = ctx.severity(CODE, RULE.default_severity)
    for key in ctx.extraction.keys:
        name = key.name
        if (
            key.section not in tool.checked
            or len(name) < MIN_LENGTH
            or name in real
            or ctx.glossary.by_config_key(name) is not None
            or name in project_keys
            or ctx.config.is_ignored_word(name)
        ):
            continue
        suggestions = _suggestions(name, _section(tool, key.section))
        if not suggestions:
            continue
        quoted = " or ".join(f"'{s}'" for s in suggestions[:3])
        yield Finding(
            rule=CODE,
            severity=severity,
            start=key.start,
            end=key.end,
            message=f"Unknown {tool.name} key '{name}': did you mean {quoted}?",
            fixes=tuple(
                Fix(f"Rename to '{s}'", (TextEdit(key.start, key.end, s),), safe=False)
                for s in suggestions[:3]
            ),
        )


RULE = Rule(metadata(CODE), check, prose_only=False)
