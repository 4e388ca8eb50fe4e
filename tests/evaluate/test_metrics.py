"""One P/R/F helper for every harness (issue 16), with the two conventions they use for
an empty side."""
from claimscope.evaluate.metrics import binary_f1s, f1_of_counts, precision_recall_f1, prf


def test_prf_rounds_and_scores_empty_sides_as_zero_or_perfect():
    assert prf(2, 4, 3) == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert prf(0, 0, 0, empty_is_perfect=True) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert precision_recall_f1(0, 0, 2, empty_is_perfect=True) == (0.0, 0.0, 0.0)


def test_counts_f1_and_binary_scores():
    assert f1_of_counts(0, 3, 1) == 0.0 and f1_of_counts(2, 1, 1) == 2 * 2 / 6
    scores = binary_f1s([True, True, False, False], [True, False, True, False])
    assert scores == {"f1": 0.5, "macro_f1": 0.5, "precision": 0.5, "recall": 0.5}
