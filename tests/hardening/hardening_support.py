"""Strategies and checks shared by the hardening property tests.

The strategies build documents of every kind from realistic fragments (headings, fences,
front matter, docstrings, comments, config keys, notebook cells ...) filled with hostile
Unicode and with forms drawn from the built-in glossary, flagged ones and near misses
included, so that every rule has something to find. :func:`check_document` runs one
document through the whole core and asserts the invariants every finding must keep.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from itertools import pairwise

from hypothesis import settings
from hypothesis import strategies as st

from mlgloss.analysis.document import MASK, DocumentKind, Extraction
from mlgloss.analysis.engine import MAX_FINDINGS_PER_FILE, Analysis, analyze_document
from mlgloss.analysis.extract import extract
from mlgloss.analysis.extract.stand_ins import stand_in
from mlgloss.analysis.findings import Finding
from mlgloss.analysis.fixes import apply_fixes, safe_fixes
from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import FormKind

PROFILE = settings.get_profile(os.environ.get("MLGLOSS_HYPOTHESIS_PROFILE", "ci"))
"""The selected profile (see conftest.py); decorate each property with ``@settings(PROFILE)``."""

GLOSSARY: Glossary = load_glossary()

# --------------------------------------------------------------------------- vocabulary

_ENTRIES = sorted(GLOSSARY.entries.values(), key=lambda e: e.id)
FORMS: list[str] = sorted({f.text for e in _ENTRIES for f in e.forms})
FLAGGED: list[str] = sorted({f.text for e in _ENTRIES for f in e.forms if f.status.flagged})
ADMITTED: list[str] = sorted(
    {
        f.text
        for e in _ENTRIES
        for f in e.forms
        if f.kind is FormKind.SPELLING and not f.status.flagged and len(e.forms) > 1
    }
)
COMPETING: list[tuple[str, str]] = sorted(
    (spellings[0], other)
    for e in _ENTRIES
    if len(
        spellings := [
            f.text for f in e.forms if f.kind is FormKind.SPELLING and not f.status.flagged
        ]
    )
    > 1
    for other in spellings[1:]
)
"""Pairs of admitted spellings of one entry (pretraining, pre-training): inconsistent."""
MULTIWORD: list[str] = [f for f in FORMS if " " in f]
ACRONYMS: list[str] = sorted({e.acronym for e in _ENTRIES if e.acronym and e.expansion})
EXPANSIONS: list[str] = sorted({e.expansion for e in _ENTRIES if e.acronym and e.expansion})
CONFIG_KEYS: list[str] = sorted(GLOSSARY.config_keys)


def _drop_letter(word: str) -> str:
    i = len(word) // 2
    return word[:i] + word[i + 1 :]


MISSPELT: list[str] = sorted(
    {_drop_letter(w) for form in FORMS for w in re.findall(r"[a-z]{8,}", form)}
)
MISSPELT_KEYS: list[str] = sorted({_drop_letter(k) for k in CONFIG_KEYS if len(k) >= 12})

# Code points that break naive code: astral, combining, right-to-left, controls, NUL,
# a lone surrogate (what surrogateescape decoding leaves), line and paragraph separators.
SPECIALS: list[str] = [
    "😀", "\U0001d518\U0001d52b\U0001d526",
    "🧑‍💻", "e\u0301", "\u0301", "ﬁ", "İ", "ß", "Σ", "\u200b", "\ufeff",
    "مرحبا", "שלום", "\u202e", "\u2066", "\x00", "\r", "\r\n", "\n", "\t", "\x0b", "\x0c",
    "\x85", "\u2028", "\u2029", "\udcff", "\\", "\\n", "\\u00e9", '"', "'", "`", "```",
    "$", "$$", "<", ">", "&amp;", "[", "]", "(", ")", "{", "}", "#", "*", "_", "|", ":",
    "--", "---", "...", "/", "@", "=", "%", "!", "?",
]  # fmt: skip
WORDS = ["the", "model", "we", "train", "with", "and", "a", "of", "data", "Note", "This"]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\r\n", "\r", "\t", ", ", ". ", "-", "/", "_", "\n\n"]


def _cased(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, text.upper(), text.lower(), text[:1].upper() + text[1:]])


term = st.one_of(
    st.sampled_from(FLAGGED),
    st.sampled_from(ADMITTED),
    st.sampled_from(FORMS).flatmap(_cased),
    st.sampled_from(ACRONYMS),
    st.sampled_from(EXPANSIONS),
    st.sampled_from(MISSPELT),
    st.sampled_from(FLAGGED + ADMITTED).map(lambda t: t + "s"),
    st.tuples(st.sampled_from(MULTIWORD), st.sampled_from(["\n", "\r\n", "\r", "\t", "  \n "])).map(
        lambda p: p[0].replace(" ", p[1], 1)
    ),  # a term broken across lines
    st.tuples(st.sampled_from(COMPETING), st.sampled_from([". ", " and ", "\n"])).map(
        lambda p: p[0][0] + p[1] + p[0][1] + p[1] + p[0][0]
    ),
)
noise = st.one_of(
    st.text(max_size=6),
    st.sampled_from(SPECIALS),
    st.sampled_from(WORDS),
)
token = st.one_of(term, term, noise, st.sampled_from(WORDS))


@st.composite
def prose(draw: st.DrawFn, max_tokens: int = 10) -> str:
    """A run of words, glossary forms, near misses and hostile code points."""
    parts = draw(st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), max_size=max_tokens))
    return "".join(t + s for t, s in parts)


line = prose().map(lambda s: s.replace("\r", " ").replace("\n", " "))
long_line = st.tuples(term, st.integers(200, 3000)).map(lambda p: (p[0] + " ") * p[1])
newline = st.sampled_from(["\n", "\n", "\r\n", "\r"])


def _joined(fragments: st.SearchStrategy[str], max_size: int = 8) -> st.SearchStrategy[str]:
    return st.tuples(st.lists(fragments, max_size=max_size), newline).map(lambda p: p[1].join(p[0]))


# --------------------------------------------------------------------------- documents

_SUPPRESS_CODES = st.sampled_from(["", " variant", " inconsistent, misspelling", " nosuchrule"])
_SUPPRESS_VERB = st.sampled_from(
    ["disable-next-line", "disable-line", "disable", "enable", "disable-file", "disabel"]
)
suppression = st.builds(lambda v, c: f"mlgloss: {v}{c}", _SUPPRESS_VERB, _SUPPRESS_CODES)

markdown_fragment = st.one_of(
    prose(),
    prose(),
    line.map(lambda s: "# " + s),
    line.map(lambda s: "## " + s.title()),
    st.builds(lambda a, b: f"{a}\n{'=' * max(1, len(a) // 2)}", line, st.just("")),
    st.builds(
        lambda lang, body: f"```{lang}\n{body}\n```", st.sampled_from(["", "py", "yaml"]), prose()
    ),
    st.builds(lambda body: f"~~~\n{body}", prose()),  # an unclosed fence
    st.builds(lambda a, b: f"{a} `{b}` {a}", line, term),
    st.builds(lambda a, b: f'[{a}](https://example.org/{b} "{a}")', term, term),
    st.builds(lambda a, b: f"[{a}][{b}]\n\n[{b}]: https://x.org/{a}", term, term),
    st.builds(lambda a: f'<div class="{a}">{a}</div>', term),
    st.builds(lambda a: f"<!-- {a} -->", suppression),
    st.builds(lambda a: f"<!-- {a}", line),  # an unclosed comment
    st.builds(lambda a: f"- {a}\n  - {a}\n1. {a}", line),
    st.builds(lambda a, b: f"| {a} | {b} |\n|---|:-:|\n| {b} | {a} |", term, line),
    st.builds(lambda a: f"> {a}\n> > {a}", line),
    st.builds(lambda a: f"*{a}* **{a}** _{a}_ $x_{a}$ $${a}$$ \\({a}\\)", term),
    st.builds(lambda a: f"    {a}", line),  # indented code
    st.builds(lambda a: f"[[autodoc]] peft.{a}", term),
    st.builds(lambda a: f'import {{X}} from "{a}"', term),
    long_line,
)


@st.composite
def markdown_document(draw: st.DrawFn) -> str:
    body = draw(_joined(markdown_fragment))
    front = draw(
        st.one_of(
            st.just(""),
            st.builds(lambda a: f"---\ntitle: {a}\ndescription: {a}\n---\n", line),
            st.builds(lambda a: f'+++\ntitle = "{a}"\n+++\n', line),
            st.builds(lambda a: f"---\ntitle: {a}\n", line),  # unclosed front matter
        )
    )
    return front + body


def _docstring(quote: str, body: str) -> str:
    return f"{quote}{body.replace(quote, '')}{quote}"


python_fragment = st.one_of(
    st.builds(lambda a: f"# {a}", line),
    st.builds(lambda a: f"x = 1  # {a}", suppression),
    st.builds(lambda a: f"# {a}", suppression),
    st.builds(lambda q, a: _docstring(q, a), st.sampled_from(['"""', "'''"]), prose()),
    st.builds(
        lambda name, doc: (
            f'def {name}(x):\n    """{doc.replace(chr(34), "")}\n\n    Args:\n'
            f'        x (int): {doc.replace(chr(34), "")}\n    """\n    return x'
        ),
        st.sampled_from(["f", "lora_forward", "g"]),
        line,
    ),
    st.builds(lambda a: f"class C:\n    '''{a.replace(chr(39), '')}'''\n    y = 2", line),
    st.builds(lambda a: f"s = {a!r}", line),
    st.builds(lambda a: f"f'{{{a!r}}}'", term),
    st.builds(lambda a: f'"""{a}', prose()),  # an unterminated docstring
    st.builds(lambda a: f"s = '{a}", line),  # an unterminated string
    st.builds(lambda a: f"    >>> {a}\n    {a}", line),
    st.builds(lambda a: f"if x:\n\tpass\n  {a}", line),  # inconsistent indentation
    st.builds(lambda a: f"%pip install {a}\n!ls {a}", term),
    long_line.map(lambda s: "# " + s),
)
python_document = _joined(python_fragment)

yaml_fragment = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(CONFIG_KEYS + MISSPELT_KEYS), term),
    st.builds(lambda k, v: f"  {k}: {v}", st.sampled_from(CONFIG_KEYS + MISSPELT_KEYS), term),
    st.builds(lambda v: f"description: {v}", line),
    st.builds(lambda v: f'description: "{v}"', line.map(lambda s: s.replace('"', ""))),
    st.builds(lambda v: f"notes: '{v}", line),  # an unclosed quote
    st.builds(lambda v: f"description: |\n  {v}\n  {v}\nnext: 1", line),
    st.builds(lambda v: f"summary: >-\n    {v}", line),
    st.builds(lambda v: f"# {v}", line),
    st.builds(lambda v: f"x: 1  # {v}", suppression),
    st.builds(lambda k, v: f"{{{k}: 8, {v}: 16}}", st.sampled_from(CONFIG_KEYS), term),
    st.builds(
        lambda k: f"- {k}: [a, b]\n  - - {k}: x", st.sampled_from(CONFIG_KEYS + MISSPELT_KEYS)
    ),
    st.builds(lambda k: f"? {k}\n: value", st.sampled_from(CONFIG_KEYS)),
    st.builds(lambda v: f"anchor: &a {v}\nalias: *a", term),
    st.just("cmd: !!python/object/apply:os.system ['echo pwned']"),
    st.just("---"),
    st.just("..."),
    st.just("%YAML 1.2"),
    st.builds(lambda v: f'"quoted key {v}": 1', term),
    line,
)
yaml_document = _joined(yaml_fragment)

toml_fragment = st.one_of(
    st.builds(
        lambda k, v: f"{k} = {json.dumps(v)}", st.sampled_from(CONFIG_KEYS + MISSPELT_KEYS), term
    ),
    st.builds(
        lambda k, m: f"{k} = 1\n{m} = 2",
        st.sampled_from(CONFIG_KEYS),
        st.sampled_from(MISSPELT_KEYS),
    ),
    st.builds(lambda v: f"description = {json.dumps(v)}", line),
    st.builds(lambda v: f'description = """\n{v}\n{v}"""', line),
    st.builds(lambda v: f"notes = '''{v}'''", line),
    st.builds(lambda v: f"help = '{v}", line),  # an unclosed literal string
    st.builds(lambda v: f"[{v}]", st.sampled_from(["tool.mlgloss", "training", 'a."b c"'])),
    st.builds(lambda v: f"[[runs]]\nname = {json.dumps(v)}", term),
    st.builds(
        lambda k, v: f"inline = {{ {k} = 1, description = {json.dumps(v)} }}",
        st.sampled_from(CONFIG_KEYS),
        line,
    ),
    st.builds(lambda v: f"arr = [1, {json.dumps(v)},\n  2]", term),
    st.builds(lambda v: f"# {v}", line),
    st.builds(lambda v: f"x = 1 # {v}", suppression),
    line,
)
toml_document = _joined(toml_fragment)

json_leaf = st.one_of(
    term, line, st.integers(), st.none(), st.booleans(), st.floats(allow_nan=False)
)
json_key = st.one_of(
    st.sampled_from(CONFIG_KEYS + MISSPELT_KEYS),
    st.sampled_from(["description", "title", "notes", "help", "summary"]),
    term,
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(json_key, inner, max_size=5)
    ),
    max_leaves=20,
)


@st.composite
def json_document(draw: st.DrawFn) -> str:
    value = draw(st.dictionaries(json_key, json_value, max_size=6))
    text = json.dumps(
        value,
        indent=draw(st.sampled_from([None, 1, 2, "\t"])),
        ensure_ascii=draw(st.booleans()),
    )
    damage = draw(st.sampled_from(["none", "none", "truncate", "comment", "insert"]))
    if damage == "truncate" and text:
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "comment":
        at = text.find("\n") if "\n" in text else 1
        text = text[:at] + f"\n// {draw(suppression)} {draw(line)}\n/* {draw(line)} */" + text[at:]
    elif damage == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(SPECIALS)) + text[at:]
    return text


def _source_lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


@st.composite
def notebook_document(draw: st.DrawFn) -> str:
    """A valid nbformat 4 notebook whose cells hold Markdown, Python and raw text."""
    cells = []
    for _ in range(draw(st.integers(0, 5))):
        cell_type = draw(st.sampled_from(["markdown", "markdown", "code", "raw"]))
        source = draw(python_document if cell_type == "code" else markdown_document())
        as_list = draw(st.booleans())
        cell: dict[str, object] = {
            "cell_type": cell_type,
            "metadata": {},
            "source": _source_lines(source) if as_list else source,
        }
        if cell_type == "code":
            cell["execution_count"] = draw(st.none() | st.integers(1, 99))
            cell["outputs"] = [
                {"output_type": "stream", "name": "stdout", "text": _source_lines(draw(prose()))}
            ]
        cells.append(cell)
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": draw(term)}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(
        notebook,
        indent=draw(st.sampled_from([None, 1, 2])),
        ensure_ascii=draw(st.booleans()),
    )


rst_fragment = st.one_of(
    prose(),
    st.builds(lambda a: f"{a}\n{'=' * max(3, len(a))}", line),
    st.builds(lambda a: f".. note:: {a}\n\n   {a}", line),
    st.builds(lambda a: f".. code-block:: python\n\n   {a}", line),
    st.builds(lambda a: f"Text ``{a}`` and :class:`{a}` and `{a} <https://x.org>`_", term),
    st.builds(lambda a: f".. {a}", suppression),
    st.builds(lambda a: f"::\n\n    {a}", line),
    st.builds(lambda a: f"+---+---+\n| {a} | x |\n+---+---+", term),
)
rst_document = _joined(rst_fragment)
plaintext_document = _joined(st.one_of(prose(), long_line))

DOCUMENTS: dict[DocumentKind, st.SearchStrategy[str]] = {
    DocumentKind.MARKDOWN: markdown_document(),
    DocumentKind.PYTHON: python_document,
    DocumentKind.YAML: yaml_document,
    DocumentKind.JSON: json_document(),
    DocumentKind.TOML: toml_document,
    DocumentKind.NOTEBOOK: notebook_document(),
    DocumentKind.RST: rst_document,
    DocumentKind.PLAINTEXT: plaintext_document,
}
"""A realistic-shape document strategy for every kind."""

raw_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(SPECIALS), term, st.text(max_size=4)), max_size=60).map(
        "".join
    ),
)
"""Text of no particular shape, for throwing at every extractor."""

# --------------------------------------------------------------------------- checks

_NEWLINES = re.compile(r"[\r\n]")
PROSE_RULES = frozenset({"variant", "inconsistent", "misspelling", "acronym-expansion"})


def check_extraction(text: str, kind: DocumentKind, extraction: Extraction) -> None:
    """Length kept, line breaks kept where they are, prose code points unchanged (but a
    character beyond the BMP, which may be its stand-in: analysis/extract/stand_ins.py)."""
    prose = extraction.prose
    assert len(prose) == len(text)
    breaks = [m.start() for m in _NEWLINES.finditer(text)]
    assert [m.start() for m in _NEWLINES.finditer(prose)] == breaks
    assert all(prose[i] == text[i] for i in breaks)
    allowed_extra = {MASK, " "} if kind is DocumentKind.NOTEBOOK else {MASK}
    changed = [i for i, (a, b) in enumerate(zip(prose, text, strict=True)) if a != b]
    assert all(prose[i] in allowed_extra or prose[i] == stand_in(text[i]) for i in changed), [
        (i, text[i], prose[i]) for i in changed[:5]
    ]
    for spans in (extraction.headings, extraction.comments):
        for start, end in spans:
            assert 0 <= start <= end <= len(text)
    for key in extraction.keys:
        assert 0 <= key.start < key.end <= len(text)
        assert text[key.start : key.end] == key.name
    previous = -1
    for cell in extraction.cells:
        assert previous <= cell.start <= cell.end <= len(text)
        previous = cell.end


def _plural_singulars(surface: str) -> list[str]:
    out = [surface]
    if surface.endswith(("s", "S")):
        out.append(surface[:-1])
    if surface.endswith(("es", "ES")):
        out.append(surface[:-2])
    if surface.endswith(("ies", "IES")):
        out.append(surface[:-3] + ("Y" if surface.endswith("IES") else "y"))
    return out


def _entry_has_form(entry_id: str | None, surface: str, *, flagged: bool) -> bool:
    assert entry_id is not None
    entry = GLOSSARY.entries[entry_id]
    return any(
        form.status.flagged == flagged and form.matches(candidate)
        for form in entry.forms
        for candidate in _plural_singulars(surface)
    )


def check_finding(text: str, kind: DocumentKind, analysis: Analysis, finding: Finding) -> None:
    """The range is inside the document and is exactly what the finding names."""
    start, end = finding.start, finding.end
    assert 0 <= start < end <= len(text), finding
    prose = analysis.extraction.prose
    surface = text[start:end]
    if finding.rule in PROSE_RULES:
        assert MASK not in prose[start:end], finding
        if kind is DocumentKind.NOTEBOOK:
            # raw JSON may stand between two source lines; the ends are written as themselves
            assert text[start] == prose[start] and text[end - 1] == prose[end - 1], finding
            surface = prose[start:end]
        else:
            assert surface == prose[start:end], finding
    shown = " ".join(surface.split())
    if finding.rule == "variant":
        assert f"instead of '{shown}'" in finding.message, (finding, shown)
        assert _entry_has_form(finding.entry_id, shown, flagged=True), (finding, shown)
    elif finding.rule == "inconsistent":
        assert finding.message.startswith(f"'{shown}' here"), (finding, shown)
        assert _entry_has_form(finding.entry_id, shown, flagged=False), (finding, shown)
    elif finding.rule == "misspelling":
        assert finding.message.startswith(f"'{surface}' looks like"), finding
        assert surface.isalpha() and len(surface) >= 6, finding
    elif finding.rule == "acronym-expansion":
        assert finding.message.startswith(f"'{surface}' is used"), finding
        entry = GLOSSARY.entries[finding.entry_id or ""]
        assert entry.acronym in _plural_singulars(surface), finding
    elif finding.rule == "config-key":
        assert kind.is_config, finding
        assert any((k.start, k.end) == (start, end) for k in analysis.extraction.keys), finding
        assert f"'{surface}'" in finding.message, finding
    elif finding.rule == "unused-suppression":
        assert any(a <= start and end <= b for a, b in analysis.extraction.comments), finding
    else:
        raise AssertionError(f"a rule the hardening tests do not know: {finding.rule}")
    for fix in finding.fixes:
        assert fix.edits, finding
        for edit in fix.edits:
            assert 0 <= edit.start <= edit.end <= len(text), finding
        if finding.rule in PROSE_RULES | {"config-key"}:
            assert [(e.start, e.end) for e in fix.edits] == [(start, end)], finding


def check_fixes_do_not_overlap(findings: Iterable[Finding]) -> None:
    edits = sorted(
        ((e.start, e.end) for fix in safe_fixes(findings) for e in fix.edits),
    )
    for (a_start, a_end), (b_start, b_end) in pairwise(edits):
        assert a_end <= b_start, (a_start, a_end, b_start, b_end)
        assert not (a_start == a_end == b_start == b_end), "two insertions at one place"


def analyse(text: str, kind: DocumentKind) -> Analysis:
    return analyze_document(text, kind, glossary=GLOSSARY)


def _written_spans(findings: Iterable[Finding]) -> list[tuple[int, int]]:
    """Where the replacement texts of the applied fixes lie in the fixed text."""
    spans = []
    delta = 0
    for edit in sorted(
        (e for fix in safe_fixes(findings) for e in fix.edits), key=lambda e: e.start
    ):
        start = edit.start + delta
        spans.append((start, start + len(edit.new_text)))
        delta += len(edit.new_text) - (edit.end - edit.start)
    return spans


MAX_FIX_PASSES = 3
"""Fix-all settles within this many passes on ordinary text (see test_fix_convergence.py);
each finding of the first analysis may add one pass (see check_fixes_settle)."""


def check_fixes_settle(text: str, kind: DocumentKind, analysis: Analysis) -> None:
    """A fix is final, and fixing everything terminates.

    Per rule: apply its safe fixes, re-analyse: no finding of that rule names a text a fix
    has just written (no fix writes a form its own rule flags, no ping-pong). A later pass
    may still find something new next to a fix, because a fix changes the context the index
    reads (``Llm as a judge`` -> ``LLM as a judge``, now the longer flagged term; terms glued
    by hyphens, ``3D PARALLELISM-AB testing``, are revealed one per pass), so the whole-text
    check is termination: all rules' fixes, repeated, stop changing the text within
    MAX_FIX_PASSES passes plus one per finding of the first analysis. An oscillation
    (A -> B -> A) never stops and fails here.
    """
    if analysis.truncated:
        return
    for rule in sorted({f.rule for f in analysis.findings}):
        mine = [f for f in analysis.findings if f.rule == rule]
        if not safe_fixes(mine):
            continue
        once = apply_fixes(text, mine)
        if kind is DocumentKind.NOTEBOOK:
            check_notebook_still_valid(text, once)
        written = set(_written_spans(mine))
        again = [f for f in analyse(once, kind).findings if f.rule == rule]
        refixed = [f for f in again if (f.start, f.end) in written]
        assert not refixed, (rule, once, refixed)
    current, findings = text, analysis.findings
    seen = {text}
    for _ in range(MAX_FIX_PASSES + len(analysis.findings)):
        fixed = apply_fixes(current, findings)
        if fixed == current:
            return
        assert fixed not in seen, ("fixes oscillate", text, fixed)
        seen.add(fixed)
        current = fixed
        result = analyse(current, kind)
        if result.truncated:
            return
        findings = result.findings
    assert apply_fixes(current, findings) == current, ("no fixed point", text, current)


def check_notebook_still_valid(before: str, after: str) -> None:
    old, new = json.loads(before), json.loads(after)
    assert len(old["cells"]) == len(new["cells"])
    for a, b in zip(old["cells"], new["cells"], strict=True):
        assert a["cell_type"] == b["cell_type"]
        assert a.get("outputs") == b.get("outputs")


def check_document(text: str, kind: DocumentKind) -> Analysis:
    """Every invariant of the core for one document; returns the analysis."""
    extraction = extract(text, kind)
    check_extraction(text, kind, extraction)
    analysis = analyse(text, kind)
    assert len(analysis.findings) <= MAX_FINDINGS_PER_FILE
    assert analysis.extraction.prose == extraction.prose  # extraction is deterministic
    for finding in analysis.findings:
        check_finding(text, kind, analysis, finding)
    starts = [(f.start, f.end, f.rule) for f in analysis.findings]
    assert starts == sorted(starts)
    check_fixes_do_not_overlap(analysis.findings)
    fixed = apply_fixes(text, analysis.findings)
    if kind is DocumentKind.NOTEBOOK:
        check_notebook_still_valid(text, fixed)
    check_fixes_settle(text, kind, analysis)
    return analysis
