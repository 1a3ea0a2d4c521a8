"""Inline suppression directives: forms, codes, comment syntaxes, unused and malformed ones."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from mlgloss.analysis.findings import Finding, Severity, TextEdit
from mlgloss.analysis.suppression import Suppressions, filter_findings

# Stand-ins for the extractors' comment spans, one pattern per comment syntax.
HASH = re.compile(r"#[^\n]*")
HTML = re.compile(r"<!--.*?-->", re.DOTALL)
REST = re.compile(r"^\.\. [^\n]*", re.MULTILINE)


def parse(text: str, pattern: re.Pattern[str] = HASH) -> Suppressions:
    return Suppressions.parse(text, [m.span() for m in pattern.finditer(text)])


def at(text: str, word: str, nth: int = 0) -> int:
    """Offset of the ``nth`` occurrence of ``word``."""
    offsets = [m.start() for m in re.finditer(re.escape(word), text)]
    return offsets[nth]


def finding(text: str, word: str, rule: str = "variant", nth: int = 0) -> Finding:
    start = at(text, word, nth)
    return Finding(rule, Severity.WARNING, start, start + len(word), f"bad {word}")


def apply(text: str, edits: tuple[TextEdit, ...]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    return text


# --- forms per comment syntax ------------------------------------------------------------


def test_markdown_disable_next_line() -> None:
    text = "<!-- mlgloss: disable-next-line variant -->\nUse Lora here.\nLora again.\n"
    s = parse(text, HTML)
    assert s.is_suppressed("variant", at(text, "Lora"))
    assert not s.is_suppressed("variant", at(text, "Lora", 1))
    assert not s.is_suppressed("inconsistent", at(text, "Lora"))
    assert s.unused() == []


def test_multiline_html_comment_targets_the_line_after_it() -> None:
    text = "<!--\n  mlgloss: disable-next-line\n-->\nLora\n"
    assert parse(text, HTML).is_suppressed("variant", at(text, "Lora"))


def test_python_disable_line() -> None:
    text = "x = lora_rank  # mlgloss: disable-line config-key\ny = lora_rank\n"
    s = parse(text)
    assert s.is_suppressed("config-key", at(text, "lora_rank"))
    assert not s.is_suppressed("config-key", at(text, "lora_rank", 1))


def test_yaml_next_line_with_several_codes() -> None:
    text = "# mlgloss: disable-next-line variant, config-key inconsistent\nlr: 1\nbs: 2\n"
    s = parse(text)
    for rule in ("variant", "config-key", "inconsistent"):
        assert s.is_suppressed(rule, at(text, "lr"))
    assert not s.is_suppressed("misspelling", at(text, "lr"))
    assert not s.is_suppressed("variant", at(text, "bs"))


def test_toml_disable_file_anywhere() -> None:
    text = 'name = "Lora"\n\n# mlgloss: disable-file variant\n'
    s = parse(text)
    assert s.is_suppressed("variant", at(text, "Lora"))
    assert not s.is_suppressed("misspelling", at(text, "Lora"))


def test_rest_comment() -> None:
    text = "Intro.\n\n.. mlgloss: disable-next-line\nPre-training and pretraining.\n"
    s = parse(text, REST)
    assert s.is_suppressed("inconsistent", at(text, "pretraining"))
    assert s.is_suppressed("variant", at(text, "Pre-training"))


def test_no_codes_means_every_rule_and_case_and_reason_are_tolerated() -> None:
    text = "a  # MLGLOSS: Disable-Line -- the paper spells it so\n"
    s = parse(text)
    assert all(s.is_suppressed(rule, 0) for rule in ("variant", "misspelling", "config-key"))
    text = "a  # mlgloss: disable-line VARIANT -- the paper spells it so\n"
    s = parse(text)
    assert s.is_suppressed("variant", 0)
    assert not s.is_suppressed("misspelling", 0)
    assert s.problems == []


def test_directives_outside_comments_are_ignored() -> None:
    text = "The directive mlgloss: disable-file turns rules off.\nLora\n"
    s = Suppressions.parse(text, [])
    assert not s.is_suppressed("variant", at(text, "Lora"))
    assert s.problems == [] and s.unused() == []


# --- blocks ------------------------------------------------------------------------------


def test_block_for_specific_codes() -> None:
    text = "Lora\n<!-- mlgloss: disable variant -->\nLora\n<!-- mlgloss: enable variant -->\nLora\n"
    s = parse(text, HTML)
    assert [s.is_suppressed("variant", at(text, "Lora", i)) for i in range(3)] == [
        False,
        True,
        False,
    ]
    assert not s.is_suppressed("misspelling", at(text, "Lora", 1))
    assert s.unused() == []


def test_block_without_enable_runs_to_the_end() -> None:
    text = "# mlgloss: disable\nx\n\n\nYYY\n"
    s = parse(text)
    assert s.is_suppressed("variant", at(text, "YYY"))


def test_enabling_one_rule_inside_an_all_rules_block() -> None:
    text = "# mlgloss: disable\nAAA\n# mlgloss: enable variant\nBBB\n# mlgloss: enable\nCCC\n"
    s = parse(text)
    assert s.is_suppressed("variant", at(text, "AAA"))
    assert not s.is_suppressed("variant", at(text, "BBB"))
    assert s.is_suppressed("misspelling", at(text, "BBB"))
    assert not s.is_suppressed("misspelling", at(text, "CCC"))
    assert s.unused() == []


def test_enable_without_disable_is_unused() -> None:
    text = "a\n# mlgloss: enable variant\n"
    (unused,) = parse(text).unused()
    assert "has no matching" in unused.message
    assert unused.fix is not None
    assert apply(text, unused.fix.edits) == "a\n"


# --- unused ------------------------------------------------------------------------------


def test_unused_directive_is_reported_with_a_fix_deleting_its_line() -> None:
    text = "Intro\n<!-- mlgloss: disable-next-line variant -->\nFine text.\n"
    s = parse(text, HTML)
    assert not s.is_suppressed("variant", at(text, "Intro"))
    (unused,) = s.unused()
    assert unused.rule == "unused-suppression"
    assert unused.severity is Severity.INFO
    assert text[unused.start : unused.end] == "mlgloss: disable-next-line variant"
    assert unused.fix is not None and unused.fix.safe
    assert apply(text, unused.fix.edits) == "Intro\nFine text.\n"


def test_fix_for_a_trailing_comment_keeps_the_code() -> None:
    text = "x = 1  # mlgloss: disable-line variant -- legacy\ny = 2\n"
    (unused,) = parse(text).unused()
    assert unused.fix is not None
    assert apply(text, unused.fix.edits) == "x = 1\ny = 2\n"


def test_fix_keeps_the_rest_of_a_shared_comment() -> None:
    text = "x = f()  # type: ignore  # mlgloss: disable-line\n"
    (unused,) = parse(text).unused()
    assert unused.fix is not None
    assert apply(text, unused.fix.edits) == "x = f()  # type: ignore\n"


def test_fix_on_the_last_line_without_newline() -> None:
    text = "body\n<!-- mlgloss: disable-file -->"
    (unused,) = parse(text, HTML).unused()
    assert unused.fix is not None
    assert apply(text, unused.fix.edits) == "body"


def test_fix_for_an_unused_block_removes_its_enable_too() -> None:
    text = "a\n# mlgloss: disable variant\nb\n# mlgloss: enable variant\nc\n"
    (unused,) = parse(text).unused()
    assert unused.fix is not None
    assert apply(text, unused.fix.edits) == "a\nb\nc\n"


def test_redundant_file_directive_is_unused_when_a_line_directive_did_the_work() -> None:
    text = "# mlgloss: disable-file variant\nLora  # mlgloss: disable-line variant\n"
    s = parse(text)
    assert s.is_suppressed("variant", at(text, "Lora"))
    (unused,) = s.unused()
    assert "disable-file" in unused.message


def test_directives_for_rules_switched_off_are_not_reported() -> None:
    text = "# mlgloss: disable-next-line misspelling\nx\n"
    assert parse(text).unused(active_rules={"variant"}) == []
    assert len(parse(text).unused(active_rules={"misspelling"})) == 1


# --- malformed ---------------------------------------------------------------------------


def test_misspelt_directive_is_a_warning_with_a_suggestion() -> None:
    text = "# mlgloss: disabel-line variant\nLora\n"
    s = parse(text)
    (problem,) = s.problems
    assert problem.severity is Severity.WARNING
    assert "unknown mlgloss directive `disabel-line`" in problem.message
    assert "did you mean `disable-line`" in problem.message
    assert problem.fix is not None and not problem.fix.safe
    assert apply(text, problem.fix.edits) == "# mlgloss: disable-line variant\nLora\n"
    assert s.directives == []


def test_unknown_code_is_a_warning_and_never_widens_the_directive() -> None:
    text = "# mlgloss: disable-next-line varaint\nLora\n"
    s = parse(text)
    (problem,) = s.problems
    assert text[problem.start : problem.end] == "varaint"
    assert "did you mean `variant`" in problem.message
    assert not s.is_suppressed("variant", at(text, "Lora"))
    assert not s.is_suppressed("misspelling", at(text, "Lora"))


def test_unknown_code_next_to_a_known_one() -> None:
    text = "# mlgloss: disable-next-line variant,bogus\nLora\n"
    s = parse(text)
    assert len(s.problems) == 1
    assert s.is_suppressed("variant", at(text, "Lora"))


def test_prose_mentioning_mlgloss_in_a_comment_is_not_a_directive() -> None:
    s = parse("# Configure mlgloss: see the docs.\n")
    assert s.problems == [] and s.directives == []


# --- notebooks ---------------------------------------------------------------------------


def test_directive_inside_notebook_json_strings() -> None:
    text = (
        '   "<!-- mlgloss: disable-next-line variant -->\\n",\n'
        '   "Lora\\n",\n'
        '   "x = 1  # mlgloss: disable-line config-key\\n",\n'
    )
    spans = [m.span() for m in HTML.finditer(text)]
    spans += [(m.start(), text.index("\n", m.start())) for m in re.finditer("# mlgloss", text)]
    s = Suppressions.parse(text, spans)
    assert s.problems == []
    assert s.is_suppressed("variant", at(text, "Lora"))
    assert s.is_suppressed("config-key", at(text, "x = 1"))


# --- filter_findings ---------------------------------------------------------------------


def test_filter_findings() -> None:
    text = (
        "Lora one.  <!-- mlgloss: disable-line variant -->\n"
        "Lora two.\n"
        "<!-- mlgloss: disable-next-line misspelling -->\n"
        "Plain.\n"
        "<!-- mlgloss: disabel -->\n"
    )
    findings = [finding(text, "Lora"), finding(text, "Lora", nth=1)]
    out = filter_findings(findings, parse(text, HTML))
    assert out[0] == findings[1]
    assert [f.rule for f in out[1:]] == ["unused-suppression", "unused-suppression"]
    assert [f.severity for f in out[1:]] == [Severity.INFO, Severity.WARNING]


def test_disable_file_unused_suppression_hides_unused_reports() -> None:
    text = "# mlgloss: disable-file unused-suppression\n# mlgloss: disable-next-line\nx\n"
    assert filter_findings([], parse(text)) == []
    alone = "# mlgloss: disable-file unused-suppression\nx\n"
    assert len(filter_findings([], parse(alone))) == 1  # itself hides nothing


FRAGMENTS = [
    "# mlgloss: disable",
    "# mlgloss: enable",
    "# mlgloss: disable-next-line",
    "# mlgloss: disable-line",
    "# mlgloss: disable-file",
    "# mlgloss: disabel",
    " variant",
    ",misspelling",
    " bogus",
    " -- why",
    "# note ",
    "x = 1  ",
    " ",
    "\n",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join))
def test_parsing_never_fails_and_fixes_stay_in_the_text(text: str) -> None:
    s = parse(text)
    for offset in range(0, len(text) + 1, 3):
        s.is_suppressed("variant", offset)
    for f in [*s.problems, *s.unused()]:
        assert 0 <= f.start <= f.end <= len(text)
        for fix in f.fixes:
            assert all(0 <= e.start <= e.end <= len(text) for e in fix.edits)
        if f.rule == "unused-suppression" and f.severity is Severity.INFO:
            assert f.fix is not None
            first, *closers = f.fix.edits
            assert first.start <= f.start and f.end <= first.end  # removes the directive
            assert all(e.start >= first.end for e in closers)
            fixed = apply(text, f.fix.edits)
            assert fixed.count("mlgloss:") == text.count("mlgloss:") - len(f.fix.edits)


def test_directive_quoted_in_backticks_is_documentation() -> None:
    text = "x = 1  # remove it (`x  # type: ignore  # mlgloss: disable-line`).\n"
    comment = (text.index("#"), text.index("\n"))
    suppressions = Suppressions.parse(text, [comment])
    assert suppressions.directives == [] and suppressions.problems == []
