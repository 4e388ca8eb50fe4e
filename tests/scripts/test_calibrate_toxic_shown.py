"""scripts/calibrate_toxic_shown.py: the shown threshold is the lowest whose flags are right
at least half the time, and sampled rows count for the lines they stand for in recall."""
import json
from pathlib import Path

import pytest

from tests.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
calibrate = load_script("calibrate_toxic_shown")


def _row(score, toxic, weight=1.0, lexicon=0.0):
    return {"score": score, "toxic": toxic, "weight": weight, "lexicon": lexicon}


ROWS = [_row(0.95, True), _row(0.93, False), _row(0.91, True), _row(0.8, False), _row(0.7, False),
        _row(0.6, False), _row(0.55, True), _row(0.1, True, weight=10.0)]


def test_precision_and_weighted_recall():
    figures = calibrate.precision_recall(ROWS, 0.9)
    assert (figures["flags"], figures["right"], figures["precision"]) == (3, 2, 0.667)
    assert figures["recall"] == round(2 / 13, 3)  # the sampled miss stands for ten lines


def test_the_lowest_threshold_right_half_the_time_with_enough_flags():
    assert calibrate.lowest_precise_threshold(ROWS) == 0.71  # 2 right of 4 from 0.71 up (0.7: 2 of 5)
    assert calibrate.lowest_precise_threshold(ROWS, min_flags=5) is None
    assert calibrate.lowest_precise_threshold([_row(0.99, False)] * 5) is None


def test_lexicon_flags_are_shown_whatever_the_threshold():
    rows = ROWS + [_row(0.6, True, lexicon=0.75), _row(0.52, False, lexicon=0.6)]
    assert calibrate.precision_recall(rows, 2.0, lexicon=0.5)["flags"] == 2
    assert calibrate.precision_recall(rows, 0.9, lexicon=0.5)["right"] == 3
    assert calibrate.lowest_precise_threshold(rows, lexicon=0.5) == 0.71


def test_labels_name_lines_by_hash_not_by_text():
    rows = [json.loads(line) for line in open(calibrate.LABELS, encoding="utf-8")]
    assert rows and all("text" not in r and len(r["sha1"]) == 12 for r in rows)
    assert {r["split"] for r in rows} == {"validation", "heldout"}


def test_labelled_texts_resolve_against_the_shared_data():
    shared = ROOT.parent / "shared"
    if not (shared / "data" / "extraction-dragnet").is_dir():
        pytest.skip("../shared/data/extraction-dragnet is absent")
    rows = calibrate.labelled_texts(shared, "validation")
    assert len(rows) == 600 and all(calibrate.text_hash(r["text"]) == r["sha1"] for r in rows)
