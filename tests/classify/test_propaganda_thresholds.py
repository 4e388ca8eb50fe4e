"""The training script's threshold choice and its honest (nested) out-of-fold figure."""
import importlib.util
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")  # the classify and link extras


SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_propaganda.py"


def _script():
    spec = importlib.util.spec_from_file_location("train_propaganda", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
