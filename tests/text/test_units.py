"""The one splitter cuts as each stage's rule says (issue 16: the rules are the ones the
stages had before they shared the splitter)."""
from claimscope.text.units import (
    BLANK_LINES,
    BLANK_LINES_OR_LINES,
    CLAIM_SENTENCES,
    LINK_SENTENCES,
    TECHNIQUE_SENTENCES,
    Unit,
    paragraphs,
    sentences,
)


def texts(spans):
    return [s.text for s in spans]


def test_every_span_points_at_its_text():
    text = "  One. Two!\n\n \nThree…four \"Five.\" Six\n"
    for rule in (BLANK_LINES, BLANK_LINES_OR_LINES):
        for span in paragraphs(text, rule=rule):
            assert text[span.start:span.end] == span.text
    for rule in (CLAIM_SENTENCES, TECHNIQUE_SENTENCES, LINK_SENTENCES):
        for span in sentences(text, rule=rule):
            assert text[span.start:span.end] == span.text


def test_paragraph_rules():
    assert texts(paragraphs("a\n\n b \n")) == ["a", "b"]
    assert texts(paragraphs("a\nb")) == ["a\nb"]  # a line break alone is no paragraph break
    assert texts(paragraphs("a\nb", rule=BLANK_LINES_OR_LINES)) == ["a", "b"]  # no blank line: lines
    assert texts(paragraphs("a\r\n\r\nb\nc", rule=BLANK_LINES_OR_LINES)) == ["a", "b\nc"]
    assert texts(paragraphs("a\r\n\r\nb")) == ["a\r\n\r\nb"]  # the classifiers' rule: spaces and tabs only
    assert texts(paragraphs("xx a\n\nb yy", 3, 8)) == ["a", "b"]


def test_flag_sentences_cut_at_line_breaks_and_glued_ellipses():
    assert texts(sentences("Hi there. you know\nNext…then")) == ["Hi there.", "you know", "Next…", "then"]


def test_claim_sentences_keep_abbreviations():
    assert texts(sentences("U.S. officials met on Sept. 11 in Washington. They left.", rule=CLAIM_SENTENCES)) == [
        "U.S. officials met on Sept. 11 in Washington.", "They left."]
    assert texts(sentences("He said so.\nThen\nit rained", rule=CLAIM_SENTENCES)) == ["He said so.", "Then\nit rained"]


def test_technique_sentences_keep_white_space():
    spans = sentences(" Bad. Worse!  \"Worst\" ok", rule=TECHNIQUE_SENTENCES)
    assert [(s.start, s.end) for s in spans] == [(0, 5), (6, 12), (14, 24)]


def test_link_sentences_give_a_closing_quote_to_the_next_sentence():
    assert texts(sentences('He said "No." Then he left.', rule=LINK_SENTENCES)) == ['He said "No.', '" Then he left.']


def test_a_unit_part_keeps_page_offsets():
    unit = Unit("p", 2, "article", 10, 21, "Hello world")
    assert unit.part(6, 11) == Unit("p", 2, "article", 16, 21, "world")
