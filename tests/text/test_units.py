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


def test_claim_sentences_keep_a_rank_before_its_name():
    """A police or military rank ends no sentence: its quotation keeps its speaker."""
    text = '"We can\'t be everywhere," Det. Sgt. Mary Jones told reporters. Const. Dave Woodford agreed.'
    assert texts(sentences(text, rule=CLAIM_SENTENCES)) == [
        '"We can\'t be everywhere," Det. Sgt. Mary Jones told reporters.', "Const. Dave Woodford agreed."]


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


def test_a_comments_controls_never_reach_a_model():
    """A comment that is only its widget's control ("Report this comment (Comment number
    391)", as a comment list in HTML gives it) has nothing to analyse; controls around a
    comment's words are cut from what the models read, its words are not."""
    from claimscope.records import Segment
    from claimscope.text.content import is_control_line, is_header_line
    from claimscope.text.units import content_bounds, units_of

    def comment(text: str) -> Segment:
        return Segment(page_id="p", index=0, kind="comment", start=100, end=100 + len(text),
                       line_start=1, line_end=text.count("\n") + 1, text=text, producer="test")

    control_only = comment("Report this comment (Comment number 391)")
    assert units_of(control_only) == []
    said = "The committee should ask the universities first.\nLike · Reply\n"
    around = comment("Reply\n" + said)
    (unit,) = units_of(around)
    assert unit.text == "The committee should ask the universities first."
    assert around.text[unit.start - 100:unit.start - 100 + len(unit.text)] == unit.text
    start, end = content_bounds(around)
    assert (start, end) == (unit.start, unit.start + len(unit.text))
    assert is_control_line("  » Reply ") and is_header_line("Report this comment (Comment number 391)")
    assert is_control_line("Reply to this comment")  # CBS News, under every comment: never its author
    # a line that opens like a control but goes on is what the commenter says
    assert not is_control_line("Reply to the minister: the figures for 2011 were never published.")
    assert not is_header_line("Share the cost with the universities, not the students.")
