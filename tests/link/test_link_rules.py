"""Issue 19: the same-claim and same-story rules are settings, and stories read content only
(not comment headers, not site chrome that another page repeats)."""
import pytest

pytest.importorskip("numpy")  # the link extra

from link_helpers import add, links_of, make_page, segments_by_lines, write_checkthat_files  # noqa: E402
from test_claims import A, B, C  # noqa: E402

from claimscope.link import link_corpus, link_versions  # noqa: E402
from claimscope.link.match import PageRule, same_claim_on_pages  # noqa: E402
from claimscope.link.stories import StoryRule  # noqa: E402
from claimscope.settings import load_settings  # noqa: E402


def _three_claim_pages(store):
    for text, name, day in ((A, "a.txt", "01"), (B, "b.txt", "05"), (C, "c.txt", "02")):
        page = make_page(text, name, f"2020-03-{day}", f"outlet-{name[0]}")
        add(store, page, segments_by_lines(page, [("article", 1, 1)]))


def test_page_rule_reads_its_three_settings():
    rule = PageRule.of(load_settings(same_claim_threshold=0.7, same_claim_min_overlap=0.2,
                                     same_claim_min_shared=2))
    assert rule == PageRule(0.7, 0.2, 2)
    assert rule(0.7, 0.2, 2) and not rule(0.69, 0.2, 2)
    assert not rule(0.9, 0.19, 5) and not rule(0.9, 0.9, 1)
    # the defaults: 0.43, overlap 0.2, 7 shared words (calibrated for precision first)
    assert same_claim_on_pages(0.6, 0.5, 7) and not same_claim_on_pages(0.6, 0.19, 7)
    assert not same_claim_on_pages(0.9, 0.9, 6) and not same_claim_on_pages(0.42, 0.9, 9)


def test_setting_same_claim_min_overlap(store, stand_in_encoder):
    _three_claim_pages(store)
    link_corpus(store, steps=("claims",))
    assert len(links_of(store, "same_claim")) == 1
    link_corpus(store, steps=("claims",), settings=load_settings(same_claim_min_overlap=1.01))
    assert links_of(store, "same_claim") == []


def test_setting_same_claim_min_shared(store, stand_in_encoder):
    _three_claim_pages(store)
    link_corpus(store, steps=("claims",))
    assert len(links_of(store, "same_claim")) == 1
    link_corpus(store, steps=("claims",), settings=load_settings(same_claim_min_shared=40))
    assert links_of(store, "same_claim") == []


# -- stories -----------------------------------------------------------------------------------

FLOOD_1 = (
    "River Nell floods the old town of Carrowmore\n"
    "The River Nell burst its banks in Carrowmore overnight, flooding the market square, the "
    "station underpass and forty houses along Quay Street. Firefighters pumped water from the "
    "school until dawn, and the council opened the sports hall for families who had to leave "
    "their homes. The water level at the Carrowmore gauge peaked at four metres just after two "
    "in the morning, the highest reading since the great flood of 1998, the river authority said.")
FLOOD_2 = (
    "Carrowmore cleans up after the River Nell flood\n"
    "Families in Carrowmore returned to Quay Street on Thursday to find mud in their kitchens after "
    "the River Nell flood. The council said the sports hall would stay open for those whose houses "
    "on Quay Street are still under water, and the river authority said the Carrowmore gauge had "
    "dropped below two metres. Firefighters were still pumping water from the school and the "
    "station underpass, and the market square was closed to traffic for a second day.")
CHESS = (
    "Local chess club wins the regional cup in Belvoir\n"
    "The Belvoir chess club won the regional cup on Saturday after a tense final round against "
    "the visiting team from Ashby. Their youngest player, aged twelve, drew with a grandmaster "
    "on the top board, and the captain thanked the volunteers who ran the tournament hall and "
    "the cafe. Next season the club hopes to enter two teams in the national league and will "
    "hold free lessons for beginners every Tuesday evening in the library.")
CHROME = ("Home | News | Sport | Weather | Contact us\n"
          "Subscribe to the Valley Gazette newsletter today\n"
          "Valley Gazette newsroom desk and photo staff\n")


def _story_pages(store, texts):
    pages = []
    for n, text in enumerate(texts):
        page = make_page(text, f"s{n}.txt", f"2021-05-0{n + 1}", f"outlet-{n}")
        lines = text.count("\n") + 1
        add(store, page, segments_by_lines(page, [("article", 1, lines)]))
        pages.append(page)
    return pages


def test_two_reports_of_one_flood_are_one_story(store):
    flood_1, flood_2, _ = _story_pages(store, (FLOOD_1, FLOOD_2, CHESS))
    link_corpus(store, steps=("stories",))
    [link] = links_of(store, "same_story")
    assert {link.a_page_id, link.b_page_id} == {flood_1.id, flood_2.id}


def test_site_chrome_repeated_on_two_pages_does_not_make_a_story(store):
    """Two unrelated articles under the same menus and newsletter lines: the chrome lines
    are read on both pages, so the second article is compared on its own words only and
    joins no story, even with no least cosine (the chrome alone used to join them)."""
    _story_pages(store, (CHROME + FLOOD_1, CHROME + CHESS))
    link_corpus(store, steps=("stories",), settings=load_settings(story_threshold=0.0))
    assert links_of(store, "same_story") == []


def test_comment_headers_are_not_story_content(store):
    """Article segments that are only comment headers and one-line replies (a thread the
    segmenter took for article text) place nothing in a story."""
    header = "by {} on Aug 9, 2012 1:{:02d} PM EDT up reply actions\n"
    thread = "".join(header.format(name, m) + "Ouch, that hurts.\n"
                     for m, name in enumerate(("Nole", "Dogrel", "CornNole", "Sean") * 4))
    _story_pages(store, (thread, thread.replace("Aug 9", "Aug 10")))
    link_corpus(store, steps=("stories",), settings=load_settings(story_threshold=0.01))
    assert links_of(store, "same_story") == []


def test_setting_story_threshold(store):
    _story_pages(store, (FLOOD_1, FLOOD_2))
    link_corpus(store, steps=("stories",))
    [link] = links_of(store, "same_story")
    link_corpus(store, steps=("stories",), settings=load_settings(story_threshold=link.similarity + 0.01))
    assert links_of(store, "same_story") == []


def test_setting_story_min_shared_terms(store):
    _story_pages(store, (FLOOD_1, FLOOD_2))
    link_corpus(store, steps=("stories",), settings=load_settings(story_min_shared_terms=5))
    assert len(links_of(store, "same_story")) == 1
    link_corpus(store, steps=("stories",), settings=load_settings(story_min_shared_terms=500))
    assert links_of(store, "same_story") == []
    rule = StoryRule(0.1, 2)
    assert rule.joins(0.5, {"flood": 1.0, "quay": 1.0}, {"flood": 0.5, "quay": 0.5})
    assert not rule.joins(0.5, {"flood": 1.0, "n:quay": 1.0}, {"flood": 0.5, "n:quay": 0.5})


def test_setting_story_window_days(store):
    """The two flood reports are dated a day apart: a window of 0 days keeps them apart."""
    _story_pages(store, (FLOOD_1, FLOOD_2))
    link_corpus(store, steps=("stories",), settings=load_settings(story_window_days=0))
    assert links_of(store, "same_story") == []
    link_corpus(store, steps=("stories",), settings=load_settings(story_window_days=1))
    assert len(links_of(store, "same_story")) == 1


def test_story_settings_change_the_stories_version():
    base = link_versions()
    changed = link_versions(load_settings(story_min_shared_terms=3))
    assert changed["stories"] != base["stories"] and changed["claims"] == base["claims"]
    assert link_versions(load_settings(story_window_days=5))["stories"] != base["stories"]


# -- site chrome inside content segments ---------------------------------------------------------

TEMPLATE = ("Before your comment appears, type the letters and numbers that you see in the picture "
            "below, so that the robots cannot post here.")
POSTS = (
    "The bakery on Mill Lane will open on Sundays from next month, its owner told the parish council.",
    "Two new buses will run between the harbour and the hospital every twenty minutes from May.",
    "The swimming pool closes for repairs in June while the roof over the deep end is replaced.",
)


def _pages_with_template(store):
    pages = []
    for n, post in enumerate(POSTS):
        page = make_page(f"{post}\n\n{TEMPLATE}\n", f"t{n}.txt", f"2022-01-0{n + 1}", f"outlet-{n}")
        add(store, page, segments_by_lines(page, [("article", 1, 1), ("comment", 3, 3)]))
        pages.append(page)
    return pages


def test_setting_link_chrome_min_pages(store):
    """A line on three pages is chrome even inside a comment segment: not linked."""
    pages = {p.id: p for p in _pages_with_template(store)}
    link_corpus(store, steps=("near_duplicates",))
    assert links_of(store, "near_duplicate") == []
    link_corpus(store, steps=("near_duplicates",), settings=load_settings(link_chrome_min_pages=0))
    unmasked = links_of(store, "near_duplicate")
    assert unmasked and all("robots" in pages[l.a_page_id].text[l.a_start:l.a_end] for l in unmasked)
    link_corpus(store, steps=("near_duplicates",), settings=load_settings(link_chrome_min_pages=4))
    assert links_of(store, "near_duplicate") == unmasked  # on 3 pages only: not chrome at 4


def test_chrome_mask_keeps_offsets_true():
    from claimscope.link.chrome import mask, piece_keys

    text = "Alpha beta gamma delta.\nE-mail this to a friend\nEpsilon zeta eta theta. Read 12 comments.\n"
    page = make_page(text, "m.txt")
    [seg] = segments_by_lines(page, [("comment", 1, 3)])
    other = piece_keys("E-mail this to a friend\nRead 7 comments.", None)  # digits fold
    parts = mask([seg], lambda keys: {k: 3 for k in keys & other}, None, 3)
    assert [p.text for p in parts] == ["Alpha beta gamma delta.", "Epsilon zeta eta theta."]
    assert all(page.text[p.start:p.end] == p.text for p in parts)
    assert [(p.line_start, p.line_end) for p in parts] == [(1, 1), (3, 3)]


def _template_pages_linked(store, hosts: tuple[str, str]) -> list:
    """Near-duplicate links among two posts that carry the same TEMPLATE paragraph, published
    on ``hosts``."""
    import dataclasses

    texts = [f"{post}\n\n{TEMPLATE}\n" for post in POSTS[:2]]
    for n, (text, host) in enumerate(zip(texts, hosts)):
        page = dataclasses.replace(make_page(text, f"s{n}.txt", "2022-02-01"), url=f"https://{host}/{n}")
        add(store, page, segments_by_lines(page, [("article", 1, 1), ("comment", 3, 3)]))
    link_corpus(store, steps=("near_duplicates",))
    return links_of(store, "near_duplicate")


def test_two_pages_of_one_site_share_chrome_two_sites_share_content(store):
    """A sentence on two pages of one site is template; on pages of two sites it is copied."""
    assert _template_pages_linked(store, ("a.example", "a.example")) == []


def test_a_paste_across_two_sites_is_still_linked(store):
    assert _template_pages_linked(store, ("a.example", "b.example"))


def test_navigation_and_markup_lines_are_not_content():
    from claimscope.text.content import is_metadata_line, is_substantive

    assert is_metadata_line("« Why the harbour bus is late again | Main | The bakery opens on Sundays »")
    assert is_metadata_line("&lt;a href='http://ads.example/click?n=1' target='_blank'&gt;&lt;img src='x'&gt;")
    assert is_metadata_line("Home | Local news | Sport | Weather")
    assert not is_metadata_line("The council said the bus to the harbour | hospital line runs again.")
    assert not is_substantive("« Why the harbour bus is late again | Main | The bakery opens on Sundays »", 6)


# -- the linker's own matcher on CheckThat!-format files -------------------------------------------

def test_eval_link_matcher_ranks_and_decides_with_the_page_rule(tmp_path, stand_in_encoder):
    import json

    from claimscope.evaluate.link_matcher import evaluate_link_matcher

    files = write_checkthat_files(tmp_path)
    result = evaluate_link_matcher(*files, pairs_path=tmp_path / "pairs.jsonl")
    assert result["map@1"] == 1.0 and result["queries"] == 2
    assert result["pairs_gold"] == 2 and result["pairs_correct"] == 2
    assert result["link_precision"] == 1.0 and result["link_recall"] == 1.0
    pairs = [json.loads(line) for line in (tmp_path / "pairs.jsonl").read_text().splitlines()]
    assert {(p["query"], p["claim"]) for p in pairs if p["relevant"]} == {("1", "10"), ("2", "11")}
    strict = evaluate_link_matcher(*files, settings=load_settings(same_claim_min_shared=50))
    assert strict["pairs_linked"] == 0 and strict["map@1"] == 1.0  # the rule decides, not the ranking
