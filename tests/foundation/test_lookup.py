"""Keyed tables in an SQLite file (``claimscope.lookup``): rows come back under their key in
the order written, marks are found, names are checked, and the file is read-only."""
import sqlite3

import pytest

from claimscope import lookup


@pytest.fixture
def table_file(tmp_path):
    path = tmp_path / "t.sqlite"
    lookup.write(path, {
        "names": lookup.Table(("key", "n"), ("key",), [("springfield", 7), ("paris", 3), ("springfield", 2)]),
        "marks": lookup.Table(("key", "n"), ("key", "n"), iter([("paris", 3)])),
    })
    return path


def test_rows_under_a_key_keep_the_order_written(table_file):
    found = lookup.Lookup(table_file)
    assert found.rows("names", key="springfield") == [("springfield", 7), ("springfield", 2)]
    assert found.rows("names", key="nowhere") == []
    assert found.has("marks", key="paris", n=3) and not found.has("marks", key="paris", n=7)
    assert sorted(found.distinct("names", "key")) == ["paris", "springfield"]
    assert found.count("names") == 3


def test_names_are_the_codes_and_the_file_is_read_only(table_file):
    found = lookup.Lookup(table_file)
    with pytest.raises(ValueError, match="not a table or column name"):
        found.rows("names; DROP TABLE names", key="x")
    with pytest.raises(ValueError, match="not a table or column name"):
        found.rows("names", **{"key = key OR 1": 1})
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        found._conn().execute("DELETE FROM names")
