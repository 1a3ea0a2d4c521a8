"""Which parts of a ``#`` comment (Python, YAML, TOML) are prose.

Comments hold code as often as words. Not prose, and masked:

* commented-out code (``# model.train()``, ``# import x``, ``# return y``);
* commented-out settings and key/value examples (``# lr: 1e-4``, ``# dataset:``,
  ``# - q_proj``, ``# lora_target_modules: [q_proj, v_proj]``);
* enumerations of option values: a comment that is only a list (``# full or lora``,
  ``# cuda, cpu, rocm, xpu...``, ``# [huggingface, vllm, sglang]``), and in any comment a
  labelled list (``choices: [a, b]``, ``one of: a, b``, ``options: a | b``), a list after
  a colon (``backends: vllm, sglang``), a bracketed list and an ``a|b|c`` group;
* a comment of one lower-case word (``# lora`` over a dataclass's ``lora_*`` fields, ``#
  tuners``): a section's label or a value;
* inline code in backticks (``# run `trl sft --config x.yaml` ``);
* a list of identifiers, with the label before it (``# mlp: fc_1, fc_2, proj``,
  ``# args: lora_r, lora_alpha``, ``q_proj/v_proj``): a comma- or slash-separated run
  of names of which at least two are code-like (an underscore or an inner dot).

:func:`comment_prose` is given the comment's body (after the ``#`` marks) and returns
None when none of it is prose, else the spans inside it to mask.
"""

from __future__ import annotations

import re

from mlgloss.analysis.extract.masking import Span

# Commented-out Python (the body after "#").
_CODE = re.compile(
    r"[ \t]*(?:(?:import|from)\s+[\w.]+(?:\s+import\b.*|\s*)|(?:def|class)\s+\w+\s*[(:].*"
    r"|(?:return|raise|yield|assert|await)\b(?:\s+\S+|\s+.*[()\[\]=].*|)"
    r"|(?:if|elif|for|while|with|try|except|else)\b.*:\s*$"
    r"|[\w.\[\]\"']+\s*(?:[-+*/%|&]|//|\*\*)?=(?!=)\s*\S.*"
    r"|[\w.]+\(.*\)\s*$|@\w[\w.]*(?:\(.*\))?\s*$|print\(.*)$"
)
# One value of a list: a token or a quoted string.
_ITEM = r"(?:\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`|[\w.+/<>=~-]+)"
_SEPARATOR = r"(?:[ \t]*[,|/][ \t]*(?:or[ \t]+|and[ \t]+)?|[ \t]+(?:or|and)[ \t]+)"
_LIST = rf"\[?[ \t]*{_ITEM}(?:{_SEPARATOR}{_ITEM})+[ \t]*,?[ \t]*(?:\.\.\.|…|etc\.?)?[ \t]*\]?"
_ONLY_LIST = re.compile(rf"[ \t]*(?:{_LIST})[ \t]*[.;]?[ \t]*$")
# A commented-out setting: "key: value" with a one-token, quoted, bracketed or no value
# ("# input_ids: Input token ids" is a description); a YAML list item of one token.
_SETTING = re.compile(
    r"[ \t]*-?[ \t]*[A-Za-z_][\w.-]*[ \t]*:[ \t]*(?:[^\s#]+|[\[{\"'].*)?[ \t]*(?:#.*)?$"
    r"|[ \t]*-[ \t]+[^\s#]+[ \t]*$"
)
_LABELLED_LIST = re.compile(
    r"\b(?:choices|options|one of|(?:possible|valid|allowed|supported) values|either)[ \t]*"
    rf"(?:[:=][ \t]*|(?=\[))(?:{_LIST}|{_ITEM})[ \t]*[.;)]?[ \t]*$",
    re.IGNORECASE,
)
# The keywords a line of commented-out Python may start with (the others need "=", "(" or
# "@"): with none of these, _CODE cannot match and is not tried.
_CODE_START = re.compile(
    r"[ \t]*(?:import|from|def|class|return|raise|yield|assert|await|if|elif|for|while|with"
    r"|try|except|else)\b"
)
_AFTER_COLON = re.compile(rf":[ \t]*({_LIST})[ \t]*[.;]?[ \t]*$")
_BRACKET_LIST = re.compile(rf"[\[(][ \t]*{_ITEM}(?:[ \t]*[,|][ \t]*{_ITEM})+[ \t]*[\])]")
_INLINE_CODE = re.compile(r"`[^`\n]+`")  # "# run `trl sft --config x.yaml`": code
_NAME = r"[A-Za-z_][\w.]*"
_IDENTIFIER_LIST = re.compile(
    rf"(?:(?<![\w.-]){_NAME}[ \t]*:[ \t]*)?(?<![\w.-]){_NAME}(?:[ \t]*[,/][ \t]*{_NAME})+(?![\w.-])"
)
_CODE_LIKE = re.compile(r"\w_|_\w|\w\.\w")  # not a digit: "GPT2 / GPT3" are names
_ONE_WORD = re.compile(r"[ \t]*[a-z][\w.-]*[ \t]*:?[ \t]*$")  # one lower-case word
_PIPE_GROUP = re.compile(r"(?<![\w|])[\w.-]+(?:[ \t]*\|[ \t]*[\w.-]+)+(?![\w|])")


def comment_prose(text: str, start: int, end: int) -> list[Span] | None:
    """For the body ``text[start:end]`` of a comment: None if it is not prose at all, else
    the spans inside it that are not prose (enumerations of values)."""
    body = text[start:end]
    if _ONE_WORD.match(text, start, end):
        return None  # "# lora" over the lora_* fields: a section's label, not a sentence
    colon = ":" in body
    if (colon or "-" in body) and _SETTING.match(text, start, end):
        return None
    if _ONLY_LIST.match(text, start, end) if _has_separator(body) else False:
        return None
    if (
        "=" in body or "(" in body or "@" in body or _CODE_START.match(text, start, end)
    ) and _CODE.match(text, start, end):
        return None
    masks: list[Span] = []
    if _has_label(body.lower()):
        labelled = _LABELLED_LIST.search(text, start, end)
        if labelled is not None:
            masks.append(labelled.span())
    if colon:
        # Neither a list nor its end holds a colon outside quotes: without quotes, only the
        # last colon can start the match, and the search starts there.
        quoted = '"' in body or "'" in body or "`" in body
        after = _AFTER_COLON.search(text, start if quoted else start + body.rindex(":"), end)
        if after is not None:
            masks.append(after.span(1))
    if "[" in body or "(" in body:
        masks.extend(m.span() for m in _BRACKET_LIST.finditer(text, start, end))
    if "|" in body:
        masks.extend(m.span() for m in _PIPE_GROUP.finditer(text, start, end))
    if "`" in body:
        masks.extend(m.span() for m in _INLINE_CODE.finditer(text, start, end))
    if "_" in body or "/" in body or "," in body:
        masks.extend(_identifier_lists(text, start, end))
    return masks


def _identifier_lists(text: str, start: int, end: int) -> list[Span]:
    """The runs of identifiers (and the label before them) in ``text[start:end]``."""
    spans: list[Span] = []
    for m in _IDENTIFIER_LIST.finditer(text, start, end):
        items = re.split(r"[ \t]*[,/][ \t]*", m.group().rsplit(":", 1)[-1].strip())
        if sum(_CODE_LIKE.search(item) is not None for item in items) >= 2:
            spans.append(m.span())
    return spans


def _has_label(lower: str) -> bool:
    """Whether the lower-cased ``lower`` holds a word that can label a list of values."""
    return (
        "choices" in lower
        or "options" in lower
        or "one of" in lower
        or "values" in lower
        or "either" in lower
    )


def _has_separator(body: str) -> bool:
    """Whether ``body`` can be a list at all (every list has a separator)."""
    return "," in body or "|" in body or "/" in body or " or " in body or " and " in body
