"""A comment thread read from the page's own header template.

Each comment platform prints its comment headers its own way ("Name says:", "Name on July 3,
2012 at 5:12 pm", "Name | 12 days ago", "Comment #4 - Posted by: Name at …", a name over a
bare date, "October 11, 2012 | Name" under the text), but on one page every comment's header
has the same shape, and headers alternate with the comments' text. This module reads that
shape from the page instead of from a list of platforms:

1. each short line gets a *shape*: digits become ``0`` (a numeric date ``0/0/0``, a phone or
   catalogue number ``#``), month and weekday names ``M`` and ``W``, am/pm ``P``, time units
   ``U``, time zones ``Z``, the words a template prints ("by", "on", "says", "posted", "pts"
   …) stay as they are, and a run of any other words becomes one name slot ``N``;
   punctuation is kept, a list number or bullet before the line and a commenter's web or mail
   address are left out. A name printed alone with its date (or "said...") glued under it,
   or a date glued over it, is one two-line header;
2. a shape with one name slot that says when or who (a date, a weekday, "ago", a header verb;
   a time of day alone is a ticker's) is the page's header template when it recurs at least
   ``MIN_HEADERS`` times with mostly different names, with comment text between its lines,
   and not glued to headlines (a list of dated teasers);
3. the headers open the comments, or, when the thread is signed under its text (decided from
   the page: text under the thread's marker above the first header, controls and gaps around
   each header), close them; the name slot's text is the author.

``text.py`` uses this reading where its platform rules did not read the thread so; where they
already did, they stand. Thresholds and word lists are module data, chosen on the development
sets named in docs/segmentation.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lines as L
from . import patterns
from .lines import Line

# A header template must recur this often on a page (two could be a byline and its echo).
MIN_HEADERS = 3
# Lines longer than this are text, never a header.
MAX_HEADER_CHARS = 120
MAX_HEADER_WORDS = 16
# A name printed alone over its date: at most this many words and characters.
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 40
# Share of the gaps between two headers that must hold comment text (a reply may follow its
# parent's header with nothing printed between when the parent's text was removed).
MIN_TEXT_BETWEEN = 0.7
# Share of the gaps between two headers that must hold a sentence (_said): a list of dated
# headlines has none.
MIN_PROSE_BETWEEN = 0.5
# Share of headers that may sit glued to a headline before the "thread" is taken for a list of
# story teasers ("Headline" / "By Name | July 3, 2012" / excerpt, "July 3, 2012, POLITICS" /
# "* Headline").
MAX_UNDER_HEADLINE = 0.5
# Share of distinct names among a template's headers: commenters answer each other, but a
# "name" that is the same on most headers is a section label over dated teasers.
MIN_DISTINCT_NAMES = 0.5
# ... or this many names at least: a long quarrel between a few commenters repeats their names
# more than half the time, a section label is one or two words over and over.
MANY_NAMES = 6
# Without a marker above the thread, a template with no date ("Name wrote:", "by Name (123)")
# must recur this often.
MIN_UNDATED_HEADERS = 5
# How far from a header comment text is looked for, in lines (_text_run).
TEXT_RUN_LINES = 2
# Without a marker above the thread, a first "comment" with this many times the prose of the
# longest other one is the story under its own header.
STORY_PROSE_FACTOR = 2.0
# The key of a header that is a name alone under a horizontal rule ("* * *" / "Name"): such a
# template says neither when nor who, so it must recur MIN_UNDATED_HEADERS times without a marker.
RULED = "rule:"
MAX_RULE_CHARS = 40  # a longer line of symbols is ASCII art or a divider banner, not a rule
# A name under a rule has at most this many words: a longer line there is a teaser's headline
# ("* * *" / "Premiers Press Ottawa For Aid" / its summary), and a name alone says nothing else.
MAX_RULED_NAME_WORDS = 3
# A second header shape on the page counts when it has this share of the main one's headers.
MIN_SHARE_OF_MAIN = 0.25
# The last comment of a header-led thread has no header under it: it is bounded by chrome, or
# by this many lines over the longest comment between two headers. (The first comment of a
# thread signed below is bounded by the longest, as the story may stand right above it.)
EDGE_SLACK_LINES = 5

MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split())
MERIDIEM = frozenset("am pm a.m. p.m. a.m p.m".split())
TIME_UNITS = frozenset(
    "second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks "
    "month months year years".split())
DAY_WORDS = frozenset("yesterday today".split())
TIME_ZONES = frozenset("utc gmt bst cet cest est edt cst cdt mst mdt pst pdt ist aest".split())
ORDINALS = frozenset("st nd rd th".split())
# Words comment templates print around the name and the time; kept in the shape as they are.
TEMPLATE_WORDS = frozenset(
    "by on at says said wrote writes posted added replied responded commented reply replies permalink link "
    "pts points comment edited ago via reblogged from".split())
# Single characters that join the parts of one name ("Kate @ Songs Kate Sang", "Tom & Ann").
NAME_JOINERS = frozenset("@ & + /".split())

_CHUNK = re.compile(r"\S+")
_PIECE = re.compile(r"[^\W\d_]+|\d+|[\W_]")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_MAIL = re.compile(r"^<?\S+@\S+\.\w+>?$")
_GLUED_DATE = re.compile(r"(?<=[^\W\d_])(?=\d{1,2}/\d{1,2}/\d{2,4}\b)")
_GLUED_VERB = re.compile(r"(?<=[a-z0-9])(?=(?:wrote|says|said|responded|replied|commented)(?: on\b| to\b|:|\.\.\.))")
_NUMBERS = re.compile(r"^\d+(?:[/.-]\d+){2,}[.,]?$")
_NUMERIC_DATE = re.compile(r"^(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2})[.,]?$")
_ARTICLE_UNIT = re.compile(
    r"\b(?:a|an|one)\s+(?=(?:second|minute|hour|day|week|month|year)s?\b)", re.I)  # "a day ago"
# What makes a shape a header's and not any short line's: a date (a month name with a number),
# a weekday, a time of day, a numeric date, "N days ago", "yesterday", or one of the verbs a
# template prints after or before a name. Controls ("Reply") and "on"/"at" alone are not enough.
HEADER_VERBS = ("says", "said", "wrote", "writes", "posted", "added", "replied", "commented", "pts",
                "points", "reblogged")
_DAY = r"M\W*0|0\W*M|\bW\b|\bD\b|0[/.-]0[/.-]0|U ago"  # a date, a weekday, "yesterday", "N days ago"
_TIME = r"0:0"
_VERB = r"\b(?:" + "|".join(HEADER_VERBS) + r")\b"
# "Name, Town, Country": a reader's signature with where they write from says who (PLACED)
PLACED = "Q"
_PLACE = r"\bQ\b"
_ANCHOR = re.compile("|".join((_DAY, _TIME, r"^by\b", _VERB, _PLACE)))
# A header template says when or who: a date, a weekday, "ago", "yesterday", or a verb. A time
# of day alone is a news ticker's or a tag list's ("Beauty" / "10:32 AM"), not a comment's.
_DATED_OR_SIGNED = re.compile("|".join((_DAY, r"^\s*by\b", _VERB, _PLACE)))
# The same for the line under (or over) a name printed alone: a date or a time, not a verb
# ("Posted by:" under a comment's last short line is a signature's head, not its date).
_DATE_ANCHOR = re.compile("|".join((_DAY, _TIME)))
# A verb whose subject is the name above it ("Name" / "said..."), unlike "Posted by:", which
# names the commenter after it.
_SUBJECT_VERB = re.compile(r"(?:^|\bN\s+(?:/\s+)?)(?:says|said|wrote|writes|commented|replied|added)\b")
_QUOTES = "\"“”«»„"
# What ends a line broken out of a one-line signature ("October 22, 2012 |" over the name).
_SEPARATORS = ("|", "•", "·", "—", "-", "–")
# A list number or bullet a renderer prints before a header ("1. Eva", "* Name — date", "+ Name"
# one level down, "o Name" two levels down): not part of the shape, so that replies and
# top-level comments share one.
_LIST_MARK = re.compile(r"^(?:[*+•o-]|\d{1,4}\.?|#\d{1,6})\s+(?=\S)")
# A dash before a name is a signature's ("- Pete, Leeds, 04/03/2026"), not a list item's bullet:
# it does not say that the name opens the comment under it.
_SIGNATURE_DASH = "-"
# A place in a signature ("Name, Town, Country"): at most this many comma-separated parts,
# each of at most this many words.
MAX_PLACE_PARTS = 3
MAX_PLACE_WORDS = 3
# How a comment's last line ends above its signature.
SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "'", "’")
# Lines between two signatures with a place in one thread: a letter or comment of that many.
MAX_PLACED_GAP = 15


@dataclass(frozen=True)
class Shape:
    """A line's header shape and where its name slot is (char offsets in the line's text)."""

    key: str
    name_start: int
    name_end: int
    anchored: bool
    slots: int
    listed: bool = False  # a list number or bullet opened the line


@dataclass(frozen=True)
class Header:
    """One comment header found by the template: its lines (indices into the table: ``top``
    to ``last``), the line that names the commenter (``first``, where the comment starts
    when the header opens it) and the name."""

    top: int
    first: int
    last: int
    author: str
    key: str
    listed: bool = False


def _piece_shape(piece: str, previous: str) -> str:
    low = piece.lower()
    if piece.isdigit():
        return "0"
    if not piece[0].isalnum():
        return piece
    if low in MONTHS:
        return "M"
    if low in WEEKDAYS:
        return "W"
    if low in MERIDIEM:
        return "P"
    if low in TIME_UNITS:
        return "U"
    if low in DAY_WORDS:
        return "D"
    if low in TIME_ZONES:
        return "Z"
    if low in ORDINALS and previous.isdigit():
        return ""
    if low in TEMPLATE_WORDS:
        return low
    return ""  # an unknown word: the chunk is part of a name


def _chunk_shape(chunk: str) -> str | None:
    """The shape of one whitespace-separated chunk, or None when it is (part of) a name."""
    if _URL.match(chunk) or _MAIL.match(chunk):
        return "L"
    if chunk.lower() in MERIDIEM:
        return "P"
    if _NUMBERS.match(chunk):  # a numeric date, or a phone or catalogue number (no header's date)
        return "0/0/0" if _NUMERIC_DATE.match(chunk) else "#"
    out = []
    previous = ""
    for piece in _PIECE.findall(chunk):
        mark = _piece_shape(piece, previous)
        if not mark and piece[0].isalnum() and not (piece.lower() in ORDINALS and previous.isdigit()):
            return None
        out.append(mark)
        previous = piece
    return "".join(out)


# A page's lines are shaped once each, and menus and widgets repeat across pages: a bounded
# cache on the text (the shape is a function of the text alone).
@lru_cache(maxsize=16384)
def shape_of(text: str) -> Shape | None:
    """The header shape of a line's text, or None for a line too long to be a header."""
    if len(text) > MAX_HEADER_CHARS:
        return None
    mark = _LIST_MARK.match(text)
    if mark:  # blank it out: the name slot keeps its offsets in the line
        text = " " * mark.end() + text[mark.end():]
    text = _ARTICLE_UNIT.sub(lambda m: "1" + " " * (len(m.group(0)) - 1), text)  # "a day ago" = "1 day ago"
    # "Joan McGettigan10/28/12 5:33 PM": a renderer glued the date to the name; the name's
    # offsets stay, as the date comes after it
    text = _GLUED_DATE.sub(" ", text)
    text = _GLUED_VERB.sub(" ", text)  # "Daveywrote on …", "Phil Whiteresponded to Davey on …"
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []  # the name slots
    open_name: tuple[int, int] | None = None
    pending_joiner: str | None = None
    chunks = list(_CHUNK.finditer(text))
    if len(chunks) > MAX_HEADER_WORDS:
        return None
    for match in chunks:
        chunk = match.group(0)
        core = chunk.rstrip(",:;")
        trail = chunk[len(core):]
        if core and core in NAME_JOINERS and open_name is not None:
            pending_joiner = core
            continue
        shape = _chunk_shape(core) if core else ""
        if shape is None:
            if open_name is not None:
                open_name = (open_name[0], match.start() + len(core))
            else:
                open_name = (match.start(), match.start() + len(core))
                tokens.append("N")
            pending_joiner = None
            if trail:
                spans.append(open_name)
                open_name = None
                tokens.append(trail)
            continue
        if pending_joiner is not None:
            tokens.append(pending_joiner)
            pending_joiner = None
        if open_name is not None:
            spans.append(open_name)
            open_name = None
        tokens.append(shape + trail if shape else trail)
    if pending_joiner is not None:
        tokens.append(pending_joiner)
    if open_name is not None:
        spans.append(open_name)
    # a commenter's web or mail address is printed by some commenters only: not in the shape
    # a user number ("by name (12345)") is printed for registered commenters only: not either
    tokens = [t for t in tokens if t and t not in ("L", "<", ">", "(0)")]
    tokens, spans = _with_place(tokens, spans, text)
    while len(tokens) > 1 and tokens[-1] == "N" and len(spans) > 1 \
            and _ANCHOR.search(" ".join(tokens[:-1]).replace("N", " ")):
        tokens.pop()  # links after the date ("Journal", "Homepage") a commenter may or may not have
        spans.pop()
    key = " ".join(tokens)
    anchored = bool(_ANCHOR.search(key.replace("N", " ")))
    start, end = spans[0] if spans else (0, 0)
    listed = mark is not None and mark.group(0).strip() != _SIGNATURE_DASH
    return Shape(key, start, end, anchored, len(spans), listed=listed)


def _with_place(tokens: list[str], spans: list[tuple[int, int]], text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The shape with a signature's place made one slot of its own: in "Pete, Leeds, United
    Kingdom, 04/03/2026" and "Carol M, Bristol, 04/03/2026" the words after the name and a
    comma are where the reader writes from, so both lines share one shape ("N , Q , 0/0/0")
    with the name as its only name slot. The name may follow the template's own words
    ("Posted by: tom, farnworth on 8:21pm Tue 1 Jan 08")."""
    first = tokens.index("N") if "N" in tokens else -1
    if len(spans) < 2 or first < 0 or tokens[first:first + 3] != ["N", ",", "N"]:
        return tokens, spans
    parts = 1
    end = first + 3  # tokens[first + 2:end] are the place's slots and the commas between them
    while parts < MAX_PLACE_PARTS and tokens[end:end + 2] == [",", "N"]:
        parts += 1
        end += 2
    if any(len(text[a:b].split()) > MAX_PLACE_WORDS for a, b in spans[1:1 + parts]):
        return tokens, spans
    rest = tokens[end:]
    if rest == [","]:
        rest = []  # "Blake B, Los Angeles," a renderer left the comma before a missing date
    return tokens[:first] + ["N", ",", PLACED] + rest, [spans[0]] + spans[1 + parts:]


def _name_only(shape: Shape) -> bool:
    """A name printed alone, maybe after a list number or a bullet ("1. Eva", "* Tom")."""
    return shape.slots == 1 and shape.key == "N"


def _name_like(name: str) -> bool:
    """A name printed alone: a few words, no sentence's end ("Thanks for sharing!" is a short
    comment, not a name), not a sentence's words ("this is it")."""
    words = L.words_of(name)
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS:
        return False
    initial = name.endswith(".") and len(words[-1]) <= 2  # "Leah H."
    if name[-1] in ".!?,;:…" and not initial or any(q in name for q in _QUOTES):
        return False  # a sentence, or a quoted title ("Mobile features". Mozilla. Retrieved)
    return len(words) <= 2 or sum(w.lower() in patterns.SENTENCE_WORDS for w in words) == 0


def _dated(shape: Shape | None) -> bool:
    """Whether a line's shape is a header's date or verb with no name ("July 3, 2012 at 5:12 pm",
    "said...")."""
    return shape is not None and shape.slots == 0 and (
        bool(_DATE_ANCHOR.search(shape.key)) or bool(_SUBJECT_VERB.match(shape.key)))


def _headers(table: list[Line], chrome: list[bool], begin: int) -> list[Header]:
    """Every line from ``begin`` on that could be a header: an anchored line with one name
    slot, or a name line with its date line glued under it (or above it). A line can be read
    more than one way; the page's recurring shape decides (``_template``)."""
    shapes = [shape_of(ln.text) if i >= begin and ln.words <= 2 * MAX_HEADER_WORDS else None
              for i, ln in enumerate(table)]
    out: list[Header] = []
    for i in range(begin, len(table)):
        ln, shape = table[i], shapes[i]
        if shape is None or shape.slots != 1 or (chrome[i] and not L.looks_like_name(ln)):
            continue
        name = ln.text[shape.name_start:shape.name_end]
        if not _name_like(name):
            continue
        alone = _name_only(shape)
        if not (alone or shape.anchored):
            continue
        under = shapes[i + 1] if i + 1 < len(table) and table[i + 1].gap_before <= 1 else None
        if under is not None and _dated(under):
            # a name (or "by name on") over its date: one header on two lines
            out.append(Header(i, i, i + 1, name, shape.key + " / " + under.key, shape.listed))
        over = shapes[i - 1] if alone and i - 1 >= begin and ln.gap_before <= 1 else None
        if over is not None and _dated(over):
            # a date over the name ("7. November 12, 2012" / "Jill"): the comment opens at the name
            out.append(Header(i - 1, i, i, name, over.key + " / N", shape.listed))
        if shape.anchored:
            out.append(Header(i, i, i, name, shape.key, shape.listed))
        if alone and ln.words <= MAX_RULED_NAME_WORDS and i - 1 >= begin and _rule_line(table[i - 1]):
            # a name under a rule ("* * *", an <hr> as a renderer prints it): the rule
            # separates the comments, the comment opens at the name
            out.append(Header(i - 1, i, i, name, RULED + table[i - 1].text.replace(" ", "") + " / N", shape.listed))
    return out


def _rule_line(ln: Line) -> bool:
    """A horizontal rule as a renderer prints it: "* * *", "-----", "___", no letter or digit."""
    mark = ln.text.replace(" ", "")
    return 3 <= len(mark) <= MAX_RULE_CHARS and not any(c.isalnum() for c in mark)


def _said(ln: Line, chrome: bool) -> bool:
    """A line that says something: prose, a sentence however short ("Ouch."), or a long line
    that is not a headline."""
    if chrome or L.is_control(ln):
        return False
    if L.is_body(ln) or ln.text.endswith((".", "!", "?", "…", ")", ":")):
        return True
    return ln.words >= 6 and not L.looks_like_title(ln)


def _headline_like(ln: Line) -> bool:
    """A story's headline in a list of teasers: title-shaped, or a list item ("* Ode To The Dead
    Mall", "2. Environment"), not a sentence."""
    if L.is_body(ln) or ln.text.endswith((".", "!", "?", "…")) or L.is_timestamp(ln):
        return False
    shape = shape_of(ln.text)
    if shape is not None and shape.slots == 0:
        return False  # a date line, not a headline
    return L.looks_like_title(ln) or bool(_LIST_MARK.match(ln.text))  # a list's item: a link


def _beside_headline(table: list[Line], h: Header) -> bool:
    """A header glued to a headline above or below it: a teaser's date and byline."""
    above = h.top > 0 and table[h.top].gap_before == 0 and _headline_like(table[h.top - 1])
    below = h.last + 1 < len(table) and table[h.last + 1].gap_before <= 1 and _headline_like(table[h.last + 1])
    return above or below


def is_text(ln: Line, chrome: bool) -> bool:
    """Not furniture: no chrome, control, marker or page furniture ("Subscribe to comments on
    this entry" under the last comment), and some letters (a vote count has none)."""
    return (not chrome and not L.is_control(ln) and not L.is_zone_marker(ln) and any(c.isalpha() for c in ln.text)
            and not L.is_furniture_line(ln))


def _template(table: list[Line], chrome: list[bool], found: list[Header]) -> list[Header]:
    """The headers whose shape recurs as a comment header template (see the module's doc)."""
    by_key: dict[str, list[Header]] = {}
    for header in found:
        by_key.setdefault(header.key, []).append(header)
    qualified: list[list[Header]] = []
    for key, group in by_key.items():
        names = len({h.author.lower() for h in group})
        if len(group) < MIN_HEADERS or names < min(MIN_DISTINCT_NAMES * len(group), MANY_NAMES):
            continue  # one name over and over: a section label ("cricket", "UK") over dated teasers
        if not (_DATED_OR_SIGNED.search(key.replace("N", " ")) or key.startswith(RULED)):
            continue  # a name alone says neither when nor who, unless a rule sets each one apart
        gaps = list(zip(group, group[1:]))
        with_text = sum(any(is_text(table[k], chrome[k]) for k in range(a.last + 1, b.top)) for a, b in gaps)
        if with_text < MIN_TEXT_BETWEEN * len(gaps):
            continue
        said = sum(any(_said(table[k], chrome[k]) for k in range(a.last + 1, b.top)) for a, b in gaps)
        if said < MIN_PROSE_BETWEEN * len(gaps):
            continue  # headlines or list items between the "headers": a list of links
        beside_headline = sum(_beside_headline(table, h) for h in group)
        if beside_headline > MAX_UNDER_HEADLINE * len(group):
            continue  # a list of stories, each headline over its byline
        qualified.append(group)
    if not qualified:
        return []
    most = max(len(group) for group in qualified)
    # a second template (replies printed their own way) must be as common as a kind of comment,
    # not a few quoted lines that happen to share a shape; where two readings of the same lines
    # compete (a name between two dates), the more common shape has them
    taken: list[Header] = []
    used: set[int] = set()
    for group in sorted(qualified, key=len, reverse=True):
        if len(group) < MIN_SHARE_OF_MAIN * most:
            continue
        for h in group:
            lines_of = set(range(h.top, h.last + 1))
            if not lines_of & used:
                taken.append(h)
                used |= lines_of
    return sorted(taken, key=lambda h: h.top)


def _sentence_like(ln: Line) -> bool:
    return L.is_body(ln) or ln.words >= 4 or ln.text.endswith((".", "!", "?"))


def _text_run(table: list[Line], chrome: list[bool], indices: range) -> bool:
    """Whether the first lines along ``indices`` (up to the first that is not text, at most
    ``TEXT_RUN_LINES``) hold a sentence: a comment's text right beside a header, not the
    page's furniture further on ("This is only a preview. Your comment has not been posted.")."""
    for k in indices[:TEXT_RUN_LINES]:
        if not is_text(table[k], chrome[k]):
            return False
        if L.looks_like_title(table[k]) and not table[k].text.endswith((".", "!", "?")):
            return False
        if _sentence_like(table[k]):
            return True
    return False


def _signed_below(table: list[Line], chrome: list[bool], headers: list[Header], begin: int, marked: bool) -> bool:
    """Whether the headers close their comments (printed under the text) rather than open them.

    Without a marker above the thread the text above the first header may be the story, so
    the thread is signed below only when there is comment text above the first header and
    none right under the last. Under a marker, each header votes: a control or a wider gap
    above it says it opens a comment (the previous comment's "Reply" ends there), under it
    that it closes one, and so does a header that ends in the comment's controls ("Reply");
    comment text right above the first header (which a header-led thread does not have under
    its marker) and right under the last count twice. A tie goes to a header-led thread."""
    opening = sum((h.first > h.top and not table[h.top].text.endswith(_SEPARATORS)) or h.listed
                  or bool(_SUBJECT_VERB.search(h.key)) for h in headers)
    if opening * 2 > len(headers):
        # a date printed over the name (not "October 22, 2012 |" over the name: one signature
        # broken over two lines), a list item's number or bullet before the name, or "Name
        # says:": the name opens the comment under it
        return False
    first, last = headers[0], headers[-1]
    above = _text_run(table, chrome, range(first.top - 1, begin - 1, -1))
    below = _text_run(table, chrome, range(last.last + 1, len(table)))
    if not marked:
        return above and not below
    votes = 2 * (int(below) - int(above))
    for h in headers:
        opened = h.top > 0 and not is_text(table[h.top - 1], chrome[h.top - 1])
        closed = h.last + 1 < len(table) and not is_text(table[h.last + 1], chrome[h.last + 1])
        wider = (table[h.top].gap_before > table[h.last].gap_after) - (table[h.top].gap_before < table[h.last].gap_after)
        # a header that ends in the comment's controls ("… at 10:42 pm. Reply #") is its foot
        footed = bool(patterns.SIGNATURE_FOOT.search(table[h.last].text))
        votes += int(opened) - int(closed) - int(footed) + wider
    return votes < 0


@dataclass(frozen=True)
class TemplateComment:
    """A comment read by the template: its lines (indices into the table, header included)
    and its author."""

    first: int
    last: int
    author: str
    signed_below: bool = False  # the header closes the comment: nothing after the last one is signed


def _placed(header: Header) -> bool:
    return PLACED in header.key.split()


def _placed_run(headers: list[Header]) -> list[Header]:
    """Signatures with a place stand together under the story: the longest run of them with
    at most ``MAX_PLACED_GAP`` lines between two ("Name, Town" in a property advert further
    down the page is not one more reader)."""
    if not any(_placed(h) for h in headers):
        return headers
    runs: list[list[Header]] = []
    for h in headers:
        if runs and h.top - runs[-1][-1].last <= MAX_PLACED_GAP:
            runs[-1].append(h)
        else:
            runs.append([h])
    return max(runs, key=len)


def _sign_off(table: list[Line], headers: list[Header]) -> bool:
    """Whether most signatures close a sentence: the comment's text above ends as a sentence does."""
    closed = sum(h.top > 0 and table[h.top - 1].text.rstrip().endswith(SENTENCE_ENDS) for h in headers)
    return closed * 2 >= len(headers)


def _read_thread(table: list[Line], chrome: list[bool], headers: list[Header], begin: int,
                 marked: bool) -> tuple[list[Header], bool] | None:
    """The template's headers and whether they close their comments, or None when they are
    too few to be a thread."""
    if len(headers) < MIN_HEADERS:
        return None
    if not marked and len(headers) < MIN_UNDATED_HEADERS and not any(_DATE_ANCHOR.search(h.key) for h in headers):
        return None  # "Name wrote:" a few times in a story is quoting, not a thread
    return headers, _signed_below(table, chrome, headers, begin, marked)


def template_comments(table: list[Line], chrome: list[bool], begin: int = 0, marked: bool = False,
                      stop: int | None = None) -> list[TemplateComment]:
    """The comments the page's header template finds from ``begin`` on (none when the page
    has no such template); ``marked`` when the thread is known to start at ``begin`` (a
    comment-widget marker or the rules' first signature there)."""
    stop = len(table) if stop is None else stop
    found = _headers(table[:stop], chrome[:stop], begin)
    reading = _read_thread(table, chrome, _placed_run(_template(table, chrome, found)), begin, marked)
    if reading and any(_placed(h) and not _DATE_ANCHOR.search(h.key) for h in reading[0]) \
            and not (reading[1] and _sign_off(table, reading[0])):
        # a reader's town closes a letter or comment; "Surname, First" or "Street, Town" over
        # text opens a reference list's entries or a listing's items, or breaks a reference
        # list's wrapped lines ("…(ERIC Document No. ED431066)" / "Bickel, Robert;" / "Howley,
        # Craig; …"): read the page without them. A name and town printed with a date or a
        # time ("Posted by: tom, farnworth on 8:21pm Tue 1 Jan 08") is a comment's header
        # wherever it stands.
        reading = _read_thread(table, chrome, _template(table, chrome, [h for h in found if not _placed(h)]),
                               begin, marked)
    if not reading:
        return []
    headers, signed_below = reading
    spans = [(a.last + 1, b.top) for a, b in zip(headers, headers[1:])]
    longest = max(b - a for a, b in spans)
    edge = longest + EDGE_SLACK_LINES
    out: list[TemplateComment] = []
    if signed_below:
        top = headers[0].top
        while top > begin and top > headers[0].top - max(longest, 1) and is_text(table[top - 1], chrome[top - 1]) \
                and not L.looks_like_title(table[top - 1]):
            top -= 1
        starts = [top] + [a.last + 1 for a in headers[:-1]]
        for start, h in zip(starts, headers):
            out.append(TemplateComment(start, h.last, _clean(h.author), signed_below=True))
        return _without_story(table, out, marked)
    for a, b in zip(headers, headers[1:]):
        out.append(TemplateComment(a.first, b.top - 1, _clean(a.author)))
    last = headers[-1]
    end = last.last
    k = last.last + 1
    while k < stop and k <= last.last + edge and is_text(table[k], chrome[k]) \
            and not L.is_timestamp(table[k]) and not patterns.TEASER_HEAD.match(table[k].norm):
        end = k
        k += 1
    out.append(TemplateComment(last.first, end, _clean(last.author)))
    return _without_story(table, out, marked)


def _without_story(table: list[Line], out: list[TemplateComment], marked: bool) -> list[TemplateComment]:
    """With no marker above the thread, the story itself may wear the header template (a blog
    prints "Name / date" over the post and over each comment, or a signed-below reading takes
    the story above the first signature): a first "comment" with far more prose than any other
    is the story."""
    if marked or len(out) <= MIN_HEADERS:
        return out
    prose = [sum(len(ln.text) for ln in table[c.first:c.last + 1] if L.is_body(ln)) for c in out]
    return out[1:] if prose[0] > STORY_PROSE_FACTOR * max(prose[1:]) else out


def _clean(name: str) -> str:
    """The name without the list punctuation a renderer may leave around it."""
    return name.strip().strip("|•·").strip()
