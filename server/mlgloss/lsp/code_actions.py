"""``textDocument/codeAction``: quick fixes, fix-all, disable-for-this-line, and adding a
form to the project glossary.

Everything is computed from the document's current text and the diagnostics' ``data``.
Clients that do not echo ``data`` get the same actions from the server's own latest
diagnostics: those of the same code whose range meets the range the client sent (Vim's ALE
sends a diagnostic with only code, message and range, no ``source``, its end one column off;
a client that sends no diagnostic at all gets those under the requested range). A range is
only used to find a diagnostic, never to build an edit: Neovim 0.7 sends byte columns on
lines with non-ASCII text. A fix is offered only while the text it replaces is still there.

Actions:

* each fix of each diagnostic (``quickfix``), unsafe ones included (an acronym's expansion,
  a renamed key): the user reads them before choosing; the first one is ``isPreferred``
  (what "auto fix" applies) only when it is safe;
* "Fix all mlgloss problems": the safe fixes of the document, chosen by
  :func:`mlgloss.analysis.fixes.chosen_fixes` exactly as ``mlgloss check --fix`` chooses them,
  as ``source.fixAll.mlgloss`` and, when at least two fixes exist, as a ``quickfix`` too;
* "Write '<spelling>' everywhere in this repository" for an ``inconsistent`` finding in
  repository scope: one ``WorkspaceEdit`` over every file that writes the term otherwise
  (see :mod:`mlgloss.lsp.repository_index`);
* "Disable <code> for this line": a ``mlgloss: disable-next-line <code>`` comment line
  above, in the file kind's comment syntax (Markdown ``<!-- -->``, Python/YAML/TOML ``#``,
  reST ``..``); inside a Markdown paragraph the directive is appended to the line as
  ``<!-- mlgloss: disable-line <code> -->`` instead, so the paragraph is not split. Not
  offered where the format has no comments (JSON, plain text) or the line is in a Python
  string;
* "Open the draft project glossary" for a ``project-term`` hint: the command
  ``mlgloss.suggestProjectTerms`` (see :mod:`mlgloss.lsp.project_terms`);
* "Add '<form>' to the project glossary" for ``misspelling`` findings and ``variant`` findings
  of a project term, after the fixes (see :mod:`mlgloss.lsp.add_to_glossary_edit`). Never for a
  form the built-in glossary flags (``Lora``): that would silence a real finding.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.fixes import chosen_fixes
from mlgloss.glossary.builtin import builtin_path
from mlgloss.lsp.add_to_glossary_edit import add_form_edit
from mlgloss.lsp.convert import SOURCE, DiagnosticData, read_data
from mlgloss.lsp.project_terms import HINT_CODE as PROJECT_TERM
from mlgloss.lsp.project_terms import action as project_term_action
from mlgloss.lsp.repository_index import normalise_action
from mlgloss.lsp.terms import View, view

if TYPE_CHECKING:
    from mlgloss.lsp.server import MlglossServer

log = logging.getLogger(__name__)

FIX_ALL_KIND = "source.fixAll.mlgloss"
ADDABLE_RULES = ("variant", "misspelling")


def _addable(v: View, data: DiagnosticData) -> bool:
    """Whether "Add to the project glossary" may be offered: never to silence a form the
    built-in glossary flags on purpose (a deprecated or forbidden spelling of its term)."""
    if data.rule not in ADDABLE_RULES or not data.text.strip():
        return False
    if data.rule == "variant" and data.entry_id is not None:
        entry = v.glossary.entries.get(data.entry_id)
        origin = entry.origin.file if entry is not None and entry.origin is not None else None
        if origin is not None and Path(origin) == builtin_path():
            return False
    return True


def _meets(a: types.Range, b: types.Range) -> bool:
    """Whether two ranges overlap or touch (an empty range at a diagnostic's edge meets it)."""
    a_start, a_end = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b_start, b_end = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a_start <= b_end and b_start <= a_end


def _latest(v: View, ls: MlglossServer) -> list[types.Diagnostic]:
    latest = ls.diagnostics.latest(v.snapshot.uri)
    return list(latest.diagnostics) if latest is not None else []


def requested_diagnostics(
    v: View, ls: MlglossServer, params: types.CodeActionParams
) -> list[tuple[types.Diagnostic, DiagnosticData]]:
    """The diagnostics the request is about, each with the ``data`` its actions come from.

    A client diagnostic that carries our ``data`` is taken as it is. One without (ALE's: code,
    message and range, no ``source``) is matched to our latest diagnostic of the same code
    whose range meets it, the one starting nearest first. With no diagnostic in the request,
    our latest diagnostics under the requested range are taken.
    """
    sent = [d for d in params.context.diagnostics if d.source in (SOURCE, None)]
    if not sent:
        return [
            (d, data)
            for d in _latest(v, ls)
            if _meets(d.range, params.range) and (data := read_data(d.data)) is not None
        ]
    out: list[tuple[types.Diagnostic, DiagnosticData]] = []
    for d in sent:
        data = read_data(d.data) if d.source == SOURCE else None
        if data is None:
            candidates = [
                o for o in _latest(v, ls) if o.code == d.code and _meets(o.range, d.range)
            ]
            candidates.sort(
                key=lambda o: (
                    abs(o.range.start.line - d.range.start.line),
                    abs(o.range.start.character - d.range.start.character),
                )
            )
            if candidates:
                d, data = candidates[0], read_data(candidates[0].data)
        if data is not None:
            out.append((d, data))
    return out


def _still_valid(v: View, data: DiagnosticData) -> bool:
    text = v.snapshot.text
    if data.version is not None and data.version == v.snapshot.version:
        return True
    return text[data.start : data.end] == data.text


def _edit(v: View, edits: list[tuple[int, int, str]]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        changes={
            v.snapshot.uri: [
                types.TextEdit(range=v.lines.range(start, end), new_text=new_text)
                for start, end, new_text in edits
            ]
        }
    )


def comment_line(kind: DocumentKind, code: str) -> str | None:
    directive = f"mlgloss: disable-next-line {code}"
    return {
        DocumentKind.MARKDOWN: f"<!-- {directive} -->",
        DocumentKind.PYTHON: f"# {directive}",
        DocumentKind.YAML: f"# {directive}",
        DocumentKind.TOML: f"# {directive}",
        DocumentKind.RST: f".. {directive}",
    }.get(kind)


def disable_edit(v: View, data: DiagnosticData) -> tuple[int, int, str] | None:
    """The insertion that silences ``data.rule`` on the finding's line."""
    kind = v.snapshot.kind
    comment = comment_line(kind, data.rule)
    if comment is None:
        return None
    text = v.snapshot.text
    line = v.lines.line_of(data.start)
    start = v.lines.starts[line]
    line_text = v.lines.line_text(line)
    if kind is DocumentKind.PYTHON and v.result is not None:
        comments = v.result.analysis.extraction.comments
        if not any(a <= data.start < b for a, b in comments):
            return None  # in a docstring: a comment line there would be text
    if kind is DocumentKind.MARKDOWN and line > 0 and v.lines.line_text(line - 1).strip():
        end = v.lines.ends[line]
        directive = f" <!-- mlgloss: disable-line {data.rule} -->"
        return (end, end, directive)
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    newline = "\r\n" if "\r\n" in text[: v.lines.ends[0] + 2] else "\n"
    return (start, start, f"{indent}{comment}{newline}")


def fix_all_edits(v: View) -> list[tuple[int, int, str]]:
    """Every safe fix of the current analysis, as ``mlgloss check --fix`` chooses them."""
    if v.result is None:
        return []
    return sorted(
        (e.start, e.end, e.new_text)
        for fix in chosen_fixes(v.result.analysis.findings)
        for e in fix.edits
    )


def _wanted(kind: str, only: list[str] | None) -> bool:
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def code_actions(
    ls: MlglossServer, params: types.CodeActionParams
) -> list[types.CodeAction | types.Command] | None:
    v = view(ls, params.text_document.uri)
    if v is None:
        return None
    only = [str(getattr(k, "value", k)) for k in params.context.only or []] or None
    actions: list[types.CodeAction | types.Command] = []
    quickfix = types.CodeActionKind.QuickFix.value
    ours = requested_diagnostics(v, ls, params)
    if _wanted(quickfix, only):
        for diagnostic, data in ours:
            if not _still_valid(v, data):
                continue
            for i, fix in enumerate(data.fixes):
                actions.append(
                    types.CodeAction(
                        title=fix.title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=i == 0 and fix.safe,
                        edit=_edit(v, [(e.start, e.end, e.new_text) for e in fix.edits]),
                    )
                )
            if v.result is not None and _addable(v, data):
                form = " ".join(data.text.split())
                edit = add_form_edit(ls, v.snapshot.path, v.result.config, form)
                if edit is not None:
                    actions.append(
                        types.CodeAction(
                            title=f"Add '{form}' to the project glossary",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic],
                            edit=edit,
                        )
                    )
            if data.rule == "inconsistent" and data.entry_id is not None:
                try:
                    normalise = normalise_action(ls, v, diagnostic, data.entry_id)
                except Exception:  # the other actions are still offered
                    log.exception("normalising %s failed", data.entry_id)
                    normalise = None
                if normalise is not None:
                    actions.append(normalise)
            if data.rule == PROJECT_TERM:
                actions.append(project_term_action(diagnostic))
                continue  # a hint, not a rule: nothing to disable
            disable = disable_edit(v, data)
            if disable is not None:
                actions.append(
                    types.CodeAction(
                        title=f"Disable mlgloss {data.rule} for this line",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        edit=_edit(v, [disable]),
                    )
                )
    all_edits = fix_all_edits(v)
    if all_edits and _wanted(FIX_ALL_KIND, only):
        actions.append(
            types.CodeAction(
                title="Fix all mlgloss problems",
                kind=FIX_ALL_KIND,
                edit=_edit(v, all_edits),
            )
        )
    if len(all_edits) >= 2 and ours and _wanted(quickfix, only):
        actions.append(
            types.CodeAction(
                title="Fix all mlgloss problems",
                kind=types.CodeActionKind.QuickFix,
                edit=_edit(v, all_edits),
            )
        )
    return actions


def register(ls: MlglossServer) -> None:
    @ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
            resolve_provider=False,
        ),
    )
    def code_action(
        ls: MlglossServer, params: types.CodeActionParams
    ) -> list[types.CodeAction | types.Command] | None:
        return code_actions(ls, params)
