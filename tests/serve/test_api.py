"""The JSON API over a hand-made store: every view, filters, paging, trace."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from .http_helpers import get, get_json


@pytest.fixture
def api(fast_store, start_server):
    path, ids = fast_store
    return start_server(path).url + "/api", ids


def test_home_counts_pages_claims_flags_and_outlets(api):
    base, _ = api
    home = get_json(base + "/")
    assert home["pages"] == 3 and home["claims"] == 3
    assert {r["value"]: r["n"] for r in home["flags_by_label"]} == {
        "propaganda:Loaded_Language": 1, "toxic": 1, "hate": 1}
    assert {r["value"] for r in home["outlets"]} >= {"Eurasia Monitor", "Silk Road Herald"}
    assert home["first_published"] == "2020-03-28" and home["last_published"] == "2020-04-02"
    assert home["top_sources"][0] == {"value": "Foreign Ministry", "n": 3}


def test_search_highlights_hits_and_counts_facets(api):
    base, ids = api
    found = get_json(base + "/search?q=sanctions")
    assert found["total"] == 2
    assert {h["page_id"] for h in found["hits"]} == {ids["first"], ids["repeat"]}
    assert all('<mark data-kind="hit">sanctions</mark>' in h["snippet_html"].lower()
               for h in found["hits"])
    assert {r["value"]: r["n"] for r in found["facets"]["outlet"]} == {
        "Eurasia Monitor": 1, "Silk Road Herald": 1}


def test_search_filters_by_outlet_kind_date_and_flag(api):
    base, ids = api
    assert [h["page_id"] for h in get_json(base + "/search?q=sanctions&outlet=Silk+Road+Herald")["hits"]] == [ids["repeat"]]
    assert get_json(base + "/search?q=damascus&kind=comment")["total"] == 1
    assert get_json(base + "/search?q=sanctions&date_from=2020-04-01")["total"] == 1
    assert get_json(base + "/search?q=sanctions&flag=propaganda:Loaded_Language")["total"] == 1


def test_search_with_broken_fts_syntax_falls_back_to_a_phrase(api):
    base, _ = api
    found = get_json(base + '/search?q=%22sanctions')  # an unbalanced quote
    assert found["phrase"] is True and found["total"] == 2


def test_paging_cuts_results_and_says_when_there_is_more(api):
    base, _ = api
    first = get_json(base + "/pages?size=2")
    second = get_json(base + "/pages?size=2&page=2")
    assert len(first["pages"]) == 2 and first["more"] is True
    assert len(second["pages"]) == 1 and second["more"] is False


def test_document_marks_every_layer_and_opens_records(api):
    base, ids = api
    doc = get_json(base + f"/pages/{ids['first']}")
    html = "".join(s["html"] for s in doc["segments"])
    for kind in ("claim-source", "claim-cue", "claim-content", "entity", "place", "quantity",
                 "date", "flag"):
        assert f'data-kind="{kind}"' in html, kind
    claim = next(r for r in doc["records"] if r["kind"] == "claim")
    assert claim["producer"] == "claims.test.v1"
    assert claim["cite"]["quote"].startswith("The ministry said")
    assert claim["cite"]["url"] == "https://eurasia.example/a"


def test_document_layers_can_be_switched_off(api):
    base, ids = api
    doc = get_json(base + f"/pages/{ids['first']}?layer=place&layers_set=1")
    html = "".join(s["html"] for s in doc["segments"])
    assert 'data-kind="place"' in html and 'data-kind="flag"' not in html


def test_claim_trace_orders_repeats_and_marks_wording_changes(api):
    base, ids = api
    trace = get_json(base + f"/claims/{ids['claim']}")
    members = trace["members"]
    assert [m["outlet"] for m in members] == ["Eurasia Monitor", "Silk Road Herald"]
    inserted = " ".join(r["text"] for r in members[1]["diff"] if r["op"] == "ins")
    assert "had" in inserted and "about" in inserted


def test_sources_flags_map_timeline_and_stories(api):
    base, _ = api
    assert get_json(base + "/sources")["sources"][0]["source"] == "Foreign Ministry"
    flags = get_json(base + "/flags?min_score=0.5")
    assert {f["label"] for f in flags["flags"]} == {"propaganda:Loaded_Language", "hate"}
    place = get_json(base + "/map")["places"][0]
    assert place["name"] == "Damascus" and 0 < place["x"] < 1024 and 0 < place["y"] < 512
    timeline = get_json(base + "/timeline")
    assert timeline["by"] == "day" and "2020-03-28" in timeline["buckets"]
    assert get_json(base + "/timeline?by=month")["buckets"] == ["2020-03", "2020-04"]
    stories = get_json(base + "/stories?kind=same_claim")
    assert stories["stories"][0]["size"] == 2


def test_unknown_view_and_unknown_page_are_404_json(api):
    base, _ = api
    for path in ("/nothing", "/pages/0000", "/claims/nope"):
        status, headers, _ = get(base + path)
        assert status == 404 and headers["content-type"] == "application/json"


def test_pages_added_while_serving_show_up(fast_store, start_server, tmp_path):
    """Summaries are cached per state of the file; a run that adds pages refreshes them."""
    import shutil

    from claimscope.store import Store

    from .store_builder import text_page

    db = tmp_path / "growing.db"
    shutil.copy(fast_store[0], db)
    base = start_server(db).url + "/api"
    assert get_json(base + "/")["pages"] == 3
    with Store(db) as store:
        store.add_page(text_page("A new page about sanctions.", "mem/new", outlet="New"))
    home = get_json(base + "/")
    assert home["pages"] == 4 and "New" in {r["value"] for r in home["outlets"]}


def test_very_common_words_are_counted_up_to_a_cap(fast_store, start_server, monkeypatch):
    from claimscope.serve import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 1)
    found = get_json(start_server(fast_store[0]).url + "/api/search?q=sanctions")
    assert found["capped"] is True and found["ranked"] is False and found["total"] == 1
    assert len(found["hits"]) == 2  # every hit is still listed, in store order


def test_search_facets_count_what_their_filter_selects(api):
    base, _ = api
    found = get_json(base + "/search?q=damascus")
    for name in ("outlet", "kind", "flag", "source", "place"):
        for row in found["facets"][name]:
            narrowed = get_json(base + "/search?" + urlencode({"q": "damascus", name: row["value"]}))
            assert narrowed["total"] == row["n"], (name, row)
    assert found["facets"]["date"] == [{"value": "2020-03", "n": 2}, {"value": "2020-04", "n": 1}]


def test_every_view_answers_on_a_store_that_was_only_segmented(tmp_path, start_server):
    """No claims, flags, places or clusters yet: empty views, not errors."""
    from claimscope.store import Store

    from .store_builder import text_page, whole_segment

    page = text_page("Just one article about sanctions.", "mem/one")
    with Store(tmp_path / "seg.db") as store:
        store.add_page(page)
        store.add_records("segments", [whole_segment(page)])
    base = start_server(tmp_path / "seg.db").url
    for view in ("/", "/search?q=sanctions", "/search?q=sanctions&flag=toxic", "/pages",
                 f"/pages/{page.id}", "/sources", "/flags", "/map", "/timeline", "/stories",
                 "/api/stories"):
        assert get(base + view)[0] == 200, view


def test_flags_link_to_their_record_in_the_document(api):
    base, _ = api
    flag = next(f for f in get_json(base + "/flags")["flags"] if f["label"] == "hate")
    doc = get_json(base + f"/pages/{flag['page_id']}")
    wanted = f"flag-{flag['start']}-{flag['end']}-hate"
    assert wanted in {r["id"] for r in doc["records"]}
    assert f'data-record="{wanted}"' in "".join(s["html"] for s in doc["segments"])
