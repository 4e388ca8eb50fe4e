"""Page furniture (``text.content.is_furniture``): what no link step may join."""
from __future__ import annotations

import re

import pytest

from claimscope.text.content import FURNITURE, NAMED_FURNITURE, is_furniture, is_substantive

# one line of each kind, written for these tests in the shapes real pages print
FURNITURE_LINES = [
    "By JANE ROE, Associated Press Writer 59 minutes ago",
    "By Jane Roe | Staff reporter",
    "Republication or redistribution of Wire content is expressly prohibited without the prior written consent of Wire.",
    "This weblog is licensed under a Creative Commons License.",
    "Protesters gather outside the ministry on Monday. (AP Photo/John Doe)",
    "Share this story on Facebook",
    "E-mail this to a friend",
    "Sign up for our daily newsletter and get the news delivered to your inbox.",
    "To read this article in full you must be registered with the site.",
    "The full article contains 407 words and appears in the Evening Ledger newspaper.",
    "Comments are moderated and will not appear until approved by the author.",
    "As a final step before posting your comment, enter the letters and numbers you see in the image below.",
    "Your email address will not be published. Required fields are marked *",
    "Listed below are links to weblogs that reference Why the harbour froze:",
    "This entry was posted in Politics and tagged elections by admin.",
    "Jane Roe is a freelance writer based in Lisbon.",
    "The former minister, left, and his lawyer are seen in this combined image.",
    "Remember me - this will save you typing your name and email address when you next leave a comment.",
    "Full name: Email address: Location (optional): Your comments: Remember my details",
]
CONTENT_LINES = [
    "By Monday, the army had withdrawn from the town of Idlib.",
    "The ministry said the newsletter was banned because it criticised the president.",
    "Jane Roe is a liar and everyone in this thread knows it.",
    "Photos of the flooded harbour show the damage was far worse than reported.",
    "I think the author is wrong: the vans were never inspected after 2015.",
    "Readers who share this view should write to their MP.",
    "The minister said in this interview that the image of the army was damaged.",
    "Her name: a word nobody in this town will forget, the mayor said.",
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_is_furniture_and_no_statement(line):
    assert is_furniture(line)
    assert not is_substantive(line, 6)


@pytest.mark.parametrize("line", CONTENT_LINES)
def test_content_is_not_furniture(line):
    assert not is_furniture(line)
    assert is_substantive(line, 6)


def test_patterns_are_data_that_compile():
    for table, flags in ((FURNITURE, re.I), (NAMED_FURNITURE, 0)):
        for kind, patterns in table.items():
            assert patterns, kind
            for pattern in patterns:
                re.compile(pattern, flags)
    assert all("(?P<name>" in p for ps in NAMED_FURNITURE.values() for p in ps)
