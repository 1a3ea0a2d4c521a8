"""The cache of the parsed built-in glossary: exact round trip, keys, and every way to miss."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlgloss.glossary import builtin, builtin_cache
from mlgloss.glossary.builtin import builtin_path, load_builtin_file, load_builtin_glossary
from mlgloss.glossary.index import TermIndex
from mlgloss.glossary.loader import GlossaryFile, parse_glossary
from mlgloss.glossary.lookup import Glossary


@pytest.fixture(scope="module")
def parsed() -> GlossaryFile:
    path = builtin_path()
    return parse_glossary(path.read_text(encoding="utf-8"), str(path), "mlgloss")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache directory for this test, and no built-in glossary parsed yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(builtin_cache.DISABLE_ENV, raising=False)
    load_builtin_file.cache_clear()
    load_builtin_glossary.cache_clear()
    yield tmp_path / "mlgloss"
    load_builtin_file.cache_clear()
    load_builtin_glossary.cache_clear()


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> GlossaryFile:
        raise AssertionError("the YAML was parsed although the cache should have served it")

    monkeypatch.setattr(builtin, "parse_glossary", fail)


def test_the_codec_covers_the_model() -> None:
    """A model change must come with a codec change (until then nothing is cached)."""
    assert builtin_cache._shape_ok()


def test_round_trip_is_exact(parsed: GlossaryFile) -> None:
    text = builtin_cache.encode(parsed, "k")
    assert builtin_cache.decode(text, "k") == parsed
    assert builtin_cache.decode(text, "another key") is None


def test_a_second_load_reads_the_cache(
    cache_home: Path, parsed: GlossaryFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_builtin_file() == parsed
    (written,) = cache_home.glob("builtin-*.json")
    if os.name == "posix":
        assert written.stat().st_mode & 0o777 == 0o600
        assert cache_home.stat().st_mode & 0o777 == 0o700
    load_builtin_file.cache_clear()
    _no_parsing(monkeypatch)
    assert load_builtin_file() == parsed


def test_the_key_depends_on_the_bytes_the_path_and_the_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key = builtin_cache.cache_key(b"version: 1\n", "/a/builtin.yaml")
    assert key is not None
    assert builtin_cache.cache_key(b"version: 1\n", "/a/builtin.yaml") == key
    assert builtin_cache.cache_key(b"version: 1 \n", "/a/builtin.yaml") != key
    assert builtin_cache.cache_key(b"version: 1\n", "/b/builtin.yaml") != key
    code = tmp_path / "loader.py"
    code.write_text("# another loader\n", encoding="utf-8")
    monkeypatch.setattr(builtin_cache, "_code_files", lambda: [code, code])
    assert builtin_cache.cache_key(b"version: 1\n", "/a/builtin.yaml") != key


def test_a_markdown_glossary_key_depends_on_the_importers_too() -> None:
    plain = builtin_cache.cache_key(b"**A**\n: B.\n", "/a/terms.md")
    with_importers = builtin_cache.cache_key(b"**A**\n: B.\n", "/a/terms.md", importers=True)
    assert plain is not None and with_importers is not None and plain != with_importers


def test_without_code_to_vouch_for_it_nothing_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builtin_cache, "_code_files", lambda: [])
    assert builtin_cache.cache_key(b"x", "/a/builtin.yaml") is None


def test_only_the_newest_caches_are_kept(
    cache_home: Path, parsed: GlossaryFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(builtin_cache, "KEEP", 2)
    for i, key in enumerate(("a", "b", "c")):
        builtin_cache.write(parsed, key)
        os.utime(cache_home / f"builtin-{key}.json", ns=(i * 10**9, i * 10**9))
    builtin_cache.write(parsed, "d")
    assert sorted(p.name for p in cache_home.iterdir()) == ["builtin-c.json", "builtin-d.json"]
    assert builtin_cache.read("d") == parsed
    assert builtin_cache.read("c") == parsed
    assert builtin_cache.read("a") is None


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[]", b'{"format": 1, "key": "k", "path": "x", "entries": [[]], "sources": []}'],
)
def test_a_broken_cache_file_is_a_miss(
    cache_home: Path, content: bytes, parsed: GlossaryFile
) -> None:
    cache_home.mkdir(mode=0o700)
    file = cache_home / "builtin-k.json"
    file.write_bytes(content)
    file.chmod(0o600)
    assert builtin_cache.read("k") is None
    assert load_builtin_file() == parsed  # and the YAML is parsed instead


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_cache_file_others_may_write_is_ignored(cache_home: Path, parsed: GlossaryFile) -> None:
    builtin_cache.write(parsed, "k")
    (file,) = cache_home.glob("builtin-*.json")
    file.chmod(0o666)
    assert builtin_cache.read("k") is None


def test_switched_off(
    cache_home: Path, parsed: GlossaryFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(builtin_cache.DISABLE_ENV, "1")
    assert load_builtin_file() == parsed
    assert not cache_home.exists()


def test_an_unwritable_cache_directory_is_no_error(
    tmp_path: Path, parsed: GlossaryFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv(builtin_cache.DISABLE_ENV, raising=False)
    load_builtin_file.cache_clear()
    try:
        assert load_builtin_file() == parsed
    finally:
        load_builtin_file.cache_clear()


def test_the_assembled_glossary_reads_back_as_assembled_with_the_same_index(
    cache_home: Path, parsed: GlossaryFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up cache of the assembled built-in glossary: the entries and sources that
    ``from_layers`` makes of the file, and an index built from the cached keys that is the
    index built from the forms (same trie, same followers, same forms counted)."""
    assembled = Glossary.from_layers([[parsed]])
    first = load_builtin_glossary()  # a miss: assembled here, then written
    assert first.entries == assembled.entries and first.sources == assembled.sources
    (written,) = cache_home.glob("assembled-*.json")
    if os.name == "posix":
        assert written.stat().st_mode & 0o777 == 0o600
    load_builtin_file.cache_clear()
    load_builtin_glossary.cache_clear()
    _no_parsing(monkeypatch)

    def no_assembly(*args: object, **kwargs: object) -> Glossary:
        raise AssertionError("assembled again although the cache should have served it")

    monkeypatch.setattr(Glossary, "from_layers", no_assembly)
    cached = load_builtin_glossary()
    assert cached.entries == assembled.entries and cached.sources == assembled.sources
    assert list(cached.entries) == list(assembled.entries)  # the same order
    fresh = TermIndex(assembled.entries.values())
    index = cached.index
    assert index._root == fresh._root
    assert index._followers == fresh._followers
    assert index.form_count == fresh.form_count > 3000
    text = "We fine-tune with Lora adapters and a KV cache, then apply RLHF."
    assert index.find(text) == fresh.find(text) != []


def test_a_broken_assembled_cache_is_a_miss(cache_home: Path, parsed: GlossaryFile) -> None:
    load_builtin_glossary()
    (written,) = cache_home.glob("assembled-*.json")
    text = written.read_text(encoding="utf-8")
    # Index keys that do not fit the entries' forms are not taken.
    written.write_text(text.replace('"index_keys":[[', '"index_keys":[[[],', 1), encoding="utf-8")
    load_builtin_glossary.cache_clear()
    assert load_builtin_glossary().entries == Glossary.from_layers([[parsed]]).entries
    written.write_text("{not json", encoding="utf-8")
    load_builtin_glossary.cache_clear()
    assert load_builtin_glossary().entries == Glossary.from_layers([[parsed]]).entries
