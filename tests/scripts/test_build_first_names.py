"""scripts/build_first_names.py: a word is a first name when it mostly opens people's names
in the news and the text seldom writes it in lower case; the shipped list agrees with the
rule on the words it decides."""
from collections import Counter

import pytest

from tests.conftest import load_script

pytest.importorskip("spacy")
build = load_script("build_first_names")


def test_a_first_name_opens_most_of_its_capitalised_uses():
    first = Counter({"david": 40, "washington": 5, "mark": 30, "saint": 12, "rare": 2})
    upper = Counter({"david": 45, "washington": 300, "mark": 35, "saint": 14, "rare": 2})
    lower = Counter({"mark": 200, "david": 0})
    assert build.first_names(first, upper, lower) == ["david"]
    # washington: mostly the place; mark: mostly the verb; saint: a title; rare: too few


def test_the_shipped_list_holds_names_and_no_titles():
    shipped = set(build.OUT.read_text(encoding="utf-8").split())
    assert {"david", "gary"} <= shipped
    assert not build.NOT_FIRST_NAMES & shipped
