"""Segmentation of a page's text into articles, teasers, comments and boilerplate.

Works on the line table (see lines.py). Three kinds of evidence decide a line's
role: its shape (length, capitalisation, punctuation), its context (the blank
lines around it, what comes before and after), and the corpus (lines that recur
on many pages, or many times on this page, are site chrome).

The page is split into an *article zone* and a *comment zone*: the thread
starts after a comment-widget marker ("Notify of", "12 Comments", "Leave a
Reply", ...) or where an HTML reader said the comments are.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from ..text.content import is_furniture
from . import lines as L
from . import patterns
from .lines import Line
from .thread_template import TemplateComment, is_text, template_comments


@dataclass
class Draft:
    """A segment being built: its kind and member lines, plus labels."""

    kind: str
    members: list[Line] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    byline: str | None = None
    outlet: str | None = None
    has_body: bool = False


@dataclass(frozen=True)
class CorpusEvidence:
    """Line recurrence across the corpus: line hash -> number of pages it is on."""

    line_pages: dict[str, int] = field(default_factory=dict)
    min_pages: int = 3

    def recurs(self, line: Line) -> bool:
        if not self.line_pages:  # one page alone, or a corpus with nothing repeated
            return False
        return self.line_pages.get(L.line_hash(line), 0) >= self.min_pages


def segment_lines(
    table: list[Line], evidence: CorpusEvidence | None = None, comment_start: int | None = None
) -> list[Draft]:
    """Ordered drafts for one page. ``comment_start`` (a line number) overrides thread detection."""
    evidence = evidence or CorpusEvidence()
    chrome = _chrome_flags(table, evidence)
    zone = _comment_zone_start(table, chrome) if comment_start is None else next(
        (i for i, ln in enumerate(table) if ln.number >= comment_start), len(table)
    )
    drafts = _article_zone(table[:zone], chrome[:zone])
    drafts += _comment_zone(table[zone:], chrome[zone:])
    if comment_start is None:
        drafts = _with_template_thread(table, chrome, drafts, zone)
    return _merge_boilerplate(_without_furniture_tails(drafts))


def _without_furniture_tails(drafts: list[Draft]) -> list[Draft]:
    """Each comment with the page furniture at its end filed as boilerplate: the lines between
    the last comment and the form ("Subscribe to comments on this entry", "Your email address
    will not be published") read as one more comment, or as the last one's closing lines
    (``text.content.is_furniture``). A comment made only of such lines is no comment."""
    out: list[Draft] = []
    for d in drafts:
        cut = len(d.members)
        while d.kind == "comment" and cut and _furniture_in(d, d.members[cut - 1]):
            cut -= 1
        if cut == len(d.members):
            out.append(d)
            continue
        if cut:
            out += [replace(d, members=d.members[:cut]), Draft("boilerplate", d.members[cut:])]
        else:
            out.append(Draft("boilerplate", d.members))
    return out


# The rules' reading of a thread stands when at least this share of the template's comments
# open at the same line with the same author in it (chosen on the development sets: 0.8 broke
# a Disqus thread of the project's gold whose replies the template does not read).
MIN_RULES_AGREEMENT = 0.5
# ... and where the template finds fewer comments than this share of the rules' named ones
# (the template read in some of the thread's lines only) and opens few of the same comments.
RULES_COVER_SHARE = 0.4
MAX_HEADER_OFFSET = 2  # badge or post-number lines above the name where the rules open the same comment


# The longest furniture line looked for at a comment's end: a moderation notice or a
# disclaimer runs to 30-odd words; searching the patterns on every comment's prose is slow.
MAX_TAIL_FURNITURE_WORDS = 40
TAB_REACH = 3  # lines either side of a comment marker searched for the story's other tabs


def _furniture_in(comment: Draft, ln: Line) -> bool:
    """Page furniture at a comment's end, not its signature ("Posted by: name | date" reads
    like a byline but names the commenter)."""
    return (ln.words <= MAX_TAIL_FURNITURE_WORDS and is_furniture(ln.text) and not patterns.SIGNATURE_LINE.match(ln.text)
            and not (comment.author and comment.author in ln.text))


def _with_template_thread(table: list[Line], chrome: list[bool], drafts: list[Draft], zone: int) -> list[Draft]:
    """The drafts with the thread read by the page's own header template (thread_template.py)
    where the platform rules did not read it so: where they found no thread, or fewer than
    ``MIN_RULES_AGREEMENT`` of the template's comments open at the same line with the same
    author in their reading. The template is looked for under the rules' thread start (a
    marker, the first signature), else anywhere below the story's first paragraph."""
    after_story = next((i + 1 for i, ln in enumerate(table) if L.is_body(ln) and not chrome[i]), len(table))
    begin = zone
    found = template_comments(table, chrome, zone, marked=True) if zone < len(table) else []
    if not found:  # no thread found, or a "thread" opened by a marker below the real one
        begin = after_story
        found = template_comments(table, chrome, begin)
    if not found:
        return drafts
    row = {ln.number: i for i, ln in enumerate(table)}
    named = {row[d.members[0].number]: d.author for d in drafts if d.kind == "comment" and d.members and d.author}
    # the rules open a comment at a role badge or post number above the name ("Guest", "#12")
    agree = sum(any(named.get(k) == c.author and all(_is_badge_line(table[j]) for j in range(k, c.first))
                    for k in range(max(c.first - MAX_HEADER_OFFSET, 0), c.first + 1)) for c in found)
    if agree >= MIN_RULES_AGREEMENT * len(found):
        return drafts
    # the rules read more named comments elsewhere than the template has (another layout of
    # the thread, a template read in quoted lines): they stand unless they open the same comments
    same_start = sum(c.first in named for c in found)
    later = sum(1 for n in named if n >= begin)
    if later * RULES_COVER_SHARE > len(found) and same_start < MIN_RULES_AGREEMENT * len(found):
        return drafts
    return _replace_span(table, chrome, drafts, found, row)


def _replace_span(table: list[Line], chrome: list[bool], drafts: list[Draft], found: list[TemplateComment],
                  row: dict[int, int]) -> list[Draft]:
    """The rules' drafts outside the template's thread, and the template's comments inside it."""
    first, last = found[0].first, found[-1].last
    before: list[Draft] = []
    after: list[Draft] = []
    for d in drafts:
        head = [ln for ln in d.members if row[ln.number] < first]
        tail = [ln for ln in d.members if row[ln.number] > last]
        if head:
            before.append(Draft(d.kind, head, title=d.title, author=d.author, byline=d.byline, outlet=d.outlet,
                                has_body=d.has_body))
        if tail and (d.kind in ("article", "teaser") or found[-1].signed_below):
            # below a thread is the page's furniture (the comment form, a report dialog), as the
            # rules' comment-zone reader files it (the line model leaves what follows a thread it
            # trusts as the rules read it); below the last signature of a thread signed under its
            # comments, no comment is left
            after.append(Draft("boilerplate", tail))
        elif tail:
            kept = d.members[0] is tail[0]
            after.append(Draft(d.kind, tail, title=d.title if kept else None, author=d.author if kept else None,
                               byline=d.byline, outlet=d.outlet, has_body=d.has_body))
    middle: list[Draft] = []
    covered = first
    for c in found:
        middle.extend(Draft("boilerplate", [ln]) for ln in table[covered:c.first])
        members = table[c.first:c.last + 1]
        lead = 0
        while lead < len(members) - 1 and _not_text(members[lead], chrome[c.first + lead]) \
                and members[lead].text and c.author not in members[lead].text:
            lead += 1  # a signed-below comment starts after the previous one's controls
        end = len(members)
        while end > lead + 1 and _not_text(members[end - 1], chrome[c.first + end - 1]) \
                and c.author not in members[end - 1].text:
            end -= 1  # the comment's controls ("Reply", "Report") are chrome
        middle.extend(Draft("boilerplate", [ln]) for ln in members[:lead])
        middle.append(Draft("comment", members[lead:end], author=c.author, has_body=True))
        middle.extend(Draft("boilerplate", [ln]) for ln in members[end:])
        covered = c.last + 1
    return before + middle + after


def _not_text(ln: Line, chrome: bool) -> bool:
    """Furniture around a comment: chrome, controls, a vote count, a role badge."""
    return not is_text(ln, chrome) or _is_badge_line(ln)


# -- line roles ----------------------------------------------------------------

def _chrome_flags(table: list[Line], evidence: CorpusEvidence) -> list[bool]:
    """True for lines that are site chrome: a known pattern, or a short line that
    recurs across the corpus or at least three times on this page."""
    repeats = Counter(ln.norm for ln in table if ln.words <= 12)
    flags = []
    for ln in table:
        short = ln.words <= 12 and not L.looks_like_title(ln)
        recurring = short and (repeats[ln.norm] >= 3 or evidence.recurs(ln))
        flags.append(L.is_chrome(ln) or recurring)
    return flags


def _comment_zone_start(table: list[Line], chrome: list[bool]) -> int:
    """Index of the first line of the comment thread (len(table) when there is none).

    The thread starts at a comment-widget marker after the article's prose, or,
    on pages without one (forums, bare threads), at the first of several
    "signatures": a name line with a timestamp glued to it.
    """
    first_body = next((i for i, ln in enumerate(table) if L.is_body(ln) and not chrome[i]), None)
    if first_body is None:
        return len(table)
    marker = next((i for i in range(first_body + 1, len(table))
                   if L.is_zone_marker(table[i]) and not _in_tab_row(table, i)), None)
    signatures = [i for i in range(len(table)) if _is_signature(table, i)]
    if marker is not None:
        # a thread with no marker of its own, above a sidebar's "Recent comments": the
        # signatures before the marker open it
        if len([i for i in signatures if first_body < i < marker]) < 2:
            return marker
        signatures = [i for i in signatures if first_body < i < marker]
    if len(signatures) < 2 and marker is None:
        # forums rendered with a blank line between the name and the time (vBulletin): three
        # or more such headers below the first prose open the thread
        signatures = [i for i in range(first_body + 1, len(table)) if _spaced_header(table, i)]
        if len(signatures) < 3:
            return len(table)
    if len(signatures) < 2:
        return len(table)
    start = signatures[0]
    if start > 0 and table[start].gap_before == 0 and _is_badge_line(table[start - 1]):
        start -= 1  # a post number or role badge sits above the name
    while start > 0 and chrome[start - 1] and start - 1 > first_body:
        start -= 1
    return start


def _in_tab_row(table: list[Line], i: int) -> bool:
    """Whether the marker at ``i`` is one tab of a story's tab row: two or more of the
    ``TAB_REACH`` lines either side of it name the story's other views ("Article",
    "Slideshow", "Stock Quotes"). A news site's "Comments" tab sits above the story it links
    from; the thread it opens is on another page, or far below."""
    near = range(max(0, i - TAB_REACH), min(len(table), i + TAB_REACH + 1))
    return sum(bool(patterns.TABS.match(table[j].norm)) for j in near if j != i) >= 2


def _name_on_date(table: list[Line], i: int) -> bool:
    """"Slavko Desik on" (or "by bsosna on") with the date on the next line: a renderer broke a
    signature after its "on"; the line alone reads like words."""
    ln = table[i]
    if i + 1 >= len(table) or table[i + 1].gap_before > 1 or not patterns.NAME_ON.match(ln.text):
        return False
    return L.name_shaped(ln) and L.is_timestamp(table[i + 1])


def _is_badge_line(ln: Line) -> bool:
    return ln.norm in patterns.BADGES or bool(patterns.POST_NUMBER.match(ln.text.strip()))


def _profile_follows(table: list[Line], i: int) -> bool:
    """A forum poster's name over a profile block: "Registered: <date>" within four lines."""
    if not (L.looks_like_name(table[i]) or L.name_shaped(table[i])) or L.patterns.PROFILE_LINE.match(table[i].text) \
            or L.patterns.COMMENTER_META.match(table[i].text):
        return False
    for j in range(i + 1, min(i + 5, len(table))):
        if table[j].gap_before > 1 or L.is_body(table[j]):
            return False  # a profile block holds no prose
        if L.patterns.PROFILE_LINE.match(table[j].text):
            return True
    return False


def _spaced_header(table: list[Line], i: int) -> bool:
    """A name, then one blank line, then a date with a time of day ("06-29-2004, 04:19 AM")."""
    if i + 1 >= len(table) or table[i + 1].gap_before != 1 or not L.looks_like_name(table[i]):
        return False
    stamp = table[i + 1]
    return L.is_timestamp(stamp) and bool(patterns.TIME_OF_DAY.search(stamp.text))


def _is_signature(table: list[Line], i: int) -> bool:
    """A name line followed, within a few glued lines, by a timestamp (or by a profile block)."""
    if L.inline_signature(table[i]) or _profile_follows(table, i) or _name_on_date(table, i):
        return True
    if not (L.looks_like_name(table[i]) or L.patterns.AUTHOR_SUFFIX.match(table[i].text)):
        return False
    for j in range(i + 1, min(i + 5, len(table))):
        if table[j].gap_before > 0:
            return False
        if L.is_timestamp(table[j]):
            return True
    return False


# -- the article zone ------------------------------------------------------------

def _article_zone(table: list[Line], chrome: list[bool]) -> list[Draft]:
    drafts: list[Draft] = []
    current: Draft | None = None
    after_teaser_header = False
    box_has_more_links = False  # teasers in this box end with "Continue reading"
    chrome_lines = {ln.number for ln, flag in zip(table, chrome) if flag}

    def close() -> None:
        nonlocal current, after_teaser_header
        if current is not None:
            in_box = after_teaser_header and not (box_has_more_links and current.kind != "teaser")
            # a short headed block right after a teaser is one more teaser of the same list
            after_teaser = bool(drafts and drafts[-1].kind == "teaser")
            finished = _finish_block(current, in_box, chrome_lines, after_teaser)
            drafts.extend(finished)
            if any(d.kind == "article" for d in finished):
                after_teaser_header = False  # a full story ends the box of teasers
        current = None

    for i, ln in enumerate(table):
        if patterns.TEASER_HEAD.match(ln.norm) and len(ln.norm) < 60:
            close()
            drafts.append(Draft("boilerplate", [ln]))
            after_teaser_header, box_has_more_links = True, False
            continue
        if current is not None and _ends_teaser(ln, current):
            current.members.append(ln)
            current.kind = "teaser"
            box_has_more_links = after_teaser_header
            close()
            continue
        if chrome[i] and current is not None and after_teaser_header and ln.gap_before >= 1:
            close()  # a widget heading ends the box of teasers
        if chrome[i]:
            if current is None:
                drafts.append(Draft("boilerplate", [ln]))
            else:
                current.members.append(ln)
            continue
        if _starts_article(table, chrome, i, current, after_teaser_header):
            close()
            current = Draft("article", [ln], title=ln.text)
            continue
        if current is not None and current.has_body and _opens_untitled(table, chrome, i):
            close()
        if current is None:
            if _is_label(ln) and not _body_follows(table, chrome, i):
                drafts.append(Draft("boilerplate", [ln]))
                continue
            current = Draft("article")
            if _is_label(ln) and ln.gap_before >= 2:
                current.outlet = ln.text
        if not current.has_body and current.byline is None and L.is_byline(ln):
            current.byline = ln.text
        current.members.append(ln)
        current.has_body = current.has_body or L.is_body(ln)
    close()
    return drafts


def _ends_teaser(ln: Line, current: Draft) -> bool:
    """"Continue reading" closing a short block; "Read more" glued to a headline is an inline link."""
    if not (len(ln.norm) < 80 and patterns.TEASER_END.match(ln.norm)):
        return False
    return ln.gap_after != 0 and sum(L.is_body(m) for m in current.members) <= 5


def _is_label(ln: Line) -> bool:
    """A short heading-like line: a section name, an outlet, a category."""
    return 1 <= ln.words <= 3 and not ln.ends_sentence and len(ln.text) <= 40


def _opens_untitled(table: list[Line], chrome: list[bool], i: int) -> bool:
    """An outlet or section label set apart by blank lines, then prose: a new repost."""
    return _is_label(table[i]) and table[i].gap_before >= 2 and _body_follows(table, chrome, i)


def _body_follows(table: list[Line], chrome: list[bool], i: int) -> bool:
    nxt = _next_content(table, chrome, i)
    return nxt is not None and L.is_body(table[nxt])


def _next_content(table: list[Line], chrome: list[bool], i: int) -> int | None:
    for j in range(i + 1, len(table)):
        if not chrome[j]:
            return j
    return None


def _starts_article(table: list[Line], chrome: list[bool], i: int, current: Draft | None,
                    in_teaser_box: bool = False) -> bool:
    ln = table[i]
    if L.is_byline(ln) or not L.headline_shape(ln):
        return False
    if current is not None and current.title and L.normalise(current.title) == ln.norm:
        return False  # the headline repeated above the body
    nxt = _next_content(table, chrome, i)
    if nxt is None:
        return False
    following = table[nxt]
    glued_date = L.is_timestamp(following) or L.is_byline(following)
    if in_teaser_box and ln.gap_before >= 1 and following.gap_before == 0 and (
        not L.is_body(ln) or glued_date
    ):
        return True  # a headline with its excerpt or date glued under it
    if not L.looks_like_title(ln):
        # a sentence-case headline is recognised by the byline right under it
        if not (L.is_byline(following) and following.gap_before <= 1):
            return False
    after_chrome = i > 0 and chrome[i - 1]
    stacked = L.looks_like_title(following) and following.norm != ln.norm
    if stacked and not L.is_byline(following) and ln.gap_before < 2 and not after_chrome:
        return False  # a caption or subtitle stacked under another heading
    if in_teaser_box and current is not None and current.title and ln.gap_before >= 1 and (
        sum(L.is_body(m) for m in current.members) <= 1
    ):
        return True  # each headline in a box of related stories is its own teaser
    if current is None or not current.has_body:
        # a headline after masthead lines (no title, no prose yet) starts the story
        return current is None or ln.gap_before >= 2 or current.title is None
    prev = table[i - 1]
    if ln.gap_before == 0 and not chrome[i - 1]:
        return False  # glued to the paragraph above: a caption or an inline link
    boundary = ln.gap_before >= 2 or chrome[i - 1] or _is_label(prev)
    if boundary or L.is_byline(following):
        return True
    return _shares_words(ln, following, 3)


def _shares_words(title: Line, paragraph: Line, needed: int) -> bool:
    """A new story's first paragraph echoes its headline; an inline link does not."""
    head = {w.lower() for w in L.words_of(title.text) if len(w) > 3}
    head -= patterns.SENTENCE_WORDS
    body = {w.lower() for w in L.words_of(paragraph.text[:1500])}
    return len(head) >= needed and len(head & body) >= needed


def _glued_head(members: list[Line]) -> int:
    """Index of the last line in the run glued (no blank line) under the first line."""
    k = 0
    while k + 1 < len(members) and members[k + 1].gap_before == 0:
        k += 1
    return k


def _finish_block(block: Draft, after_teaser_header: bool, chrome_lines: set[int],
                  after_teaser: bool = False) -> list[Draft]:
    """Decide whether a block is a teaser, and split trailing chrome off it."""
    members = block.members
    paragraphs = sum(L.is_body(ln) for ln in members)
    # a headline with one excerpt right after a teaser is one more teaser of the same list
    listed = after_teaser and paragraphs <= 1
    if block.kind != "teaser" and (after_teaser_header and paragraphs <= 2 or listed) and block.title:
        # a bare headline (no excerpt, date or "more" link) is a list of links, not a teaser
        block.kind = "teaser" if len(members) > 1 else "boilerplate"
    cut = len(members)
    while cut > 1 and (members[cut - 1].number in chrome_lines or _is_label(members[cut - 1])):
        last = members[cut - 1]
        if patterns.TEASER_END.match(last.norm):
            break  # a teaser keeps its "Continue here" link
        if block.kind == "teaser" and cut - 1 <= _glued_head(members):
            break  # the date and category lines glued under a teaser's headline
        cut -= 1
    if cut == 1 and members[0].number in chrome_lines:
        cut = 0
    body, tail = members[:cut], members[cut:]
    out: list[Draft] = []
    if body:
        block.members = body
        if block.kind == "article" and not any(L.is_body(ln) for ln in body):
            # a headline with no story under it: a list of links, a widget
            block.kind = "boilerplate"
        out.append(block)
    out.extend(Draft("boilerplate", [ln]) for ln in tail)
    return out


# -- the comment zone ------------------------------------------------------------

def _comment_zone(table: list[Line], chrome: list[bool]) -> list[Draft]:
    names = Counter(L.author_name(ln).lower() for ln in table if L.looks_like_name(ln) or L.name_shaped(ln))
    drafts: list[Draft] = []
    current: Draft | None = None
    skip_next = False

    def close() -> None:
        nonlocal current
        if current is not None and current.members:
            drafts.append(current)
        current = None

    for i, ln in enumerate(table):
        only_author = current is not None and current.author is not None and not current.has_body
        if any(d.kind == "comment" for d in drafts) and _ends_thread(ln):
            close()
            drafts.extend(Draft("boilerplate", [rest]) for rest in table[i:])
            break
        if any(d.kind == "comment" for d in drafts) and patterns.TEASER_HEAD.match(ln.norm):
            close()  # related stories under the thread
            return _signed_below(drafts) + _article_zone(table[i:], chrome[i:])
        if not only_author and _is_badge(table, i):
            close()
            current = Draft("comment", [ln, table[i + 1]], author=L.author_name(table[i + 1]))
            skip_next = True
            continue
        if skip_next:
            skip_next = False
            continue
        if L.is_zone_marker(ln) and not only_author:
            close()
            drafts.append(Draft("boilerplate", [ln]))
            continue
        if not only_author and _date_over_name(table, i):
            close()  # "1. November 12, 2012" over "Alain Chautard": the comment opens at the name
            drafts.append(Draft("boilerplate", [ln]))
            continue
        if _is_author(table, chrome, names, i, only_author):
            close()
            current = Draft("comment", [ln], author=L.author_name(ln))
            continue
        if current is not None and only_author and _names_after_header(current, ln):
            # "23. Jul, 2012 /" then "Lisa Myers says:": the header is the widget's, the comment
            # opens at its name (as a badge or post number above a name does not open it either)
            current.kind, current.author = "boilerplate", None
            close()
            current = Draft("comment", [ln], author=L.author_name(ln))
            continue
        if current is not None and only_author and (L.is_timestamp(ln) or patterns.COMMENTER_META.match(ln.text)):
            current.members.append(ln)
            continue
        if current is not None and current.author is not None and len(current.members) == 2 \
                and patterns.COMMENTER_META.match(ln.text):
            current.members.append(ln)  # name, a motto, "557 Fans": the motto was the header's
            current.has_body = False
            continue
        if current is not None and only_author and not L.is_control(ln) and not L.is_zone_marker(ln):
            current.members.append(ln)  # whatever follows a name is that person's comment
            current.has_body = True
            continue
        if current is not None and _inside_comment(table, chrome, i, current):
            current.members.append(ln)
            continue
        if chrome[i] or L.is_control(ln) or _between_chrome(table, chrome, i):
            close()
            drafts.append(Draft("boilerplate", [ln]))
            continue
        if current is None or (ln.gap_before >= 2 and not only_author):
            close()
            current = Draft("comment")
        current.members.append(ln)
        current.has_body = True
    close()
    return _signed_below(drafts)


# the most lines of chrome-looking text a comment signed below may hold above its signature
MAX_SIGN_OFF_LINES = 6


def _signed_below(drafts: list[Draft]) -> list[Draft]:
    """The thread re-cut when its comments are signed below their text.

    Read top-down, a signature line ("Posted by: name | date") opens a comment; on platforms
    that print it under the comment, each comment would then start with the previous
    commenter's name. Such a thread is recognised by its shape: two or more signature
    lines and comment text above the first (below the last there is often the comment
    form, which the thread reader files with the comments). Each run of comment lines is
    then cut after every signature, which names the text above it. Some renderers break
    the signature over lines ("Posted by:", "name |", the date): the cut then comes after
    its date line."""
    original = drafts
    # a "Posted by:" line alone reads as chrome; in a thread signed below it is the signature's head
    drafts = [Draft("comment", d.members) if d.kind == "boilerplate" and len(d.members) == 1
              and patterns.SPLIT_SIGNATURE_HEAD.match(d.members[0].text) else d for d in drafts]
    drafts = _split_by_signatures(drafts)
    lines = [ln for d in drafts if d.kind == "comment" for ln in d.members]
    ends = {}  # index of a signature's first line -> (name, index of its last line)
    for n in range(len(lines)):
        signed = _signature_at(lines, n)
        if signed is not None:
            ends[n] = signed
    # text above the first signature: a sentence, or a short line with a link ("fun with mine: http://…");
    # any line when the signatures end in the comment's controls, which only a comment's foot has
    above = lines[:min(ends)] if ends else []
    following = _lines_after(drafts)
    footed = {n for n, (_, end) in ends.items() if patterns.SIGNATURE_FOOT.search(lines[n].text)
              or any(patterns.FOOT_CONTROL.match(ln.text) for ln in following.get(lines[end].number, []))}
    closing = bool(footed)
    if closing:  # then a "by name on date" line without the controls is quoted in a sign-off
        ends = {n: end for n, end in ends.items() if n in footed}
    # ("priceless." alone: a line that ends a sentence is text, not a title or a widget's label);
    # any text at all when the last signature closes the thread, with no comment text under it
    # ("I love Nedelle" above "Posted by Anonymous | date", and the comment form after the last)
    closed = bool(ends) and ends[max(ends)][1] == len(lines) - 1
    if len(ends) < 2 or not above or not (closing or closed or any(
            L.is_body(ln) or ln.words >= 4 or ln.text.endswith((".", "!", "?")) for ln in above)):
        return original
    out: list[Draft] = []
    open_: Draft | None = None
    n = -1
    pending: tuple[str, int] | None = None  # a split signature being read: its name and last line
    last_signature = lines[max(ends)].number
    after_foot = False  # the last lines read were a signature's controls
    for d in drafts:
        if closing and d.kind == "boilerplate" and pending is None \
                and len(d.members) <= MAX_SIGN_OFF_LINES and d.members[-1].number < last_signature:
            # between a comment's text and its signature at the foot: the commenter's sign-off
            # (SB Nation prints it on every comment, so it recurs and reads as chrome); after the
            # previous signature's controls, a short comment that read as chrome ("Ouch.")
            if open_ is not None:
                open_.members.extend(d.members)
                continue
            k = 0
            while k < len(d.members) and patterns.FOOT_CONTROL.match(d.members[k].text):
                k += 1
            if k:
                out.append(Draft("boilerplate", d.members[:k]))
                after_foot = True
            if k < len(d.members) and after_foot:
                open_ = Draft("comment", d.members[k:], has_body=True)
                out.append(open_)
            elif k < len(d.members):
                out.append(Draft("boilerplate", d.members[k:]))
            continue
        if d.kind != "comment":
            open_, pending = None, None
            out.append(d)
            continue
        after_foot = False
        for ln in d.members:
            n += 1
            if open_ is None:
                open_ = Draft("comment")
                out.append(open_)
            open_.members.append(ln)
            if pending is None and n in ends:
                pending = ends[n]
                open_.has_body = open_.has_body or len(open_.members) > 1
            elif pending is None:
                open_.has_body = open_.has_body or L.is_body(ln)
            if pending is not None and n >= pending[1]:
                open_.author, open_ = pending[0], None
                pending = None
    return out


def _split_by_signatures(drafts: list[Draft]) -> list[Draft]:
    """The drafts with every "by name on" line over its date made a two-line comment draft
    (see ``_split_by_signature``), also where the reader filed the two lines apart as chrome."""
    out: list[Draft] = []
    k = 0
    while k < len(drafts):
        d, nxt = drafts[k], drafts[k + 1] if k + 1 < len(drafts) else None
        if d.kind == "boilerplate" and len(d.members) == 1 and patterns.SPLIT_BY_SIGNATURE.match(d.members[0].text) \
                and nxt is not None and nxt.members and L.is_timestamp(nxt.members[0]):
            out.append(Draft("comment", [d.members[0], nxt.members[0]]))
            if nxt.members[1:]:
                out.append(Draft(nxt.kind, nxt.members[1:]))
            k += 2
            continue
        out.extend(_split_by_signature(d))
        k += 1
    return out


def _split_by_signature(d: Draft) -> list[Draft]:
    """A "by name on" line over its date reads as a byline (chrome); in a thread signed below
    it is a signature: its two lines become a comment draft, the lines around it stay chrome."""
    if d.kind != "boilerplate":
        return [d]
    out: list[Draft] = []
    rest: list[Line] = []
    k = 0
    members = d.members
    while k < len(members):
        if k + 1 < len(members) and patterns.SPLIT_BY_SIGNATURE.match(members[k].text) \
                and L.is_timestamp(members[k + 1]):
            if rest:
                out.append(Draft("boilerplate", rest))
                rest = []
            out.append(Draft("comment", members[k:k + 2]))
            k += 2
            continue
        rest.append(members[k])
        k += 1
    if rest:
        out.append(Draft("boilerplate", rest))
    return out


def _lines_after(drafts: list[Draft], count: int = 3) -> dict[int, list[Line]]:
    """For each line of the drafts, the ``count`` lines after it in page order, of any kind: the
    controls under a signature ("up", "reply", "actions") are chrome, not comment lines."""
    every = sorted((ln for d in drafts for ln in d.members), key=lambda ln: ln.number)
    return {ln.number: every[k + 1:k + 1 + count] for k, ln in enumerate(every)}


def _signature_at(lines: list[Line], n: int) -> tuple[str, int] | None:
    """(name, index of the signature's last line) when a signature printed under a comment
    starts at ``lines[n]``: one line ("Posted by: name | date"), or "Posted by:" alone with
    "name |" and then the date on the lines after it."""
    match = patterns.SIGNATURE_LINE.match(lines[n].text)
    if match:  # Blogger: "By Anonymous, at 5:12 PM": the comma is the template's
        return match.group("name").strip().rstrip(",").strip(), n
    split = patterns.SPLIT_BY_SIGNATURE.match(lines[n].text)
    if split and n + 1 < len(lines) and lines[n + 1].gap_before <= 1 and L.is_timestamp(lines[n + 1]):
        return split.group("name").strip(), n + 1  # "by name on", then the date
    if not patterns.SPLIT_SIGNATURE_HEAD.match(lines[n].text) or n + 1 >= len(lines):
        return None
    name = patterns.SPLIT_SIGNATURE_NAME.match(lines[n + 1].text)
    if not name or lines[n + 1].gap_before > 1:
        return None
    last = n + 1
    if last + 1 < len(lines) and L.is_timestamp(lines[last + 1]) and lines[last + 1].gap_before <= 1:
        last += 1
    return name.group("name").strip(), last


def _names_after_header(current: Draft, ln: Line) -> bool:
    """A "Name says:" line right under a one-line header the reader took for the name (a
    date or a post number printed above the name)."""
    return (len(current.members) == 1 and ln.gap_before == 0
            and bool(patterns.AUTHOR_SUFFIX.match(ln.text))
            and not patterns.AUTHOR_SUFFIX.match(current.members[0].text))


def _date_over_name(table: list[Line], i: int) -> bool:
    """A date alone on its line right above a name line (see patterns.DATE_HEADER), or a time
    under a profile link ("2. Profile", "11.05.12 at 2:01 pm", then the name)."""
    if i + 1 >= len(table) or table[i + 1].gap_before > 1:
        return False
    under_profile = i > 0 and bool(patterns.PROFILE_LINK.match(table[i - 1].text)) and L.is_timestamp(table[i])
    if not (patterns.DATE_HEADER.match(table[i].text) or under_profile):
        return False
    return L.looks_like_name(table[i + 1])


def _is_badge(table: list[Line], i: int) -> bool:
    """A role badge ("Guest", "Member") glued above a name that is glued above a timestamp."""
    if i + 2 >= len(table) or not _is_badge_line(table[i]):
        return False
    name, stamp = table[i + 1], table[i + 2]
    return name.gap_before == 0 and stamp.gap_before == 0 and L.is_timestamp(stamp) and name.words <= 6


def _ends_thread(ln: Line) -> bool:
    """The comment form after the thread: everything from here on is chrome."""
    return ln.norm.startswith(("leave a reply", "leave a comment", "post a comment", "add a comment"))


def _inside_comment(table: list[Line], chrome: list[bool], i: int, current: Draft | None) -> bool:
    """A chrome-looking line (e.g. "Read more: ...") quoted inside a comment's prose."""
    ln = table[i]
    if current is None or not current.has_body or not chrome[i] or L.is_control(ln):
        return False
    if L.is_zone_marker(ln) or ln.gap_before > 1 or i + 1 >= len(table):
        return False
    nxt = table[i + 1]
    return ln.gap_after <= 1 and not chrome[i + 1] and L.is_body(nxt) and len(ln.norm) > 25


def _between_chrome(table: list[Line], chrome: list[bool], i: int) -> bool:
    """A short line glued between two chrome lines is part of the widget."""
    ln = table[i]
    if L.is_body(ln) or i == 0 or i + 1 >= len(table):
        return False
    return ln.gap_before == 0 and ln.gap_after == 0 and chrome[i - 1] and chrome[i + 1]


def _replying_to(table: list[Line], i: int) -> bool:
    """Disqus shows a reply as: name, the parent's name, the time — all glued."""
    if i + 2 >= len(table):
        return False
    parent, stamp = table[i + 1], table[i + 2]
    return parent.gap_before == 0 and stamp.gap_before == 0 and L.is_timestamp(stamp) \
        and L.looks_like_name(parent)


def _is_author(table, chrome, names: Counter, i: int, after_author: bool) -> bool:
    ln = table[i]
    if after_author:
        return False
    if _profile_follows(table, i) and not chrome[i]:
        return True
    if patterns.PROFILE_LINE.match(ln.text) or patterns.COMMENTER_META.match(ln.text) \
            or patterns.PROFILE_LINK.match(ln.text):
        return False  # "Registered: November 01, 2001", "Posts: 110", "2. Profile": a profile, not a name
    stamped_next = i + 1 < len(table) and L.is_timestamp(table[i + 1]) and ln.gap_after == 0
    recurring = names[L.author_name(ln).lower()] >= 2
    # a name that recurs over several comments may read like words ("Free Donbass (the real on")
    named = L.looks_like_name(ln) or (recurring and L.name_shaped(ln))
    if not named and i + 1 < len(table) and L.is_timestamp(table[i + 1]) and ln.gap_after <= 1:
        named = L.bulleted_name(ln)  # "* Alan Wexelblat", then its date: a comment list's header
    named = named or _name_on_date(table, i)
    if not (named or stamped_next and len(ln.text) <= 40 and ln.words <= 6):
        return False
    if chrome[i] and not recurring:
        return False
    j = i + 1
    if _replying_to(table, i):
        j += 1  # "Name" then the parent's name, then the time
    while j < len(table) and (L.is_timestamp(table[j]) or patterns.COMMENTER_META.match(table[j].text)):
        j += 1
    if j >= len(table):
        return False
    stamped = j > i + 1 or bool(L.patterns.AUTHOR_SUFFIX.match(ln.text) or L.inline_signature(ln))
    nxt = table[j]
    if L.is_chrome(nxt) or L.is_control(nxt):
        return stamped  # author, timestamp, then controls: still an author line
    if L.looks_like_name(nxt) and names[L.author_name(nxt).lower()] >= 2 and not stamped:
        return False  # we are the last short line of a comment; the name comes next
    if table[j].gap_before >= 2 and not (recurring or stamped):
        return False  # a short comment standing alone, not a name over one
    return True


def _merge_boilerplate(drafts: list[Draft]) -> list[Draft]:
    """Fold runs of consecutive boilerplate lines into one segment."""
    merged: list[Draft] = []
    for d in drafts:
        if d.kind == "boilerplate" and merged and merged[-1].kind == "boilerplate":
            merged[-1].members.extend(d.members)
        else:
            merged.append(d)
    return merged


def comment_zone(table: list[Line], chrome: list[bool]) -> list[Draft]:
    """The comment-zone reader on its own, for runs of lines already known to be comments."""
    return _comment_zone(table, chrome)
