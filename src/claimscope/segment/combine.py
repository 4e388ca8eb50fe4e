"""Rules and line model together: the rule segmenter's drafts, relabelled line by line.

The rule segmenter (text.py) splits a page into drafts (stories with their titles,
comments with their authors, teasers, chrome) and is precise on the layouts it was
written for; the line model (model.py), trained on real pages of many sites, says better
what each line is on sites it never saw (on validation sites the model alone reads news
stories at 0.87 F1, the rules' drafts re-decided whole at 0.83). So the model decides what
each line is and the rules how the lines group:

- a line takes the model's label when the model gives it at least ``MIN_CONFIDENCE``,
  else it keeps its draft's kind; each draft then splits where its lines' labels change —
  a run of comments under a story becomes comments (the rules' comment-zone reader splits
  them and finds their authors), a story the rules took for chrome becomes an article;
- a story the rules found loses only its edges (a sidebar glued to it, a widget after it):
  lines inside it stay in it whatever the model says (a caption, a bullet list, an
  "Advertisement" line), so a story is never cut in two, and a page that reposts several
  stories keeps each whole; a story every line of which the model reads as something else
  is that something else. Where the model recognises the story (one of its lines is
  article at ``STORY_RECOGNISED``) it knows where the story ends, and an edge line is chrome
  wherever chrome is the model's most likely label; where it does not (a page unlike any it
  was trained on: a product page, hard-wrapped text, a test fixture) an edge line leaves
  only at ``STORY_CONFIDENCE``;
- a comment the rules found keeps the name line it is signed with, and a name line right
  above comment lines the model found is their author's ("1. Jane Roe says:") — but a story
  at the head of a "comment" is no part of it (a widget's line over a story's paragraphs
  read as a name; a post signed "by Author on <date>" as its comments are);
- from the first of two or more named comments on (and the unnamed comments right above
  it, or from the first of two or more comments under a widget marker after a story), the
  rules read the thread's layout, so the model overrules them there only at
  ``THREAD_CONFIDENCE`` — when a story of a few paragraphs comes before it; a "thread"
  with no story above it is mostly a news story read as comments (a "41 comments" link
  above it, a byline taken for a commenter's name), so it is judged like any other draft
  — unless ``DATED_THREAD`` of its comments are signed with a name and a date or time (a
  game thread under a two-line post; a misread story has names but no comment dates);
  there a named comment that carries its date or signature line is never the story (the
  model, trained on one site's game thread, reads another's signed comments as article);
- a page where neither a story nor a comment is left gets the paragraph the model singles
  out as a story, if it does (``_likeliest_story``);
- a line the corpus repeats on ``boilerplate_min_pages`` pages (the user's rule for
  chrome), or that a chrome pattern of patterns.py names ("Notify of", a donation banner),
  stays chrome whatever the model reads in it; a run the model finds as article in
  chrome with no prose line (a date, a section name) stays chrome unless it continues the
  story above it; a forum signature under a post ends that post.

Teasers stay teasers: the real-page gold has no teaser kind (it files them under
boilerplate), so the model cannot judge them — except on a page where the rules found no story
and one teaser of prose: where the model recognises that one as a story (a short blog post or
roundup the rules took for a teaser by its length), it is the page's story.
"""
from __future__ import annotations

import numpy as np

from . import lines as L
from . import patterns
from .lines import Line
from .model import LABELS, LineModel
from .text import CorpusEvidence, Draft, comment_zone, segment_lines

__all__ = ["rule_view", "relabel", "line_kinds", "MIN_CONFIDENCE", "STORY_CONFIDENCE", "STORY_RECOGNISED",
           "THREAD_CONFIDENCE"]

# How sure the model must be for its label to replace the rules' kind of a line: any line
# (but the lines of a story the model recognises, chrome wherever it is most likely); a line
# of a story the rules found that the model does not recognise; a line of a thread the rules
# read under named comments. Chosen on validation sites and CleanEval/readability
# pages with the project's gold gate held (see the model card): with every story's lines at
# 0.6 the validation sites gained, but pages unlike the training pages (a product page,
# hard-wrapped text) lost their story — on those the model reads no line of the story as
# article at 0.9 (``STORY_RECOGNISED``), on news pages of unseen sites it nearly always does.
MIN_CONFIDENCE = 0.6
STORY_CONFIDENCE = 0.8
STORY_RECOGNISED = 0.9
THREAD_CONFIDENCE = 0.95
TRUSTED_NAMED_COMMENTS = 2  # named comments that make the rules' reading of a thread stand
SAID_ENDS = (".", "!", "?", "…", ")")  # how a short comment's sentence ends ("Well said!")
# prose lines (lines.is_body) in the articles before a thread for the rules' reading of it
# to stand: the project's threads sit under a story (its gold threads have four or more;
# a Slashdot story two); on news pages of unseen sites a thread read under one line of
# prose or none mostly holds the story itself (validation sites).
STORY_BEFORE_THREAD = 2
ARTICLE = LABELS.index("article")  # the model's column for article lines
STORY_HEAD_LINES = 3  # paragraphs above a signed-below comment's text that make a story of it
DATED_THREAD = 10  # comments signed with a name and a date that make a thread stand without a story
SIGNATURE_LINES, SIGNATURE_WORDS = 2, 20  # what a forum signature under a post can hold
# A page with neither story nor comment: the model's likeliest paragraph makes its story
# where it is read as one at FALLBACK_STORY and no other draft's paragraph reaches
# FALLBACK_RIVAL of its score. On the rendered real pages of validation and held-out sites
# the rule fired on 10 pages, 43 of the 47 lines it made story are gold article lines, and
# no rival reached 0.04 of the best; on the project's index pages the rival teaser scores
# 0.65-0.85 of the best.
FALLBACK_STORY, FALLBACK_RIVAL = 0.25, 0.25


def rule_view(table: list[Line], evidence: CorpusEvidence, comment_start: int | None = None):
    """(drafts, kind of each line, line numbers of comment authors) from the rules."""
    drafts = segment_lines(table, evidence, comment_start)
    return drafts, line_kinds(table, drafts), _author_lines(drafts)


def line_kinds(table: list[Line], drafts: list[Draft]) -> list[str]:
    by_number = {ln.number: d.kind for d in drafts for ln in d.members}
    return [by_number.get(ln.number, "boilerplate") for ln in table]


def _author_lines(drafts: list[Draft]) -> set[int]:
    return {d.members[0].number for d in drafts if d.kind == "comment" and d.author and d.members}


def relabel(table: list[Line], drafts: list[Draft], model: LineModel, evidence: CorpusEvidence) -> list[Draft]:
    """The drafts with each line's kind decided by ``model`` where it is confident."""
    if not table:
        return drafts
    kinds = line_kinds(table, drafts)
    probs = model.predict(table, kinds, _author_lines(drafts), evidence.recurs)
    row = {ln.number: i for i, ln in enumerate(table)}
    thread_from = _trusted_thread(drafts)
    if _story_lines(drafts[:thread_from]) < STORY_BEFORE_THREAD:
        thread_from = _dated_thread(drafts)
    # a page with no story of its own whose one teaser of prose may be its story
    lone_teaser = _story_lines(drafts) < STORY_BEFORE_THREAD and sum(
        d.kind == "teaser" and any(L.is_body(ln) for ln in d.members) for d in drafts) == 1
    out: list[Draft] = []
    for n, draft in enumerate(drafts):
        if draft.kind == "teaser" and not lone_teaser:
            out.append(draft)
            continue
        rows = probs[[row[ln.number] for ln in draft.members]]
        if draft.kind == "teaser":
            if not _recognised_teaser(draft, rows):
                out.append(draft)
                continue
            draft = Draft("article", draft.members, title=draft.title, byline=draft.byline, outlet=draft.outlet,
                          has_body=True)
        in_thread = n >= thread_from
        labels = _line_labels(draft, rows, THREAD_CONFIDENCE if in_thread else MIN_CONFIDENCE, evidence)
        if in_thread and draft.kind == "comment" and draft.author and any(map(L.is_dated, draft.members)):
            labels = ["comment" if label == "article" else label for label in labels]
        if all(label == draft.kind for label in labels):
            out.append(draft)
        else:
            _split(out, draft, labels)
    if not any(d.kind in ("article", "comment") for d in out):
        out = _likeliest_story(out, probs, row, evidence)
    return _merge(out)


def _line_labels(draft: Draft, probs: np.ndarray, tau: float, evidence: CorpusEvidence) -> list[str]:
    """Each member's kind: the model's label where it reaches ``tau``, else the draft's. In a
    story outside a trusted thread: where the model does not recognise the story, its label
    at ``STORY_CONFIDENCE``; where it does, chrome wherever chrome is its most likely label
    (comments still need ``tau``: a story's quotes and Q&A read a little like them)."""
    need = {label: tau for label in LABELS}
    if draft.kind == "article" and tau <= MIN_CONFIDENCE:
        if probs[:, ARTICLE].max() >= STORY_RECOGNISED:
            need["boilerplate"] = 0.0
        else:
            need = {label: STORY_CONFIDENCE for label in LABELS}
    best = probs.argmax(axis=1)
    labels = [LABELS[b] if p[b] >= need[LABELS[b]] else draft.kind for b, p in zip(best, probs)]
    if draft.kind == "boilerplate":  # what the corpus repeats, or a chrome pattern names, is chrome
        labels = ["boilerplate" if _named_chrome(ln) or evidence.recurs(ln) else label
                  for ln, label in zip(draft.members, labels)]
    if draft.kind == "comment" and draft.author and "comment" in labels:
        head = labels.index("comment")  # a comment keeps the name line it is signed with ...
        if not _story_in_head(draft, labels[:head], probs[:head]):
            labels[:head] = ["comment"] * head
    if draft.kind == "article":
        if _headline_over_prose(draft) and probs[0][best[0]] < STORY_CONFIDENCE:
            labels[0] = "article"
        # the links to the previous and next posts are no part of a story
        labels = ["boilerplate" if patterns.POST_NAVIGATION.match(ln.text.strip()) else label
                  for ln, label in zip(draft.members, labels)]
        labels = _story_labels(labels)
    for k in range(len(labels) - 1):  # a name line right above a comment is its author's
        if labels[k] != "comment" and labels[k + 1] == "comment" and L.looks_like_name(draft.members[k]):
            labels[k] = "comment"
    return labels


def _likeliest_story(drafts: list[Draft], probs: np.ndarray, row: dict[int, int], evidence: CorpusEvidence) -> list[Draft]:
    """A page where nothing reached a story or a comment: its paragraph of prose the model
    most reads as a story, where that reaches ``FALLBACK_STORY`` and no paragraph of another
    draft comes near it (``FALLBACK_RIVAL`` of it), is the story: a short post among menus
    and teasers, which the rules filed as one more teaser (then that teaser is judged as a
    story, headline and all, as a lone teaser is) or as chrome (then it takes the lines
    around it the model reads as story at half its score). A page of menus alone keeps
    none, and an index page neither: the model reads its teasers alike."""
    owner = [n for n, d in enumerate(drafts) for _ in d.members]
    lines = [(ln, probs[row[ln.number], ARTICLE]) for d in drafts for ln in d.members]
    body = [(p, k) for k, (ln, p) in enumerate(lines) if L.is_body(ln) and not _named_chrome(ln)]
    if not body or max(body)[0] < FALLBACK_STORY:
        return drafts
    best, at = max(body)
    if max((p for p, k in body if owner[k] != owner[at]), default=0.0) >= best * FALLBACK_RIVAL:
        return drafts  # several teasers the model reads alike: an index page, no story of its own
    home = drafts[owner[at]]
    out = drafts[:owner[at]]
    if home.kind == "teaser":
        story = Draft("article", home.members, title=home.title, byline=home.byline, outlet=home.outlet, has_body=True)
        rows = probs[[row[ln.number] for ln in home.members]]
        _split(out, story, _line_labels(story, rows, MIN_CONFIDENCE, evidence))
        return out + drafts[owner[at] + 1:]
    def around(k: int) -> bool:  # a line of the same draft the model reads at half the best
        return 0 <= k < len(lines) and owner[k] == owner[at] and lines[k][1] >= best / 2 and not _named_chrome(lines[k][0])

    start = end = at
    while around(start - 1):
        start -= 1
    while around(end + 1):
        end += 1
    offset = owner.index(owner[at])  # where the home draft's lines begin in ``lines``
    parts = (("boilerplate", home.members[:start - offset]), ("article", home.members[start - offset:end - offset + 1]),
             ("boilerplate", home.members[end - offset + 1:]))
    out.extend(Draft(kind, members, has_body=kind == "article") for kind, members in parts if members)
    return out + drafts[owner[at] + 1:]


def _recognised_teaser(draft: Draft, probs: np.ndarray) -> bool:
    """A "teaser" whose prose the model reads as a story at ``STORY_RECOGNISED``: the story
    itself, short (a two-paragraph blog post, a product roundup under its headline), which the
    rules took for a teaser by its length. It is judged as a story the model recognises."""
    article = probs[:, ARTICLE]
    return any(p >= STORY_RECOGNISED and L.is_body(ln) for ln, p in zip(draft.members, article))


def _story_in_head(draft: Draft, labels: list[str], probs: np.ndarray) -> bool:
    """Does a story run at the head of a named comment, above its first comment line? Then the
    head is no part of the comment: under a name printed over the text, any prose the model
    reads as article (a widget's line over a story's paragraphs, read as a commenter's name);
    above a name signed under the text, a story the model recognises, of ``STORY_HEAD_LINES``
    paragraphs or more (the post itself, signed "by Author on <date>" as its comments are) —
    fewer is a comment's quote."""
    prose = [k for k, (ln, label) in enumerate(zip(draft.members, labels)) if label == "article" and L.is_body(ln)]
    if draft.author and draft.author in draft.members[0].text:
        return bool(prose)
    return len(prose) >= STORY_HEAD_LINES and max(probs[k, ARTICLE] for k in prose) >= STORY_RECOGNISED


def _headline_over_prose(draft: Draft) -> bool:
    """A story's headline as the rules read it, right above a paragraph of prose: it leaves
    the story only where the model is ``STORY_CONFIDENCE`` sure, even in a story the model
    recognises. The model's training gold marks one story a page, so it reads the headline
    of a second, reposted story ("Related News" / headline / the story) as chrome."""
    members = draft.members
    return (bool(draft.title) and len(members) > 1 and members[0].text.strip() == (draft.title or "").strip()
            and L.looks_like_title(members[0]) and L.is_body(members[1]))


def _story_labels(labels: list[str]) -> list[str]:
    """A story the rules found loses only its edges: the lines between its first and last
    article line stay in it whatever the model says of them (a caption, a bullet list, an
    "Advertisement" line), so a story is never cut in two."""
    inside = [k for k, label in enumerate(labels) if label == "article"]
    if not inside:
        return labels
    return labels[:inside[0]] + ["article"] * (inside[-1] + 1 - inside[0]) + labels[inside[-1] + 1:]


def _named_chrome(ln: Line) -> bool:
    return L.is_chrome(ln) or L.is_zone_marker(ln) or L.is_control(ln)


def _split(out: list[Draft], draft: Draft, labels: list[str]) -> None:
    """``draft`` cut where its lines' labels change, each run filed by its label: the
    draft's title or author stays with a run that starts at its first line."""
    members = draft.members
    i = _signature(out, members, labels) if draft.kind == "boilerplate" else 0
    while i < len(members):
        j = i
        while j < len(members) and labels[j] == labels[i]:
            j += 1
        run, label, head = members[i:j], labels[i], i == 0 and draft.kind == labels[i]
        if label == "comment":
            out.extend([Draft("comment", run, author=draft.author, byline=draft.byline, has_body=True)] if head
                       else _as_comments(run))
        elif label == "article" and head:
            out.append(Draft("article", run, title=draft.title, byline=draft.byline, outlet=draft.outlet,
                             has_body=True))
        elif label == "article" and draft.kind == "boilerplate" and out and out[-1].kind == "article":
            out[-1].members.extend(run)  # the story above goes on
        elif label == "article" and (draft.kind != "boilerplate" or any(L.is_body(ln) for ln in run)):
            out.append(Draft("article", run, has_body=True))
        else:  # chrome, or a date or a section name alone: no story
            out.append(Draft("boilerplate", run))
        i = j


def _trusted_thread(drafts: list[Draft]) -> int:
    """Index of the first draft of a thread the rules read with confidence, from which on
    their reading stands (len(drafts) if none): two or more comments under a name, or two
    or more comments under a comment-widget marker that follows a story of several
    paragraphs. The model learnt from threads laid out by other platforms; where the rules
    found such a thread they know its layout better."""
    comments = [n for n, d in enumerate(drafts) if d.kind == "comment"]
    named = [n for n in comments if drafts[n].author and _says_something(drafts[n])]
    if len(named) >= TRUSTED_NAMED_COMMENTS:
        # the unnamed comments right above the first named one, with nothing but furniture
        # between, are the same thread (platforms that print no name for anonymous posters)
        first = named[0]
        while first > 0 and drafts[first - 1].kind in ("comment", "boilerplate"):
            first -= 1
        while drafts[first].kind != "comment":
            first += 1
        return first
    if len(comments) >= 2 and _marker_after_story(drafts[:comments[0]]):
        return comments[0]
    return len(drafts)


def _says_something(comment: Draft) -> bool:
    """A named comment with a sentence under its name. A sidebar the rules read as comments
    ("THE DIP BLOG by Seth Godin", "Blog powered by TypePad" / "Member since 08/2003") has
    names and no text: it is no thread whose reading the model must yield to."""
    return any(L.is_body(ln) or ln.text.rstrip().endswith(SAID_ENDS) for ln in comment.members)


def _dated_thread(drafts: list[Draft]) -> int:
    """Index of the first of ``DATED_THREAD`` or more named comments signed with a date or a
    time (len(drafts) if fewer): such a thread stands with no story above it (a game
    thread under a two-line post). A story misread as a thread has names (photo credits,
    bylines) but no comment dates."""
    dated = [n for n, d in enumerate(drafts) if d.kind == "comment" and d.author and any(map(L.is_dated, d.members[:4]))]
    return dated[0] if len(dated) >= DATED_THREAD else len(drafts)


def _story_lines(drafts: list[Draft]) -> int:
    return sum(L.is_body(ln) for d in drafts if d.kind == "article" for ln in d.members)


def _marker_after_story(drafts: list[Draft]) -> bool:
    story = False
    for d in drafts:
        if d.kind == "article" and sum(L.is_body(ln) for ln in d.members) >= 3:
            story = True
        elif story and d.kind == "boilerplate" and any(L.is_zone_marker(ln) for ln in d.members):
            return True
    return False


def _signature(out: list[Draft], members: list[Line], labels: list[str]) -> int:
    """A forum post's signature: a line or two of comment text the model finds right under
    a comment, past at most one separator line ("--"), ends that comment rather than
    starting an unnamed one. Returns how many of ``members`` it took."""
    if not out or out[-1].kind != "comment":
        return 0
    separator = int(bool(members) and labels[0] == "boilerplate" and not L.words_of(members[0].text))
    end = separator
    while end < len(members) and labels[end] == "comment" and not L.is_control(members[end]):
        end += 1
    signature = members[separator:end]
    if not 1 <= len(signature) <= SIGNATURE_LINES or any(
            ln.words > SIGNATURE_WORDS or L.looks_like_name(ln) or L.is_timestamp(ln) for ln in signature):
        return 0
    out[-1].members.extend(members[:end])
    return end


def _as_comments(run: list[Line]) -> list[Draft]:
    """Comments found by the model where the rules saw none: the rules' thread reader
    splits them and names their authors; whatever it files elsewhere stays a comment
    unless it is a widget control."""
    drafts = comment_zone(run, [False] * len(run))
    return [d if d.kind in ("comment", "boilerplate") else Draft("comment", d.members, has_body=True)
            for d in drafts]


def _merge(drafts: list[Draft]) -> list[Draft]:
    """Runs of boilerplate become one segment."""
    merged: list[Draft] = []
    for d in drafts:
        if merged and d.kind == "boilerplate" and merged[-1].kind == "boilerplate":
            merged[-1].members.extend(d.members)
        else:
            merged.append(d)
    return merged
