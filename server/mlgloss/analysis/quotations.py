"""Quoted text: prose that is someone else's wording or a name, which the writer cannot change.

The rules see it (an acronym expanded in a quoted title still counts as expanded) but never
flag it, and ``inconsistent`` does not count its spellings. :func:`quotation_spans` finds,
in a document's text and extraction:

* paper abstracts quoted in italics or as a block quote after "The abstract …:" (or long
  ones; a call-out such as ``> [!TIP]`` is the writer's own text), and the paragraphs
  pasted after an "Abstract:" label or after the "Title:" line of a section headed
  "Paper" (a task's card in an evaluation suite), up to the next heading, list or label;
* the text of a link to a paper, post or repository written as a title or a name
  (``[From Rags to Riches](https://arxiv.org/…)``, ``<a href="https://github.com/…">x</a>``),
  any text of a link to a pull request, issue, commit or discussion (``[Fix lora
  bug](…/pull/12)``: its title), and the alt text of badge images (shields.io, star-history);
* titles in double quotes or in italics (``"Attention Is All You Need"``, ``*Deep
  Residual Learning*``): two or more words, every word but the small ones capitalised;
* BibTeX entries (``@article{key, …}``), the body of a "References", "Citation" or
  "Bibliography" section of a Markdown document, a line that cites a paper ("Du et
  al. <title>. 2024."), as lists of works that use a project write them, and the title
  cells of a table of other people's works (one with an "Author" column).

:func:`slug_at` tells whether a term at an offset is part of a project or model name
written as a slug (``zephyr-beta-sft``, ``char-rnn``, ``RAG-Retrieval``); :func:`is_slug`
whether a term's whole use is one (``lm-evaluation-harness``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlgloss.analysis.document import MASK, DocumentKind, Extraction

Span = tuple[int, int]

# --- quoted paper abstracts ------------------------------------------------------------
# A paragraph in italics: "*Text …*" or "_Text …_" (not a "* " bullet, not "**bold**"), at
# the start of the text or after a line break. Each pattern starting a line also comes in a
# form that starts with the line break, which the re module finds much faster.
_ITALIC_PARAGRAPH = re.compile(r"[ \t]*(?:>[ \t]*)?([*_])(?=[^\s*_])")
_ITALIC_AFTER_BREAK = re.compile(r"\n(" + _ITALIC_PARAGRAPH.pattern + ")")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_QUOTE_PARAGRAPH = re.compile(r"[ \t]*>[ \t]?(?!\s|\[!)")
_QUOTE_AFTER_BLANK = re.compile(r"\n[ \t]*\n(" + _QUOTE_PARAGRAPH.pattern + ")")
_QUOTED_MIN_LENGTH = 300

# --- titles ------------------------------------------------------------------------------
# Words that stay lower-case in a title.
SMALL_WORDS_TEXT = (
    "a an the and or but nor of in on at to for from by with via vs versus as into onto over "
    "under per is are be its it your our their this that what how why when not no all up out "
    "off than do does can"
)
_SMALL_WORDS = frozenset(SMALL_WORDS_TEXT.split())
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_MARKDOWN_LINK = re.compile(r"(!?)\[([^\[\]\n]{1,300})\]\(\s*<?([^\s()<>]+)")
_HTML_LINK = re.compile(
    r"<a\s[^>]*?href\s*=\s*\\?[\"']([^\"'\\\s>]+)\\?[\"'][^>]*>([^<\n]{1,300})</a\s*>",
    re.IGNORECASE,
)
# A double-quoted title, straight or curly (in a notebook's raw JSON the straight quote is
# escaped), and an italic one: one "*" or "_" on each side, not "**bold**".
_DOUBLE_QUOTED = re.compile(
    r"(?<![\"\w])(?:\\?\"|\u201c)(?!\")([^\"\u201c\u201d\\\n]{3,200})(?:\\?\"|\u201d)(?![\"\w])"
)
_ITALIC = re.compile(r"(?<![*\w])([*_])(?=[^\s*_])([^*_\n]{3,200})(?<=[^\s*_])\1(?![*\w])")
_HTTP_URL = re.compile(r"https?://([^/?#\s:]+)(?::\d+)?([^?#\s]*)", re.IGNORECASE)
_NOT_NAME_CHARS = re.compile(r"[^a-z0-9]", re.IGNORECASE)
_BADGE_IMAGE = re.compile(r"shields\.io|badgen\.net|star-history|badge", re.IGNORECASE)
_PAPER_HOSTS = (
    "arxiv.org",
    "openreview.net",
    "aclanthology.org",
    "aclweb.org",
    "doi.org",
    "neurips.cc",
    "nips.cc",
    "mlr.press",
    "jmlr.org",
    "dl.acm.org",
    "ieeexplore.ieee.org",
    "semanticscholar.org",
    "paperswithcode.com",
    "thecvf.com",
    "biorxiv.org",
    "ssrn.com",
    "nature.com",
    "science.org",
    "researchgate.net",
)
_POST_HOSTS = (
    "medium.com",
    "substack.com",
    "towardsdatascience.com",
    "distill.pub",
    "github.io",
    "youtube.com",
    "youtu.be",
    "x.com",
    "twitter.com",
    "reddit.com",
    "zhihu.com",
)
_REPOSITORY_HOSTS = ("github.com", "gitlab.com", "huggingface.co", "hf.co", "modelscope.cn")
# Paths of huggingface.co that are documentation, not a repository, post or paper.
_HF_NOT_REPOSITORY = frozenset({"docs", "learn", "course", "join", "pricing", "settings"})

# --- references --------------------------------------------------------------------------
_BIBTEX_START = re.compile(r"@[A-Za-z]{3,20}[ \t]*\{[ \t]*[^\s,{}]*,")
_REFERENCE_HEADING = re.compile(
    r"[\W\d_]*(?:references?|citations?|citing|how to cite|cite (?:us|this work)|bibliography"
    r"|works cited)\W*$",
    re.IGNORECASE,
)

# --- slugs -------------------------------------------------------------------------------
_SLUG_CHARS = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
# Parts that join a term in an ordinary English compound ("multi-GPU", "LoRA-based"): with
# them the hyphenated word is prose, not a name.
_COMPOUND_PARTS_TEXT = (
    "multi single non pre post cross sub semi co de re un anti self full half mini micro "
    "based style like specific only free aware friendly compatible enabled powered "
    "accelerated bound level wise tuned trained sized scale scaled ready native centric first "
    "heavy light efficient optimized optimised capable driven oriented side time hours hour "
    "days step steps parallel parallelism training inference inter intra intensive core "
    "cores low high memory"
)
_COMPOUND_PARTS = frozenset(_COMPOUND_PARTS_TEXT.split())


def quotation_spans(text: str, kind: DocumentKind, extraction: Extraction) -> list[Span]:
    """Sorted spans of ``text`` that are quoted (see the module docstring)."""
    spans = document_quotation_spans(text, kind, extraction)
    spans.extend(line_quotation_spans(text, kind, extraction.prose, 0, len(text)))
    spans.sort()
    return spans


def document_quotation_spans(text: str, kind: DocumentKind, extraction: Extraction) -> list[Span]:
    """The quoted spans that take more than one line to find: abstracts, References
    sections and BibTeX entries."""
    spans: list[Span] = []
    if kind in (DocumentKind.MARKDOWN, DocumentKind.NOTEBOOK):
        spans.extend(abstract_spans(text))
        spans.extend(_reference_sections(text, extraction))
        if "et al" in text:
            spans.extend(citation_lines(text))
        if "|" in text:
            spans.extend(works_table_titles(text))
        spans.extend(echoed_titles(text, kind, extraction.prose))
    if "@" in text:
        spans.extend(_bibtex_entries(text))
    spans.sort()
    return spans


_ECHO_MIN_WORDS = 5
# A Markdown link to a web page whose text is long enough to be an echoed title.
_LONG_LINK = re.compile(r"\[([^\[\]\n]{20,300})\]\(\s*<?(https?://[^\s()<>]+)")
_TITLE_MARKS = "\"'*_\u201c\u201d\u2018\u2019 "


def echoed_titles(text: str, kind: DocumentKind, prose: str) -> list[Span]:
    """Every place the document writes, word for word, a title it links to as one:
    the paper ["Pre-training Small Base LMs with Fewer Tokens"](arxiv…) is as much a title in
    the ``<summary>`` above it. Only titles long enough that no writer's sentence repeats
    them by chance: five words or more, among them a small word ("with", "of"), and no
    comma. A term's name ("Direct Preference Optimization") or a list of names ("Google
    Team, Google DeepMind") linked to a paper once is no title elsewhere. (Titles only
    quoted, not linked, are not looked for: the document-wide search for quotes would cost
    a tenth of the engine's time on Markdown.)"""
    titles: set[str] = set()
    if "](http" in text:
        for m in _LONG_LINK.finditer(text):
            label = m.group(1).strip(_TITLE_MARKS)
            if (
                text[m.start() - 1 : m.start()] != "!"  # an image's alt text
                and _echoable(label)
                and _is_prose(prose, *m.span(1))
                and _title_link(m.group(1), m.group(2))
            ):
                titles.add(label)
    spans: list[Span] = []
    for title in titles:
        at = text.find(title)
        while at != -1:
            spans.append((at, at + len(title)))
            at = text.find(title, at + len(title))
    return spans


def _echoable(title: str) -> bool:
    if title.count(" ") < _ECHO_MIN_WORDS - 1 or "," in title or "\n" in title:
        return False
    words = _WORD.findall(title)
    return len(words) >= _ECHO_MIN_WORDS and any(w in _SMALL_WORDS for w in words)


def line_quotation_spans(
    text: str, kind: DocumentKind, prose: str, start: int, end: int
) -> list[Span]:
    """The quoted spans found in the lines ``text[start:end]`` on their own: titles of
    links, badges, quoted and italic titles. (Rules ask only about the lines their
    findings are on, so the rest of a document is never read for them.)"""
    spans: list[Span] = []
    piece = text[start:end]
    if kind in (DocumentKind.MARKDOWN, DocumentKind.NOTEBOOK):
        if "](" in piece:
            spans.extend(_markdown_links(text, prose, start, end))
        if "*" in piece or "_" in piece:
            spans.extend(_italic_titles(prose, prose, start, end))
    if "href" in piece:
        spans.extend(_html_links(text, prose, start, end))
    quoted_in = text if kind is DocumentKind.NOTEBOOK else prose
    if '"' in piece or "\u201c" in piece:
        spans.extend(_quoted_titles(quoted_in, prose, start, end))
    if "(" in piece:
        spans.extend(_spelt_out_names(text, prose, start, end))
    return spans


# The name before a parenthesis, perhaps as link text: "LyCORIS (…)", "[LyCORIS](url) (…)".
_NAME_BEFORE = re.compile(r"([^\W\d_][\w-]{1,30})\]?(?:\([^()\s]*\))?[ \t]*$")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def _spelt_out_names(text: str, prose: str, start: int, end: int) -> Iterator[Span]:
    """A name's expansion as its authors wrote it, capitals picked out of the words to spell
    the name ("Lora beYond Conventional methods, Other Rank adaptation Implementations for
    Stable diffusion" for LyCORIS): its casing is the name's, not a slip. Told from an
    ordinary expansion ("DPO (Direct Preference Optimization)", "GDPO (Generalized DPO)") by
    a capital after a small letter inside a word ("beYond")."""
    opening = text.find("(", start, end)
    while opening != -1:
        closing = text.find(")", opening + 1, end)
        if closing == -1:
            return
        phrase = text[opening + 1 : closing]
        if "(" not in phrase and len(phrase) >= 5 and _INNER_CAPITAL.search(phrase):
            capitals = [c for c in phrase if c.isupper()]
            name = _NAME_BEFORE.search(text, max(start, opening - 300), opening)
            if (
                name is not None
                and len(capitals) >= 3
                and capitals == [c.upper() for c in name.group(1) if c.isalpha()]
                and _is_prose(prose, opening + 1, closing)
            ):
                yield opening + 1, closing
        opening = text.find("(", opening + 1, end)


def link_text_spans(prose: str, start: int, end: int) -> list[Span]:
    """The text of every Markdown link or image in ``prose[start:end]`` (one line):
    ``[text]`` right before a masked destination (``(url)``, ``[ref]``)."""
    spans: list[Span] = []
    pos = prose.find("[", start, end)
    while pos != -1:
        closing = prose.find("]", pos + 1, end)
        if closing == -1:
            break
        opening = prose.rfind("[", pos, closing)  # the innermost "[" before this "]"
        if prose[closing + 1 : closing + 2] == MASK:
            spans.append((opening + 1, closing))
        pos = prose.find("[", closing + 1, end)
    return spans


def looks_like_title(text: str) -> bool:
    """True when every word of ``text`` but the small ones starts with a capital (or a
    digit) and there is at least one such word: "From Rags to Riches"."""
    significant = [w for w in _WORD.findall(text) if w.lower() not in _SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() for w in significant)


def _title_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text) if w.lower() not in _SMALL_WORDS)


def _is_prose(prose: str, start: int, end: int) -> bool:
    """True when the span is kept prose (extraction masked none of its first letters)."""
    return start < end and prose[start] != MASK and MASK not in prose[start : min(end, start + 8)]


_PAPER_OR_POST = "paper or post"
_REPOSITORY = "repository"


def _destination(url: str) -> str | None:
    """What a link points to when its text may be a title: a paper or a post
    (:data:`_PAPER_OR_POST`), a repository (:data:`_REPOSITORY`), else None (documentation,
    a page of a site)."""
    m = _HTTP_URL.match(url)
    if m is None:
        return None
    host = m.group(1).lower().removeprefix("www.")
    path = [p for p in m.group(2).split("/") if p]
    if url.lower().endswith(".pdf") or _host_in(host, _PAPER_HOSTS):
        return _PAPER_OR_POST
    if _host_in(host, _POST_HOSTS) or host.startswith("blog.") or "blog" in path[:2]:
        return _PAPER_OR_POST
    if host in ("huggingface.co", "hf.co"):
        return _REPOSITORY if path and path[0] not in _HF_NOT_REPOSITORY else None
    return _REPOSITORY if _host_in(host, _REPOSITORY_HOSTS) and len(path) >= 2 else None


def is_title_destination(url: str) -> bool:
    """True for a link to a paper, a post or a repository (not to documentation)."""
    return _destination(url) is not None


# A paper's or a post's title in sentence case: "Safetensors audited as really safe and
# becoming the default", "Fine-tune a Mistral-7b model with Direct Preference Optimization".
# (A repository's or a page's link text of that length is as often the writer's own
# description.)
_SENTENCE_TITLE_WORDS = 4


def _host_in(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def _title_link(label: str, url: str) -> bool:
    """A link whose text is the title of the paper, post or repository it points to: two
    words or more written as a title (for a paper or a post, in sentence case too when four
    or more), or the repository's own name (``[char-rnn](…/char-rnn)``). A single word naming
    something else (``found on [HuggingFace](…)``) is the writer's."""
    destination = _destination(url)
    if destination is None:
        return False
    if _is_change_link(url):
        return True  # "[Fix lora bug #123](…/pull/123)": the PR's or issue's own title
    words = _title_words(label)
    if words >= 2:
        if looks_like_title(label):
            return True
        return (  # a paper's or a post's title in sentence case
            destination == _PAPER_OR_POST and words >= _SENTENCE_TITLE_WORDS and label[:1].isupper()
        )
    name = _NOT_NAME_CHARS.sub("", label).lower()
    m = _HTTP_URL.match(url)
    path = m.group(2) if m else ""
    parts = [_NOT_NAME_CHARS.sub("", p).lower() for p in path.split("/") if p]
    return len(name) >= 3 and name in parts[1:]  # not the owner: [HuggingFace](…/huggingface/x)


_CHANGE_KINDS = frozenset({"pull", "pulls", "issues", "commit", "discussions", "merge_requests"})


def _is_change_link(url: str) -> bool:
    """A link to a pull request, an issue, a commit or a discussion of a repository
    (``github.com/o/r/pull/633``, ``gitlab.com/o/r/-/merge_requests/5``)."""
    m = _HTTP_URL.match(url)
    if m is None or not _host_in(
        m.group(1).lower().removeprefix("www."), ("github.com", "gitlab.com")
    ):
        return False
    path = [p for p in m.group(2).split("/") if p and p != "-"]
    return len(path) >= 4 and path[2] in _CHANGE_KINDS


_ANCHOR_DROPPED = re.compile(r"[^\w\- ]")


def anchor(heading: str) -> str:
    """The anchor GitHub and most Markdown renderers give a heading's text."""
    return _ANCHOR_DROPPED.sub("", heading.strip().lower()).replace(" ", "-")


def _markdown_links(text: str, prose: str, pos: int, endpos: int) -> Iterator[Span]:
    for m in _MARKDOWN_LINK.finditer(text, pos, endpos):
        start, end = m.span(2)
        if not _is_prose(prose, start, end):
            continue
        url = m.group(3)
        if url.startswith("#") and not m.group(1) and anchor(m.group(2)) == url[1:].lower():
            yield start, end  # "[Example: Bert](#example-bert)": a contents entry, the heading's
            continue
        if not url.startswith(("http://", "https://")):
            continue  # a link inside the project, an anchor: the writer's own text
        if m.group(1):  # an image: its alt text is quoted when the image is a badge
            if _BADGE_IMAGE.search(url):
                yield start, end
        elif _title_link(m.group(2), url):
            yield start, end


def _html_links(text: str, prose: str, pos: int, endpos: int) -> Iterator[Span]:
    for m in _HTML_LINK.finditer(text, pos, endpos):
        start, end = m.span(2)
        if _is_prose(prose, start, end) and _title_link(m.group(2), m.group(1)):
            yield start, end


def _quoted_titles(text: str, prose: str, pos: int, endpos: int) -> Iterator[Span]:
    for m in _DOUBLE_QUOTED.finditer(text, pos, endpos):
        start, end = m.span(1)
        title = m.group(1)
        opening = m.start()
        written = prose[opening] == text[opening] or text[opening] == "\\"  # not a delimiter
        if (
            written
            and _is_prose(prose, start, end)
            and _title_words(title) >= 2
            and looks_like_title(title)
        ):
            yield start, end


def _italic_titles(text: str, prose: str, pos: int, endpos: int) -> Iterator[Span]:
    for m in _ITALIC.finditer(text, pos, endpos):
        start, end = m.span(2)
        title = m.group(2)
        if (
            prose[m.start()] == m.group(1)
            and _is_prose(prose, start, end)
            and 2 <= _title_words(title) <= 15
            and looks_like_title(title)
        ):
            yield start, end


def _bibtex_entries(text: str) -> Iterator[Span]:
    """Each BibTeX entry, from its "@" to its closing brace (or the end of the text)."""
    for m in _BIBTEX_START.finditer(text):
        depth = 0
        pos = m.start()
        end = len(text)
        while pos < len(text):
            ch = text[pos]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    end = pos + 1
                    break
            pos += 1
        yield m.start(), end


def _heading_level(text: str, start: int) -> int:
    """The ATX level of the heading whose text starts at ``start`` (2 when not told)."""
    pos = start
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    level = 0
    while pos > 0 and text[pos - 1] == "#":
        level += 1
        pos -= 1
    return level or 2


def _reference_sections(text: str, extraction: Extraction) -> Iterator[Span]:
    headings = extraction.headings
    for i, (start, end) in enumerate(headings):
        if not _REFERENCE_HEADING.match(text, start, end) or not text[start:end].strip():
            continue
        level = _heading_level(text, start)
        stop = len(text)
        for next_start, _ in headings[i + 1 :]:
            if _heading_level(text, next_start) <= level:
                stop = next_start
                break
        yield end, stop


def abstract_spans(text: str) -> list[Span]:
    """Quoted abstracts: italic or block-quoted paragraphs after "The abstract …:", or
    long ones (a call-out such as ``> [!TIP]`` is the writer's own text)."""
    spans: list[Span] = []
    for line_start, start, marker in _italic_starts(text):
        before = text[max(0, line_start - 300) : line_start]
        previous_line = before.rstrip("\n").rsplit("\n", 1)[-1].strip()
        if before.strip() and not before.endswith("\n\n") and not previous_line.endswith(":"):
            continue  # not the start of a paragraph
        blank = _BLANK_LINE.search(text, start)
        end = blank.start() if blank else len(text)
        body = text[start:end].rstrip().rstrip(".,;:")  # "*… as many parameters*."
        if len(body) < 3 or body[-1] != marker:
            continue
        if "abstract" in before[-200:].lower() or len(body) >= _QUOTED_MIN_LENGTH:
            spans.append((start, end))
    for match_start, start in _quote_starts(text):  # "> Direct Preference Optimization …"
        blank = _BLANK_LINE.search(text, start)
        end = blank.start() if blank else len(text)
        before = text[max(0, match_start - 300) : match_start]
        if "abstract" in before.lower() or end - start >= _QUOTED_MIN_LENGTH:
            spans.append((start, end))
    spans.extend(labelled_abstracts(text))
    return spans


# A paper's card, as evaluation suites write one per task ("### Paper", "Title: …",
# "Abstract: https://arxiv.org/abs/…", the abstract's paragraphs, "Homepage: …"): the label
# line, and the line that ends the pasted text (a heading, a list item, another label).
_ABSTRACT_LABEL = re.compile(
    r"^[ \t]*(?:\*\*)?Abstract(?:\*\*)?[ \t]*:(?P<value>.*)$", re.MULTILINE
)
_PAPER_TITLE_LABEL = re.compile(
    r"^#{1,6}[ \t]+Papers?[ \t]*\n(?:[ \t]*\n)*[ \t]*(?:\*\*)?Title(?:\*\*)?[ \t]*:(?P<value>.*)$",
    re.MULTILINE,
)
_CARD_END = re.compile(
    r"^[ \t]*(?:#|[-*+][ \t]|\d+\.[ \t]|```|(?:\*\*)?[A-Z][\w ]{0,24}(?:\*\*)?[ \t]*:[ \t]*\S)",
    re.MULTILINE,
)
_CARD_MAX = 6000  # characters of pasted text at most: an abstract, not a page


# A Markdown table's header row and the delimiter row under it.
_TABLE_HEADER = re.compile(
    r"^[ \t]*\|(?P<cells>[^\n]*)\|[ \t]*\n[ \t]*\|[ \t]*:?-{3,}[^\n]*\n", re.MULTILINE
)
_AUTHOR_HEADS = frozenset({"author", "authors", "by"})
_TITLE_HEADS = frozenset({"title", "description", "paper", "tutorial"})


def works_table_titles(text: str) -> list[Span]:
    """The title cells of a table that lists other people's works: one with an "Author"
    column (trl's community tutorials: "| Task | Class | Description | Author | Tutorial |"),
    whose "Title" or "Description" cells are the works' own titles."""
    spans: list[Span] = []
    for header in _TABLE_HEADER.finditer(text):
        heads = [c.strip().strip("*").lower() for c in header.group("cells").split("|")]
        if not _AUTHOR_HEADS.intersection(heads):
            continue
        columns = [i for i, h in enumerate(heads) if h in _TITLE_HEADS]
        if not columns:
            continue
        pos = header.end()
        while pos < len(text) and text[pos : pos + 1024].lstrip(" \t").startswith("|"):
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end == -1 else line_end
            bar = text.index("|", pos)
            cells = text[bar + 1 : line_end].split("|")
            offset = bar + 1
            for i, cell in enumerate(cells):
                if i in columns and cell.strip():
                    spans.append((offset, offset + len(cell)))
                offset += len(cell) + 1
            pos = line_end + 1
    return spans


def labelled_abstracts(text: str) -> list[Span]:
    """The paragraphs after an "Abstract:" label, or after the "Title:" line that opens a
    section headed "Paper": a paper's own words pasted into a task's card (lm-evaluation-
    harness writes one per task), up to the next heading, list item or label line
    ("Homepage: …"). A heading "Abstract" alone is not enough: a document opens with its
    own abstract as often as it pastes a paper's."""
    spans: list[Span] = []
    if "bstract" not in text and "Paper" not in text:
        return spans
    for pattern in (_ABSTRACT_LABEL, _PAPER_TITLE_LABEL):
        for label in pattern.finditer(text):
            start = label.start("value")  # the title (or the abstract's link) too
            limit = min(len(text), start + _CARD_MAX)
            end = _CARD_END.search(text, label.end() + 1, limit)
            stop = end.start() if end is not None else limit
            if text[start:stop].strip():
                spans.append((start, stop))
    return spans


# A reference written as a line of a list: "1. Du et al. Chinese Tiny LLM: Pretraining a
# Chinese-Centric Large Language Model. 2024. [[arxiv]](…)": authors, title, year (a
# sentence that goes on after the year, "Hu et al. (2021) introduced …", is the writer's).
_CITATION_LINE = re.compile(
    r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?[A-Z][\w'\u2019-]+(?:[ \t]+(?:and|&)[ \t]+[A-Z][\w'-]+)?"
    r"[ \t]+et[ \t]+al\.?,?[ \t]+(?P<body>[^\n]*?\b(?:19|20)\d\d[a-z]?\b[.,;)\]]*"
    r"[ \t]*(?:\[[^\n]*)?)$",  # the year ends the line, or only links follow it
    re.MULTILINE,
)


def citation_lines(text: str) -> list[Span]:
    """Lines that cite a paper ("Du et al. <title>. 2024. [[arxiv]](…)"): the title is the
    paper's, in a list of works that use a project as often as under a References heading."""
    return [m.span("body") for m in _CITATION_LINE.finditer(text)]


def _italic_starts(text: str) -> Iterator[tuple[int, int, str]]:
    """(line start, marker offset, marker) of each line that opens with ``*`` or ``_``."""
    first = _ITALIC_PARAGRAPH.match(text)
    if first is not None:
        yield 0, first.start(1), first.group(1)
    for match in _ITALIC_AFTER_BREAK.finditer(text):
        yield match.start(1), match.start(2), match.group(2)


def _quote_starts(text: str) -> Iterator[tuple[int, int]]:
    """(match start, text start) of each block quote that opens the text or a paragraph."""
    first = _QUOTE_PARAGRAPH.match(text)
    if first is not None:
        yield 0, first.end()
    for match in _QUOTE_AFTER_BLANK.finditer(text, first.end() if first else 0):
        yield match.start(), match.end()


def _is_slug_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _english_part(part: str) -> bool:
    return part.lower() in _SMALL_WORDS or part.lower() in _COMPOUND_PARTS


def is_slug(word: str) -> bool:
    """True when ``word`` (a term's whole use) is a repository's or package's name in slug
    form: three parts or more joined by hyphens, all in lower case, none a part that makes
    an English compound (``lm-evaluation-harness``, ``zephyr-beta-sft``; not
    ``state-of-the-art``, ``text-to-image``, ``low-rank-adapted``)."""
    parts = word.split("-")
    return (
        len(parts) >= 3
        and word.islower()
        and _SLUG_CHARS.fullmatch(word) is not None
        and not any(_english_part(p) for p in parts)
    )


def slug_at(prose: str, start: int, end: int) -> bool:
    """True when ``prose[start:end]`` (a term) is part of a hyphenated name in slug form.

    The hyphenated word around the term must reach past it, hold a part that does not
    make an English compound with it (``multi-GPU`` and ``LoRA-based`` are prose), and be
    written as a slug: three parts or more (``Token-count-cpu-throughput``), all in lower
    case (``char-rnn``) or every part capitalised (``RAG-Retrieval``).
    """
    left = start
    while left > 1 and prose[left - 1] == "-" and _is_slug_char(prose[left - 2]):
        left -= 2
        while left > 0 and _is_slug_char(prose[left - 1]):
            left -= 1
    right = end
    n = len(prose)
    while right + 1 < n and prose[right] == "-" and _is_slug_char(prose[right + 1]):
        right += 2
        while right < n and _is_slug_char(prose[right]):
            right += 1
    if left == start and right == end:
        return False
    word = prose[left:right]
    if _SLUG_CHARS.fullmatch(word) is None:
        return False
    others = (prose[left:start] + " " + prose[end:right]).replace("-", " ").split()
    if not others or all(p.isdigit() for p in others):
        return False  # a version number: GPT-4, ZeRO-3
    if any(_english_part(p) for p in others):
        return False  # an English compound: LLM-as-a-judge, multi-GPU, LoRA-based
    parts = word.split("-")
    if len(parts) >= 3:
        return True  # a run or file name: Token-count-cpu-throughput, llama-sft-v2
    return word.islower() or all(p[:1].isupper() or p[:1].isdigit() for p in parts)
