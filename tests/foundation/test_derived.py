"""Derived tables kept between runs (``claimscope.derived``): built once per set of inputs,
read back afterwards, rebuilt when an input changes, and never a reason to fail."""
import marshal

import pytest

from claimscope import derived as derived_module
from claimscope.derived import cache_dir, derived


class Builder:
    def __init__(self, table):
        self.table, self.calls = table, 0

    def __call__(self):
        self.calls += 1
        return self.table


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMSCOPE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read_back(cache):
    build = Builder(([("Moscow", 55.75, 37.62)], {"moscow": [0]}))
    first = derived("places", ("v1",), build)
    second = derived("places", ("v1",), build)
    assert build.calls == 1
    assert first == second == build.table
    assert [p.name for p in cache.iterdir()] == [p.name for p in cache.glob("places-*.marshal")]


def test_changed_inputs_build_a_new_table(cache):
    old, new = Builder({"a": 1}), Builder({"a": 2})
    derived("t", ("aliases digest 1",), old)
    assert derived("t", ("aliases digest 2",), new) == {"a": 2}
    assert new.calls == 1
    assert derived("t", ("aliases digest 1",), old) == {"a": 1} and old.calls == 1


def test_a_broken_file_is_rebuilt(cache):
    build = Builder([1, 2, 3])
    derived("t", (), build)
    (kept,) = cache.glob("t-*.marshal")
    kept.write_bytes(b"\x00not marshal")
    assert derived("t", (), build) == [1, 2, 3]
    assert build.calls == 2
    assert marshal.loads(kept.read_bytes()) == [1, 2, 3]  # and kept again, whole


def test_an_unwritable_cache_costs_only_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    monkeypatch.setenv("CLAIMSCOPE_CACHE", str(blocker / "cache"))  # below a file
    build = Builder({"k": "v"})
    assert derived("t", (), build) == {"k": "v"}
    assert derived("t", (), build) == {"k": "v"}
    assert build.calls == 2


def test_off_turns_the_cache_off(monkeypatch):
    monkeypatch.setenv("CLAIMSCOPE_CACHE", "off")
    assert cache_dir() is None
    build = Builder(7)
    derived("t", (), build)
    derived("t", (), build)
    assert build.calls == 2


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("CLAIMSCOPE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "claimscope"


def test_file_name_names_python_version(monkeypatch):
    name = derived_module._file_name("t", ("x",))
    monkeypatch.setattr(derived_module.marshal, "version", marshal.version + 1)
    assert derived_module._file_name("t", ("x",)) != name


# -- files a stage queries (``derived_file``) ------------------------------------------------

def _writer(calls):
    def write(path):
        import sqlite3

        calls.append(path)
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE t (x)")
            db.execute("INSERT INTO t VALUES (1)")
    return write


def test_a_file_is_made_once_then_found(cache):
    from claimscope.derived import derived_file

    calls = []
    first = derived_file("table", ("v1",), _writer(calls))
    again = derived_file("table", ("v1",), _writer(calls))
    assert first == again and first.parent == cache and first.suffix == ".sqlite"
    assert len(calls) == 1 and calls[0] != first  # written under another name, then renamed
    assert derived_file("table", ("v2",), _writer(calls)) != first and len(calls) == 2
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []  # no half file left


def test_a_file_that_cannot_be_made_is_none(tmp_path, monkeypatch):
    from claimscope.derived import derived_file

    monkeypatch.setenv("CLAIMSCOPE_CACHE", "off")
    assert derived_file("table", ("v1",), _writer([])) is None
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CLAIMSCOPE_CACHE", str(blocked / "cache"))
    assert derived_file("table", ("v1",), _writer([])) is None

    def broken(path):
        raise OSError("disk full")

    monkeypatch.setenv("CLAIMSCOPE_CACHE", str(tmp_path / "cache"))
    assert derived_file("table", ("v1",), broken) is None
    assert list((tmp_path / "cache").iterdir()) == []
