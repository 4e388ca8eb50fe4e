"""The training script's threshold choice and its honest (nested) out-of-fold figure."""
import pytest

from tests.conftest import load_script

np = pytest.importorskip("numpy")  # the classify and link extras


def _script():
    return load_script("train_propaganda")


def _data(seed=0, n=600):
    rng = np.random.RandomState(seed)
    gold = np.column_stack([rng.rand(n) < 0.3, rng.rand(n) < 0.1]).astype(int)
    signal = np.clip(0.15 + 0.5 * gold[:, 0] + 0.2 * rng.randn(n), 0, 1)  # informative
    noise = rng.rand(n) * 0.3  # unrelated to its technique
    return np.column_stack([signal, noise]), gold, rng.randint(0, 5, n)


def test_separable_scores_get_perfect_f1_in_and_out_of_fold():
    train = _script()
    gold = np.array([[1, 0], [0, 1], [1, 1], [0, 0]] * 25)
    probs = np.where(gold == 1, 0.9, 0.1)
    folds = np.arange(len(gold)) % 5
    cuts, f1 = train.best_thresholds(probs, gold, ["A", "B"])
    assert f1 == 1.0 and all(0.1 < c <= 0.9 for c in cuts.values())
    assert train.nested_micro_f1(probs, gold, folds, ["A", "B"]) == 1.0


def test_nested_figure_does_not_reward_thresholds_fitted_to_noise():
    train = _script()
    probs, gold, folds = _data()
    _, in_sample = train.best_thresholds(probs, gold, ["A", "B"])
    nested = train.nested_micro_f1(probs, gold, folds, ["A", "B"])
    assert 0.5 < nested <= in_sample


def test_shown_thresholds_reach_the_precision_target_and_hide_what_cannot():
    """Issue #19: a technique is shown from the lowest threshold where its flags are right at
    least half the time (lower end of the interval); one whose flags never are is not shown."""
    train = _script()
    probs, gold, _ = _data()
    stored = {"A": 0.02, "B": 0.02}
    shown = train.shown_thresholds(probs, gold, ["A", "B"], stored)
    assert shown["B"] > 1  # noise: about 1 in 10 right at any threshold
    a = probs[:, 0] >= shown["A"]
    assert a.sum() >= train.SHOWN_MIN_FLAGS
    assert train.wilson_lower(int((a & (gold[:, 0] == 1)).sum()), int(a.sum())) >= train.SHOWN_PRECISION
    lower = probs[:, 0] >= round(shown["A"] - 0.02, 2)  # one step lower misses the target
    assert train.wilson_lower(int((lower & (gold[:, 0] == 1)).sum()), int(lower.sum())) < train.SHOWN_PRECISION
    report = train.shown_report(probs, gold, ["A", "B"], shown)
    assert report["precision"] >= 0.5 and report["techniques_shown"] == 1


def test_shown_thresholds_are_never_below_the_stored_ones():
    train = _script()
    probs, gold, _ = _data()
    shown = train.shown_thresholds(probs, gold, ["A", "B"], {"A": 0.9, "B": 0.02})
    assert shown["A"] >= 0.9 or shown["A"] > 1


def test_wilson_lower_end_is_below_the_rate_and_tightens_with_more_flags():
    train = _script()
    assert train.wilson_lower(0, 0) == 0.0
    assert train.wilson_lower(6, 10) < 0.6 < train.wilson_lower(600, 1000) + 0.02
    assert train.wilson_lower(6, 10) < train.wilson_lower(600, 1000)


def test_nested_shown_precision_is_measured_on_folds_the_thresholds_did_not_see():
    train = _script()
    probs, gold, folds = _data()
    nested = train.nested_shown_report(probs, gold, folds, ["A", "B"])
    assert 0.4 < nested["precision"] <= 1.0 and nested["flags"] > 0
