"""Whether a text is content worth linking, or page furniture (read by the link steps).

Comment platforms print a header around every comment ("on Tuesday July 24, @12:18PM
(#40751101) Homepage", "(Score:5, Insightful)", "Reply"); two pages of one site repeat
them, and a same-claim or near-duplicate link between two such lines says nothing.
"""
from __future__ import annotations

import re

__all__ = ["FURNITURE", "NAMED_FURNITURE", "is_metadata_line", "is_header_line", "is_metadata", "is_furniture",
           "is_substantive"]

_WORD = re.compile(r"\w+", re.UNICODE)
_DAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec am pm ago today yesterday on at by".split())
# words of a date line that are no date on their own ("on", "at", "by", "may")
_FILLERS = frozenset("on at by may".split())
_META_WORDS = frozenset(
    "homepage reply replies report permalink parent quote share flag score insightful "
    "informative interesting funny troll offtopic flamebait overrated underrated redundant "
    "points point votes vote likes like recommend posted wrote says said minutes minute hours "
    "hour days day edited".split())
_META = re.compile(
    r"\(#\d{3,}\)|\(score:\s?-?\d+[^)]*\)|@\d{1,2}:\d{2}|\b\d{1,2}:\d{2}\s?(am|pm)?\b"
    r"|^\s*(re|aw):", re.I)
# a verb-like lower-case word: common verbs and auxiliaries, or a verb ending
_VERBS = frozenset(
    "is are was were be been being am do does did has have had will would can could should may "
    "might must shall says said say make made get got take took give gave go went come came know "
    "think see want need use used find found tell told show shows shown sent send put set "
    "keep kept hold held run ran lost lose pay paid buy bought bring brought begin began "
    "leave left mean meant hit struck fell fall won win sold sell led lead cut let "
    "became become seem seems".split())
# function words of running text: two of them also mark a sentence (verbs we do not list)
_FUNCTION = frozenset(
    "the a an this that these those it its they them their he she his her we our you your "
    "which who because but than then if not".split())
_VERB_END = re.compile(r"^[a-z]{3,}(ed|es|s|ing|ize|ise|en)$")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


# navigation between posts ("« Previous post | Main | Next post »") and markup left in the
# text (an ad's "<a href=...><img src=...>"): page furniture whatever their words
_NAVIGATION = re.compile(r"^\s*«|»\s*$|(?:\s\|\s.*){2}")
_MARKUP = re.compile(r"(?:<|&lt;)\s*(?:a|img|div|span|iframe|script)\b|\b(?:href|src)\s*=", re.I)


def is_metadata_line(line: str) -> bool:
    """A comment header, date or control line: mostly dates, ids, scores and widget words;
    or navigation between posts, or markup."""
    w = _words(line)
    if not w:
        return bool(line.strip())
    if _NAVIGATION.search(line) or _MARKUP.search(line):
        return True
    lower = [x.lower() for x in w]
    furniture = sum(1 for x in lower if x in _DAYS_MONTHS or x in _META_WORDS
                    or any(c.isdigit() for c in x))
    if _META.search(line) and furniture * 2 >= len(w):
        return True
    return furniture >= len(w) - 1 and len(w) <= 12


# Lines that end a comment (widget controls under each comment), matched whole on the
# normalised line (``normalise``); the segmenter reads them too (segment/patterns.py)
COMMENT_CONTROLS = (
    r"reply",
    r"log in to reply|login to reply|reply to this (comment|post|message)",
    r"report( comment| abuse)?",
    r"report this (comment|post)( \(comment number \d+\))?",  # BBC: "Report this comment (Comment number 391)"
    r"(\d+ )?(like|likes|upvote|downvote)s?",
    r"share|permalink|flag|edit|delete|remove|hide|mark as spam",
    r"[+-]?\d+( \| ?[+-]?\d+)?",
    r"↑|↓|▲|▼",
    r"share ›|reply ›|like · reply.*|like reply.*",
    r"((like|likes|reply|replies|share|report|flag|upvote|downvote|votes?|quote|top)( \(\d+\))?[ ·•|]*){1,5}",
    r"this comment (was|has been) (deleted|removed).*",
    r"comment number \d+\.?",  # BBC: the comment's number above its author
    r"up|actions|\d+ recs?",  # SB Nation's controls under a signature, one a line ("up", "reply", "actions", "4 recs")
    # bracketed controls printed after each comment ("[Reply]", "(Reply) (Quote)")
    r"([\[(]\s?(reply|quote|report( abuse)?|link|edit|delete|permalink|parent)\s?[\])]\s?){1,4}",
)

_CONTROL = re.compile("^(?:" + "|".join(f"(?:{p})" for p in COMMENT_CONTROLS) + ")$", re.IGNORECASE)
MAX_CONTROL_CHARS = 40  # a longer line is text, even when it opens like a control

_SPACES = re.compile(r"\s+")
_DECORATION = " \t•·|›»«‹>→←–—-*#"


def normalise(line: str) -> str:
    """Lower-cased, whitespace-collapsed form used for matching and counting,
    without the bullets and arrows that widgets put around their labels."""
    return _SPACES.sub(" ", line).strip().strip(_DECORATION).strip().lower()


# The verbs of a commenter's header line ("Dana says:", "Dana wrote on 4 March 2011:"); what
# follows the name there is template words, not what the comment says.
HEADER_VERBS = "says|said|wrote|writes|commented|replied"
AUTHOR_LINE_TAIL = re.compile(
    rf"[ \t]+(?:{HEADER_VERBS})(?:[ \t]+on[ \t]+[^:\n]{{4,60}})?[ \t]*(?::|\.\.\.|…)?[ \t]*(?=\r?\n|$)", re.I)

# A numbered thread's comment number on a line of its own above the commenter's name ("4",
# "#4", "4."): the segmenter gives it to the comment below, and a comment's body starts after
# it and the name (``units.comment_body_offset``).
COMMENT_NUMBER = re.compile(r"^#?\d{1,4}\.?$")


def is_control_line(line: str) -> bool:
    """A comment widget's control ("Reply", "Report this comment (Comment number 391)",
    "Like · Reply"): what a page prints around a comment, never what it says."""
    norm = normalise(line)
    return len(norm) <= MAX_CONTROL_CHARS and bool(_CONTROL.match(norm))


# a line that is only one of these words is a comment widget's button or link
_WIDGET_WORDS = frozenset("reply report permalink share quote flag homepage parent edit".split())


def is_header_line(line: str) -> bool:
    """A comment header or widget line: a metadata line (``is_metadata_line``) with a date,
    a time or a number in it ("3 years ago", "March 28, 2020 at 4:12 pm", "Posted on March
    28, 2020 by editor"), or a widget's one word ("Reply"). A short comment is a metadata
    line by shape ("Wrong.", "Well said.", "Great points!") but holds none of them, so it
    stays text."""
    if is_control_line(line):
        return True
    if not is_metadata_line(line):
        return False
    words = [x.lower() for x in _words(line)]
    if len(words) == 1 and words[0] in _WIDGET_WORDS:
        return True
    return any(x in _DAYS_MONTHS - _FILLERS or any(c.isdigit() for c in x) for x in words)


def is_metadata(text: str) -> bool:
    """Every non-empty line is metadata, or the text is mostly digits and punctuation."""
    lines = [l for l in text.split("\n") if l.strip()]
    if not lines:
        return True
    letters = sum(c.isalpha() for c in text)
    if letters * 2 < sum(not c.isspace() for c in text):
        return True
    return all(is_metadata_line(l) for l in lines)


# Page furniture that the segmenter leaves inside article and comment text: sentences by
# shape, with verbs, but two pages sharing one share a publisher, a blog platform or a
# comment widget, not a claim. Each kind is a list of patterns (data, not code); a line or
# sentence matching any of them is never linked (``is_furniture``). On the train sites'
# pages these were most of the link endpoints off gold content lines (docs/link.md).
FURNITURE: dict[str, tuple[str, ...]] = {
    # "Copyright 2019 The Associated Press. All rights reserved. This material may not be
    # published, broadcast, rewritten or redistributed.", "Reporting by …; Editing by …"
    "credit": (
        r"©", r"\bcopyright\s*(?:\(c\)\s*)?\d{4}\b", r"\ball rights reserved\b",
        r"\bmay not be (?:re)?published\b", r"\b(?:re)?distributed without\b",
        r"\b(?:reporting|editing|writing|additional reporting) by\b",
        r"\bcontributed to this (?:report|story)\b",
        r"\b(?:republication|redistribution) of\b.{0,80}\bprohibited\b",
        r"\bwithout the (?:prior )?(?:express )?written (?:consent|permission)\b",
        r"\bare (?:registered )?trademarks of\b", r"\blicen[cs]ed under a creative commons\b",
    ),
    # "By MATTHEW LEE, Associated Press Writer 59 minutes ago", "By Jane Doe | Staff reporter"
    "byline": (
        r"\b(?:associated press|staff|senior|contributing) (?:writer|reporter|correspondent)\b",
        r"^\W*(?:posted|published|written|filed) (?:by|on)\b.{0,60}$",
    ),
    # photo and video credits and captions' credit parts
    "caption": (
        r"\((?:AP|AFP|Reuters|Getty)\b[^)]{0,40}(?:photo|images?)\b", r"\b(?:AP|AFP) Photo\s*/",
        r"/\s*(?:getty images|reuters|afp|ap)\s*\)?\s*$", r"^\W*(?:photo|photograph|image|picture)s?\s*(?:credit)?\s*:",
        r"\b(?:photo|image) courtesy of\b",
        # "X, left, and Y are seen in this combined image.", "… in this Jan. 5, 2008 file photo."
        r"\bseen (?:here )?in this\b.{0,40}\b(?:image|photo|picture|photograph|handout)\b",
        r"\bin this\b.{0,30}\bfile (?:image|photo|picture|photograph)\b",
    ),
    # sharing, printing, following, newsletters and subscriptions
    "share": (
        r"^\W*share (?:this|on)\b", r"\b(?:e-?mail|send) (?:this|it) to a friend\b",
        r"^\W*(?:print|email|e-mail) this (?:article|story|page)\b", r"\bfollow us on\b",
        r"\blike us on facebook\b", r"\bsign up (?:for|to) (?:our|the)\b.{0,40}\bnewsletter",
        r"\bsubscribe to (?:our|the)\b.{0,40}\b(?:newsletter|feed|rss|podcast|channel)\b",
        r"\bdelivered (?:straight |directly )?to your inbox\b",
        r"\bsubscribe to (?:this|comments|the comments)\b",
    ),
    # paywalls and registration walls: "To read this article in full you must be registered"
    "paywall": (
        r"\bto read (?:this|the) (?:full )?(?:article|story) in full\b",
        r"\byou must (?:be registered|have registered|log ?in|be logged in|be a subscriber)\b",
        r"\bthe full article contains \d+ words\b", r"\bpremium (?:content|article)\b",
        r"\bclick the (?:below|following) button\b", r"\balready a subscriber\b",
        r"\b(?:log ?in|register) to (?:read|continue|view|post|comment|reply)\b",
    ),
    # comment forms and moderation notices
    "comment_form": (
        r"\byour comment (?:has|could|is|will)\b", r"\bcomments? (?:are|is) moderated\b",
        r"\bnot appear until (?:it is )?approved\b", r"\bbefore posting your comment\b",
        r"\benter the (?:letters|characters|code|words)\b.{0,40}\b(?:image|picture|see)\b",
        r"\bletters and numbers you entered\b", r"\bautomated programs from posting\b",
        r"\byour e-?mail (?:address )?(?:will|is) (?:not|never) (?:be )?(?:published|shared|displayed)\b",
        r"\brequired fields are marked\b", r"^\W*leave a (?:reply|comment|response)\b",
        r"\bnotify me of (?:follow-?up|new) (?:comments|posts)\b",
        r"\bcomments? (?:for|on) this (?:post|entry|article|story) (?:are|is|have been) closed\b",
        r"\bthis is only a preview\b", r"^\W*post a comment\b",
        r"\b(?:login|log in|sign in|register) (?:or register )?to post comments\b",
        r"\bremember (?:me|my details)\b", r"\bwhen you next leave a comment\b",
        # a form's labels, one to a line ("Name:", "Email Address:", "URL:", "Remember Me?")
        (r"^\W*(?:your )?(?:full )?(?:name|e-?mail(?: address)?|url|website|location|comments?|message|"
         r"remember me\??)\s*(?:\([^)]{0,20}\)\s*)?[:*]?\s*$"),
        # a form's labels run together: "Full name: Email address: Location (optional): Your comments:"
        (r"(?:\b(?:full name|name|e-?mail(?: address)?|location|website|url|your comments?)\s*"
        r"(?:\([^)]{0,12}\)\s*)?:\s*){2,}"),
    ),
    # blog platforms' post furniture: trackbacks, categories, tags, permalinks
    "post_meta": (
        r"\blisted below are links to (?:weblogs|blogs|sites) that reference\b",
        r"\btrackback url\b", r"^\W*this entry was posted (?:in|on|by)\b",
        r"\bbookmark the permalink\b", r"\byou can follow any responses to this entry\b",
        r"\byou can (?:leave a response|skip to the end)\b", r"^\W*(?:filed|posted) (?:under|in)\s*:",
        r"^\W*tags?\s*:", r"\bthis article was (?:first )?published on\b.{0,80}$",
        r"\brecently posted\s*(?:\.\.|…)",  # CommentLuv under a comment: "Dori recently posted..Title"
    ),
    "author_bio": (r"^\W*about the author\b",),
    # a publisher's disclaimer under every article: "The views expressed in the articles are
    # not necessarily those of example.org and we accept no responsibility for …"
    "disclaimer": (
        r"\bviews (?:and opinions )?expressed\b.{0,80}\b(?:are|do) not necessarily\b",
        r"\bdo(?:es)? not necessarily (?:reflect|represent)\b.{0,60}\b(?:views|opinions|policy|position)\b",
        r"\baccepts? no (?:responsibility|liability) for\b",
    ),
}
# Patterns that read capitals (a name), matched with case: a byline line ("By MATTHEW
# LEE, Associated Press Writer", "By Jane Doe | …") and a short author note under an
# article ("Jane Doe is a staff writer for The Times.")
NAMED_FURNITURE: dict[str, tuple[str, ...]] = {
    "byline": (r"^\W*By\s+(?P<name>[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){1,3}\s*(?:[,|•·–—-]|\(|$)",),
    "author_bio": (
        (r"^\W*(?P<name>[A-Z][\w.'’-]+)(?:\s+[A-Z][\w.'’-]+){0,2}\s+is an? (?:[\w-]+\s+){0,4}"
        r"(?:writer|journalist|reporter|columnist|correspondent|editor|contributor|blogger)\b"
        r"(?:\s+(?:for|at|with|based in|who covers)\b.{0,80})?\W*$"),),
}
_CASELESS = re.compile("|".join(f"(?:{p})" for ps in FURNITURE.values() for p in ps), re.I | re.M)
_NAMED = [re.compile(p, re.M) for ps in NAMED_FURNITURE.values() for p in ps]
# capitalised words that open a sentence without being a name ("By Monday, the army had…")
_NOT_NAMES = frozenset(w.capitalize() for w in _DAYS_MONTHS) | {"The", "This", "That", "Then", "Now", "It"}


def is_furniture(text: str) -> bool:
    """Page furniture by its words (``FURNITURE``, ``NAMED_FURNITURE``): a credit, rights, byline, caption,
    sharing, paywall, comment-form, blog post-meta or author-note line or sentence."""
    if _CASELESS.search(text):
        return True
    for pattern in _NAMED:
        found = pattern.search(text)
        if found and found.group("name") not in _NOT_NAMES:
            return True
    return False


def is_substantive(text: str, min_words: int) -> bool:
    """A claim or sentence: at least ``min_words`` words, a verb-like lower-case word,
    not mostly digits or punctuation, not a metadata line, not page furniture."""
    w = _words(text)
    if len(w) < min_words or is_metadata(text) or is_furniture(text):
        return False
    lower = [x for x in w if x.islower()]
    return (any(x in _VERBS or _VERB_END.match(x) for x in lower)
            or sum(x in _FUNCTION for x in lower) >= 2)
