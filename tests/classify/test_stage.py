from claimscope.records import LineIndex
from tests.conftest import needs

from .helpers import make_analysis


def _flags(stage, *comments, article=""):
    return stage(make_analysis(*comments, article=article)).flags


def _labels_by_segment(flags):
    found = {}
    for f in flags:
        found.setdefault(f.segment_index, set()).add((f.label, f.target_group))
    return found


def test_stage_contract(stage):
    from claimscope.classify import VERSION, version

    assert stage.name == "classify" and stage.version == version()
    assert stage.version.startswith(VERSION + "+") and VERSION.startswith("classify.v14")
    assert stage.requires == ("segments",) and stage.produces == ("flags",)


def test_hate_with_target_insult_and_neutral(stage):
    flags = _flags(stage,
                   "The bankers are all jooos and the media is full of zio rats.",
                   "You are a moron and a liar, go away.",
                   "Thanks, that was a helpful summary of the talks.",
                   "Those filthy f4gg0ts should be locked up.")
    found = _labels_by_segment(flags)
    assert ("hate", "jewish") in found[0]
    assert ("toxic", None) in found[1] and not any(l == "hate" for l, _ in found[1])
    assert 2 not in found
    assert ("hate", "lgbtq") in found[3]


def test_flags_point_at_their_text(stage):
    analysis = make_analysis("Nice weather.", "Shut up you idiot, the ZOG owns you.")
    lines = LineIndex(analysis.page.text)
    for flag in stage(analysis).flags:
        assert analysis.page.text[flag.start:flag.end]
        assert (flag.line_start, flag.line_end) == lines.lines_of(flag.start, flag.end)
        assert flag.model and 0.0 <= flag.score <= 1.0


def test_article_paragraphs_get_narratives_and_propaganda(stage):
    article = ("Officials met on Monday to discuss the harvest.\n\n"
               "These treacherous, cowardly criminals and their puppet masters will stop at nothing "
               "to destroy our glorious nation and its proud heroic people!\n\n"
               "Some say the coronavirus was a biological weapon made in American laboratories.")
    flags = _flags(stage, article=article)
    labels = {f.label for f in flags}
    assert any(l.startswith("propaganda:") for l in labels)
    narrative = [f for f in flags if f.label == "narrative"]
    assert [f.narrative_id for f in narrative] == ["covid-bioweapon"]
    assert narrative[0].line_start == 5


@needs("classify")
def test_thresholds_are_settings():
    from claimscope.classify import build_stage
    from claimscope.classify.textmodel import MODELS_DIR
    import pytest

    if not any(MODELS_DIR.glob("*.joblib")):
        pytest.skip("trained models are missing")
    from claimscope.settings import load_settings

    strict = build_stage({"settings": load_settings(toxic_threshold=1.01, hate_threshold=1.01,
                                                    narrative_threshold=1.01, propaganda_threshold=1.01)})
    assert strict(make_analysis("Shut up you idiot, the ZOG owns you.")).flags == ()


def test_scores_are_plain_floats(stage):
    # numpy scalars would be stored by SQLite as blobs
    for flag in _flags(stage, "Shut up you idiot, the ZOG owns you.", "What a lovely morning."):
        assert type(flag.score) is float


def test_comment_author_line_is_not_classified(stage):
    import dataclasses

    from claimscope.classify.flags import units_of

    analysis = make_analysis("Zionism = EVIL\n\nGreat points, thanks for the summary!",
                             "Zionism = EVIL\n\nNo you idiot, read the report first.")
    segments = tuple(dataclasses.replace(s, author="Zionism = EVIL") for s in analysis.segments)
    analysis = dataclasses.replace(analysis, segments=segments)
    [unit] = units_of(segments[0])
    assert unit.text == "Great points, thanks for the summary!"
    assert analysis.page.text[unit.start:unit.start + len(unit.text)] == unit.text
    flags = stage(analysis).flags
    assert not [f for f in flags if f.segment_index == 0]
    assert {f.label for f in flags if f.segment_index == 1} == {"toxic"}
    for flag in flags:  # spans stay exact page offsets, inside the body
        assert flag.start >= segments[flag.segment_index].start + len("Zionism = EVIL\n\n")
        assert analysis.page.text[flag.start:flag.end]


def test_author_line_kept_when_the_name_is_not_a_line_of_its_own():
    import dataclasses

    from claimscope.classify.flags import units_of

    [segment] = make_analysis("Bob is right about this.").segments
    [unit] = units_of(dataclasses.replace(segment, author="Bob"))
    assert unit.text == "Bob is right about this."
