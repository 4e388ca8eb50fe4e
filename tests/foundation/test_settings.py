from pathlib import Path

import pytest

from claimscope.errors import ClaimscopeError
from claimscope.settings import SETTINGS, load_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_every_setting_has_help_and_is_documented():
    documented = DOCS.read_text(encoding="utf-8")
    for name, default, help_ in SETTINGS:
        assert help_.strip(), name
        assert f"`{name}`" in documented, f"{name} is missing from docs/settings.md"


def test_settings_file_overrides_and_rejects_typos(tmp_path):
    good = tmp_path / "ok.toml"
    good.write_text("[claimscope]\nboilerplate_min_pages = 7\n")
    assert load_settings(good).boilerplate_min_pages == 7
    bad = tmp_path / "bad.toml"
    bad.write_text("[claimscope]\nboilerplate_min_page = 7\n")
    with pytest.raises(ClaimscopeError, match="unknown setting"):
        load_settings(bad)
