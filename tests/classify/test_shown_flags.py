"""Issue #19: propaganda flags under their shown threshold are stored, left out of the default
views (show, flags, pages, export) and listed with --all-flags (hate and toxic flags have their own
shown rules: test_classify_settings)."""
from __future__ import annotations

import json
import sqlite3

import pytest

from claimscope.classify.flags import propaganda_flags
from claimscope.classify.propaganda import TechniqueScores
from claimscope.cli import main
from claimscope.records import Flag, LineIndex, Page, Segment, page_id_for
from claimscope.store import Store, open_existing
from claimscope.text.units import units_of
from tests.conftest import needs

TEXT = ("Officials met on Monday.\nThe corrupt elites betray our glorious nation.\n"
        "It was incredibly awkward.")


def _page() -> Page:
    return Page(id=page_id_for(TEXT.encode()), source="mem/one", format="text", raw=TEXT.encode(), text=TEXT)


def _flag(page: Page, words: str, label: str, score: float, shown: bool = True) -> Flag:
    start = page.text.index(words)
    return Flag(page_id=page.id, segment_index=0, segment_kind="article", start=start,
                end=start + len(words), line_start=1, line_end=1, label=label, score=score,
                model="test.v1", evidence=words, shown=shown)


@pytest.fixture
def store_path(tmp_path):
    page = _page()
    path = tmp_path / "flags.db"
    with Store(path) as store:
        store.add_page(page)
        store.add_records("segments", [Segment(page.id, 0, "article", 0, len(TEXT), 1, 3, text=TEXT,
                                               producer="test.v1")])
        store.add_records("flags", [
            _flag(page, "corrupt elites", "propaganda:Name_Calling-Labeling", 0.81),
            _flag(page, "incredibly awkward", "propaganda:Loaded_Language", 0.42, shown=False),
            _flag(page, "betray", "toxic", 0.6)])
    return path, page.id


def test_propaganda_flags_are_shown_at_or_above_their_shown_threshold():
    page = _page()
    [segment] = [Segment(page.id, 0, "article", 0, len(TEXT), 1, 3, text=TEXT, producer="test.v1")]
    [unit] = units_of(segment)
    scores = TechniqueScores({"Doubt": 0.30, "Slogans": 0.55, "Repetition": 0.10}, {})
    stored = {"Doubt": 0.2, "Slogans": 0.2, "Repetition": 0.2}
    flags = propaganda_flags(unit, scores, stored, LineIndex(TEXT), "m", {"Doubt": 0.5, "Slogans": 0.5,
                                                                          "Repetition": 1.01})
    assert [(f.label, f.shown) for f in flags] == [("propaganda:Doubt", False), ("propaganda:Slogans", True)]
    # without shown thresholds every written flag is shown (the stored thresholds still apply)
    assert all(f.shown for f in propaganda_flags(unit, scores, stored, LineIndex(TEXT), "m"))


def test_shown_travels_through_the_store(store_path):
    path, page_id = store_path
    with open_existing(path) as store:
        got = {f.label: f.shown for f in store.records("flags")}
    assert got == {"propaganda:Name_Calling-Labeling": True, "propaganda:Loaded_Language": False, "toxic": True}
    with open_existing(path, all_flags=False) as store:
        assert {f.label for f in store.analysis(page_id).flags} == {"propaganda:Name_Calling-Labeling", "toxic"}
        assert store.conn.execute("SELECT count(*) FROM flags").fetchone()[0] == 2
    with sqlite3.connect(path) as conn:  # the view is the reader's own: the file keeps every flag
        assert conn.execute("SELECT count(*) FROM flags").fetchone()[0] == 3


def test_a_store_written_before_shown_existed_shows_every_flag(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.add_page(_page())
    with sqlite3.connect(path) as conn:  # the flags table as an older version made it: no shown column
        conn.execute("DROP TABLE flags")
        conn.execute("CREATE TABLE flags (page_id TEXT, segment_index INTEGER, segment_kind TEXT, start INTEGER, "
                     '"end" INTEGER, line_start INTEGER, line_end INTEGER, label TEXT, score REAL, model TEXT, '
                     "target_group TEXT, narrative_id TEXT, evidence TEXT)")
        conn.execute("INSERT INTO flags VALUES (?, 0, 'article', 0, 5, 1, 1, 'propaganda:Doubt', 0.3, 'm', "
                     "NULL, NULL, NULL)", (_page().id,))
    with open_existing(path, all_flags=False) as store:
        [flag] = store.records("flags")
    assert flag.shown is True
    with Store(path) as store:  # a writer adds the column; the old rows stay shown
        [flag] = store.records("flags")
    assert flag.shown is True


def _cli(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_flags_command_lists_shown_flags_unless_asked_for_all(store_path, capsys):
    path, _ = store_path
    code, out = _cli(capsys, "flags", "--db", str(path), "--label", "propaganda", "--json")
    assert code == 0 and [json.loads(line)["label"] for line in out.splitlines()] == [
        "propaganda:Name_Calling-Labeling"]
    _, out = _cli(capsys, "flags", "--db", str(path), "--label", "propaganda", "--json", "--all-flags")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["label"]: r["shown"] for r in rows} == {"propaganda:Name_Calling-Labeling": True,
                                                     "propaganda:Loaded_Language": False}


def test_an_empty_answer_says_when_stored_flags_are_not_shown(store_path, capsys):
    path, _ = store_path
    code = main(["flags", "--db", str(path), "--label", "propaganda:Loaded_Language"])
    captured = capsys.readouterr()
    assert code == 0 and captured.out == ""
    assert captured.err == ("claimscope: no flags match --label propaganda:Loaded_Language; 1 stored flag(s) "
                            "are not shown by default (--all-flags lists them)\n")
    main(["flags", "--db", str(path), "--label", "propaganda:Doubt"])
    assert capsys.readouterr().err == "claimscope: no flags match --label propaganda:Doubt; 1 stored flag(s) " \
        "are not shown by default (--all-flags lists them)\n"


def test_show_pages_and_export_agree_on_what_is_shown(store_path, capsys):
    path, page_id = store_path
    _, out = _cli(capsys, "show", page_id[:12], "--db", str(path), "--no-colour")
    assert "incredibly awkward" not in out.split("flag:", 1)[-1] and "propaganda:Name_Calling" in out
    _, out = _cli(capsys, "show", page_id[:12], "--db", str(path), "--no-colour", "--all-flags")
    assert "flag (not shown by default): propaganda:Loaded_Language 0.42" in out
    _, out = _cli(capsys, "show", page_id[:12], "--db", str(path), "--json")
    assert [f["shown"] for f in json.loads(out)["flags"]] == [True, True]
    _, out = _cli(capsys, "pages", "--db", str(path), "--json")
    assert json.loads(out)["flags"] == 2
    _, out = _cli(capsys, "pages", "--db", str(path), "--json", "--all-flags")
    assert json.loads(out)["flags"] == 3
    _, out = _cli(capsys, "export", "flags", "--db", str(path), "--format", "csv")
    assert len(out.splitlines()) == 3 and out.splitlines()[0].endswith(",shown")
    _, out = _cli(capsys, "export", "flags", "--db", str(path), "--all-flags")
    assert sorted(json.loads(line)["shown"] for line in out.splitlines()) == [False, True, True]


def test_parquet_export_keeps_shown_as_a_boolean(store_path, tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    path, _ = store_path
    out = tmp_path / "flags.parquet"
    assert _cli(capsys, "export", "flags", "--db", str(path), "--format", "parquet", "--out", str(out),
                "--all-flags")[0] == 0
    table = pq.read_table(out)
    assert str(table.schema.field("shown").type) == "bool"
    assert sorted(table.column("shown").to_pylist()) == [False, True, True]


COMMENTED_PAGE = """Ministry statement on the talks

The ministry said on Monday that the talks with the delegation would resume next week in Geneva.
Officials from both sides met for three hours and agreed to meet again.

4 comments

Harold_P says:
These treacherous, cowardly criminals and their puppet masters will stop at nothing to destroy our glorious nation and its proud heroic people!

Mira says:
The cowardly traitors in the capital sold out our brave heroes to the evil globalist puppet masters, a disgusting betrayal of everything we love!
"""


@needs("classify")
def test_propaganda_on_comments_end_to_end(tmp_path):
    """Issue #19: with propaganda_on_comments the run writes propaganda flags on comments to
    the store (with their shown choice); without it, none."""
    from claimscope import runner
    from claimscope.classify.propaganda import MODEL_NAME
    from claimscope.classify.textmodel import MODELS_DIR

    if not (MODELS_DIR / f"{MODEL_NAME}.joblib").exists():
        pytest.skip("the propaganda model is missing")
    from claimscope.settings import load_settings

    page = tmp_path / "thread.txt"
    page.write_text(COMMENTED_PAGE, encoding="utf-8")

    def comment_flags(**settings) -> list[tuple[str, bool]]:
        db = tmp_path / f"run{len(settings)}.db"
        summary = runner.run([str(page)], str(db), stages=("segment", "classify"), settings=load_settings(**settings))
        assert summary.ok
        with open_existing(db) as store:
            kinds = {s.index: s.kind for s in store.segments(store.page_ids()[0])}
            assert list(kinds.values()).count("comment") == 2
            return [(f.label, f.shown) for f in store.records("flags")
                    if f.label.startswith("propaganda:") and f.segment_kind == "comment"]

    assert comment_flags() == []
    found = comment_flags(propaganda_on_comments=True)
    assert found and any(shown for _, shown in found)
