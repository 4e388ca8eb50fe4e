from claimscope.classify.settings import SETTINGS, ClassifySettings, resolve_settings
from claimscope.classify.textunits import paragraphs, sentences


def test_settings_nested_flat_and_defaults():
    assert resolve_settings(None) == ClassifySettings()
    assert resolve_settings({"classify": {"hate_threshold": 0.7}}).hate_threshold == 0.7
    assert resolve_settings({"classify.toxic_threshold": 0.9}).toxic_threshold == 0.9


def test_every_setting_is_documented(repo_dir):
    doc = (repo_dir / "docs" / "classify.md").read_text()
    for name, _default, _help in SETTINGS:
        assert f"`{name}`" in doc


def test_units_keep_offsets():
    text = "First para. Second sentence!\n\nNext para…then more"
    for unit in paragraphs(text) + sentences(text):
        assert text[unit.start:unit.end] == unit.text
    assert [u.text for u in paragraphs(text)] == ["First para. Second sentence!", "Next para…then more"]
