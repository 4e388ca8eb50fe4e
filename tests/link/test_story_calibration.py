"""scripts/label_story_pairs.py: the same-story rule is chosen by the script from labelled
pairs, and the chosen values are the ones the settings, the linker and the docs carry."""
import json
import re
from datetime import date
from pathlib import Path

import pytest

from claimscope.link import stories
from claimscope.link.stories import StoryRule
from claimscope.settings import SETTINGS

from tests.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "docs" / "models" / "story-pairs.jsonl"
script = load_script("label_story_pairs")


def _pair(score, shared, label, weight=1.0, days=1):
    return {"score": score, "shared": shared, "label": label, "weight": weight, "days": days,
            "part": "calibration"}


def test_the_loosest_rule_reaching_the_precision_is_chosen():
    """Above 0.40 every pair is the same story; between 0.30 and 0.40 one pair in three is
    not, and that one shares few terms; below 0.30 most are not."""
    pairs = ([_pair(0.45 + i / 100, 30, "same") for i in range(10)]
             + [_pair(0.32, 25, "same"), _pair(0.35, 20, "same"), _pair(0.33, 4, "different")]
             + [_pair(0.20 + i / 100, 15, "different") for i in range(8)] + [_pair(0.25, 15, "same")])
    rule, m = script.choose(pairs, 0.9)
    # 0.28-0.32 with 5 shared terms keeps the twelve same pairs above 0.30 and nothing wrong;
    # the looser rules tie on recall and precision, so the tie goes to the loosest (all pairs
    # are a day apart: any window from 1 day keeps them, and the widest is the loosest)
    assert (rule.threshold, rule.min_shared, rule.window_days) == (0.28, 5, script.SAMPLE_WINDOW)
    assert m["right"] == 12 and m["kept"] == 12
    # without the shared-terms check the wrong 0.33 pair is kept: 12 / 13 < 0.95
    rule, m = script.choose(pairs, 0.95)
    assert rule.min_shared >= 5 and m["precision"] == 1.0
    with pytest.raises(SystemExit):
        script.choose([_pair(0.5, 10, "different"), _pair(0.4, 10, "same")], 0.9)


def test_a_shorter_window_is_chosen_when_the_wrong_pairs_are_days_apart():
    """Same-topic pairs a week apart score as high as same-event pairs (PolNeAR: a preview of
    Super Tuesday and its results): only the window tells them apart."""
    pairs = ([_pair(0.4 + i / 100, 20, "same", days=i % 3) for i in range(12)]
             + [_pair(0.4 + i / 100, 20, "different", days=5 + i % 4) for i in range(8)])
    rule, m = script.choose(pairs, 0.9)
    assert rule.window_days == 4 and rule.threshold == 0.05 and m["precision"] == 1.0 and m["recall"] == 1.0


def test_when_no_rule_is_precise_enough_the_most_precise_is_taken():
    """A wrong pair scores highest, so no rule reaches 0.95: the rule keeping at least
    ``min_kept`` labelled pairs with the best precision is taken (ties: the loosest)."""
    pairs = ([_pair(0.505 + i / 100, 20, "same") for i in range(8)]
             + [_pair(0.555, 20, "different"), _pair(0.605, 20, "different")]
             + [_pair(0.105 + i / 100, 20, label) for i in range(10) for label in ("same", "different")])
    rule, m = script.choose(pairs, 0.95, min_kept=5)
    assert (rule.threshold, m["kept"], m["right"]) == (0.2, 10, 8)  # 0.8: all above 0.5
    rule, m = script.choose(pairs, 0.95, min_kept=11)  # one more pair of each label: 9 / 12
    assert (rule.threshold, m["kept"], m["right"]) == (0.19, 12, 9)


def test_weights_stand_for_the_pairs_of_a_bin_not_drawn():
    """One wrong pair drawn from a crowded bin weighs as much as all the pairs of that bin."""
    pairs = [_pair(0.5, 20, "same") for _ in range(9)] + [_pair(0.2, 20, "different", weight=50.0)]
    m = script._measure(pairs, StoryRule(0.1, 0))
    assert m["precision"] == 0.9 and m["w_precision"] == pytest.approx(9 / 59)


def test_pairs_are_of_two_outlets_within_the_window_and_scored_as_the_rule_scores():
    vec_a = stories._normalise({"flood": 2.0, "quay": 1.0, "n:rotterdam": 2.0})
    vec_b = stories._normalise({"flood": 1.0, "quay": 1.0, "n:rotterdam": 1.0, "dike": 1.0})

    def art(file, outlet, day, vec):
        return {"file": file, "outlet": outlet, "day": day, "start": 0, "end": 10, "vec": vec}

    arts = [art("a", "nyt", date(2016, 3, 1), vec_a), art("b", "politico", date(2016, 3, 5), vec_b),
            art("c", "nyt", date(2016, 3, 2), vec_b),                       # same outlet as a
            art("d", "breitbart", date(2016, 4, 1), vec_b)]                 # a month later
    pairs = script.candidate_pairs(arts)
    assert [(p["a"][0], p["b"][0]) for p in pairs] == [("a", "b"), ("c", "b")]
    first = pairs[0]
    assert first["score"] == round(stories._cosine(vec_b, vec_a), 4)
    assert first["shared"] == 2  # flood, quay: names are not counted, as in StoryRule.joins
    assert first["days"] == 4


def test_the_draw_and_the_split_are_fixed_by_hashes():
    pairs = [{"a": [f"x{i}", 0, 5], "b": [f"y{i}", 0, 5], "score": (i % 50) / 100, "shared": 3, "days": 1}
             for i in range(400)]
    drawn = script.draw(pairs, 4)
    assert drawn == script.draw(list(reversed(pairs)), 4)
    assert {p["bin"] for p in drawn} == set(script.BINS[:-2])  # no score reaches 0.5 here
    # 80 pairs in [0, 0.10) and in [0.40, 0.50), 40 in each bin between
    assert all(p["weight"] == (20 if p["bin"] in (0.0, 0.40) else 10) for p in drawn)
    parts = [script.part_of(p["a"], p["b"]) for p in pairs]
    assert 0.2 < parts.count("heldout") / len(parts) < 0.4
    assert script.part_of(["y1", 0, 5], ["x1", 0, 5]) == script.part_of(["x1", 0, 5], ["y1", 0, 5])


def _default(name):
    return next(default for n, default, _ in SETTINGS if n == name)


def test_the_stored_labels_give_the_defaults_the_docs_name():
    """`fit` on the calibration part of the stored labels picks the settings' defaults,
    which are the linker's constants and the values the model card and link docs state."""
    rule = script.fit(str(PAIRS), 0.9)
    names = ("story_threshold", "story_min_shared_terms", "story_window_days")
    assert (rule.threshold, rule.min_shared, rule.window_days) == tuple(_default(n) for n in names)
    assert (stories.THRESHOLD, stories.MIN_SHARED, stories.WINDOW_DAYS) == (rule.threshold, rule.min_shared,
                                                                           rule.window_days)
    card = (ROOT / "docs" / "models" / "link-thresholds.md").read_text(encoding="utf-8")
    for name, value in zip(names, (rule.threshold, rule.min_shared, rule.window_days)):
        row = re.search(rf"^\| `{name}` \| (\S+) ", card, re.M)
        assert row and row.group(1) == str(value), name
    assert f"`story_threshold`, {rule.threshold}" in (ROOT / "docs" / "link.md").read_text(encoding="utf-8")


def test_stored_labels_hold_no_text():
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 150 and {r["part"] for r in rows} == {"calibration", "heldout", "fresh"}
    for r in rows:
        assert r["label"] in ("same", "different") and r["reason"]
        assert set(r) <= {"id", "a", "b", "days", "score", "shared", "bin", "weight", "part", "label", "reason"}
        assert all(isinstance(side[1], int) and isinstance(side[2], int) for side in (r["a"], r["b"]))
