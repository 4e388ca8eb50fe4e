"""Whether a text is content worth linking, or page furniture (read by the link steps).

Comment platforms print a header around every comment ("on Tuesday July 24, @12:18PM
(#40751101) Homepage", "(Score:5, Insightful)", "Reply"); two pages of one site repeat
them, and a same-claim or near-duplicate link between two such lines says nothing.
"""
from __future__ import annotations

import re

__all__ = ["is_metadata_line", "is_header_line", "is_metadata", "is_substantive"]

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


# a line that is only one of these words is a comment widget's button or link
_WIDGET_WORDS = frozenset("reply report permalink share quote flag homepage parent edit".split())


def is_header_line(line: str) -> bool:
    """A comment header or widget line: a metadata line (``is_metadata_line``) with a date,
    a time or a number in it ("3 years ago", "March 28, 2020 at 4:12 pm", "Posted on March
    28, 2020 by editor"), or a widget's one word ("Reply"). A short comment is a metadata
    line by shape ("Wrong.", "Well said.", "Great points!") but holds none of them, so it
    stays text."""
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


# credit and rights lines that every article of a wire or an outlet carries ("Copyright 2019
# The Associated Press. All rights reserved. This material may not be published, broadcast,
# rewritten or redistributed.", "Reporting by …; Editing by …"): sentences by shape, with
# verbs, but two pages sharing one share a publisher, not a claim
_CREDIT = re.compile(
    r"©|\bcopyright\s*(?:\(c\)\s*)?\d{4}\b|\ball rights reserved\b|\bmay not be (?:re)?published\b|\b(?:re)?distributed without\b"
    r"|\b(?:reporting|editing|writing|additional reporting) by\b|\bcontributed to this (?:report|story)\b", re.I)


def is_substantive(text: str, min_words: int) -> bool:
    """A claim or sentence: at least ``min_words`` words, a verb-like lower-case word,
    not mostly digits or punctuation, not a metadata line, not a credit or rights line."""
    w = _words(text)
    if len(w) < min_words or is_metadata(text) or _CREDIT.search(text):
        return False
    lower = [x for x in w if x.islower()]
    return (any(x in _VERBS or _VERB_END.match(x) for x in lower)
            or sum(x in _FUNCTION for x in lower) >= 2)
