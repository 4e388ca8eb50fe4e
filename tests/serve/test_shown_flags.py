"""Issue #19: the web UI and the report show the flags shown by default; a server or a
report made with --all-flags shows every stored flag. Flag records keep their ``shown``."""
from __future__ import annotations

from claimscope.serve.report import build_report

from .http_helpers import get_json
from .store_builder import HIDDEN_WORDS


def _hidden_in(doc: dict) -> bool:
    return any(r["id"].endswith("-propaganda:Loaded_Language") and r["id"].startswith("flag-")
               and HIDDEN_WORDS in str(r) for r in doc["records"])


def test_default_views_leave_out_flags_not_shown(hidden_flag_store, start_server):
    db, ids = hidden_flag_store
    base = start_server(db).url + "/api"
    home = get_json(base + "/")
    assert {r["value"]: r["n"] for r in home["flags_by_label"]} == {
        "propaganda:Loaded_Language": 1, "toxic": 1, "hate": 1}
    assert [f["score"] for f in get_json(base + "/flags?label=propaganda:Loaded_Language")["flags"]] == [0.8]
    doc = get_json(base + f"/pages/{ids['first']}")
    assert not _hidden_in(doc)
    listed = {p["id"]: p["flags"] for p in get_json(base + "/pages")["pages"]}
    assert listed[ids["first"]] == 2


def test_all_flags_server_shows_every_stored_flag(hidden_flag_store, start_server):
    db, ids = hidden_flag_store
    base = start_server(db, all_flags=True).url + "/api"
    home = get_json(base + "/")
    assert {r["value"]: r["n"] for r in home["flags_by_label"]}["propaganda:Loaded_Language"] == 2
    scores = sorted(f["score"] for f in get_json(base + "/flags?label=propaganda:Loaded_Language")["flags"])
    assert scores == [0.31, 0.8]
    assert _hidden_in(get_json(base + f"/pages/{ids['first']}"))
    listed = {p["id"]: p["flags"] for p in get_json(base + "/pages")["pages"]}
    assert listed[ids["first"]] == 3


def test_report_follows_the_same_choice(hidden_flag_store):
    db, _ = hidden_flag_store
    assert "0.31" not in build_report(db, {}, max_pages=5)
    assert "0.31" in build_report(db, {}, max_pages=5, all_flags=True)
