"""Rules and line model together: the rule segmenter's drafts, re-decided by the model.

The rule segmenter (text.py) is precise on the layouts it was written for and splits
comment threads into comments with their authors; the line model (model.py) holds on
sites it never saw. The model reads the rules' verdicts as features, and decides:

- each article or comment draft as a whole: it takes the kind the model gives its lines
  on average (weighted by their length) when that reaches ``MIN_CONFIDENCE`` — so a story
  the rules took for a comment (a "99 comments" link above it) becomes an article again,
  and a thread of Slashdot comments the rules took for articles becomes comments, while
  the rules' split into stories and comments, titles and authors is kept;
- the first and last lines of such a draft leave it as boilerplate when the model is
  confident they are (a sidebar glued to a story, a widget after the last comment);
- from the first of two or more named comments on (and the unnamed comments right above
  it, or from the first of two or more comments under a widget marker after a story), the
  rules' reading of the thread stands — when a story
  of a few paragraphs comes before it; a "thread" with no story above it is mostly a
  news story read as comments (a "41 comments" link above it, a byline or an ad line
  taken for a commenter's name), so its drafts are judged by the model like any other;
- each line the rules filed as boilerplate and the corpus does not repeat: content when
  the model is confident, joining a neighbouring draft of its kind or, for a run of comment
  lines, split into comments by the rules' comment-zone reader (which finds the authors) —
  except a forum signature under a post, which ends that post, and a run with no prose (a
  date, a section name) that no story stands above, which stays boilerplate.

Teasers stay teasers: the real-page gold has no teaser kind (it files them under
boilerplate), so the model cannot judge them.
"""
from __future__ import annotations

import numpy as np

from . import lines as L
from .lines import Line
from .model import LABELS, LineModel
from .text import CorpusEvidence, Draft, comment_zone, segment_lines

__all__ = ["rule_view", "relabel", "line_kinds", "MIN_CONFIDENCE"]

# The model overrules the rules only when it gives its label at least this probability
# (chosen on validation sites with the project's gold gate held; see the model card).
MIN_CONFIDENCE = 0.8
ARTICLE_DROP_CONFIDENCE = 0.9  # to drop a whole story the rules found as boilerplate
TRUSTED_NAMED_COMMENTS = 2  # named comments that make the rules' reading of a thread stand
# prose lines (lines.is_body) in the articles before a thread for the rules' reading of it
# to stand: the project's threads sit under a story (its gold threads have four or more;
# a Slashdot story two); on news pages of unseen sites a thread read under one line of
# prose or none mostly holds the story itself (validation sites). A forum page with no
# story is judged by the model draft by draft and keeps its comments.
STORY_BEFORE_THREAD = 2
MIN_TRIMMED_LINES = 5  # shorter drafts are judged whole, never trimmed at the edges
SIGNATURE_LINES, SIGNATURE_WORDS = 2, 20  # what a forum signature under a post can hold


def rule_view(table: list[Line], evidence: CorpusEvidence, comment_start: int | None = None):
    """(drafts, kind of each line, line numbers of comment authors) from the rules."""
    drafts = segment_lines(table, evidence, comment_start)
    return drafts, line_kinds(table, drafts), _author_lines(drafts)


def line_kinds(table: list[Line], drafts: list[Draft]) -> list[str]:
    by_number = {ln.number: d.kind for d in drafts for ln in d.members}
    return [by_number.get(ln.number, "boilerplate") for ln in table]


def _author_lines(drafts: list[Draft]) -> set[int]:
    return {d.members[0].number for d in drafts if d.kind == "comment" and d.author and d.members}


def relabel(table: list[Line], drafts: list[Draft], model: LineModel, evidence: CorpusEvidence,
            min_confidence: float | None = None) -> list[Draft]:
    """The drafts with kinds and edges decided by ``model`` where it is confident."""
    tau = MIN_CONFIDENCE if min_confidence is None else min_confidence
    if not table:
        return drafts
    kinds = line_kinds(table, drafts)
    probs = model.predict(table, kinds, _author_lines(drafts), evidence.recurs)
    row = {ln.number: i for i, ln in enumerate(table)}
    thread_from = _trusted_thread(drafts)
    if _story_lines(drafts[:thread_from]) < STORY_BEFORE_THREAD:
        thread_from = len(drafts)
    if 0 < thread_from < len(drafts) and any(L.is_zone_marker(ln) for ln in drafts[thread_from - 1].members):
        thread_from -= 1  # the widget marker that opens a trusted thread belongs to it
    out: list[Draft] = []
    for n, draft in enumerate(drafts):
        rows = [row[ln.number] for ln in draft.members]
        if draft.kind == "teaser" or n >= thread_from:
            out.append(draft)
        elif draft.kind in ("article", "comment"):
            _redecide(out, draft, probs[rows], tau)
        else:
            _rescue(out, draft.members, probs[rows], tau, [evidence.recurs(ln) for ln in draft.members])
    return _merge(out)


def _trusted_thread(drafts: list[Draft]) -> int:
    """Index of the first draft of a thread the rules read with confidence, from which on
    their reading stands (len(drafts) if none): two or more comments under a name, or two
    or more comments under a comment-widget marker that follows a story of several
    paragraphs. The model learnt from threads laid out by other platforms; where the rules
    found such a thread they know its layout better."""
    comments = [n for n, d in enumerate(drafts) if d.kind == "comment"]
    named = [n for n in comments if drafts[n].author]
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


def _redecide(out: list[Draft], draft: Draft, probs: np.ndarray, tau: float) -> None:
    weights = np.array([min(len(ln.text), 400) for ln in draft.members], dtype=np.float32)
    mean = (probs * weights[:, None]).sum(axis=0) / max(weights.sum(), 1.0)
    best = LABELS[int(np.argmax(mean))]
    # a story the rules found stays one unless the model is sure it is not content
    needed = max(tau, ARTICLE_DROP_CONFIDENCE) if draft.kind == "article" and best == "boilerplate" else tau
    if best != draft.kind and mean.max() >= needed:
        if best == "boilerplate":
            out.append(Draft("boilerplate", list(draft.members)))
            return
        draft = Draft(best, draft.members, title=draft.title if best == "article" else None,
                      author=draft.author if best == "comment" else None, byline=draft.byline,
                      outlet=draft.outlet, has_body=True)
    # a short draft is judged whole: trimming its edges would leave a fragment of a story
    junk = probs[:, LABELS.index("boilerplate")] >= (tau if len(draft.members) >= MIN_TRIMMED_LINES else 2.0)
    first, last = 0, len(draft.members)
    while first < last and junk[first]:
        first += 1
    while last > first and junk[last - 1]:
        last -= 1
    if first == last:
        out.append(Draft("boilerplate", list(draft.members)))
        return
    head, body, tail = draft.members[:first], draft.members[first:last], draft.members[last:]
    if head:
        out.append(Draft("boilerplate", head))
    keep_labels = first == 0  # the title or author line is still the draft's first line
    out.append(Draft(draft.kind, body, title=draft.title if keep_labels else None,
                     author=draft.author if keep_labels else None, byline=draft.byline,
                     outlet=draft.outlet, has_body=draft.has_body))
    if tail:
        out.append(Draft("boilerplate", tail))


def _rescue(out: list[Draft], members: list[Line], probs: np.ndarray, tau: float,
            recurring: list[bool]) -> None:
    """Lines the rules called boilerplate that the model is confident are content. A line
    printed on ``boilerplate_min_pages`` pages of the corpus stays chrome whatever the model
    reads in it: that count is the user's rule for chrome, and on a short page the model's
    page-relative features can make a strap line look like the page's best prose."""
    labels = [LABELS[int(np.argmax(p))] if p.max() >= tau and not again else "boilerplate"
              for p, again in zip(probs, recurring)]
    i = _signature(out, members, labels)
    while i < len(members):
        j = i
        while j < len(members) and labels[j] == labels[i]:
            j += 1
        run = members[i:j]
        if labels[i] == "comment":
            out.extend(_as_comments(run))
        elif labels[i] == "article" and out and out[-1].kind == "article":
            out[-1].members.extend(run)
        elif labels[i] == "article" and not any(L.is_body(ln) for ln in run):
            out.append(Draft("boilerplate", run))  # a date or a section name alone is no story
        else:
            out.append(Draft(labels[i], run, has_body=labels[i] != "boilerplate"))
        i = j


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
