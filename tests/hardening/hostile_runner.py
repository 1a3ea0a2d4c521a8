"""Runs one hostile input through the core in a child process and prints what happened.

``python hostile_runner.py CASE`` builds the input named CASE, analyses it (or loads it as
a glossary) and prints one JSON object: the outcome (``ok`` or the error class), the
error's file/line/column, the number of findings, the seconds the work took and the peak
resident memory of the process (``VmHWM``) in MB. An unexpected exception exits with
status 3 and its traceback, so the parent test can tell it from a clean refusal. The parent
enforces the time limit by killing the child.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mlgloss.analysis.document import DocumentKind as K
from mlgloss.analysis.engine import analyze_document
from mlgloss.analysis.extract import ExtractionError
from mlgloss.errors import GlossaryError
from mlgloss.glossary.layers import load_glossary

MB = 1_000_000
NEST = 10_000
PWNED = Path(tempfile.gettempdir()) / "mlgloss-hardening-pwned"
"""A file the hostile YAML tags try to create; it must never exist afterwards."""


def _line(size: int, unit: str) -> str:
    return (unit * (size // len(unit) + 1))[:size]


_SPARSE = "x" * 1000 + " Lora "  # one flagged term per kilobyte of a single word
_DENSE = "We fine-tune Lora adapters with the transfomer and GRPO. "
# One line of lower-case names among commas and slashes: each use once read its whole line
# to tell a list of values (a quadratic cost: 140 s for 480 KB before it was bounded).
_LISTED = "a, gpu, b / "
_MINIFIED = '{"lora_alpha": 16, "r": 8, "target_modules": ["q_proj", "v_proj"]}, '
_MD_LINES = (
    "Plain words and more plain words about training runs and data.\n",
    "## A heading about LoRA\n",
    "- a list item with `inline code` and a [link](https://example.org/x)\n",
    "We fine-tune Lora adapters; the transfomer is large.\n",
    "| a | table | row |\n",
    "```\n",
)
_BOMB_YAML = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(8)
)  # nine levels of nine aliases: 387,420,489 "lol"s if anything expanded it
_TAGS_YAML = (
    f"cmd: !!python/object/apply:os.system ['touch {PWNED}']\n"
    f"obj: !!python/object/new:os.system ['touch {PWNED}']\n"
    f"description: !!python/object/apply:subprocess.check_output [['touch', '{PWNED}']]\n"
    "learning_rate: 1e-4\n"
)

DOCUMENTS: dict[str, tuple[K, Callable[[], str]]] = {
    "line-50mb-plaintext": (K.PLAINTEXT, lambda: _line(50 * MB, _SPARSE)),
    "line-50mb-markdown": (K.MARKDOWN, lambda: _line(50 * MB, _SPARSE)),
    "line-50mb-python": (K.PYTHON, lambda: "# " + _line(50 * MB, _SPARSE)),
    "line-10mb-json": (K.JSON, lambda: "[" + _line(10 * MB, _MINIFIED) + "]"),
    "line-5mb-dense": (K.PLAINTEXT, lambda: _line(5 * MB, _DENSE)),
    "line-1mb-listed": (K.MARKDOWN, lambda: _line(1 * MB, _LISTED)),
    "line-50mb-dense": (K.PLAINTEXT, lambda: _line(50 * MB, _DENSE)),
    "markdown-200k-lines": (
        K.MARKDOWN,
        lambda: "".join(
            _MD_LINES[i % 4] if i % 7 else _MD_LINES[4 + i % 2] for i in range(200_000)
        ),
    ),
    "yaml-nested-flow": (K.YAML, lambda: "description: " + "[" * NEST + "Lora" + "]" * NEST),
    "yaml-nested-map-flow": (K.YAML, lambda: "a: " + "{b: " * NEST + "1" + "}" * NEST),
    "yaml-nested-sequences": (K.YAML, lambda: "- " * NEST + "Lora\n"),
    "yaml-nested-block": (K.YAML, lambda: "".join(" " * i + f"k{i}:\n" for i in range(3000))),
    "yaml-alias-bomb": (K.YAML, lambda: _BOMB_YAML),
    "yaml-python-tags": (K.YAML, lambda: _TAGS_YAML),
    "json-nested-arrays": (K.JSON, lambda: "[" * NEST + "]" * NEST),
    "json-nested-objects": (K.JSON, lambda: '{"description": ' * NEST + '"Lora"' + "}" * NEST),
    "json-unclosed": (K.JSON, lambda: '{"description": "Lora' + "[{" * NEST),
    "toml-nested": (K.TOML, lambda: "a = " + "[" * NEST + "]" * NEST + "\nb = " + "{c = " * NEST),
    "python-nested": (K.PYTHON, lambda: "x = " + "(" * NEST + ")" * NEST + "\n# Lora\n"),
    "markdown-nested": (K.MARKDOWN, lambda: "> " * NEST + "Lora\n" + "- " * NEST + "Lora\n"),
    "notebook-nested-arrays": (K.NOTEBOOK, lambda: "[" * NEST + "]" * NEST),
    "notebook-nested-cells": (
        K.NOTEBOOK,
        lambda: '{"cells": [' + '{"a": ' * NEST + "1" + "}" * NEST + "]}",
    ),
}

_GLOSSARY_ENTRY = "entries:\n  - term: LoRA\n"
GLOSSARIES: dict[str, Callable[[], str]] = {
    "glossary-alias-bomb": lambda: _BOMB_YAML.replace("a:", "version:", 1) + _GLOSSARY_ENTRY,
    "glossary-alias-entries": lambda: "entries:\n  - &e {term: LoRA}\n  - *e\n",
    "glossary-alias-forms": lambda: (
        "entries:\n  - term: LoRA\n    forms: &f [Lora]\n  - term: QLoRA\n    forms: *f\n"
    ),
    "glossary-python-apply": lambda: (
        f"entries:\n  - !!python/object/apply:os.system ['touch {PWNED}']\n"
    ),
    "glossary-python-term": lambda: (
        f"entries:\n  - term: !!python/object/apply:os.system ['touch {PWNED}']\n"
    ),
    "glossary-python-object-map": lambda: (
        "entries:\n  - !!python/object:mlgloss.glossary.model.Entry {term: LoRA}\n"
    ),
    "glossary-python-new-top": lambda: "!!python/object/new:dict {entries: []}\n",
    "glossary-python-tuple-forms": lambda: (
        "entries:\n  - term: LoRA\n    forms: !!python/tuple [Lora]\n"
    ),
    "glossary-nested": lambda: "entries: " + "[" * NEST + "]" * NEST + "\n",
    "glossary-nested-version": lambda: "version: " + "{a: " * NEST + "1" + "}" * NEST + "\n",
    "glossary-syntax-error": lambda: "entries:\n  - term: LoRA\n    forms: [Lora\n  - term: x\n",
}


def _peak_mb() -> int:
    """This process's own peak RSS in MB: ``VmHWM`` of its memory map. ``ru_maxrss`` would
    carry over ``execve`` the size of the process that forked it (a grown pytest), so it is
    only the fallback where ``/proc`` is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KB on Linux


def run(case: str) -> dict[str, object]:
    result: dict[str, object] = {"case": case}
    if case in GLOSSARIES:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "glossary.yaml"
            path.write_text(GLOSSARIES[case](), encoding="utf-8")
            start = time.perf_counter()
            try:
                glossary = load_glossary([path])
                result.update(outcome="ok", entries=len(glossary.entries))
            except GlossaryError as err:
                result.update(
                    outcome="GlossaryError",
                    file=err.file,
                    expected_file=str(path),
                    line=err.line,
                    column=err.column,
                    message=err.message,
                )
    else:
        kind, build = DOCUMENTS[case]
        text = build()
        glossary = load_glossary()
        result["chars"] = len(text)
        start = time.perf_counter()
        try:
            analysis = analyze_document(text, kind, glossary=glossary)
            result.update(
                outcome="ok", findings=len(analysis.findings), truncated=analysis.truncated
            )
        except ExtractionError as err:
            result.update(
                outcome="ExtractionError", line=err.line, column=err.column, message=err.message
            )
    result["seconds"] = round(time.perf_counter() - start, 2)
    result["peak_mb"] = _peak_mb()
    result["pwned"] = PWNED.exists()
    return result


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1])))
