"""The gitignore matcher (mlgloss.files.patterns) gives git's answers, in polynomial time.

The reference is git itself: each example builds a small tree in a fresh repository, writes
random pattern lines to its ``.gitignore`` and asks ``git check-ignore --no-index`` about
every file and directory; the matcher must name exactly the same paths ignored (a file in
an ignored directory included, whatever a later negation says). The adversarial patterns
that made the old regex translation take minutes are pinned beside it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hardening_support import PROFILE
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mlgloss.files.patterns import InvalidPattern, PatternList, compile_pattern

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="needs git as the reference")

NAMES = ["a", "b", "ab", "a.md", "b.md"]
TOKENS = ["a", "a", "b", "*", "**", "**", "?", "[ab]", "[!a]", "[a-b]", "a*", "*.md", "*a*", "\\a"]

components = st.sampled_from(NAMES)
files = st.lists(st.lists(components, min_size=1, max_size=4), min_size=1, max_size=8)


@st.composite
def pattern_lines(draw: st.DrawFn) -> str:
    segments = draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=3))
    body = "/".join(segments)
    if draw(st.booleans()):
        body = "/" + body
    if draw(st.integers(0, 3)) == 0:
        body += "/"
    if draw(st.integers(0, 3)) == 0:
        body = "!" + body
    return body


def _tree(paths: list[list[str]]) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(files, directories) of a tree holding ``paths``; a name used as a directory wins."""
    dirs = {tuple(p[:i]) for p in paths for i in range(1, len(p))}
    return {tuple(p) for p in paths if tuple(p) not in dirs}, dirs


def _git_ignored(root: Path, lines: list[str], paths: list[tuple[str, ...]]) -> set[str]:
    (root / ".gitignore").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [GIT or "git", "check-ignore", "--no-index", "--stdin"],
        cwd=root,
        input="\n".join("/".join(p) for p in paths) + "\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr
    return set(done.stdout.split("\n")) - {""}


@settings(PROFILE, max_examples=max(PROFILE.max_examples, 150))
@given(files, st.lists(pattern_lines(), min_size=1, max_size=4))
@example([["a", "b", "a.md"]], ["a/**"])
@example([["a", "b", "a.md"]], ["a/**/"])
@example([["a", "b", "a.md"], ["b.md"]], ["/**", "!b.md"])
@example([["a", "b", "a.md"]], ["a/", "!a/b/a.md"])
@example([["a", "a.md"], ["b", "a.md"]], ["*.md", "!b/"])
@example([["a", "b", "a.md"]], ["**/b", "a/**/a.md"])
def test_the_matcher_ignores_what_git_ignores(paths: list[list[str]], lines: list[str]) -> None:
    file_set, dir_set = _tree(paths)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run([GIT or "git", "init", "-q", str(root)], check=True, timeout=60)
        for d in sorted(dir_set):
            (root.joinpath(*d)).mkdir(parents=True, exist_ok=True)
        for f in file_set:
            root.joinpath(*f).write_text("x\n", encoding="utf-8")
        every = sorted(file_set | dir_set)
        expected = _git_ignored(root, lines, every)
    spec = PatternList.from_lines(lines)
    got = {"/".join(p) for p in every if spec.matches(list(p), p in dir_set)}
    assert got == expected, (lines, every)


@pytest.mark.parametrize(
    ("line", "path", "is_dir", "ignored"),
    [
        ("*.md", "docs/a.md", False, True),
        ("/*.md", "docs/a.md", False, False),
        ("docs/", "docs", False, False),
        ("docs/", "docs/a.md", False, True),
        ("a/**", "a", True, False),
        ("a/**", "a/b/c.md", False, True),
        ("a/**/b.md", "a/b.md", False, True),
        ("**/b.md", "x/y/b.md", False, True),
        ("[[:digit:]]x.md", "5x.md", False, True),
        ("\\#x.md", "#x.md", False, True),
        ("x.md\\ ", "x.md ", False, True),
        ("[a-", "[a-", False, True),  # an unclosed class is a literal
    ],
)
def test_pinned_answers(line: str, path: str, is_dir: bool, ignored: bool) -> None:
    assert PatternList.from_lines([line]).matches(path.split("/"), is_dir) is ignored


def test_a_lone_trailing_backslash_is_invalid() -> None:
    with pytest.raises(InvalidPattern):
        compile_pattern("bad\\")


@pytest.mark.parametrize("stars", [20, 25, 200])
def test_many_stars_against_a_deep_path_finish(stars: int) -> None:
    """The attack of issue 11: `*` x N then `b` on a 40-level path. With the old regex
    translation 20 stars took 11 s; here each chunk is searched once (no time asserted:
    benchmarks/patterns.py prints the figures)."""
    path = ["a" * 30] * 40
    for line in ("*" * stars + "b", "/".join(["*"] * stars) + "/b", "*a" * stars + "b"):
        assert PatternList.from_lines([line]).matches(path, False) is False
