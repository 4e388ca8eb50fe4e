"""scripts/hate_ceiling.py: the cut-off search finds the best macro-F1, the nested in-domain
figure chooses its cut-off without the rows it scores, and the script skips without data."""

import numpy as np
import pytest

from tests.conftest import load_script

pytest.importorskip("sklearn")
ceiling = load_script("hate_ceiling")


def test_the_best_cutoff_separates_what_can_be_separated():
    gold = np.array([False, False, False, True, True])
    scores = np.array([0.1, 0.2, 0.3, 0.7, 0.8])
    best, cutoff = ceiling.best_cutoff(gold, scores)
    assert best == 1.0 and 0.3 < cutoff <= 0.7
    assert ceiling.macro_f1(gold, scores, 0.95) < best  # nothing flagged


def test_vectors_that_carry_the_label_score_near_one_in_domain_and_noise_does_not():
    rng = np.random.default_rng(0)
    y = rng.random(400) < 0.3
    x = rng.normal(size=(400, 8))
    carried = x.copy()
    carried[:, 0] += 4 * y
    assert ceiling.in_domain(carried, y)["nested"] > 0.9
    assert ceiling.in_domain(x, y)["nested"] < 0.65
    # trained on one labelling, scored on its opposite: the ranking is upside down
    assert ceiling.cross_dataset(carried, y, carried, ~y)["auc"] < 0.1


def test_skips_cleanly_without_the_datasets(tmp_path, capsys):
    assert ceiling.main(["--shared", str(tmp_path)]) == 0
    assert "skipping" in capsys.readouterr().out
