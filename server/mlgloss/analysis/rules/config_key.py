"""``config-key``: a key in a YAML/JSON/TOML config that is a near miss of a known key.

``gradient_acumulation_steps`` is silently ignored by most trainers; "did you mean
``gradient_accumulation_steps``?" saves a run. Known keys are the glossary's
``config_keys``. To stay quiet on configs that are not training configs (CI workflows,
package manifests), the rule runs only on a file that uses at least one known key, and a
key is flagged only when all of these hold:

- it is not itself a known key, and has at least six characters;
- a known key with the same first character lies within one edit of it (two for keys of
  ten characters or more, transpositions counting as one);
- the difference is not only in digits (``load_in_4bit``/``load_in_8bit``), and it is not a
  whole different word: when both keys split on ``_`` into the same number of parts and
  the one part that differs is a part of some known key (``eval_steps``/``save_steps``),
  or lies more than one edit from it (two in parts of eight letters or more:
  ``vera_dropout``/``lora_dropout``), or one part begins the other with two or more
  letters to spare (``param``/``parameters``), the two are different settings, not a
  typo; a lost or extra plural "s" (``gradient_accumulation_step``) is a typo.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field

from mlgloss.analysis.findings import Finding, Fix, TextEdit
from mlgloss.analysis.rule_metadata import metadata
from mlgloss.analysis.rules.base import Rule, RuleContext
from mlgloss.analysis.rules.near_miss import Buckets, buckets, near_misses, osa_distance
from mlgloss.glossary.lookup import Glossary

CODE = "config-key"
MIN_LENGTH = 6

_DIGITS = re.compile(r"\d+")
_PARTS = re.compile(r"[_\-.]")


@dataclass
class _Keys:
    known: frozenset[str]
    buckets: Buckets  # the words a near miss may be fixed to
    parts: frozenset[str]
    verdicts: dict[str, tuple[str, ...]] = field(default_factory=dict)


_KEYS: weakref.WeakKeyDictionary[Glossary, _Keys] = weakref.WeakKeyDictionary()


def _keys(glossary: Glossary) -> _Keys:
    keys = _KEYS.get(glossary)
    if keys is None:
        known = glossary.config_keys
        parts = frozenset(p.lower() for key in known for p in _PARTS.split(key) if p)
        keys = _Keys(known, buckets(known), parts)
        _KEYS[glossary] = keys
    return keys


def _different_setting(key: str, known: str, keys: _Keys) -> bool:
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
    if part in keys.parts or len(part) < 4:
        return True  # eval_steps/save_steps: both parts name real settings
    return osa_distance(part, other) > (1 if len(other) < 8 else 2)  # vera_/lora_dropout


def _suggestions(name: str, keys: _Keys) -> tuple[str, ...]:
    cached = keys.verdicts.get(name)
    if cached is not None:
        return cached
    found: tuple[str, ...] = ()
    if len(name) >= MIN_LENGTH and name not in keys.known:
        hits = [
            (distance, known)
            for distance, known in near_misses(name, keys.buckets)
            if not _different_setting(name, known, keys)
        ]
        if hits:
            found = tuple(known for distance, known in hits if distance == hits[0][0])
    keys.verdicts[name] = found
    return found


def check(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.kind.is_config or not ctx.extraction.keys:
        return
    keys = _keys(ctx.glossary)
    if not keys.known or not any(k.name in keys.known for k in ctx.extraction.keys):
        return  # not a training config
    severity = ctx.severity(CODE, RULE.default_severity)
    for key in ctx.extraction.keys:
        suggestions = _suggestions(key.name, keys)
        if not suggestions or ctx.config.is_ignored_word(key.name):
            continue
        quoted = " or ".join(f"'{s}'" for s in suggestions[:3])
        yield Finding(
            rule=CODE,
            severity=severity,
            start=key.start,
            end=key.end,
            message=f"Unknown key '{key.name}': did you mean {quoted}?",
            fixes=tuple(
                Fix(f"Rename to '{s}'", (TextEdit(key.start, key.end, s),), safe=False)
                for s in suggestions[:3]
            ),
        )


RULE = Rule(metadata(CODE), check, prose_only=False)
