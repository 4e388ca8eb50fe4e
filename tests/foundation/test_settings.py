import dataclasses
import pickle
import typing
from pathlib import Path

import pytest

from claimscope.errors import ClaimscopeError
from claimscope.settings import SETTINGS, Settings, load_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_every_setting_has_help_and_is_documented():
    documented = DOCS.read_text(encoding="utf-8")
    for name, _default, help_ in SETTINGS:
        assert help_.strip(), name
        assert f"`{name}`" in documented, f"{name} is missing from docs/settings.md"


def test_settings_class_declares_every_row_with_its_default():
    """Settings is declared field by field (so type checkers see it); it must match the table."""
    fields = dataclasses.fields(Settings)
    assert [(f.name, f.default) for f in fields] == [(name, default) for name, default, _ in SETTINGS]
    hints = typing.get_type_hints(Settings)
    for f, (name, default, _) in zip(fields, SETTINGS, strict=True):
        assert type(f.default) is type(default), name  # 1 == 1.0 == True: compare the types too
        assert isinstance(default, typing.get_origin(hints[name]) or hints[name]), name
    settings = load_settings()
    assert settings == Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.worker_threads = 2  # type: ignore[misc]
    # worker processes receive settings by pickle, which finds the class by its module
    assert pickle.loads(pickle.dumps(settings)) == settings


def test_settings_file_overrides_and_rejects_typos(tmp_path):
    good = tmp_path / "ok.toml"
    good.write_text("[claimscope]\nboilerplate_min_pages = 7\n")
    assert load_settings(good).boilerplate_min_pages == 7
    bad = tmp_path / "bad.toml"
    bad.write_text("[claimscope]\nboilerplate_min_page = 7\n")
    with pytest.raises(ClaimscopeError, match="unknown setting"):
        load_settings(bad)
