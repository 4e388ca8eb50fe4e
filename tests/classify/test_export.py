import json

from .helpers import make_analysis

from claimscope.classify.export import FLAG_COLUMNS, flags_rows
from claimscope.cli.classify import register, run_flags
from claimscope.records import Flag
from claimscope.store import Store


def _stored(tmp_path):
    analysis = make_analysis("You idiot.", "Fine day.")
    flag = Flag(page_id=analysis.page.id, segment_index=0, segment_kind="comment", start=4,
                end=9, line_start=1, line_end=1, label="toxic", score=0.8,
                model="claimscope-toxicity-v1+hate-lexicon.v1", evidence="idiot")
    narrative = Flag(page_id=analysis.page.id, segment_index=1, segment_kind="comment", start=12,
                     end=20, line_start=3, line_end=3, label="narrative", score=0.65,
                     model="claimscope-narratives.lexical.v1+narratives.v1", narrative_id="nwo")
    path = tmp_path / "c.db"
    with Store(path) as store:
        store.add_page(analysis.page)
        store.write_analysis(analysis.__class__(page=analysis.page, segments=analysis.segments,
                                                flags=(flag, narrative)), {"classify": "classify.v1"})
    return path


def test_flags_rows_have_the_export_columns(tmp_path):
    with Store(_stored(tmp_path)) as store:
        rows = list(flags_rows(store))
        assert [r["label"] for r in rows] == ["toxic", "narrative"]
        assert tuple(rows[0]) == FLAG_COLUMNS
        assert rows[0]["char_start"] == 4 and rows[0]["line_start"] == 1
        assert rows[1]["narrative_id"] == "nwo"
        assert [r["label"] for r in flags_rows(store, min_score=0.7)] == ["toxic"]
        assert [r["label"] for r in flags_rows(store, label="narrative")] == ["narrative"]


def test_flags_command_prints_json(tmp_path, capsys):
    import argparse

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["flags", "--db", str(_stored(tmp_path)), "--label", "toxic", "--json"])
    assert run_flags(args) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["evidence"] == "idiot"
