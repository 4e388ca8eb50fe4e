"""scripts/label_authors.py: author labels stored as offsets resolve to the names printed."""
import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
label_authors = load_script("label_authors")

PAGE = ("Story text that runs long enough to be prose.\n"
        "\n"
        "Ann Lee says:\n"
        "I agree with this.\n"
        "\n"
        "Great read.\n"
        "Posted by: Bob K | May 1, 2010 at 10:00 AM\n")


def test_a_span_on_the_first_line_and_a_span_on_a_signature_line_resolve():
    got = label_authors.resolve(PAGE, {"3": [0, 7], "6": [7, 11, 16]})
    assert got == {"3": "Ann Lee", "6": "Bob K"}


def test_null_is_a_comment_without_an_author():
    assert label_authors.resolve(PAGE, {"4": None}) == {"4": None}


@pytest.mark.parametrize("authors", [
    {"2": [0, 3]},          # a blank line cannot start a comment
    {"3": [0, 99]},         # past the end of the line
    {"3": [0, 8]},          # "Ann Lee " ends with a space: a slipped offset
    {"6": [99, 0, 3]},      # no such line
    {"3": [1]},             # not a span
])
def test_spans_that_do_not_fit_the_page_are_refused(authors):
    with pytest.raises(label_authors.LabelError):
        label_authors.resolve(PAGE, authors)


def test_merge_writes_rows_that_the_evaluator_scores(tmp_path):
    seg = tmp_path / "validation.jsonl.gz"
    with gzip.open(seg, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "p1", "renderer": "lines", "text": PAGE, "labels": []}) + "\n")
        fh.write(json.dumps({"id": "p2", "renderer": "lines", "text": PAGE, "labels": []}) + "\n")
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"set": "validation", "dataset": "x", "id": "p1", "renderer": "lines",
                                  "authors": {"3": [0, 7]}}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert label_authors.merge(str(seg), str(labels), str(out), "validation") == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["p1"] and rows[0]["authors"] == {"3": "Ann Lee"}
    # a label made on another rendering of the page is refused, not silently dropped
    labels.write_text(json.dumps({"set": "validation", "dataset": "x", "id": "p1", "renderer": "blocks",
                                  "authors": {"3": [0, 7]}}) + "\n", encoding="utf-8")
    with pytest.raises(label_authors.LabelError):
        label_authors.merge(str(seg), str(labels), str(out), "validation")


def test_the_stored_labels_resolve_on_the_built_pages():
    """Every stored label fits its page (skipped where build/segdata has not been built)."""
    stored = ROOT / "docs" / "models" / "comment-author-labels.jsonl"
    rows = [json.loads(line) for line in stored.read_text(encoding="utf-8").splitlines()]
    assert rows and all(set(r) == {"set", "dataset", "id", "renderer", "authors"} for r in rows)
    files = [*label_authors.SET_OF_FILE.items(), *((f, s) for s, f in label_authors.LATER_SETS.items())]
    for name, label_set in files:
        seg = ROOT / "build" / "segdata" / f"{name}.jsonl.gz"
        if not seg.exists():
            pytest.skip("build/segdata not built (scripts/build_segment_data.py)")
        out = ROOT / "build" / f"authors-{label_set}-test.jsonl"
        assert label_authors.merge(str(seg), str(stored), str(out), label_set) \
            == sum(r["set"] == label_set for r in rows)
        out.unlink()


def test_pick_takes_one_rendering_of_each_thread_page_by_a_stable_hash(tmp_path):
    seg = tmp_path / "train.jsonl.gz"
    with gzip.open(seg, "wt", encoding="utf-8") as fh:
        for page in ("a", "b", "c", "d", "e"):
            for renderer in ("lines", "blocks", "html2text"):
                labels = ["article", "comment"] if page != "e" else ["article"]  # e has no thread
                fh.write(json.dumps({"id": page, "dataset": "dragnet", "renderer": renderer,
                                     "text": "x", "labels": labels}) + "\n")
    picked = label_authors.pick(str(seg))
    assert sorted(p for p, _ in picked) == ["a", "b", "c", "d"]
    assert label_authors.pick(str(seg)) == picked  # the same every time
    assert label_authors.pick(str(seg), 2) == picked[:2]


def test_pick_can_leave_out_pages_labelled_already(tmp_path):
    seg = tmp_path / "train.jsonl.gz"
    with gzip.open(seg, "wt", encoding="utf-8") as fh:
        for page in ("a", "b", "c", "d"):
            fh.write(json.dumps({"id": page, "dataset": "dragnet", "renderer": "lines",
                                 "text": "x", "labels": ["comment"]}) + "\n")
    picked = label_authors.pick(str(seg))
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps({"set": "final", "dataset": "dragnet", "id": p, "renderer": "lines",
                                          "authors": {}}) + "\n" for p, _ in picked[:2]), encoding="utf-8")
    # the next set is the next pages in the same stable order
    assert label_authors.pick(str(seg), 2, str(labels)) == picked[2:]
