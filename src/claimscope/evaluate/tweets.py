"""Tweets as the CLEF CheckThat! files give them: their own words, author, year and month.

An embedded tweet's text ends with a trailer "— Name (@handle) Month D, YYYY"; links and
pic.twitter.com addresses carry no words; @handles and #tags are glued words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..link.text import words
from ..text.units import SentenceRule
from ..text.units import sentences as split_sentences

__all__ = ["Tweet", "split_tweet", "clean_tweet", "bigrams", "sentences", "MONTHS", "MONTH"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")  # capitalised: not the verb "may"

# "… — Ilhan Omar (@IlhanMN) January 6, 2020": how an embedded tweet's text ends
_TRAILER = re.compile(r"\s*[—–]\s*(?P<name>[^—–\n]{0,80}?)\s*\(@(?P<handle>\w+)\)\s*"
                      r"(?P<date>[A-Z][a-z]+\.? \d{1,2}, (?P<year>\d{4}))\s*$")
_LINK = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S*")
_TAG = re.compile(r"[@#](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_SPACE = re.compile(r"\s+")
# a tweet's sentences end after . ! ? … (and a closing quote) and white space, or at a line break
TWEET_SENTENCES = SentenceRule(re.compile(r"(?<=[.!?…])[\"”’)]?\s+|\n+"))


@dataclass(frozen=True)
class Tweet:
    body: str  # cleaned: no links, no trailer, @handles and #tags as words
    author: str  # the trailer's name and handle (as words), "" when there is none
    year: str
    month: str  # the trailer's month in full ("September" for "Sept."), or ""


def _unglue(tag: str) -> str:
    return _CAMEL.sub(" ", tag.replace("_", " "))


def split_tweet(text: str) -> Tweet:
    """A tweet's own words, its author, year and month (from an embedded-tweet trailer)."""
    author, year, month = "", "", ""
    match = _TRAILER.search(text)
    if match:
        author = f"{match['name']} {_unglue(match['handle'])}".strip()
        year = match["year"]
        written = match["date"].split()[0].rstrip(".")
        month = next((m for m in MONTHS if m.startswith(written[:3])), "")
        text = text[:match.start()]
    text = _LINK.sub(" ", text)
    text = _TAG.sub(lambda m: " " + _unglue(m.group(1)), text)
    return Tweet(_SPACE.sub(" ", text).strip(), author, year, month)


def clean_tweet(text: str) -> str:
    return split_tweet(text).body or text.strip()


def bigrams(text: str) -> set[tuple[str, str]]:
    tokens = words(text)
    return set(zip(tokens, tokens[1:]))


def sentences(text: str) -> list[str]:
    """The tweet's sentences of three words or more."""
    return [s.text for s in split_sentences(text, rule=TWEET_SENTENCES) if len(words(s.text)) >= 3]
