"""Baselines: the findings a project accepts for now, so CI fails only on new ones.

A finding's fingerprint is (path relative to the baseline's directory, rule, the matched
text, a hash of its line's text with whitespace collapsed, occurrence index). The index
counts earlier findings of the same file with the same rule, text and line hash, so two
identical lines stay distinct while unrelated edits that shift lines change nothing. A
baseline file is JSON: ``{"version": 1, "findings": [{path, rule, text, line_hash,
occurrence}, ...]}``, sorted, so it diffs well under version control.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from mlgloss.cli.report import ReportedFinding
from mlgloss.errors import MlglossError

VERSION = 1
Fingerprint = tuple[str, str, str, str, int]


def line_hash(line: str) -> str:
    return hashlib.sha256(" ".join(line.split()).encode("utf-8")).hexdigest()[:16]


def relative_to(display: str, base: Path, cwd: Path) -> str:
    """A displayed path (relative to ``cwd`` or absolute) relative to ``base``, ``/``-separated."""
    absolute = os.path.abspath(cwd / display)
    return Path(os.path.relpath(absolute, base)).as_posix()


def fingerprints(findings: Sequence[ReportedFinding], base: Path, cwd: Path) -> list[Fingerprint]:
    """One fingerprint per finding, in order (findings of one file in position order)."""
    seen: dict[tuple[str, str, str, str], int] = {}
    out: list[Fingerprint] = []
    for f in findings:
        key = (relative_to(f.path, base, cwd), f.rule, f.matched, line_hash(f.line_text))
        index = seen.get(key, 0)
        seen[key] = index + 1
        out.append((*key, index))
    return out


def digest(fingerprint: Fingerprint) -> str:
    """A fingerprint as one hex string (SARIF ``partialFingerprints``)."""
    joined = "\0".join(str(part) for part in fingerprint)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def write_baseline(file: Path, prints: Sequence[Fingerprint]) -> None:
    rows = [
        {"path": p, "rule": r, "text": t, "line_hash": h, "occurrence": i}
        for p, r, t, h, i in sorted(set(prints))
    ]
    data = {"version": VERSION, "tool": "mlgloss", "findings": rows}
    file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_baseline(file: Path) -> set[Fingerprint]:
    """The fingerprints in a baseline file; a clear :class:`MlglossError` if it is unusable."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MlglossError("baseline file not found", str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MlglossError(f"cannot read the baseline: {exc}", str(file)) from None
    except json.JSONDecodeError as exc:
        raise MlglossError(f"invalid JSON: {exc.msg}", str(file), exc.lineno, exc.colno) from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise MlglossError(f"not an mlgloss baseline (expected version {VERSION})", str(file))
    out: set[Fingerprint] = set()
    for i, row in enumerate(data.get("findings", [])):
        try:
            out.add(
                (
                    str(row["path"]),
                    str(row["rule"]),
                    str(row["text"]),
                    str(row["line_hash"]),
                    int(row["occurrence"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise MlglossError(f"findings[{i}] is not a baseline entry", str(file)) from None
    return out
