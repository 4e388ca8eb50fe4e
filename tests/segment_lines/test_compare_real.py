"""scripts/compare_segmentation_real.py: paired per-page change with a site bootstrap."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import compare_segmentation_real as cmp  # noqa: E402

TEXT = ("Home | News | Contact\n\n"
        "Three rockets struck the base on Monday, officials said in a statement.\n\n"
        "No one was hurt in the attack, the officials added later that day.\n\n"
        "Privacy Policy\n")


def pages(changes: dict[str, list[float]], start: float = 0.5) -> tuple[list[dict], list[dict]]:
    before, after = [], []
    for site, deltas in changes.items():
        for n, delta in enumerate(deltas):
            page = {"id": f"{site}-{n}", "site": site, "group": "news", "comment_f1": None}
            before.append(page | {"article_f1": start})
            after.append(page | {"article_f1": start + delta})
    return before, after


def test_a_change_carried_by_one_site_is_not_told_from_nothing():
    before, after = pages({"big.example": [0.3] * 10} | {f"s{i}.example": [-0.01] for i in range(20)})
    result = cmp.compare(before, after, rounds=500, seed=1)["news_article_f1"]
    assert result["mean_change"] > 0 and result["up"] == 10 and result["down"] == 20
    low, high = result["site_interval_95"]
    assert low < 0 < high


def test_a_change_every_site_shares_is_told_from_nothing():
    before, after = pages({f"s{i}.example": [0.02, 0.03] for i in range(30)})
    low, high = cmp.compare(before, after, rounds=500, seed=1)["news_article_f1"]["site_interval_95"]
    assert 0 < low <= 0.025 <= high


def test_files_of_different_pages_are_refused():
    before, after = pages({"a.example": [0.1, 0.1]})
    with pytest.raises(ValueError):
        cmp.paired_changes(before, after[:1], "news", "article_f1")


def test_page_figures_score_each_page_with_the_claimscope_on_the_path():
    record = {"id": "a", "site": "a.example", "text": TEXT,
              "labels": ["boilerplate", "article", "article", "boilerplate"]}
    [page] = cmp.page_figures([record])
    assert page["site"] == "a.example" and page["group"] == "news"
    assert 0.0 <= page["article_f1"] <= 1.0
