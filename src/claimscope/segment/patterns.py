"""Patterns that segmentation matches, kept as data apart from the logic.

Every list here is matched against a *normalised* line (lower case, runs of
whitespace collapsed, stripped). Add to them freely: each entry documents a
kind of site chrome seen on scraped pages.
"""
from __future__ import annotations

import re

from ..text.content import COMMENT_CONTROLS, HEADER_VERBS  # shared with the text layer: controls are never content

# Whole lines that are site chrome wherever they appear.
CHROME_LINES = (
    r"(log ?in|sign in) or register to (post comments|reply)",  # Drupal, under every comment and story
    r"support [\w .'’-]{2,40}",
    r"click to see the full[- ]size image",
    r"click (here )?to (enlarge|expand|see|view)( the)?( full)?( size)?( image| photo| picture)?",
    r"%d bloggers like this:?",
    r"(\d+ )?bloggers? like[sd]? this\.?:?",
    r"like this:?",
    r"share this:?",
    r"share( on)? (facebook|twitter|telegram|vk|whatsapp|email)",
    r"(facebook|twitter|telegram|vk|whatsapp|email|print|reddit|linkedin|tumblr|pinterest)",
    r"loading\.{0,3}…?",
    r"related( news| videos| posts| articles| stories)?:?",
    r"you (may|might) also like:?",
    r"(more|also) (from|on) [\w .'’-]{2,30}:?",
    r"read (also|more):?",
    r"recommended( for you)?:?",
    r"most (read|popular|viewed)( news| stories)?:?",
    r"trending( now)?:?",
    r"advertisement|sponsored( content)?|ads by \w+",
    r"(subscribe|sign up)( to| for)? (our|the) (newsletter|channel|mailing list).*",
    r"(subscribe|donate|follow us)( now| today| on \w+)?!?",
    r"we use cookies.*",
    r"(accept|reject)( all)?( cookies)?",
    r"(home|news|politics|world|opinion|analysis|video|videos|about( us)?|contact( us)?|menu|search)( [|/»›] ?\w+)*",
    r"tags?:.*",
    r"categor(y|ies):.*",
    r"filed under:?.*",
    r"(previous|next)( post| article)?:?.*",
    r"(\d+ )?(views?|shares?|likes?)",
    r"all rights reserved.*|©.*|copyright ©?.*",
    r"would love your thoughts, please comment\.?x?",
    r"(\d+(,\d{3})*|\d+(\.\d+)?k) ?\$|\$ ?\d+(,\d{3})*",  # donation widget amounts
    r"(notify of|newest most voted|oldest newest most voted|inline feedbacks|view all comments)",
    r"(login|log in|register)( to comment| to reply)?",
    r"(leave|post|write) a (reply|comment)",
    r"you must be logged in to post a comment\.?",
    r"only registered users can comment\.?|(log|sign) in to comment\.?|comments are closed\.?",
    r"(the )?comments (to|on|for) this (entry|post|article|story) are (now )?closed\.?",
    r"cancel reply|post comment|submit( comment)?|add (a |your )?comment.*",
    r"view \d+ more repl(y|ies)|load more.*|(show|view) (more|previous|older) (comments|replies).*",
    r"(newer|older) posts?( (newer|older) posts?)?( home)?|facebook comments plugin",
    r"(contact|about)( us)?( \| (contact|about)( us)?)*",
    r"(load|show|view) (more|all|older|newer)( comments| replies)?",
    r"(\d+ )?(comments?|responses?|replies|thoughts)( on .*)?:?",
    r"join the discussion.*",
    r"sort by:? ?(best|newest|oldest|top)?",
    r"(\d+ )?(votes?|points?)",
    r"in [“\"].{1,40}[”\"]",  # WordPress related-post category line: In "Syria"
    r"(leave|post|write) a (reply|comment).*",
    r"editor['’]?s note:.*",
    r"share( this)?( article| story)?:.*",
    r"new follow-up comments|new replies to my comments|last edited .*",
    r"your email address will not be published.*|required fields are marked.*",
    r"(name|email|e-mail|website|comment|message)( \*)?",
    r"save my name.*|notify me of .*|create a free website.*|powered by .*",
    r"(follow|join) us on \w+.*|sort( by)?:? ?.{0,30}|skip to (main )?content",
    r"follow @\w+|advertise( \| adchoices)?|adchoices",  # a social widget's and an ad label's lines,
    # which read like a commenter's name over the paragraph under them
    r"the views expressed .{0,120}|get short url|subscribe to our .{1,60}",
    r"share [“\"«].*|share ›|share|tweet|email this",
    r"(add|get) disqus.*|do not sell my (data|personal information)|privacy policy|terms of (use|service)",
    r"continue here|continue reading.*|read (the )?full (article|story).*|read more.*",
    # phpBB's thread furniture under the last post
    r"display (posts|topics) from previous:.*|who is online|users browsing this forum:.*",
    r"(photo|image|video|source|credit)s?:.*",
    r"end of (statement|article)",
    r"you can follow this conversation by subscribing to the comment feed for this post\.?",  # Typepad
    r"display:? expanded collapsed",  # SB Nation's thread view switch
    # HuffPost's commenter badges and fan counts, printed around each commenter's name
    r"huffpost (super user|pundit|social (networking|butterfly)|moderator|blogger)|\d+(,\d{3})* fans",
    r"this user has chosen to opt out of the badges program",
)

# A blog's links to the posts before and after this one, on one line ("« Older post title |
# Main | Newer post title »"); the pipe between the two titles tells it from a sentence quoted
# in guillemets.
POST_NAVIGATION = re.compile(r"^«[^«»]{1,300}\|[^«»]{1,300}»$")

# The other tabs of a story's tab row ("Article | Video | Slideshow | Comments"): a
# "Comments" among them is a link to the thread, not its heading.
STORY_TABS = (
    r"articles?|story|full story|videos?|photos?|pictures|slide ?shows?|gallery|interactive( graphics)?",
    r"stock quotes|quotes|overview|reviews?|specs|features|summary|timeline|transcript",
)

# Lines that open the comment thread.
COMMENT_ZONE_MARKERS = (
    r"notify of",
    r"newest most voted",
    r"inline feedbacks",
    r"view all comments",
    r"(\d+|no) (comments?|responses?|replies|thoughts)( on .*| to .*)?:?",
    r"comments?:? \d[\d.,]*\s?[km]?|\d[\d.,]*\s?[km] comments?",  # a count as a platform prints it: "Comments 1.2K"
    # WordPress spells a thread of one: "One Response to <title>" (a sentence ends in a full stop)
    r"one (comment|response|reply|thought) (on|to) .*[^.]",
    r"comments?( \(\d+\))?:?",
    r"reader comments( \(\d+\))?:?",
    r"all comments( \(\d+\))?:?|show (new|all) comments|(\d+ )?comments? \(\d+\)",
    r"discussion:?",
    r"join the discussion.*",
    r"(leave|post|write) a (reply|comment)",
    r"what do you think\??",
    r"show comments|load comments",
    r".{1,120}\(score:\s?-?\d+(, [\w ]+)?\)",  # Slashdot: each comment's subject and score
    r"\{ ?\d+ (comments?|responses?)[^{}]{0,40}\}",  # Thesis: "{ 74 comments… read them below or add one }"
    r"(#+ )?there (are|is) (\d+|no) (comments?|responses?|replies)",  # a heading "### There are 13 comments"
)

# Teaser blocks end with one of these (the "more" link of a related-story box).
TEASER_ENDINGS = (
    r"continue here",
    r"continue reading( [“\"«].*)?",
    r"read (the )?(full|whole)( article| story)?",
    r"read more\.{0,3}…?",
    r"more\.\.\.|\[…\]|\[\.\.\.\]",
    r"full story",
)

# Headers announcing a box of teasers for other stories.
TEASER_HEADERS = (
    r"related( news| posts| articles| stories)?:?",
    r"you (may|might) also like:?",
    r"recommended( for you)?:?",
    r"more (stories|news)( from .*)?:?",
    r"read also:?",
    r"more from .{1,40}",
    r"trending( now| stories)?:?|latest( news| stories)?:?|don['’]t miss:?",
    r"also on .{1,40}|most (read|popular|viewed|shared|commented)( news| stories| articles)?:?",
    r"editor['’]?s picks?:?|top stories:?|in other news:?",
)

# Byline shapes at the top of an article.
BYLINE_PATTERNS = (
    r"(posted|published|written|written and compiled|written and produced|updated)( on .+?)? by .+",
    r"(posted|published|updated)( on)? .{0,30}\d{4}.*",
    r"by [\w.'’ -]{2,60}( [-–—|,/] .+)?",
    r"translated( and edited)? by .+",
    r"(source|via|originally published( at| by)?):? .+",
    r"((mon|tue|wed|thu|fri|sat|sun)\w*,? )?(\w+ \d{1,2}, \d{4}|\d{1,2} \w+,? \d{4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})([ ,|].{0,60})?",
    r"(reposted|republished|re-?posted) (from|by) .+",
    r".{1,50} ?[|,–—-] ?(\d{1,2} \w+,? \d{4}|\w+ \d{1,2},? \d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{4})( .{0,20})?",
    r"(author|reporter|editor):? .+",
)

# A comment's date/time line ("March 28, 2020 at 5:12 pm", "2 hours ago").
TIMESTAMP_PATTERNS = (
    r"\w+ \d{1,2}(st|nd|rd|th)?, \d{4}( at| @|,)? \d{1,2}:\d{2}( ?[ap]\.?m\.?)?",  # "July 10th, 2012, 1:26 am"
    r"\d{1,2}(st|nd|rd|th)? \w+ \d{4}( at| @|,| -)? \d{1,2}:\d{2}( ?[ap]\.?m\.?)?",  # "24th July 2012 - 19:58"
    r"\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2}(:\d{2})?)?",
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?( (at )?\d{1,2}:\d{2}(:\d{2})?( ?[ap]\.?m\.?)?)?",
    r"\d{1,2}:\d{2}( ?[ap]\.?m\.?)?,? \w+ \d{1,2},? \d{4}",
    r"(reply to [^ ]+ )?(about |edited )?\d+ (second|minute|hour|day|week|month|year)s? ago( \( ?\d{1,2}:\d{2} ?[ap]m\))?",
    r"(a|an|one) (minute|hour|day|week|month|year) ago",
    r"(yesterday|today)( at \d{1,2}:\d{2}( ?[ap]\.?m\.?)?)?",
    r"(mon|tue|wed|thu|fri|sat|sun)\w*,? .{0,30}\d{1,2}:\d{2}.{0,20}",
    r"(posted|sent|written|published|added)( on| at)?:? .{0,30}(\d{4}|\d{1,2}:\d{2}|ago).{0,20}",
    r"\w+ \d{1,2},? \d{4},? (at )?\d{1,2}:\d{2}( ?[ap]\.?m\.?)?( [ecmp][sd]t| utc| gmt| bst| cet| cest)?",
)  # "Aug 9, 2012 10:40 AM EDT": SB Nation prints the time zone

# A date printed alone above a commenter's name, maybe numbered ("1. November 12, 2012",
# "23. Jul, 2012 /"): the thread's header, not a name.
DATE_HEADER = re.compile(
    r"^(\d{1,4}\.\s+)?(\w+\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|\d{1,2}\.? \w+\.?,? \d{4})\s*/?$", re.I)

# A time of day inside a timestamp ("04:19 AM", "21:05").
TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\b")

# Lines that name a commenter with template text after the name ("Boris says:").
AUTHOR_SUFFIX = re.compile(
    rf"^(?P<name>.{{1,60}}?)\s+({HEADER_VERBS})"
    r"(\s+on\s+[^:]{4,40}\d{4}(,?\s+at\s+\d{1,2}:\d{2}(:\d{2})?(\s?[ap]\.?m\.?)?)?)?\s*(:|\.\.\.|…)$", re.I
)  # "Alan Goodale wrote on December 24, 2020 at 3:53 am:": the date may sit between verb and colon

# A list number a text renderer prints before a numbered comment's "Name says:" line.
LIST_NUMBER = re.compile(r"^\d{1,4}\.\s+")

# Slashdot signs each comment "by name (user number) on date (#comment number)".
NUMBERED_SIGNATURE = re.compile(r"^by (?P<name>.{1,60}?)(\s\(\d{1,9}\))? on .{4,80}$", re.I)

# A signature that can close a comment instead of opening it: Typepad prints "Posted by: name |
# July 24, 2012 at 10:02 AM" under each comment, SB Nation "by name on Jul 24, 2012 | 9:15 PM".
# Whether it opens or closes comments is decided per thread (text.py, ``_signed_below``).
SIGNATURE_LINE = re.compile(
    r"^(?:posted by:?|by)\s+(?P<name>[^|]{1,60}?)\s*(?:\||\bon\b|\bat\b).{0,80}?(?:\d{4}|\d{1,2}:\d{2})", re.I
)

# A signature that ends in the comment's controls is printed at the comment's foot
# (SB Nation: "by name on Aug 9, 2012 1:03 PM EDT up reply actions"; a WordPress theme: "by
# name on December 4, 2010 at 10:42 pm. Reply #", the "#" its permalink).
SIGNATURE_FOOT = re.compile(r"\b(?:up\s+)?reply(?:\s+actions)?(?:\s*#)?\s*$", re.I)

# The same signature broken by a text renderer after "on": "by name on", then the date on the
# next line, then the controls ("up", "reply", "actions") each on a line of its own (SB Nation).
SPLIT_BY_SIGNATURE = re.compile(r"^by (?P<name>\S.{0,59}?) on$", re.I)
FOOT_CONTROL = re.compile(r"^(?:up|reply|actions|up reply actions|reply actions|\d+ recs?)$", re.I)

# A name line that ends in "on" over its date line ("Slavko Desik on", then "November 5, 2012
# 9:31 am"): the template's "on", not the name's.
NAME_ON = re.compile(r"^(?P<name>\S.{0,49}?[^\s:])\s+on$")  # the template's lower-case "on" ("Autoplay: ON" is none)

# The name glued to the template's verb by a renderer that drops the space between two
# elements: "Daveywrote on November 13th, 2012 at 5:49 am Link To", "Phil Whiteresponded to
# Davey on …". The time of day makes it a signature, not a sentence.
GLUED_SIGNATURE = re.compile(
    r"^(?P<name>\S.{0,40}?)\s?(?:wrote|responded to .{1,40}?) on .{4,40}?\d{1,2}:\d{2}\s?[ap]\.?m\.?(?: link to)?$",
    re.I)

# "1. Chris Lane, on November 6th, 2012 // Twitter: @chrislanephoto": name, date, then the
# commenter's links after "//".
SLASHED_SIGNATURE = re.compile(
    r"^(?:\d{1,4}\.\s+)?(?P<name>[^,/]{1,40}), on \w+ \d{1,2}(?:st|nd|rd|th)?,? \d{4} //.{0,80}$")

# "1. SK - 28 October, 2011" (html2text: "1\\. SK \\- 28 October, 2011"): a numbered comment's
# name and its date with a dash between; the list number and the bare date make it a header.
DATED_LIST_SIGNATURE = re.compile(
    r"^\d{1,4}\\?\.\s+(?P<name>[^-–—|]{1,40}?)\s+\\?[-–—]\s+"
    r"(?:\d{1,2}(?:st|nd|rd|th)? \w+,? \d{4}|\w+ \d{1,2}(?:st|nd|rd|th)?,? \d{4})$")

# Two list numbers, the renderer's and the widget's, before a commenter's name ("1. 1 Robert").
# One alone is left: names are counted across the page, and "1. Video", "2. Video" in a
# list of links must not become one recurring name. Before a signature with its time
# ("1 Emily November 4, 2012 at 9:41 pm") one number, maybe without its dot, is the list's.
NAME_LIST_NUMBER = re.compile(r"^\d{1,4}\.\s+\d{1,4}\s+(?=\D)")
SIGNATURE_LIST_NUMBER = re.compile(r"^\d{1,4}\.?\s+(?=\D)")

# Typepad's signature broken over lines by a text renderer: "Posted by:", then "name |", then
# the date.
SPLIT_SIGNATURE_HEAD = re.compile(r"^posted by:$", re.I)
SPLIT_SIGNATURE_NAME = re.compile(r"^(?P<name>[^|]{1,60}?)\s*\|$")

# "Name • 3 hours ago", "Child > Parent • 2 hours ago", "Name | 30.03.2020 12:03":
# a commenter's name and the time on one line.
# a commenter's web address printed beside the name ("Name http://example.net | date")
SIGNATURE_URL = re.compile(r"\s+(?:https?://|www\.)\S+")
INLINE_SIGNATURE = re.compile(
    r"^(?P<name>[^•|·>—]{1,50}?)(\s+>\s+(?P<parent>[^•|·—]{1,50}?))?\s*(?:[•|·]|\s—)\s*(?P<when>.{2,60})$"
)
# List bullets that text renderers print before a threaded comment's header ("* Name — date",
# "+ Name — date" one level down, "o Name — date" two levels down).
SIGNATURE_BULLET = re.compile(r"^(?:[*+o]\s+)")
# The bullets a name printed as a list item may carry ("* Alan Wexelblat" over its date).
NAME_BULLET = re.compile(r"^[*+]\s+")
# "Name July 31, 2012 at 9:39 pm", "Name On Thursday, November 1 at 2:57 pm": the name and a
# time of day with only a space (or "on") between; the tail must be a whole TIMESTAMP (lines.py).
# "Miles Taylor 12 days ago": the same with a relative time. A bullet is no name ("• 6 hours ago").
SPACED_SIGNATURE = re.compile(
    r"^(?P<name>[^\d\s|•·>—–-][^|•·]{0,48}?)\s+(?:on\s+)?"
    r"(?P<when>\S.{5,60}\d{1,2}:\d{2}\s?[ap]\.?m\.?|\d{1,3} (?:second|minute|hour|day|week|month|year)s? ago)$", re.I)
# "on 2012-10-16 at 8:03 am Ivan" (numbered "1. on …"): the time first, the name after it.
TIME_FIRST_SIGNATURE = re.compile(
    r"^(?:\d{1,4}\.\s+)?on\s+(?P<when>\d{4}-\d{2}-\d{2} at \d{1,2}:\d{2}\s?[ap]\.?m\.?)\s+(?P<name>\S.{0,40})$", re.I
)

# What a platform prints between a commenter's name and the time ("659 Fans" on HuffPost,
# "Posts: 110" on forums):
# part of the comment's header, like the time.
COMMENTER_META = re.compile(
    r"^\d+(,\d{3})* (fans|followers)$|^posts:? \d+(,\d{3})*$|^posted:?$"
    r"|^profile\s?follow\s?unfollow$", re.I)  # Kinja's profile menu, glued, under the name

# A forum poster's profile block under the name ("Ars Scholae Palatinae", "Registered: July
# 03, 2001", "Posts: 2783"): the line that tells it from prose.
PROFILE_LINE = re.compile(r"^(registered|joined|member since|join date):?\s.{0,30}\d{4}$", re.I)

# Role badges shown on their own line above a commenter's name.
BADGES = frozenset("guest member moderator admin administrator author editor staff verified subscriber patron".split())
POST_NUMBER = re.compile(r"^#\d{1,6}$|^post #?\d{1,6}$|^reply #?\d{1,6}$", re.I)
# "2. Profile": a numbered link to the commenter's profile, above the time and the name (UPROXX)
PROFILE_LINK = re.compile(r"^(?:\d{1,4}\.\s+)?profile$", re.I)

# Short replies that are comments, not names.
INTERJECTIONS = frozenset(
    "lol lmao rofl exactly agreed true indeed yes no nope this wow ok okay thanks nonsense "
    "bullshit rubbish correct right wrong fake propaganda amen".split()
    # a comment's sign-off or aside on a line of its own ("Best" / "Shunit Cohen", "FYI"
    # over a pasted letter) is the comment's, never a new commenter's name
    + "best cheers regards sincerely fyi ps thx love hugs xoxo peace respectfully warmly".split()
)


def compile_all(patterns: tuple[str, ...]) -> re.Pattern:
    """One anchored, case-insensitive regex matching any of ``patterns`` fully."""
    return re.compile("^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$", re.IGNORECASE)


CHROME = compile_all(CHROME_LINES)
CONTROLS = compile_all(COMMENT_CONTROLS)
ZONE_MARKERS = compile_all(COMMENT_ZONE_MARKERS)
TABS = compile_all(STORY_TABS)
TEASER_END = compile_all(TEASER_ENDINGS)
TEASER_HEAD = compile_all(TEASER_HEADERS)
BYLINE = compile_all(BYLINE_PATTERNS)
TIMESTAMP = compile_all(TIMESTAMP_PATTERNS)

# Words that rarely appear in a person's display name but often in a sentence.
SENTENCE_WORDS = frozenset(
    "is are was were be been am do does did has have had will would can could should "
    "not no this that these those it its they them their he she his her we our you your "
    "i my me if then than because but so very just what why how when where who which "
    "there here into about over under after before with without for to on at".split()
)

# What comment platforms print around a comment, beyond the controls above; the line
# model reads these as features (segment/features.py), so they stay data here.
COMMENT_META_PATTERNS = (
    r".{0,80}\(score:\s?-?\d+(, [\w ]+)?\).*",  # Slashdot: "Re:SEO.....duh (Score:5, Insightful)"
    r".{0,40}\[\s?(reply|quote|report|link|parent)\s?\]",  # "[Reply]", "Name [Reply]"
    r"(re|aw):\s?.{1,120}",  # Slashdot and forum reply subjects
    r"(by )?.{1,60}\s\(\d{3,9}\)( on .{0,60})?",  # Slashdot "by name (12345) on Monday ..."
    r"[+-]?\d+\s(points?|votes?|likes?|replies|recommend\w*)\b.{0,40}",
    r"(in reply to|replying to|@)\s?.{1,60}",
    r"(permalink|parent|thread|flag as inappropriate|report abuse)( [|·•] .{0,60})?",
    r"#\d{1,5}( .{0,60})?",  # numbered comments "#12 Name"
)

# Words that mark site chrome and comment widgets when a line is mostly made of them.
CHROME_WORDS = frozenset(
    "home menu search login log sign subscribe newsletter register account privacy terms cookie "
    "cookies copyright rights reserved contact advertise advertisement sponsored share tweet "
    "email print facebook twitter linkedin pinterest rss feed tags tagged categories category "
    "archives archive previous next older newer posts related popular trending follow".split()
)
COMMENT_WORDS = frozenset(
    "reply replies comment comments says said wrote posted permalink quote report like likes "
    "votes points score flag moderator guest member joined ago".split()
)

COMMENT_META = compile_all(COMMENT_META_PATTERNS)
