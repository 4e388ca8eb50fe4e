from claimscope.extract.stage import claim_id


def test_claims_resolve_sources_and_cues(generic):
    text = generic.page.text
    by_cue = {}
    for c in generic.claims:
        by_cue.setdefault(c.cue, c)  # first claim per cue
    assert by_cue["said"].source_entity == "Anna Berg"
    assert "According to" in by_cue
    assert by_cue["added"].source_entity == "Anna Berg"  # surname -> full name
    quote = [c for c in generic.claims if c.quote_type == "direct"]
    assert quote and quote[0].source_entity == "Anna Berg"  # "she" -> Anna Berg
    for claim in generic.claims:
        assert text[claim.content_start:claim.content_end] == claim.content
        assert claim.id == claim_id(claim.page_id, claim.start, claim.end)


def test_quantities_and_dates_belong_to_claims(generic):
    claims = {c.id: c for c in generic.claims}
    evacuated = next(q for q in generic.quantities if q.value == 300)
    assert evacuated.qualifier == "approximate"
    assert claims[evacuated.claim_id].source_entity == "Anna Berg"
    monday = next(d for d in generic.dates if d.text == "Monday")
    assert monday.value == "2024-05-06" and not monday.relative


def test_quantity_records_carry_kind_unit_and_bounds(generic):  # issue 18
    rain = next(q for q in generic.quantities if q.text == "more than 40 millimetres")
    assert (rain.kind, rain.unit, rain.value, rain.lower, rain.qualifier) == ("measure", "mm", 40, 40, "lower_bound")
    bridges = next(q for q in generic.quantities if q.value == 3)
    assert (bridges.kind, bridges.unit, bridges.counted, bridges.vague) == ("count", None, "bridges", False)


def test_places_resolved(generic):
    assert all(p.page_id == generic.page.id for p in generic.places)
    for p in generic.places:
        assert generic.page.text[p.start:p.end] == p.text


def test_stage_contract(stage):
    assert stage.name == "extract" and stage.version.startswith("extract.v")
    assert stage.requires == ("segments",)
    assert set(stage.produces) == {"claims", "entities", "places", "quantities", "dates"}
