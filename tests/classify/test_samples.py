"""Issue 6 acceptance on the two shared sample pages (skips without ../shared)."""
import pytest


@pytest.fixture
def sample000(stage, sample_analysis):
    analysis = stage(sample_analysis("000_269e1e4631f983df.txt"))
    return analysis


def _segment_flags(analysis, phrase):
    [segment] = [s for s in analysis.segments if phrase in s.text]
    return segment, [f for f in analysis.flags if f.segment_index == segment.index]


@pytest.mark.parametrize("phrase, group", [
    ("Putin is corrupt and a Jew", "jewish"),
    ("Media is jewhadis", "jewish"),
    ("are the true zogs", "jewish"),
    ("little queer fantasy boy", "lgbtq"),
    ("aids infested facists", "lgbtq"),
])
def test_sample000_hate_with_target(sample000, phrase, group):
    _, flags = _segment_flags(sample000, phrase)
    assert ("hate", group) in {(f.label, f.target_group) for f in flags}


def test_sample000_insult_is_toxic_not_hate(sample000):
    segment, flags = _segment_flags(sample000, "No you idiot, Ghaani")
    assert segment.kind == "comment"
    labels = {f.label for f in flags}
    assert "toxic" in labels and "hate" not in labels


@pytest.mark.parametrize("phrase", ["Great points!", "Could the Kurds have seen sense"])
def test_sample000_neutral_comments_not_flagged(sample000, phrase):
    _, flags = _segment_flags(sample000, phrase)
    assert [f.label for f in flags if f.label in ("toxic", "hate")] == []


def test_sample000_5g_comment_matches_narrative(sample000):
    flags = [f for f in sample000.flags if f.narrative_id == "covid-5g"]
    assert flags and "5G" in flags[0].evidence


def test_sample003_houthi_article_matches_bioweapon(stage, sample_analysis):
    analysis = stage(sample_analysis("003_9aea6662ff77b1b6.txt"))
    hits = [f for f in analysis.flags if f.narrative_id == "covid-bioweapon"]
    assert any(170 <= f.line_start <= 204 for f in hits)
