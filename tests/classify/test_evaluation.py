import json

import pytest

from claimscope.errors import EvalFormatError
from claimscope.evaluate.classification import evaluate_propaganda, evaluate_toxicity
from claimscope.evaluate.metrics import micro_macro_f1


def test_micro_macro_f1_counts_every_paragraph_decision():
    scores = micro_macro_f1([["A"], [], ["A", "B"]], [["A"], ["A"], ["B"]], ["A", "B"])
    # tp: A, B = 2; fp: A on paragraph 2 = 1; fn: A on paragraph 3 = 1
    assert scores["micro_f1"] == pytest.approx(2 * 2 / (2 * 2 + 1 + 1), abs=1e-4)
    assert set(scores["per_technique"]) == {"A", "B"}


def test_eval_toxicity_reports_claimscope_and_baseline(tmp_path, stage):
    pytest.importorskip("profanity_check")
    path = tmp_path / "t.jsonl"
    rows = [{"text": "those filthy kikes run the banks", "label": "hate", "target_group": "jews"},
            {"text": "shut up you fucking idiot", "label": "offensive"},
            {"text": "the meeting is at noon on tuesday", "label": "none"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    metrics = evaluate_toxicity(path)
    assert metrics["n"] == 3
    assert metrics["claimscope"]["hate_vs_rest"]["recall"] == 1.0
    assert metrics["claimscope"]["target_group"] == {"n": 1, "accuracy": 1.0}
    assert "hate_vs_rest" in metrics["baseline_alt_profanity_check"]


def test_eval_toxicity_rejects_unknown_labels(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x", "label": "spicy"}) + "\n")
    with pytest.raises(EvalFormatError):
        evaluate_toxicity(path)


def test_eval_propaganda_on_semeval_formats(tmp_path, stage):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "article7.txt").write_text("Title here\n\nThe corrupt, treasonous elites betray us all!\n")
    labels = tmp_path / "labels.tsv"
    labels.write_text("7\t1\t\n7\t3\tLoaded_Language,Name_Calling-Labeling\n")
    metrics = evaluate_propaganda(articles, labels)
    assert metrics["paragraphs"] == 2 and metrics["articles"] == 1
    assert 0.0 <= metrics["claimscope"]["micro_f1"] <= 1.0
    assert metrics["baseline_most_frequent_technique"]["technique"] == "Loaded_Language"
    # issue #19: the flags shown by default are scored apart; they are some of the stored ones
    assert metrics["claimscope_shown"]["flags"] <= metrics["claimscope"]["flags"]
    everything = evaluate_propaganda(articles, labels, threshold=0.01, shown_threshold=0.01)
    assert everything["claimscope_shown"]["flags"] == everything["claimscope"]["flags"] > 0
    assert evaluate_propaganda(articles, labels, threshold=0.01, shown_threshold=1.01)["claimscope_shown"]["flags"] == 0
