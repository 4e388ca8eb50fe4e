"""Issue 19: a hate flag names its target group, and a mention of a group is not hate."""
import pytest

from claimscope.classify import toxicity
from claimscope.classify.lexicon import load_lexicon

from .helpers import make_analysis

CALM = {"none": 0.9, "hate": 0.05, "offensive": 0.05}
HATEFUL = {"none": 0.1, "hate": 0.8, "offensive": 0.1}


@pytest.fixture
def cutoff(monkeypatch):
    monkeypatch.setattr(toxicity, "hate_rule", lambda: "claim")
    monkeypatch.setattr(toxicity, "hate_cutoff", lambda: 0.3)


def _hits(text):
    return toxicity.text_hits(text, load_lexicon())


@pytest.mark.parametrize("text, nation", [
    ("Rebels were encircled by the Syrian army near the border.", "syrian"),
    ("Iranian officials said the talks would resume on Monday.", "iranian"),
    ("The Russian government denied the report.", "russian"),
])
def test_a_nationality_that_qualifies_an_institution_names_no_group(text, nation):
    assert any(h.group == f"national_ethnic:{nation}" for h in load_lexicon().hits(text))
    assert toxicity.group_mentions(_hits(text)) == []


def test_the_people_of_a_nation_are_still_a_group():
    assert [h.group for h in toxicity.group_mentions(_hits("Syrians are fleeing the war."))] == [
        "national_ethnic:syrian"]


def test_model_hate_attaches_to_the_sentence_that_names_the_group(cutoff):
    text = "My Iranian neighbours are lovely people. Those Muslims never stop lying."
    hits = _hits(text)
    first, second = text.index(". ") + 1, len(text)
    windows = [(0, first, CALM), (first + 1, second, HATEFUL)]
    targets = {t.group: t for t in toxicity.group_targets(hits, text, windows)}
    assert targets["muslim"].score() >= 0.5
    assert targets["national_ethnic:iranian"].score() < 0.2  # mentioned in a calm sentence
    assert text[targets["muslim"].start:targets["muslim"].end] == "Muslims"


def test_a_text_that_names_no_group_has_no_hate_score(cutoff):
    text = "They are all liars and should be ashamed of themselves."
    score = toxicity._score(HATEFUL, _hits(text), text, [(0, len(text), HATEFUL)])
    assert score.targets == () and score.hate == 0.0
    assert score.toxic > 0  # it may still be toxic


@pytest.fixture(scope="module")
def flags_of(stage):
    def run(*comments, article=""):
        return stage(make_analysis(*comments, article=article)).flags
    return run


def _hate(flags):
    return [(f.target_group, f.evidence) for f in flags if f.label == "hate"]


def test_praise_of_a_group_is_not_hate(flags_of):
    flags = flags_of("I worked in Tehran for two years and the Iranians I met were the kindest, "
                     "most generous people I have ever known.",
                     "Mexicans are hard-working people who keep this economy going.")
    assert [f.label for f in flags if f.label in ("hate", "toxic")] == []


def test_a_news_sentence_naming_a_nationality_is_not_hate(flags_of):
    flags = flags_of("Israel evacuated 800 aid workers encircled by the Syrian army.",
                     article="Ukrainian and Russian negotiators met in Istanbul on Tuesday, "
                             "the Turkish foreign ministry said.")
    assert _hate(flags) == []


def test_a_hateful_sentence_is_flagged_with_its_target(flags_of):
    flags = flags_of("Muslims are vermin and should all be deported.")
    assert [g for g, _ in _hate(flags)] == ["muslim"]


def test_only_the_targeted_group_of_a_mixed_comment_is_flagged(flags_of):
    flags = flags_of("My Iranian neighbours are lovely people and great cooks. "
                     "But muslims are vermin and should all be deported.")
    assert [g for g, _ in _hate(flags)] == ["muslim"]


@pytest.mark.parametrize("name", ["000_269e1e4631f983df.txt", "003_9aea6662ff77b1b6.txt"])
def test_every_hate_flag_on_the_sample_pages_names_its_target(stage, sample_analysis, name):
    flags = [f for f in stage(sample_analysis(name)).flags if f.label == "hate"]
    assert all(f.target_group for f in flags), [f.evidence for f in flags if not f.target_group]
    if name.startswith("000"):  # a thread full of slurs: the property must not hold vacuously
        assert len(flags) >= 5


@pytest.mark.parametrize("phrase", ["the Iranians have a 7.2% mortality rate", "encircled by the Syrian army"])
def test_sample000_mentions_of_nations_are_not_hate(stage, sample_analysis, phrase):
    analysis = stage(sample_analysis("000_269e1e4631f983df.txt"))
    [segment] = [s for s in analysis.segments if phrase in s.text]
    assert [f.target_group for f in analysis.flags
            if f.segment_index == segment.index and f.label == "hate"] == []


@pytest.mark.parametrize("probs, hateful", [({"none": 0.2, "hate": 0.2, "offensive": 0.6}, False),
                                            ({"none": 0.2, "hate": 0.6, "offensive": 0.2}, True)])
def test_under_the_agree_rule_a_slur_needs_the_model(monkeypatch, cutoff, probs, hateful):
    monkeypatch.setattr(toxicity, "slur_rule", lambda: "agree")
    text = "shut up you stupid faggot, nobody asked you"
    hits = _hits(text)
    score = toxicity._score(probs, hits, text, [(0, len(text), probs)])
    assert (score.hate >= 0.5) is hateful
    assert score.toxic >= 0.5  # abuse either way


def test_under_the_always_rule_a_slur_is_hate(monkeypatch, cutoff):
    monkeypatch.setattr(toxicity, "slur_rule", lambda: "always")
    text = "shut up you stupid faggot, nobody asked you"
    probs = {"none": 0.2, "hate": 0.2, "offensive": 0.6}
    score = toxicity._score(probs, _hits(text), text, [(0, len(text), probs)])
    assert [t.group for t in toxicity.targets_of(score, 0.5)] == ["lgbtq"]


@pytest.mark.parametrize("text, praising", [
    ("Mexicans are hard-working people who keep this town going.", True),
    ("I admire how welcoming the Kurds were to us.", True),
    ("Mexicans are not hard-working at all.", False),
    ("Muslims are vermin, the kind you cannot trust.", False),  # a hostile word wins
    ("Our charity makes sure girls and women are benefiting from the schools.", True),  # advocacy
    ("In these villages the women are far more repressed than the men.", True),  # sympathy
])
def test_praise_of_a_group_is_recognised(text, praising):
    assert toxicity.praises(text, _hits(text)) is praising


def test_praise_holds_back_model_hate(cutoff):
    text = "Mexicans are hard-working people who keep this town going."
    score = toxicity._score(HATEFUL, _hits(text), text, [(0, len(text), HATEFUL)])
    assert score.hate < 0.5 and score.toxic < 0.5


@pytest.mark.parametrize("text, own", [
    ("Can I help from here, as an Israeli living in Haifa?", True),
    ("We Muslims fast during Ramadan.", True),
    ("Israelis should leave the region.", False),
])
def test_the_speakers_own_group_is_self_identified(text, own):
    [mention] = [h for h in _hits(text) if h.group]
    assert toxicity.self_identified(text, mention) is own


def test_a_self_identified_group_gets_no_model_hate(cutoff):
    text = "Can I help from here, as an Israeli living in Haifa?"
    score = toxicity._score(HATEFUL, _hits(text), text, [(0, len(text), HATEFUL)])
    assert score.hate < 0.5
