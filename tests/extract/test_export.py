from claimscope.extract.export import claims_rows, entities_rows, places_rows, quantities_rows
from claimscope.store import Store

CLAIM_FIELDS = {"page_id", "source", "source_entity", "cue", "content", "char_start", "char_end",
                "line_start", "line_end", "quantities", "places", "dates"}
PLACE_FIELDS = {"page_id", "name", "resolved_name", "lat", "lon", "country", "char_start", "char_end"}


def test_exports_from_store(tmp_path, generic):
    with Store(tmp_path / "x.db") as store:
        store.add_page(generic.page)
        store.write_analysis(generic, {"segment": "test", "extract": "extract.v1"})
        claims = list(claims_rows(store))
        assert claims and all(CLAIM_FIELDS <= row.keys() for row in claims)
        berg = list(claims_rows(store, source="Berg"))
        assert berg and all("Berg" in (r["source_entity"] or "") for r in berg)
        assert any(q["value"] == 300 for r in berg for q in r["quantities"])
        places = list(places_rows(store))
        assert places and all(PLACE_FIELDS <= row.keys() for row in places)
        assert list(claims_rows(store, place="Lakeport"))
        assert list(entities_rows(store)) and list(quantities_rows(store))
