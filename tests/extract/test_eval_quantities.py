"""eval quantities: labels refer to a page by data set and id, pinned by the text's hash."""
import gzip
import hashlib
import json

import pytest

from claimscope.errors import EvalFormatError
from claimscope.evaluate.quantities import evaluate_quantities, page_signal_main

GOLD = ('<html><span class="x-nc-sel2">About 300 people fled; costs rose 13% to $45 billion.</span>'
        '<span class="x-nc-sel1">menu 5</span><span class="x-nc-sel2">He won 6-4, 6-3.</span></html>')


def _setup(tmp_path, labels, text_sha=None):
    folder = tmp_path / "data" / "news"
    folder.mkdir(parents=True)
    with gzip.open(folder / "pages.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "p1", "gold": GOLD}) + "\n")
    text = page_signal_main(GOLD)
    row = {"dataset": "news", "file": "pages.jsonl.gz", "id": "p1", "text": "main",
           "text_sha256": text_sha or hashlib.sha256(text.encode()).hexdigest(), "quantities": labels}
    (tmp_path / "labels.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return [str(tmp_path / "labels.jsonl")], tmp_path / "data"


def test_page_signal_main_keeps_the_main_spans():
    assert page_signal_main(GOLD) == "About 300 people fled; costs rose 13% to $45 billion.\nHe won 6-4, 6-3."


def test_value_and_unit_are_scored(tmp_path):
    labels = [{"quote": "300 people", "value": 300, "unit": None},
              {"quote": "13%", "value": 13, "unit": "percent"},
              {"quote": "$45 billion", "value": 45e9, "unit": "USD"}]
    metrics = evaluate_quantities(*_setup(tmp_path, labels))
    assert metrics["value_and_unit"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert metrics["predicted_quantities"] == 3  # the scores are no amounts


def test_a_changed_page_is_an_error(tmp_path):
    with pytest.raises(EvalFormatError, match="not the one labelled"):
        evaluate_quantities(*_setup(tmp_path, [], text_sha="0" * 64))


def test_the_shared_labels(shared_dir):
    from pathlib import Path
    labels = Path(__file__).parents[1] / "gold" / "quantities" / "page-signal-dev.jsonl"
    metrics = evaluate_quantities([labels], shared_dir / "data")
    assert metrics["pages"] == 10 and metrics["value_and_unit"]["f1"] >= 0.95
