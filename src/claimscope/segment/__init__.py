"""Segment a page into articles, teasers, comments (with authors) and boilerplate.

``segment_page(page, evidence)`` is pure and per page; the corpus-level part is
the ``CorpusEvidence`` (how many pages each short line recurs on), counted by
``line_evidence`` over the pages of a run and stored, so it accumulates as a
corpus grows.
"""
from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter

from .. import artefacts
from ..analysis import PageAnalysis
from ..budget import DEFAULT_MAX_ANALYSED_CHARS, analysed_end
from ..fingerprint import derived_version
from ..records import LineIndex, Page, Segment
from ..settings import Settings
from ..text.content import COMMENT_NUMBER, is_furniture
from . import patterns
from .combine import relabel
from .lines import clear_caches, is_dated, line_hash, line_table
from .model import LineModel, load_model
from .text import CorpusEvidence, Draft, segment_lines

__all__ = ["VERSION", "READS", "version", "segment_page", "page_line_hashes", "evidence_of", "CorpusEvidence", "SegmentStage", "build_stage"]

# the segments' producer, and the name the stage's version starts with; v2: plain-text
# pages are labelled line by line by the learned line model over the rules' drafts; v3: the
# model's second pass reads page-level features; v4: the model reads the whole page in
# order and each line's words (models/segment-lines-v4.npz, docs/models/segment-lines.md),
# a forum signature ends its post, a lone date is no story, unnamed comments above a named
# thread belong to it; v5: the same model decides each line's kind and the rules only how
# lines group (combine.py); v6: a story the model recognises loses what it reads as chrome,
# names set apart by rules ("* * *") are comment headers (thread_template.py); v7: on a page
# with no story, the one teaser of prose the model recognises as a story is the story, and a
# story at the head of a named comment is no part of it; v8: a page left with no story takes
# the paragraph the model singles out, a dated comment in a trusted thread is never the story;
# v9: a reader's signature with a town ("- Pete, Leeds, 04/03/2026", "Jean Booth, The Hague,
# Netherlands") closes a comment (thread_template.py), and a copy of the comment thread in an
# HTML page's main text is no article; v10: named comments with no sentence make no trusted
# thread; v11: a commenter's name and town after the template's own words and with a date
# ("Posted by: tom, farnworth on 8:21pm Tue 1 Jan 08") is a comment header (thread_template.py);
# v12: a "Comments" tab among a story's other tabs ("Article | Video | Comments") opens no thread;
# v13: a thread read inside an HTML page's main text needs a dated comment and many voices,
# and a comment's number printed on its own line above it belongs to it;
# v14: a sign-off or aside on a line of its own ("Best", "FYI") is no new commenter's name
VERSION = "segment.lines.v14"
# the settings that change segmentation: the corpus evidence counts a line as chrome from
# this many pages on; the pipeline lets every stage read only a page's first
# max_analysed_chars (budget.bounded)
READS = ("boilerplate_min_pages", "max_analysed_chars")


def version(settings: Settings | None = None) -> str:
    """The stage's version under ``settings``: ``VERSION`` and a fingerprint of the
    segmenter's code and of the settings in ``READS``."""
    return derived_version(VERSION, __name__, settings, READS)

MAX_LINE_CHARS = 1_000_000
# A line of the main text this long that stands again in the comments is the thread's copy
# (_without_echoed_thread) when at least this many do.
ECHO_MIN_CHARS = 30
ECHO_MIN_LINES = 3
ECHO_SEARCH_CHARS = 300_000  # a longer thread is compared line by line only
# _with_main_threads_checked: a comment's date is looked for in this many lines at its head
# and at its foot; one name over this many of the comments, and over half, is the site's own
SIGNATURE_LINES = 3
ONE_VOICE_MIN = 3
# ... and what it leaves is a story's text where a line this long ends as a sentence does
# (a sidebar's "Post title (506)" and a reader's one-line remark do not)
PROSE_WORDS = 18
PROSE_END = re.compile(r"[.!?][\"”’')]?$")


def page_line_hashes(page: Page, max_words: int = 12,
                     max_chars: int = DEFAULT_MAX_ANALYSED_CHARS) -> dict[str, str]:
    """The distinct short lines of a page (hash -> sample text), for corpus statistics.

    Only the prefix the stages analyse (``max_analysed_chars``) is read: the lines past
    it are never segmented, and a page of millions of lines must not cost millions here."""
    out: dict[str, str] = {}
    for ln in line_table(page.text[:analysed_end(page.text, max_chars)], MAX_LINE_CHARS):
        if ln.words <= max_words:
            out.setdefault(line_hash(ln), ln.text[:200])
    return out


def evidence_of(pages, min_pages: int = 3) -> CorpusEvidence:
    """The recurring short lines of ``pages`` held in memory (the runner counts them in the
    store instead): for evaluations and benchmarks over a list of pages."""
    counts: dict[str, int] = {}
    for page in pages:
        for h in page_line_hashes(page):
            counts[h] = counts.get(h, 0) + 1
    return CorpusEvidence({h: n for h, n in counts.items() if n >= min_pages}, min_pages)


def segment_page(page: Page, evidence: CorpusEvidence | None = None,
                 model: LineModel | None = None) -> tuple[Segment, ...]:
    """The segments of one page. Plain-text pages (no regions from a markup reader) have
    their lines labelled by the line model (``model``, else the shipped one)."""
    table = line_table(page.text, MAX_LINE_CHARS)
    evidence = evidence or CorpusEvidence()
    comment_start = None
    for kind, start, _end in page.regions:
        if kind == "comments":
            comment_start = LineIndex(page.text).line_of(start)
    try:
        drafts = segment_lines(table, evidence, comment_start)
        if not page.regions:
            drafts = relabel(table, drafts, model or load_model(), evidence)
        if any(kind == "main" for kind, _, _ in page.regions):
            drafts = _with_main_kept(drafts, page.regions)
            drafts = _with_main_threads_checked(drafts, page.regions)
            if any(kind == "comments" for kind, _, _ in page.regions):
                drafts = _without_echoed_thread(drafts, page.regions)
        if any(kind == "comment" for kind, _, _ in page.regions):
            drafts = _with_marked_comments(drafts, table, page.regions)
        drafts = _with_comment_numbers(drafts)
    finally:
        clear_caches()  # the line caches serve one page; keep none across pages
    return tuple(_to_segment(page, i, d) for i, d in enumerate(drafts))


def _with_comment_numbers(drafts: list[Draft]) -> list[Draft]:
    """A numbered thread prints each comment's number on a line of its own above the
    commenter's name ("4" / "Mark says:" / date): the number is the comment's furniture, as
    its name and date are, and goes with it rather than standing as chrome between two
    comments. Only a named comment takes it (a numbered list of headlines the rules took for
    unnamed comments keeps its numbers apart)."""
    out: list[Draft] = []
    for draft in drafts:
        before = out[-1] if out else None
        if (draft.kind == "comment" and draft.author and before is not None and before.kind == "boilerplate"
                and COMMENT_NUMBER.match(before.members[-1].text)):
            number = before.members.pop()
            draft = dataclasses.replace(draft, members=[number, *draft.members])
            if not before.members:
                out.pop()
        out.append(draft)
    return out


def _with_main_kept(drafts: list[Draft], regions) -> list[Draft]:
    """The markup reader already took the page's chrome out of its title and main text, so
    every line there is article text: lines the rules filed as boilerplate or teaser join
    the article around them (the rules alone dropped short article lines as chrome)."""
    spans = [(start, end) for kind, start, end in regions if kind in ("title", "main")]
    out: list[Draft] = []
    for draft in drafts:
        if draft.kind in ("article", "comment"):
            out.append(draft)
            continue
        for inside, group in itertools.groupby(draft.members, lambda ln: any(s <= ln.start < e for s, e in spans)):
            run = list(group)
            if not inside:
                out.append(dataclasses.replace(draft, members=run))
            else:
                _add_run(out, "article", run)
    return out


def _add_run(out: list[Draft], kind: str, run: list) -> None:
    """Lines read again as ``kind`` join the draft before them when it is of that kind."""
    if out and out[-1].kind == kind:
        out[-1].members.extend(run)
    else:
        out.append(Draft(kind, run, has_body=kind == "article"))


def _with_main_threads_checked(drafts: list[Draft], regions) -> list[Draft]:
    """The rules may read comments inside the markup reader's main text (a platform whose
    thread the reader took for the post's continuation), but there the text is the story
    until shown otherwise: those comments stand only when one of them is signed as comments
    are (a date or a time in its header or signature, or a "Name says:" header; names over
    picture captions are not), and when no one wrote most of them (a blog's own posts,
    printed under its author's name, are no thread). Otherwise each is read again: its
    furniture ("Post a comment") is boilerplate, and the rest is article text where it holds
    a paragraph of prose (a long line ending as a sentence does), else boilerplate too (a
    list of headlines signed with their wire's name is no story)."""
    spans = [(start, end) for kind, start, end in regions if kind == "main"]
    inside = [d for d in drafts if d.kind == "comment" and any(s <= d.members[0].start < e for s, e in spans)]
    if not inside:
        return drafts
    signed = any(_signed(d) for d in inside)
    voices = Counter(d.author for d in inside if d.author)
    loudest = max(voices.values(), default=0)
    one_voice = loudest >= ONE_VOICE_MIN and 2 * loudest > voices.total()
    if signed and not one_voice:
        return drafts
    ids = {id(d) for d in inside}
    out: list[Draft] = []
    for draft in drafts:
        if id(draft) not in ids:
            out.append(draft)
            continue
        prose = any(ln.words >= PROSE_WORDS and PROSE_END.search(ln.text) and not is_furniture(ln.text)
                    for ln in draft.members)
        kinds = ["article" if prose and not is_furniture(ln.text) else "boilerplate" for ln in draft.members]
        for kind, group in itertools.groupby(zip(kinds, draft.members), lambda pair: pair[0]):
            _add_run(out, kind, [ln for _, ln in group])
    return out


def _signed(comment: Draft) -> bool:
    head, foot = comment.members[:SIGNATURE_LINES], comment.members[-SIGNATURE_LINES:]
    return any(map(is_dated, [*head, *foot])) or bool(patterns.AUTHOR_SUFFIX.match(comment.members[0].text))


def _without_echoed_thread(drafts: list[Draft], regions) -> list[Draft]:
    """Some blog platforms print the comment thread inside the post's content, so the markup
    reader's main text holds it too, above the thread it read as comments: that copy is not
    the outlet's text (its "Posted by: name | date" lines would be claims, its comments the
    article's words, and each comment would be stored twice). The stretch of the main text
    from its first to its last line that stands again in the comments (where at least
    ``ECHO_MIN_LINES`` long lines do, and most of the stretch's long lines), with the
    signatures under its last comment, is no article: its lines that stand in the comments
    and its furniture are boilerplate, and the rest (comments the reader did not find
    again) comments with no author."""
    main = [(start, end) for kind, start, end in regions if kind == "main"]
    thread = [(start, end) for kind, start, end in regions if kind == "comments"]
    lines = [ln for d in drafts for ln in d.members]

    def within(ln, spans) -> bool:
        return any(s <= ln.start < e for s, e in spans)

    thread_lines = [" ".join(ln.text.split()) for ln in lines if within(ln, thread)]
    known = set(thread_lines)
    # the comments as one run of words, as a renderer may break a comment's lines elsewhere;
    # searched only in a thread of bounded size (each line of the main text is looked for)
    thread_words = " " + " ".join(thread_lines) + " " if sum(map(len, thread_lines)) <= ECHO_SEARCH_CHARS else ""

    def copied(ln) -> bool:
        words = " ".join(ln.text.split())
        return bool(words) and (words in known or f" {words} " in thread_words)

    long_main = [ln for ln in lines if len(ln.text.strip()) >= ECHO_MIN_CHARS and within(ln, main)
                 and not is_furniture(ln.text)]
    echoed = [ln for ln in long_main if copied(ln)]
    if len(echoed) < ECHO_MIN_LINES:
        return drafts
    first, last = echoed[0].start, echoed[-1].start
    if 2 * len(echoed) < sum(first <= ln.start <= last for ln in long_main):
        return drafts  # a few comments quoting the story, not the thread printed twice
    for ln in lines:  # the last comment's signature and controls under it ("Posted by: …")
        if ln.start > last and within(ln, main):
            if not (is_furniture(ln.text) or copied(ln)):
                break
            last = ln.start

    def kind(ln) -> str:
        if not first <= ln.start <= last:
            return ""
        return "boilerplate" if copied(ln) or is_furniture(ln.text) or not ln.text.strip() else "comment"

    out: list[Draft] = []
    for draft in drafts:
        for label, group in itertools.groupby(draft.members, kind):
            run = list(group)
            out.append(Draft(label, run, has_body=label == "comment") if label
                       else dataclasses.replace(draft, members=run))
    return out


def _with_marked_comments(drafts: list[Draft], table, regions) -> list[Draft]:
    """When the markup said where each comment and its author are, trust it."""
    thread = next(r for r in regions if r[0] == "comments")
    kept = [d for d in drafts if d.members[-1].end <= thread[1]]
    authors = {start: end for kind, start, end in regions if kind == "author"}
    for kind, start, end in regions:
        if kind != "comment":
            continue
        members = [ln for ln in table if start <= ln.start < end]
        if members:
            author = members[0].text if members[0].start in authors else None
            kept.append(Draft("comment", members, author=author, has_body=True))
    return kept


def _to_segment(page: Page, index: int, draft: Draft) -> Segment:
    first, last = draft.members[0], draft.members[-1]
    return Segment(
        page_id=page.id, index=index, kind=draft.kind, start=first.start, end=last.end,
        line_start=first.number, line_end=last.number, text=page.text[first.start:last.end],
        producer=VERSION, title=draft.title, author=draft.author, byline=draft.byline,
        outlet=draft.outlet or (page.outlet if draft.kind in ("article", "teaser") else None),
    )


@dataclasses.dataclass(frozen=True)
class SegmentStage:
    evidence: CorpusEvidence
    name: str = "segment"
    # build_stage passes the version under the run's settings; the defaults' otherwise
    version: str = dataclasses.field(default_factory=lambda: version())
    requires: tuple[str, ...] = ()
    produces: tuple[str, ...] = ("segments",)

    def __call__(self, analysis: PageAnalysis) -> PageAnalysis:
        return dataclasses.replace(analysis, segments=segment_page(analysis.page, self.evidence))


def build_stage(context: dict) -> SegmentStage:
    artefacts.verify("segment")  # a line model that is not the listed one stops the run here
    load_model()  # read once when the stage is built, not on its first page
    return SegmentStage(context.get("evidence") or CorpusEvidence(), version=version(context.get("settings")))
