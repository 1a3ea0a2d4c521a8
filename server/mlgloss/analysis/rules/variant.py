"""``variant``: a deprecated or forbidden form of a glossary entry (Lora → LoRA).

Also flags admitted spellings when the project prefers another one (``prefer`` in its
configuration). A case-sensitive term written with a capital only because it starts a
sentence or stands in a Title-Case heading is not a variant, and a quoted paper abstract
keeps the paper's wording. A lower-case spelling that is a package's name (``numpy`` for
NumPy) is not flagged where it names the package, the executable or a value rather than the
project: after ``import``, between ``from`` and ``import``, among the arguments of
``pip install`` (or ``conda``, ``uv``, ``poetry``, ``pipx`` and ``mamba``), before a version
specifier (``numpy<2``) or a word such as "command" or "backend", after "launch(ing) with" or
beside another launcher ("deepspeed or mpirun"), and inside a lower-case
hyphenated name of three parts or more (``bert-base-uncased``, ``torch-latest-cpu``) or
of a spelling with letters and digits (``a100-large``). A casing variant in a config file's
string value that is written wholly in lower case (``description = "a smol course on llms"``)
is the value's style, not flagged. Code spans and fenced blocks are masked before the rule
sees them.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterator

from mlgloss.analysis.document import MASK, DocumentKind
from mlgloss.analysis.findings import Finding, Severity
from mlgloss.analysis.rule_metadata import metadata
from mlgloss.analysis.rules.base import Rule, RuleContext, match_case, replacement_finding
from mlgloss.english import is_english_word
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import CaseRule, Entry, Form, FormKind, FormReason, FormStatus
from mlgloss.glossary.occurrence import Occurrence

CODE = "variant"
_FLAGGED = tuple(status for status in FormStatus if status.flagged)  # no property call per use
_MECHANICAL = (FormReason.CASING, FormReason.HYPHENATION, FormReason.SPELLING)
"""Reasons whose fix only respells the term: safe. An outdated or deprecated word is replaced
by another, which a reviewer has to read: unsafe."""


# What comes before a package name in a command on the same line: "import", "from", or a
# package manager's install verb followed by options and other packages.
_COMMAND_BEFORE = re.compile(
    r"(?:\bimport(?:s|ing)?(?:[ \t]+of)?|\bfrom"
    r"|\b(?:pip3?|conda|mamba|micromamba|pipx|poetry|uv(?:[ \t]+pip)?)"
    r"[ \t]+(?:install|add|uninstall|remove))(?:[ \t]+[-\w.,\[\]<>=~!]+)*?[ \t]+\Z"
)
_IMPORT_AFTER = re.compile(r"[\w.]*[ \t]+import\b")
# "numpy>=2", "numpy >2.0.0", and a full release number: "numpy 1.26.4, pandas 1.5.3"
_VERSION_AFTER = re.compile(r"[ \t]*(?:[<>~!]=?|==)[ \t]*\d|[ \t]+v?\d+\.\d+\.\d+(?![\w.])")
# Lists of values: three tokens or more joined by slashes ("Residual / attn / mlp"), or a
# line that ends in three lower-case tokens or more joined by commas ("Requirements:
# anaconda, cudatoolkit, pytorch"; "…, flash-attention-2, unsloth, liger-kernel").
_TOKEN = r"(?:[A-Za-z][\w.+-]*|\x00+)"  # a word, or masked code ("liger_triton")
_SLASH_RUN = re.compile(rf"{_TOKEN}(?:[ \t]*/[ \t]*\n?[ \t]*{_TOKEN}){{2,}}")
_SLASH_SCAN = 160  # characters either side a slash list is looked for in (it may wrap)
_LIST_LINE = 2000  # characters either side of a use: a longer line is no list nor table row
# "- mlp: SiglipMLP" in a docstring's list of attributes: the field's name, then its type.
_FIELD_ITEM_BEFORE = re.compile(r"(?:^|\n)[ \t]*[-*][ \t]+\Z")
_FIELD_ITEM_AFTER = re.compile(r"[ \t]*:")
_COMMA_TAIL = re.compile(
    r"[a-z][\w.+-]*(?:,[ \t]+(?:(?:and|or)[ \t]+)?[a-z][\w.+-]*){2,}[ \t]*\.?[ \t]*$"
)
_VERSION_CELL = re.compile(r"[ \t]*[<>=~!^]*[ \t]*v?\d+(?:\.\d+)+[\w.,<>=/+-]*[ \t]*")
# "the deepspeed command", "the nccl backend": the word names the executable or the value.
_NAMED_THING_AFTER = re.compile(
    r"[ \t]+(?:[a-z]+[ \t]+)?(?:command|launcher|CLI|backend|package)\b"
)
# "deepspeed --num_gpus 2", "accelerate launch train.py": a command with its arguments.
_ARGUMENTS_AFTER = re.compile(r"[ \t]+(?:--?[A-Za-z]|--[ \t]|[\w.-]*[/\\]\S|[\w-]+\.(?:py|sh)\b)")
# "when launching with deepspeed or mpirun": the executable a job is launched with.
_LAUNCHERS = r"(?:mpirun|mpiexec|torchrun|srun|horovodrun|pdsh|deepspeed)"
_LAUNCH_BEFORE = re.compile(
    rf"(?:\blaunch(?:e[ds]|ing)?[ \t]+(?:\w+[ \t]+)?(?:with|using|via|through)"
    rf"|\b{_LAUNCHERS}[ \t]+(?:or|and))[ \t]+\Z"
)
_LAUNCHER_AFTER = re.compile(rf"[ \t]+(?:or|and)[ \t]+{_LAUNCHERS}\b")
# "Default is gae. Please set it to grpo": a setting's value written in prose.
_VALUE_BEFORE = re.compile(
    r"(?:\bset(?:[ \t]+(?:it|this|them|the[ \t]+\w+))?[ \t]+to|\bdefaults?(?:[ \t]+(?:is|to))?"
    r"|[^=!<>]=)[ \t]*\Z",
    re.IGNORECASE,
)
# "GPT2-large", "Bert-base": a model ID with a size suffix.
_SIZE_SUFFIX_AFTER = re.compile(
    r"(?:-[\w.]+)*?-(?:small|medium|large|xl|xxl|base|tiny|mini|huge|\d+(?:\.\d+)?[bBmMkK])\b"
)
# "Flash Attention 2.0", "LlaMA-3": a version number right after the name.
_VERSION_NUMBER_AFTER = re.compile(r"[ \t-]?[vV]?\d")
_VERSIONED = re.compile(r"(.+?)[ \t-]?[vV]?\d+(?:\.\d+)*")
_CAMEL_CASE = re.compile(r"[A-Z]+[a-z]+(?:[A-Z]+[a-z0-9]*)+|[A-Z]{2,}[a-z]+[A-Za-z0-9]*")
_HYPHENATED_RUN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_LETTER_DIGIT = re.compile(r"[a-z]\d|\d[a-z]")
_COMMAND_SCAN = 160  # characters before a name that a command or a hyphenated run is read in


def _run_start(prose: str, start: int) -> int:
    """Where the run of lower-case letters, digits and hyphens holding ``start`` begins."""
    i = start
    while i > 0 and i > start - _COMMAND_SCAN and (prose[i - 1].isalnum() or prose[i - 1] == "-"):
        i -= 1
    return i


def _names_a_package(text: str, prose: str, occurrence: Occurrence) -> bool:
    """True where a lower-case spelling names a package, an executable or a value: in a
    plain-text command (or before its flags and paths), before a version pin, after "set it
    to", "default is" or "=", or inside a hyphenated ID."""
    start, end = occurrence.start, occurrence.end
    if _VERSION_AFTER.match(prose, end) or _NAMED_THING_AFTER.match(prose, end):
        return True
    if _in_a_list_of_values(prose, start, end):
        return True
    if _ARGUMENTS_AFTER.match(text, end):
        return True
    if _VALUE_BEFORE.search(prose, max(0, start - 40), start):
        return True  # "set it to grpo", "default is gae": the value, not the method's name
    if _LAUNCHER_AFTER.match(prose, end) or _LAUNCH_BEFORE.search(prose, max(0, start - 40), start):
        return True  # "launching with deepspeed or mpirun": the command
    if "-" in (prose[start - 1 : start], prose[end : end + 1]):
        if _LETTER_DIGIT.search(occurrence.surface):
            return True  # a hardware or model ID: a100-large, nv-h100, gpt2-medium
        run = _HYPHENATED_RUN.match(prose, _run_start(prose, start))
        if run is not None and run.end() >= end and run.group().count("-") >= 2:
            return True  # a model, repository or file name: bert-base-uncased, torch-latest-cpu
    line_start = max(prose.rfind("\n", 0, start) + 1, start - _COMMAND_SCAN)
    before = _COMMAND_BEFORE.search(prose, line_start, start)
    if before is None:
        return False
    if before.group().startswith("from"):
        return _IMPORT_AFTER.match(prose, end) is not None
    return True


def _in_a_list_of_values(prose: str, start: int, end: int) -> bool:
    """A lower-case spelling that is one item of a list of values: a slash run (which may
    wrap onto the next line), the comma list of lower-case tokens its line ends in, or a
    table cell of its own beside a version number (a requirements table: "| deepspeed |
    >=0.14 | 0.18.9 |")."""
    lo = max(0, start - _SLASH_SCAN)
    window = prose[lo : end + _SLASH_SCAN]
    if "/" in window and any(
        m.start() <= start - lo and end - lo <= m.end() for m in _SLASH_RUN.finditer(window)
    ):
        return True
    # The line, if it is short enough to be a list's or a table row's: the scan is bounded,
    # so a long line of prose costs the same for each of its uses.
    newline = prose.rfind("\n", max(0, start - _LIST_LINE), start)
    line_end = prose.find("\n", end, end + _LIST_LINE)
    if newline == -1 and start > _LIST_LINE:
        return False
    if line_end == -1:
        if len(prose) - end > _LIST_LINE:
            return False
        line_end = len(prose)
    line_start = newline + 1
    line = prose[line_start:line_end]
    at, until = start - line_start, end - line_start
    if "," in line:
        tail = _COMMA_TAIL.search(line)
        if tail is not None and tail.start() <= at:
            return True
    if line.lstrip().startswith("|"):
        cells = line.split("|")
        offset = 0
        for i, cell in enumerate(cells):
            if offset <= at and until <= offset + len(cell):
                others = cells[1:i] + cells[i + 1 : -1]
                return cell.strip() == prose[start:end] and any(
                    _VERSION_CELL.fullmatch(c) for c in others
                )
            offset += len(cell) + 1
    return False


def _capitalised(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _title_cased(text: str) -> str:
    """Every word and every part of a hyphenated word capitalised ("F1-Score")."""
    return re.sub(r"(?:^|(?<=[\s-]))([^\W\d_])", lambda m: m.group(1).upper(), text)


# A comma list of three items or more, each capitalised: "Precision, Recall, F1-Score".
_CAPITALISED_ITEM = r"[A-Z][\w.+-]*(?:[ \t][A-Z][\w.+-]*){0,3}"
_TITLE_LIST_BEFORE = re.compile(rf"(?:{_CAPITALISED_ITEM},[ \t]+)+\Z")
_TITLE_LIST_AFTER = re.compile(rf"(?:,[ \t]+(?:(?:and|or)[ \t]+)?{_CAPITALISED_ITEM})+")


def _in_title_cased_list(prose: str, occurrence: Occurrence) -> bool:
    """An item of a comma list whose other items (two or more) are capitalised too."""
    before = _TITLE_LIST_BEFORE.search(prose, max(0, occurrence.start - 200), occurrence.start)
    after = _TITLE_LIST_AFTER.match(prose, occurrence.end)
    items = (before.group().count(",") if before else 0) + (
        after.group().count(",") if after else 0
    )
    return items >= 2


def _capital_allowed(ctx: RuleContext, occurrence: Occurrence, preferred: str) -> bool:
    surface = " ".join(occurrence.surface.split())
    singular = preferred
    if occurrence.plural:
        singular = occurrence.with_plural(preferred)
    if surface == singular[:1].upper() + singular[1:]:
        return ctx.is_sentence_start(occurrence.start) or ctx.in_heading(occurrence.start)
    admitted = [singular] + [
        occurrence.with_plural(f.text) if occurrence.plural else f.text
        for f in occurrence.entry.forms
        if f.kind is FormKind.SPELLING and not f.status.flagged
    ]
    if not any(surface in (_capitalised(a), _title_cased(a)) for a in admitted):
        return False
    return ctx.in_heading(occurrence.start) or _in_title_cased_list(
        ctx.extraction.prose, occurrence
    )


def _reason(occurrence: Occurrence, preferred_by_project: bool) -> str:
    if preferred_by_project:
        return "the project prefers it"
    reason = occurrence.form.reason
    return {
        FormReason.CASING: "casing",
        FormReason.HYPHENATION: "hyphenation",
        FormReason.SPELLING: "spelling",
        FormReason.OUTDATED: "outdated term",
        None: "deprecated form",
    }[reason]


def _in_identifier(text: str, occurrence: Occurrence) -> bool:
    """Part of an identifier or a pattern: ``lora_*``, ``_lora``, ``lora*`` (not a closing
    ``**`` of bold text)."""
    start, end = occurrence.start, occurrence.end
    if text[start - 1 : start] == "_" or text[end : end + 1] == "_":
        return True
    return (
        occurrence.surface.islower()
        and text[end : end + 1] == "*"
        and text[end + 1 : end + 2] != "*"
        and text[start - 1 : start] != "*"
    )


def _emphasised_value(text: str, occurrence: Occurrence) -> bool:
    """A lower-case word set alone in emphasis, as writers show a value: "device to **cpu**"."""
    if not occurrence.surface.islower():
        return False
    start, end = occurrence.start, occurrence.end
    for marker in ("**", "__", "*", "_"):
        n = len(marker)
        if text[start - n : start] == marker and text[end : end + n] == marker:
            outside = text[start - n - 1 : start - n] + text[end + n : end + n + 1]
            return not any(c in "*_" or c.isalnum() for c in outside)
    return False


def _closest_admitted(entry: Entry, form: Form, preferred: str) -> str:
    """The admitted form the wrong one misspells: the one it only mis-cases ("Deepspeed-Chat"
    is "DeepSpeed-Chat", an admitted spelling), else the preferred term, else a longer
    admitted name with the same letters ("HuggingFace Hub" is "Hugging Face Hub", not
    "Hugging Face")."""
    folded = form.text.casefold()
    admitted = [other.text for other in entry.forms if not other.status.flagged]
    same = [text for text in admitted if text.casefold() == folded]
    if same:
        # Of two admitted casings ("sacreBLEU", "SacreBLEU"), the one with the writer's
        # first capital: "Sacrebleu" opening a sentence is "SacreBLEU".
        return next((t for t in same if t[:1] == form.text[:1]), same[0])
    key = _compact(form.text)
    if key == _compact(preferred):
        return preferred
    for text in admitted:
        if _compact(text) == key:
            return text
    return preferred


def _compact(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


_VERSIONED_NAMES: weakref.WeakKeyDictionary[Glossary, frozenset[str]] = weakref.WeakKeyDictionary()


def _versioned_names(glossary: Glossary) -> frozenset[str]:
    """Names the glossary also writes with a version number as a name of their own
    (FlashAttention for FlashAttention-2, LLaMA for LLaMA-3)."""
    found = _VERSIONED_NAMES.get(glossary)
    if found is None:
        bases: set[str] = set()
        for entry in glossary.entries.values():
            for form in entry.forms:
                if form.status.flagged:
                    continue
                m = _VERSIONED.fullmatch(form.text)
                if m is not None and m.group(1)[-1:].isalpha():
                    bases.add(m.group(1))
        found = _VERSIONED_NAMES[glossary] = frozenset(bases)
    return found


_VERSION_TAIL = re.compile(r"[ \t-]?\d+(?:\.\d+)?(?![\w-])")


def versioned_name(ctx: RuleContext, occurrence: Occurrence) -> tuple[int, Entry, str] | None:
    """The versioned name a flagged spelling begins when the glossary knows the name with its
    version, in another casing than the one written ("LlaMA-3": Llama 3, not LLaMA): its end,
    its entry, and its admitted spelling in the entry's casing ("Llama-3"). Fixing only the
    base name ("LLaMA-3") would write another model's name."""
    tail = _VERSION_TAIL.match(ctx.extraction.prose, occurrence.end)
    if tail is None:
        return None
    written = ctx.text[occurrence.start : tail.end()]
    claims = [
        (entry, form)
        for entry, form in ctx.glossary.forms_folded(written)
        if entry.id != occurrence.entry.id and entry.case is CaseRule.SENSITIVE
    ]
    admitted = [(entry, form) for entry, form in claims if not form.status.flagged]
    if not admitted or any(form.text == written for _, form in claims):
        return None
    entry = admitted[0][0]
    preferred = ctx.preferred_text(entry)
    cased = _letters_cased(preferred)
    spelling = next(
        (f.text for e, f in admitted if e is entry and _letters_cased(f.text) == cased),
        admitted[0][1].text,
    )
    return tail.end(), entry, spelling


def _letters_cased(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def is_class_like(surface: str, replacement: str | None = None) -> bool:
    """A CamelCase name written like a class ("UNet", "SelfInstruct", "BitsAndBytes"); with
    ``replacement``, one whose fix would put a hyphen between its parts (U-Net,
    Self-Instruct): the name a library gives its class for a hyphenated method, since an
    identifier cannot hold the hyphen. ("HuggingFace" → "Hugging Face" is a misspelt name.)"""
    if _CAMEL_CASE.fullmatch(surface) is None:
        return False
    return replacement is None or ("-" in replacement and "-" not in surface)


def is_solid_name(surface: str, replacement: str) -> bool:
    """A CamelCase name of letters whose fix only puts hyphens between its parts
    ("EvolInstruct" for Evol-Instruct, "UNet" for U-Net): written solid as a class, task or
    dataset is named, since an identifier cannot hold the hyphen; a name, not the term
    misspelt. (A fix that adds a space, "HuggingFace" → "Hugging Face", mends a misspelt
    name; "ZeRO3" holds a digit and is the stage written short.)"""
    return (
        surface.isalpha()
        and "-" in replacement
        and replacement.replace("-", "") == surface
        and is_class_like(surface)
    )


# "the EvolInstruct task", "SelfInstruct class": the word says a library's thing is named.
_THING_AFTER = re.compile(
    r"[ \t]+(?:class|classes|task|tasks|dataset|datasets|object|module|component|pipeline|step)\b"
)
_SOLID_NAME_USES = 3


def _the_documents_solid_name(
    ctx: RuleContext, occurrence: Occurrence, replacement: str, seen: dict[str, bool]
) -> bool:
    """A solid CamelCase name (:func:`is_solid_name`) that the document names a thing with:
    followed by "class", "task", "dataset" and the like, or written at least 3 times and the
    hyphenated term never (the document's deliberate name, as a course names the technique
    after the library task it teaches), or linked to the section it heads. A single
    "SelfInstruct" stays a variant (unsafe)."""
    surface = occurrence.surface
    if not is_solid_name(surface, replacement):
        return False
    if _THING_AFTER.match(ctx.extraction.prose, occurrence.end):
        return True
    known = seen.get(surface)
    if known is None:
        entry = occurrence.entry
        same = [o for o in ctx.occurrences if o.entry is entry]
        written = sum(o.surface == surface for o in same)
        admitted = any(not o.form.status.flagged for o in same)
        known = seen[surface] = (
            written >= _SOLID_NAME_USES and not admitted
        ) or _links_to_its_section(ctx.text, surface)
    return known


def _links_to_its_section(text: str, name: str) -> bool:
    """Whether the document links to a section headed by the name itself
    (``[EvolInstruct](./instruction_datasets.md#evolinstruct)``): it is the name of the thing
    that section documents, here and wherever else the document writes it."""
    return f"#{name.lower()})" in text


def _in_code_of(ctx: RuleContext, surface: str, seen: dict[str, bool]) -> bool:
    """Whether the document's code (masked text) uses ``surface`` as a class: called
    (``SelfInstruct(``) or as the start of a longer class name (``UNet2DConditionModel``,
    ``BitsAndBytesConfig``), not in a URL or a path (``github.com/MoonshotAI``)."""
    known = seen.get(surface)
    if known is None:
        text, prose = ctx.text, ctx.extraction.prose
        known = False
        at = text.find(surface)
        while at != -1 and not known:
            end = at + len(surface)
            before, after = text[at - 1 : at], text[end : end + 1]
            known = (
                prose[at] == MASK
                and not (before.isalnum() or before in ("/", ".", "-", "_"))
                and (
                    after.isupper()
                    or after.isdigit()
                    or text[end : end + 8].lstrip(" \t")[:1] == "("
                )
            )
            at = text.find(surface, end)
        seen[surface] = known
    return known


def _in_lower_case_config_value(ctx: RuleContext, occurrence: Occurrence) -> bool:
    """A casing variant in a config file's string value (not a comment) written wholly in
    lower case (``description = "a smol course on llms"``): the value's chosen style, data a
    program reads, not a slip of the writer's."""
    if not ctx.kind.is_config or occurrence.form.reason is not FormReason.CASING:
        return False
    start = occurrence.start
    if any(a <= start < b for a, b in ctx.extraction.comments):
        return False
    text = ctx.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return line == line.lower()


def not_a_name_here(ctx: RuleContext, occurrence: Occurrence, code_names: dict[str, bool]) -> bool:
    """Where the flagged form is not the name written wrong: a package, command or value, an
    identifier, a model ID, a class-like name the document's code uses."""
    text, prose = ctx.text, ctx.extraction.prose
    surface = occurrence.surface
    if surface.islower() and _names_a_package(text, prose, occurrence):
        return True
    if _in_identifier(text, occurrence) or _emphasised_value(text, occurrence):
        return True
    if surface.islower() and _in_lower_case_config_value(ctx, occurrence):
        return True
    if surface.islower() and _solid_in_the_code(ctx, occurrence):
        return True  # "gpt2" beside the code's from_pretrained("gpt2"): the checkpoint's ID
    if surface.islower() and _labels_the_code(ctx, occurrence):
        return True  # "# before mlp" over self.mlp(x): the attribute, named as the code does
    if (
        surface.islower()
        and ctx.kind is DocumentKind.PYTHON
        and _FIELD_ITEM_AFTER.match(prose, occurrence.end)
        and _FIELD_ITEM_BEFORE.search(prose, max(0, occurrence.start - 40), occurrence.start)
    ):
        return True  # "- mlp: SiglipMLP": an attribute's name in a docstring's list
    if occurrence.form.reason is not FormReason.CASING and _SIZE_SUFFIX_AFTER.match(
        prose, occurrence.end
    ):
        return True  # a model ID: GPT2-large is neither the ID nor the name GPT-2
    # "UNet" where the code has UNet2DModel: the project's own class-like name.
    return is_class_like(surface) and _in_code_of(ctx, surface, code_names)


_CODE_SIDE = frozenset({DocumentKind.PYTHON, DocumentKind.YAML, DocumentKind.TOML})


_LABEL_WORDS = 3


def _labels_the_code(ctx: RuleContext, occurrence: Occurrence) -> bool:
    """A lower-case spelling in a code comment of three words at most (Python, YAML, TOML;
    not a docstring) that the document's code writes as an identifier ("# build llm" over
    ``self.llm = ...``, "# before mlp"): a label naming the code's variable or attribute in
    its own spelling, not the term. A sentence ("# reshape into a numpy array") is prose."""
    if ctx.kind not in _CODE_SIDE or not occurrence.surface.isalpha():
        return False
    comments = ctx.extraction.comments
    i = bisect.bisect_right(comments, (occurrence.start, len(ctx.text))) - 1
    if i < 0 or not comments[i][0] <= occurrence.start < comments[i][1]:
        return False
    words = ctx.text[comments[i][0] : comments[i][1]].lstrip("#/;* \t").split()
    return len(words) <= _LABEL_WORDS and ctx.writes_where_masked(occurrence.surface)


def _sentence_capital(ctx: RuleContext, occurrence: Occurrence, replacement: str) -> str:
    """A case-sensitive phrase that opens with a common word keeps the writer's capital at a
    sentence start or in a heading ("Token id" becomes "Token ID", not "token ID": the fix is
    about the "ID"), as ``_capital_allowed`` accepts that capital there."""
    surface = occurrence.surface
    first, _, rest = replacement.partition(" ")
    if not (rest and first.isalpha() and first.islower()):
        return replacement
    if not (surface[:1].isupper() and not surface[1:2].isupper()):
        return replacement
    if ctx.is_sentence_start(occurrence.start) or ctx.in_heading(occurrence.start):
        return replacement[0].upper() + replacement[1:]
    return replacement


def spelling_and_safety(
    ctx: RuleContext, occurrence: Occurrence, preferred: str, by_project: bool
) -> tuple[str, bool]:
    """The admitted spelling the fix writes (before plural and case), and whether it is safe."""
    form = occurrence.form
    if by_project:
        return preferred, True
    written = _closest_admitted(occurrence.entry, form, preferred)
    if form.reason not in _MECHANICAL:
        return written, False
    # "Flash Attention 2.0": the glossary writes the versions as names of their own
    # (FlashAttention-2); which one is meant, and how, is the writer's to say.
    if _VERSION_NUMBER_AFTER.match(ctx.extraction.prose, occurrence.end) and (
        written in _versioned_names(ctx.glossary)
    ):
        return written, False
    if in_capitals_run(ctx.extraction.prose, occurrence):
        return written, False
    if form.reason is FormReason.SPELLING and (
        _the_writers_spelling(ctx, occurrence, written)
        or _solid_in_the_code(ctx, occurrence)
        or _the_repositorys_spelling(ctx, occurrence)
        or _a_family_written_alike(ctx, occurrence, written)
    ):
        return written, False
    # A class-like CamelCase name ("SelfInstruct" for Self-Instruct) may be a library's.
    return written, not is_class_like(occurrence.surface, written)


def _the_writers_spelling(ctx: RuleContext, occurrence: Occurrence, written: str) -> bool:
    """Whether the document writes the occurrence's spelling of a name twice or more, and
    the glossary's less often: "Llama2", "HuggingFace" or "Phi4" throughout a page is the
    writer's (or the project's) spelling, and respacing it is a choice to offer, not to apply
    unread. A single one, or one beside the glossary's spelling, is a slip."""
    counts = ctx.written_spellings
    entry_id = occurrence.entry.id
    own = counts[entry_id, " ".join(occurrence.surface.split())]
    if own < 2:
        return False
    plural = occurrence.with_plural(written)
    theirs = counts[entry_id, written] + (counts[entry_id, plural] if plural != written else 0)
    return theirs < own


def _the_repositorys_spelling(ctx: RuleContext, occurrence: Occurrence) -> bool:
    """Whether the document's repository writes the name so as its own
    (:meth:`~mlgloss.analysis.term_counts.TermCounts.house_name_spelling`): torchtune's
    "LLMs such as Llama2" in a recipe that writes it once, where the repository writes
    "Llama2" forty times and "Llama 2" never. Respacing it is the writer's call."""
    repository = ctx.repository
    if repository is None or occurrence.entry.case is not CaseRule.SENSITIVE:
        return False
    spelling = " ".join(occurrence.surface.split())
    return repository.house_name_spelling(occurrence.entry.id, spelling, ctx.path, ctx.file_counts)


_NAME_AND_VERSION = re.compile(r"([^\W\d_]+)([ -]?)(\d+(?:\.\d+)*)")  # "Phi 3", "Qwen-3"


def _a_family_written_alike(ctx: RuleContext, occurrence: Occurrence, written: str) -> bool:
    """A versioned name whose fix only changes what parts the name from its version
    ("Phi 3" → "Phi-3"), in a document whose prose writes other versions of the name the
    same way ("Phi 4", "Phi 1.5" in the same model table): the writer's style for the
    family, which respacing one of them breaks. Offered, not applied unread."""
    surface = " ".join(occurrence.surface.split())
    mine = _NAME_AND_VERSION.fullmatch(surface)
    theirs = _NAME_AND_VERSION.fullmatch(written)
    if mine is None or theirs is None:
        return False
    name, separator, version = mine.groups()
    if theirs.group(1) != name or theirs.group(3) != version or theirs.group(2) == separator:
        return False
    sibling = re.compile(
        rf"(?<![\w-]){re.escape(name)}{re.escape(separator)}(\d+(?:\.\d+)*)(?![\w-])"
    )
    return any(m.group(1) != version for m in sibling.finditer(ctx.extraction.prose))


_SOLID_VERSIONED = re.compile(r"[^\W\d_]+\d+(?:\.\d+)?")  # "Llama2", "Phi4", "GPT2"


def _solid_in_the_code(ctx: RuleContext, occurrence: Occurrence) -> bool:
    """A name written solid with its version ("Llama2", "Phi4") that the document's code,
    paths or values write solid too (torchtune's configs: "using a Llama2 7B model" over
    ``torchtune.models.llama2.llama2_7b``): the project's own spelling of the name, which its
    module names echo. Respacing it ("Llama 2") is offered, not applied unread."""
    surface = occurrence.surface
    if _SOLID_VERSIONED.fullmatch(surface) is None:
        return False
    return ctx.writes_where_masked(surface, after=r"(?!\d)")  # "Gemma3ForCausalLM" too


def _all_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


_WORD_BEFORE = re.compile(r"([^\W_][\w-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W_][\w-]*)")


def in_capitals_run(prose: str, occurrence: Occurrence) -> bool:
    """An all-capitals spelling beside another all-capitals word, one of the two an ordinary
    English word ("[PYTORCH PROFILER]"): a line set in capitals, where recasing one word
    ("PyTorch PROFILER") is no fix to accept unread. Acronyms side by side ("KV LORA", "GPU
    PYTORCH") are no such line. The test is the same from either word of the pair, so the
    safe fixes of one pass never turn another fix of the line safe (the fix-all reaches its
    fixed point at once)."""
    surface = occurrence.surface
    if not _all_capitals(surface):
        return False
    words = surface.split()
    before = _WORD_BEFORE.search(prose, max(0, occurrence.start - 40), occurrence.start)
    if before is not None and _capitals_pair(before.group(1), words[0]):
        return True
    after = _WORD_AFTER.match(prose, occurrence.end)
    return after is not None and _capitals_pair(words[-1], after.group(1))


def _capitals_pair(first: str, second: str) -> bool:
    return (
        _all_capitals(first)
        and _all_capitals(second)
        and (_ordinary_word(first) or _ordinary_word(second))
    )


_INFLECTIONS = ("s", "es", "d", "ed", "r", "er", "ing")


def _ordinary_word(word: str) -> bool:
    """An English word, or one inflected ("PROFILER" of "profile", "MODELS")."""
    if is_english_word(word):
        return True
    return any(
        word.lower().endswith(ending) and is_english_word(word[: -len(ending)])
        for ending in _INFLECTIONS
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    overrides = ctx.preferred_overrides
    code_names: dict[str, bool] = {}
    solid: dict[str, bool] = {}
    for occurrence in ctx.occurrences:
        form, entry = occurrence.form, occurrence.entry
        if form.status not in _FLAGGED and entry.id not in overrides:
            continue  # the usual case: an admitted form, and no project preference
        preferred = ctx.preferred_text(entry)
        by_project = (
            not form.status.flagged
            and entry.id in overrides
            and form.kind is FormKind.SPELLING
            and not form.matches(preferred)
        )
        if not (form.status.flagged or by_project):
            continue
        if ctx.config.is_ignored_word(occurrence.surface) or ctx.config.is_ignored_word(form.text):
            continue
        if ctx.in_quotation(occurrence.start):
            continue
        if not_a_name_here(ctx, occurrence, code_names):
            continue
        if form.reason is FormReason.CASING and _capital_allowed(ctx, occurrence, preferred):
            continue
        if in_capitals_run(ctx.extraction.prose, occurrence) and _ordinary_word(occurrence.surface):
            continue  # "IDENTICALLY ZERO": an English word in a line set in capitals, not ZeRO
        versioned = None if by_project else versioned_name(ctx, occurrence)
        if versioned is not None:
            yield _versioned_finding(ctx, occurrence, *versioned)
            continue
        written, safe = spelling_and_safety(ctx, occurrence, preferred, by_project)
        sensitive = entry.case is CaseRule.SENSITIVE
        replacement = match_case(occurrence.with_plural(written), occurrence.surface, sensitive)
        if sensitive:
            replacement = _sentence_capital(ctx, occurrence, replacement)
        if replacement == occurrence.surface:
            continue
        if not by_project and _the_documents_solid_name(ctx, occurrence, replacement, solid):
            continue  # "the EvolInstruct task": the name of a class, task or dataset
        default = Severity.ERROR if form.status is FormStatus.FORBIDDEN else Severity.WARNING
        why = _reason(occurrence, by_project)
        shown = " ".join(occurrence.surface.split())
        yield replacement_finding(
            CODE,
            ctx.severity(CODE, default),
            occurrence.start,
            occurrence.end,
            f"Write '{replacement}' instead of '{shown}' ({why})",
            replacement,
            entry_id=entry.id,
            safe=safe,
        )


def _versioned_finding(
    ctx: RuleContext, occurrence: Occurrence, end: int, entry: Entry, spelling: str
) -> Finding:
    """The finding for a versioned name miscased (:func:`versioned_name`): over the whole
    name, unsafe (the writer's reading of which model is meant is inferred)."""
    shown = " ".join(ctx.text[occurrence.start : end].split())
    return replacement_finding(
        CODE,
        ctx.severity(CODE, Severity.WARNING),
        occurrence.start,
        end,
        f"Write '{spelling}' instead of '{shown}' (casing)",
        spelling,
        entry_id=entry.id,
        safe=False,
    )


RULE = Rule(metadata(CODE), check)
