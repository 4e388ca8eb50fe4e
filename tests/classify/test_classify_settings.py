"""Issue 16: each classify setting changes which flags are written, on real texts."""
import functools

import pytest

from claimscope.classify import build_stage
from claimscope.classify.textmodel import MODELS_DIR
from claimscope.settings import load_settings
from tests.conftest import needs

from .helpers import make_analysis

pytestmark = needs("classify")  # every test builds the stage

HATE = "The bankers are all jooos and the media is full of zio rats."
INSULT = "You are a moron and a liar, go away."
LOADED = ("These treacherous, cowardly criminals and their puppet masters will stop at nothing "
          "to destroy our glorious nation and its proud heroic people!")
BIOWEAPON = "Some say the coronavirus was a biological weapon made in American laboratories."
ARTICLE = f"Officials met on Monday to discuss the harvest.\n\n{LOADED}\n\n{BIOWEAPON}"


@pytest.fixture(autouse=True)
def _models():
    if not any(MODELS_DIR.glob("*.joblib")):
        pytest.skip("trained models are missing")


@functools.cache
def _stage(**settings):
    return build_stage({"settings": load_settings(**settings)})


def _labels(*comments, article="", **settings) -> list[tuple[int, str]]:
    flags = _stage(**settings)(make_analysis(*comments, article=article)).flags
    return sorted({(f.segment_index, f.label) for f in flags})


def _propaganda(labels) -> list:
    return [item for item in labels if item[1].startswith("propaganda:")]


def test_setting_hate_threshold():
    assert (0, "hate") in _labels(HATE)
    assert (0, "hate") not in _labels(HATE, hate_threshold=1.01)


def test_setting_toxic_threshold():
    assert _labels(INSULT) == [(0, "toxic")]
    assert _labels(INSULT, toxic_threshold=1.01) == []
    assert (0, "hate") in _labels(HATE, toxic_threshold=1.01)  # hate has its own threshold


def test_setting_propaganda_threshold():
    default = _propaganda(_labels(article=ARTICLE))
    assert default
    assert _propaganda(_labels(article=ARTICLE, propaganda_threshold=1.01)) == []
    assert len(_propaganda(_labels(article=ARTICLE, propaganda_threshold=0.05))) > len(default)


def test_setting_narrative_threshold():
    assert (0, "narrative") in _labels(article=ARTICLE)
    assert (0, "narrative") not in _labels(article=ARTICLE, narrative_threshold=1.01)


CATALOGUE = ('version = "mine.v1"\n[[narrative]]\nid = "lizard-rulers"\ntitle = "Lizards rule"\n'
             'description = "d"\nexamples = []\nrequire = ["lizard", "rule"]\n'
             '[narrative.cues]\nlizard = ["reptilians?", "lizard people"]\nrule = ["rul(e|ers?|ing)"]\n')
LIZARDS = "The reptilians are ruling us all."


def _narratives(text: str, **settings) -> set[str]:
    analysis = make_analysis(article=text)
    return {f.narrative_id for f in _stage(**settings)(analysis).flags if f.label == "narrative"}


def test_setting_narratives_file(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(CATALOGUE, encoding="utf-8")
    assert _narratives(BIOWEAPON) == {"covid-bioweapon"} and _narratives(LIZARDS) == set()
    assert _narratives(LIZARDS, narratives_file=str(mine)) == {"lizard-rulers"}
    assert _narratives(BIOWEAPON, narratives_file=str(mine)) == set()  # the built-in one is replaced


def test_setting_narrative_catalogue(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(CATALOGUE, encoding="utf-8")
    assert _narratives(LIZARDS, narrative_catalogue=str(mine)) == {"lizard-rulers"}
    assert _narratives(BIOWEAPON, narrative_catalogue=str(mine)) == {"covid-bioweapon"}  # kept besides


def test_setting_lexicon_file(tmp_path):
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('version = "mine.v1"\n[[term]]\npattern = "florbix(es)?"\nkind = "insult"\n'
                       'weight = 0.9\n', encoding="utf-8")
    text = "That florbix posted again about the weather today."
    assert _labels(text) == []
    assert _labels(text, lexicon_file=str(lexicon)) == [(0, "toxic")]


def test_setting_propaganda_on_comments():
    assert _propaganda(_labels(LOADED)) == []  # comments: toxicity and narratives only
    assert _propaganda(_labels(LOADED, propaganda_on_comments=True))


def test_setting_classify_kinds():
    assert _labels(INSULT, article=ARTICLE, classify_kinds=("comment",)) == [(1, "toxic")]
    only_articles = _labels(INSULT, article=ARTICLE, classify_kinds=("article",))
    assert only_articles and all(index == 0 for index, _ in only_articles)


class _Recording:
    """The run's settings, noting which ones are read."""

    def __init__(self, settings) -> None:
        self._settings, self.read = settings, set()

    def __getattr__(self, name):
        self.read.add(name)
        return getattr(self._settings, name)


def test_the_stage_reads_only_the_settings_its_version_counts():
    from claimscope.classify import READS

    recording = _Recording(load_settings())
    stage = build_stage({"settings": recording})
    stage(make_analysis(HATE, INSULT, article=ARTICLE))
    assert recording.read <= set(READS)
    assert {"hate_threshold", "toxic_threshold", "classify_kinds"} <= recording.read


def _shown(*comments, article="", **settings) -> list[tuple[str, bool]]:
    flags = _stage(**settings)(make_analysis(*comments, article=article)).flags
    return sorted((f.label, f.shown) for f in flags if f.label.startswith("propaganda:"))


def test_setting_propaganda_shown_calibration():
    """The real-page calibration shows fewer of the same stored flags than SemEval's alone."""
    pages = _shown(article=ARTICLE, propaganda_threshold=0.05)
    articles = _shown(article=ARTICLE, propaganda_threshold=0.05, propaganda_shown_calibration="articles")
    assert [label for label, _ in pages] == [label for label, _ in articles]
    assert sum(shown for _, shown in articles) > sum(shown for _, shown in pages)
    assert all(a or not p for (_, p), (_, a) in zip(pages, articles))  # every flag shown under pages is shown


def test_setting_propaganda_shown_threshold():
    """Issue #19: the shown threshold decides which stored flags are shown by default; it
    never changes which flags are stored."""
    stored = _shown(article=ARTICLE, propaganda_threshold=0.05)
    assert stored and any(not shown for _, shown in stored)  # low scores: kept, not shown
    hidden = _shown(article=ARTICLE, propaganda_threshold=0.05, propaganda_shown_threshold=1.01)
    assert [label for label, _ in hidden] == [label for label, _ in stored]
    assert not any(shown for _, shown in hidden)
    everything = _shown(article=ARTICLE, propaganda_threshold=0.05, propaganda_shown_threshold=0.01)
    assert [label for label, _ in everything] == [label for label, _ in stored]
    assert all(shown for _, shown in everything)


def test_flags_other_than_propaganda_are_always_shown():
    flags = _stage()(make_analysis(HATE, INSULT, article=ARTICLE)).flags
    others = [f for f in flags if not f.label.startswith("propaganda:")]
    assert others and all(f.shown for f in others)


def test_setting_toxic_shown_threshold():
    """A toxic flag the lexicon does not back is shown from the shown threshold up; under
    it the flag is stored and left out of the default views. An insult the lexicon finds
    is shown as stored. The threshold never changes which flags are stored."""
    def toxic(text, **settings):
        flags = _stage(**settings)(make_analysis(text)).flags
        return [(f.score, f.shown) for f in flags if f.label == "toxic"]

    plain = "I disagree with every word of this post."  # stored only under a tiny threshold
    [(score, _)] = toxic(plain, toxic_threshold=0.01)
    assert toxic(plain, toxic_threshold=0.01, toxic_shown_threshold=score + 0.01) == [(score, False)]
    assert toxic(plain, toxic_threshold=0.01, toxic_shown_threshold=score) == [(score, True)]
    [(insult, shown)] = toxic(INSULT, toxic_shown_threshold=1.01)
    assert shown and insult < 1.01


def test_an_insult_word_in_an_article_is_stored_not_shown():
    article = "Before the class I told my friend that I was going to look like a moron on the mat."
    flags = _stage()(make_analysis(INSULT, article=article)).flags
    toxic = {f.segment_kind: f.shown for f in flags if f.label == "toxic"}
    assert toxic == {"comment": True, "article": False}


def _hate_shown(*comments, **settings) -> list[tuple[str, bool]]:
    flags = _stage(**settings)(make_analysis(*comments)).flags
    return sorted((f.target_group or "", f.shown) for f in flags if f.label == "hate")


def test_setting_hate_shown_threshold():
    """A hate flag a slur or coded term carries is shown; one the model alone carries (a group
    named in a sentence it scores as hateful) is stored and shown only from
    hate_shown_threshold: on labelled real comment threads 3 of 30 such flags were hate."""
    group_only = "The Indians and the Americans should all just go away, they are the worst."
    slurred = "The bankers are all jooos and the media is full of zio rats."
    stored = _hate_shown(group_only, slurred, hate_threshold=0.3)
    assert ("jewish", True) in stored
    model_only = [shown for group, shown in stored if group.startswith("national_ethnic")]
    assert model_only and not any(model_only)
    lowered = _hate_shown(group_only, slurred, hate_threshold=0.3, hate_shown_threshold=0.3)
    assert all(shown for _, shown in lowered) and len(lowered) == len(stored)


def test_a_forum_signature_under_every_post_is_not_shown():
    signature = "Anyone who likes Rihanna is an idiot."
    comments = [f"I liked the {topic} a lot, thanks for writing it up.\n\n{signature}"
                for topic in ("first part", "photos", "ending", "interview")]
    flags = _stage()(make_analysis(*comments, "You are a moron and a liar, go away.")).flags
    toxic = [(f.evidence, f.shown) for f in flags if f.label == "toxic"]
    assert [shown for evidence, shown in toxic if "Rihanna" in evidence] == [False] * 4
    assert [shown for evidence, shown in toxic if "moron" in evidence] == [True]
