from claimscope.extract.dates import find_anchor, find_dates
from claimscope.extract.quantities import find_quantities
from claimscope.extract.quotes import quote_regions
from claimscope.text.units import CLAIM_SENTENCES
from claimscope.text.units import sentences as _sentences


def split_sentences(text):
    return _sentences(text, rule=CLAIM_SENTENCES)


def test_quantities_forms_and_qualifiers():
    text = "more than 1067 ballistic missiles, hundreds of protesters, about 19 thousand people were evacuated, in 2016"
    found = {q.text: q for q in find_quantities(text)}
    assert found["more than 1067"].value == 1067 and found["more than 1067"].qualifier == "lower_bound"
    assert found["more than 1067"].counted == "ballistic missiles"
    assert found["hundreds of"].counted == "protesters"
    assert found["about 19 thousand"].value == 19000 and found["about 19 thousand"].counted == "people evacuated"
    assert "2016" not in found  # a year is not a quantity


def test_dates_anchor_and_relative():
    anchor = find_anchor("Posted March 28, 2020. Text.", None)
    assert anchor.isoformat() == "2020-03-28"
    values = {d.text: d for d in find_dates("On Monday and on March 27 it rained", anchor=anchor)}
    assert values["Monday"].value == "2020-03-23" and values["March 27"].value == "2020-03-27"
    unanchored = find_dates("on Monday", anchor=None)[0]
    assert unanchored.relative and unanchored.value is None


def test_quotes_continue_over_paragraphs():
    text = "He said: “First part.\n\n“Second part,” he added."
    assert any(text[s:e].endswith("part,”") and text[s] == "“" for s, e in quote_regions(text))


def test_sentences_keep_abbreviations():
    sentences = split_sentences("U.S. officials met on Sept. 11 in Washington. They left.")
    assert [s.text for s in sentences] == ["U.S. officials met on Sept. 11 in Washington.", "They left."]


def test_content_edges_drop_no_break_spaces():
    from claimscope.extract.attribution import _trim

    text = "will discuss\xa0his new book,"
    assert text[slice(*_trim(text, (12, len(text))))] == "his new book"
