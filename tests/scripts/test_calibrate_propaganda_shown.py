"""scripts/calibrate_propaganda_shown.py: the lowest threshold that is right often enough,
never one resting on too few flags, and the shipped thresholds agree with the labels."""
import json

from tests.conftest import load_script

calibrate = load_script("calibrate_propaganda_shown")


def _rows(technique, scored):
    return [{"set": "a", "technique": technique, "score": s, "present": p} for s, p in scored]


def test_the_lowest_threshold_right_half_the_time_with_enough_flags():
    rows = _rows("Loaded_Language", [(0.5, False)] * 6 + [(0.55, True), (0.6, False), (0.65, True),
                                                          (0.7, True), (0.8, False), (0.9, True)])
    rows += _rows("Flag_Waving", [(0.9, True)] * 3 + [(0.4, False)] * 5)  # right only on three flags
    cuts = calibrate.fit(rows)
    assert cuts["Loaded_Language"] == 0.55
    assert cuts["Flag_Waving"] == calibrate.NEVER


def test_the_shipped_thresholds_are_the_fit_of_the_shipped_labels():
    from claimscope.classify.propaganda import MODEL_NAME

    models = json.loads(calibrate.OUT.read_text(encoding="utf-8"))["models"]
    assert models[MODEL_NAME]["thresholds"] == calibrate.fit(calibrate.read_labels(calibrate.LABELS))
    # the fast profile's model: its own flags' labels, its own thresholds
    fast = [entry for name, entry in models.items() if name != MODEL_NAME]
    assert [entry["labels"] for entry in fast] == [calibrate.FAST_LABELS.name]
    assert fast[0]["thresholds"] == calibrate.fit(calibrate.read_labels(calibrate.FAST_LABELS))
