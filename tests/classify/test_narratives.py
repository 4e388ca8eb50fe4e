from pathlib import Path

from claimscope.classify.narratives import load_catalogue


def _ids(text, catalogue=None):
    return {m.narrative_id for m in (catalogue or load_catalogue()).match(text)}


def test_catalogue_has_the_core_narratives():
    ids = {n.id for n in load_catalogue().narratives}
    assert {"covid-5g", "covid-bioweapon", "vaccine-control", "nwo", "zionist-control",
            "white-helmets-staged", "isis-us-israeli-creation"} <= ids
    assert all(n.examples and n.description for n in load_catalogue().narratives)


def test_5g_covid_matches_with_span_on_the_cues():
    text = "Funny how the corona outbreak began right where they switched on 5G first."
    [match] = [m for m in load_catalogue().match(text) if m.narrative_id == "covid-5g"]
    assert text[match.start:match.end] == "corona outbreak began right where they switched on 5G"
    assert 0.6 <= match.score <= 1.0


def test_bioweapon_and_vaccine_chips():
    assert "covid-bioweapon" in _ids("The Pentagon labs engineered the virus as a biological weapon.")
    assert "vaccine-control" in _ids("Take the vaccine and you get a microchip to track you.")


def test_unrelated_text_matches_nothing():
    assert _ids("The ceasefire in the province held for a third day, officials said.") == set()
    assert _ids("ISIS lost its last town in the east this spring.") == set()


def test_user_catalogue(tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text('version = "mine.v1"\n[[narrative]]\nid = "flat-earth"\ntitle = "Flat earth"\n'
                    'require = ["earth"]\n[narrative.cues]\nearth = ["flat earth"]\n')
    catalogue = load_catalogue(path)
    assert catalogue.version == "mine.v1"
    assert _ids("the flat earth is real", catalogue) == {"flat-earth"}
