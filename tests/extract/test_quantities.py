"""Quantities: each form news writes an amount in, and each kind of number that is no
amount (issue 18)."""
import pytest

from claimscope.extract.quantities import find_quantities


def _one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


@pytest.mark.parametrize("text, value, unit", [
    ("Putin paid off the $45 billion debt", 45e9, "USD"),
    ("the US has at least $22 trillion of national debt", 22e12, "USD"),
    ("a loan of €5 million", 5e6, "EUR"),
    ("they spent £2bn", 2e9, "GBP"),
    ("a fine of 300 rubles", 300, "RUB"),
    ("it cost 45 billion dollars", 45e9, "USD"),
    ("donate 2,500 $", 2500, "USD"),
    ("US received 80 cents", 0.8, "USD"),
    ("a $145-million deal", 145e6, "USD"),
    ("a 2.5-million-dollar house", 2.5e6, "USD"),
    ("a transfer fee of £2.5m", 2.5e6, "GBP"),
    ("He paid US$5m for it", 5e6, "USD"),
    ("a $40k salary", 4e4, "USD"),
    ("It cost C$40 million", 40e6, "CAD"),
    ("A$3.5 billion was pledged", 3.5e9, "AUD"),
    ("HK$20 billion in loans", 20e9, "HKD"),
])
def test_money_has_its_currency(text, value, unit):
    q = _one(text)
    assert (q.kind, q.value, q.unit) == ("money", pytest.approx(value), unit)


def test_percentages_have_a_unit_and_keep_the_comparator():
    q = _one("those who would not pay the standard 13% flat tax")
    assert (q.kind, q.value, q.unit, q.counted) == ("percent", 13, "percent", "flat tax")
    q = _one("more than 11 percent of them died")
    assert (q.value, q.unit, q.qualifier, q.lower) == (11, "percent", "lower_bound", 11)


@pytest.mark.parametrize("text, low, high, counted", [
    ("about 10-15 people were injured", 10, 15, "people injured"),
    ("between 10 and 15 soldiers", 10, 15, "soldiers"),
    ("10 to 15 million people", 10e6, 15e6, "people"),
])
def test_ranges_have_bounds_and_no_single_value(text, low, high, counted):
    q = _one(text)
    assert (q.value, q.lower, q.upper, q.qualifier, q.counted) == (None, low, high, "range", counted)


def test_a_change_is_not_a_range():
    found = find_quantities("the number rose from 10,000 to 73,000 people")
    assert [(q.value, q.counted) for q in found] == [(10_000, None), (73_000, "people")]


@pytest.mark.parametrize("text, rate", [
    ("it costs 45 billion dollars a year", "year"),
    ("300 people per day", "day"),
    ("$5 million annually", "year"),
])
def test_rates(text, rate):
    assert _one(text).rate == rate


@pytest.mark.parametrize("text, lower", [
    ("several thousand people still remain", 2000),
    ("the pandemic has killed thousands of people", 2000),
    ("hundreds of protesters", 200),
    ("deals worth billions of dollars", 2e9),
])
def test_vague_amounts_stay_vague(text, lower):
    q = _one(text)
    assert q.value is None and q.vague and q.lower == lower and q.qualifier == "lower_bound"


def test_fractions_keep_their_comparator():
    q = _one("more than two-thirds of the Yemeni population")
    assert (q.kind, q.value, q.qualifier, q.counted) == ("fraction", 0.6667, "lower_bound", "Yemeni population")
    assert find_quantities("a third rate KGB major") == []  # an adjective, not a share
    assert _one("a third of them").value == 0.3333


@pytest.mark.parametrize("text", [
    "Holy Quran, Anfal 71\n",  # a verse
    "listen at dealstudio.com/searchdeals.php?deal_id=76704&ru=279 tonight",  # a web address
    "Top Searches | - 1 video - 2 saudi - 3 robin meade - 4 ces",  # a list flattened into one line
    "took my 80 yr old mom to the movies",  # an age
    "see http://www.example.org/showthread.php?385039-Town-Halls-August",
    "under Article 5 of the treaty",
    "Posted by INTERNATIONALIST 360° on",  # a site's name
    "the Su-35 and the S-400",
    "the G7 met",
    "COVID-19 spread; the Covid 19 bail out",
    "the 20th Division in the 21st century",
    "at 12:45 A.M. on 2020-03-28",
    "call +1 555 123 4567 now",
    "in the winter seasons 2013/14",
    "in 2016 and on March 5",
    "1. forced vaccination 2.Quantum Dot",
    "Iran's biggest group is the under 30's",
    "one world government",
    # ages written beside a name or after "age", golf scores, addresses, spelled phones,
    # clock times and dates written otherwise, markers inside a line, time stamps
    "Stastny, 22, leads the Avalanche",
    "(Mr Burrell, 49)",
    "all under the age of 23",
    "their 5 year olds animated it",
    "after a round of 73",
    "on five-under",
    "by mail at 5600 Fishers Lane, or 101 Elliott Ave. W.",
    "call 888-INFO-FDA or 855-543-DRUG (3784)",
    "a 4 p.m. news conference",
    "[Published: 8-Jan-2008]",
    "I would love to see 1) more of (2)",
    "59 minutes ago",
    "Gamez shot a five-under-par 67; Leonard shot a third-round 67; Perry posted a 65",
    "He was 86.",
    "sealed a 3-0 series clean sweep after their 1-0 loss",
])
def test_numbers_that_are_no_amount(text):
    assert find_quantities(text) == [], [q.text for q in find_quantities(text)]


def test_counts_say_what_they_count():
    q = _one("more than 3,000 civilians were killed")
    assert (q.value, q.counted, q.qualifier, q.lower) == (3000, "civilians killed", "lower_bound", 3000)
    assert _one("about 50 people. Zakharova said").counted == "people"  # not past the sentence
    assert _one("two U.S. officials said").counted == "U.S. officials"


def test_measures_are_not_counts():
    q = _one("a range of 50km")
    assert (q.kind, q.value, q.unit) == ("measure", 50, "km")


@pytest.mark.parametrize("text, value, unit", [
    ("a story spanning twenty-five years", 25, None),  # not 20 and a stray "five"
    ("thirty one cars", 31, None),
    ("a three-and-a-half-year deal", 3.5, None),
    ("seen in about 50%of the population", 50, "percent"),
    ("he chipped in from 16 yards", 16, "yd"),
    ("a 20-yard volley", 20, "yd"),
    ("the 1700 mAh battery", 1700, "mAh"),
    ("weighing a mere 0.9 ounces", 0.9, "oz"),
])
def test_spelled_compounds_and_measures_keep_their_value_and_unit(text, value, unit):
    q = _one(text)
    assert (q.value, q.unit) == (value, unit)


def test_a_count_beside_a_lowercase_word_is_no_age():
    assert _one("of the people, 12, were hurt").value == 12
    assert _one("the count was 86 votes").value == 86


def test_a_range_is_written_low_to_high():
    q = _one("it takes 2-3 days")
    assert (q.lower, q.upper) == (2, 3)


def test_a_letter_scales_an_amount_only_after_a_currency_sign():
    assert not find_quantities("He stood 5m from the shore")  # metres, not five million
    assert _one("a 3-million-strong army").value == pytest.approx(3e6)
    q = _one("fees of £5-10m")
    assert (q.lower, q.upper, q.unit) == (pytest.approx(5e6), pytest.approx(10e6), "GBP")


@pytest.mark.parametrize("text, value, kind, unit", [
    ("He weighs 225 pounds.", 225, "measure", "lb"),
    ("the 6-foot-4, 225-pound guard", 6 + 4 / 12, "measure", "ft"),
    ("He is 6 feet 4 inches tall", 6 + 4 / 12, "measure", "ft"),
    ("They paid 500 pounds for the car", 500, "money", "GBP"),
    ("a 5 million pounds deal", 5e6, "money", "GBP"),
])
def test_pounds_are_a_weight_unless_money_is_spoken_of_and_a_height_keeps_its_inches(text, value, kind, unit):
    q = find_quantities(text)[0]
    assert (q.value, q.kind, q.unit) == (pytest.approx(value), kind, unit)


def test_a_number_after_feet_is_inches_only_when_the_height_says_so():
    feet, times = find_quantities("He fell 20 feet 10 times")
    assert (feet.value, feet.unit, times.value) == (20, "ft", 10)
