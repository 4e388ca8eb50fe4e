"""`claimscope eval segmentation-real` (issue 17): one JSON object, user mistakes exit 2."""
import json

from claimscope.cli import main

TEXT = ("Home | News | Contact\n\n"
        "Three rockets struck the base on Monday, officials said in a statement.\n\n"
        "No one was hurt in the attack, the officials added later that day.\n\n"
        "Privacy Policy\n")
LABELS = ["boilerplate", "article", "article", "boilerplate"]


def write(tmp_path, records):
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_prints_one_json_object_with_claimscope_and_the_one_line_rule(tmp_path, capsys):
    trafilatura = ["boilerplate", "article", "boilerplate", "boilerplate"]
    path = write(tmp_path, [{"id": "a", "text": TEXT, "labels": LABELS, "trafilatura": trafilatura}])
    assert main(["eval", "segmentation-real", path, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["pages"] == 1 and result["news_pages"] == 1 and result["thread_pages"] == 0
    assert result["one_line_rule"]["news_article_f1"] == 1.0
    assert abs(result["trafilatura"]["news_article_f1"] - 2 / 3) < 1e-3
    assert set(result["claimscope"]) >= {"news_article_f1", "comment_author_accuracy"}


def test_labels_that_do_not_match_the_lines_are_one_line_on_stderr_and_exit_2(tmp_path, capsys):
    path = write(tmp_path, [{"id": "a", "text": TEXT, "labels": LABELS[:2]}])
    assert main(["eval", "segmentation-real", path, "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2 labels for 4 lines" in err


def test_a_missing_file_is_one_line_on_stderr_and_exit_2(tmp_path, capsys):
    assert main(["eval", "segmentation-real", str(tmp_path / "nope.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.jsonl" in err


def test_comment_author_accuracy_counts_comments_found_with_the_named_author():
    from claimscope.evaluate.segmentation_real import evaluate_real

    from .test_line_model import SAYS_THREAD, STORY

    text = STORY + SAYS_THREAD
    lines = [line for line in text.split("\n") if line.strip()]
    number = {line: i + 1 for i, line in enumerate(text.split("\n"))}
    authors = {str(number["John Smith says:"]): "John Smith", str(number["Mary Jones says:"]): "Someone Else"}
    record = {"id": "t", "text": text, "labels": ["boilerplate"] * len(lines), "authors": authors}
    assert evaluate_real([record])["claimscope"]["comment_author_accuracy"] == 0.5


def test_a_comment_opened_at_its_number_above_the_name_still_counts_for_its_author():
    """A thread that prints each comment's number over its "Name says:" line: the segmenter
    opens the comment at the number (its header); the labels name the name line."""
    from claimscope.evaluate.segmentation_real import as_pages, evaluate_real
    from claimscope.segment import segment_page

    from .test_line_model import SAYS_THREAD, STORY

    numbered = SAYS_THREAD.replace("John Smith says:", "1\nJohn Smith says:").replace(
        "Mary Jones says:", "2\nMary Jones says:").replace("Peter Brown says:", "3\nPeter Brown says:")
    text = STORY + numbered
    lines = [line for line in text.split("\n") if line.strip()]
    number = {line: i + 1 for i, line in enumerate(text.split("\n"))}
    record = {"id": "t", "text": text, "labels": ["boilerplate"] * len(lines)}
    opened = {seg.line_start for seg in segment_page(as_pages([record])[0]) if seg.kind == "comment"}
    assert number["John Smith says:"] - 1 in opened  # the number opens the comment
    authors = {str(number["John Smith says:"]): "John Smith", str(number["Mary Jones says:"]): "Mary Jones",
               str(number["Peter Brown says:"]): "Someone Else"}
    record["authors"] = authors
    assert abs(evaluate_real([record])["claimscope"]["comment_author_accuracy"] - 2 / 3) < 1e-3


def test_figures_per_renderer_split_the_same_pages_by_how_they_were_rendered(tmp_path, capsys):
    # the same page as two scrapers saved it: one keeps the menu on the story's line
    glued = TEXT.replace("Contact\n\nThree", "Contact Three")
    glued_labels = ["article", "article", "boilerplate"]
    path = write(tmp_path, [{"id": "a", "text": TEXT, "labels": LABELS, "renderer": "blocks"},
                            {"id": "a", "text": glued, "labels": glued_labels, "renderer": "inline"}])
    assert main(["eval", "segmentation-real", path, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    per = result["claimscope_by_renderer"]
    assert set(per) == {"blocks", "inline"}
    both = (per["blocks"]["news_article_f1"] + per["inline"]["news_article_f1"]) / 2
    assert abs(both - result["claimscope"]["news_article_f1"]) < 1e-3


def test_figures_per_dataset_keep_each_sources_pages_apart(tmp_path, capsys):
    # a good page of one dataset and a page of another that the one-line rule reads wrongly
    menu_story = TEXT.replace("No one was hurt", "Read more: No one was hurt")
    path = write(tmp_path, [{"id": "news-a:1", "text": TEXT, "labels": LABELS},
                            {"id": "blogs-b:1", "text": menu_story, "labels": ["boilerplate"] * 4},
                            {"id": "x", "dataset": "news-a", "text": TEXT, "labels": LABELS}])
    assert main(["eval", "segmentation-real", path, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    per = result["by_dataset"]
    assert set(per) == {"news-a", "blogs-b"}
    assert per["news-a"]["news_pages"] == 2 and per["blogs-b"]["news_pages"] == 1
    assert per["news-a"]["one_line_rule"]["news_article_f1"] == 1.0
    assert per["blogs-b"]["one_line_rule"]["news_article_f1"] == 0.0
