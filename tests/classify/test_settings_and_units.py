from claimscope.classify import READS
from claimscope.text.units import paragraphs, sentences
from tests.conftest import needs


def test_every_classify_setting_is_documented_with_the_stage(repo_dir):
    doc = (repo_dir / "docs" / "classify.md").read_text()
    for name in READS:
        assert f"`{name}`" in doc


def test_units_keep_offsets():
    text = "First para. Second sentence!\n\nNext para…then more"
    for unit in paragraphs(text) + sentences(text):
        assert text[unit.start:unit.end] == unit.text
    assert [u.text for u in paragraphs(text)] == ["First para. Second sentence!", "Next para…then more"]


@needs("classify")
def test_run_settings_reach_the_classify_stage(tmp_path):
    """A `claimscope run --config` file sets the classify thresholds and an extra catalogue."""
    from claimscope.classify import build_stage
    from claimscope.settings import load_settings

    extra = tmp_path / "mine.toml"
    extra.write_text('version = "mine.v1"\n', encoding="utf-8")
    config = tmp_path / "run.toml"
    config.write_text(f'[claimscope]\nhate_threshold = 0.8\npropaganda_threshold = 0.3\n'
                      f'narrative_catalogue = "{extra}"\nclassify_kinds = ["comment"]\n', encoding="utf-8")
    settings = build_stage({"settings": load_settings(config)}).settings
    assert (settings.hate_threshold, settings.propaganda_threshold) == (0.8, 0.3)
    assert settings.narrative_catalogue == str(extra) and settings.classify_kinds == ("comment",)


@needs("classify")
def test_an_extra_catalogue_is_matched_besides_the_built_in_one(tmp_path):
    from claimscope.classify import build_stage
    from claimscope.settings import load_settings

    extra = tmp_path / "mine.toml"
    extra.write_text('version = "mine.v1"\n[[narrative]]\nid = "lizard-rulers"\ntitle = "Lizards rule"\n'
                     'description = "d"\nexamples = []\nrequire = ["lizard", "rule"]\n'
                     '[narrative.cues]\nlizard = ["reptilians?", "lizard people"]\nrule = ["rul(e|ers?|ing)"]\n',
                     encoding="utf-8")
    stage = build_stage({"settings": load_settings(narrative_catalogue=str(extra))})
    ids = {n.id for n in stage.catalogue.narratives}
    assert "lizard-rulers" in ids and "covid-5g" in ids
    assert stage.catalogue.version.endswith("+mine.v1")
    assert [m.narrative_id for m in stage.catalogue.match("The reptilians are ruling us all.")] == ["lizard-rulers"]


def test_propaganda_flag_spans_the_sentence_of_its_strongest_piece():
    from claimscope.classify.flags import propaganda_flags, units_of
    from claimscope.classify.propaganda import TechniqueScores
    from claimscope.records import LineIndex

    from .helpers import make_analysis

    analysis = make_analysis(article="Talks began on Monday. These cowardly criminals lie!\nThey always lie.")
    [unit] = units_of(analysis.segments[0])
    lines = LineIndex(analysis.page.text)
    at = unit.text.index("cowardly")
    scores = TechniqueScores({"Loaded_Language": 0.9, "Doubt": 0.8, "Slogans": 0.1},
                             {"Loaded_Language": (at, at + 8)})
    flags = propaganda_flags(unit, scores, {"Loaded_Language": 0.5, "Doubt": 0.5, "Slogans": 0.5}, lines, "m")
    assert [f.label for f in flags] == ["propaganda:Doubt", "propaganda:Loaded_Language"]
    doubt, loaded = flags
    page = analysis.page.text
    assert page[loaded.start:loaded.end] == "These cowardly criminals lie!" and loaded.line_start == 1
    assert page[doubt.start:doubt.end] == unit.text and (doubt.line_start, doubt.line_end) == (1, 2)
