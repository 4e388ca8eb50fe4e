"""Undo the disguises commenters use (leetspeak, stretched letters, mixed case).

The normal form keeps exactly one output character per input character, so an
offset found in the normal form is the same offset in the original text. That
is what lets lexicon hits and model evidence point at the span the reader sees.
Stretched letters ("pooof", "jeeews") are not collapsed here (that would move
offsets); the lexicon patterns allow repeats instead.
"""
from __future__ import annotations

import re

__all__ = ["normalize", "LEET"]

# Digits and symbols that stand in for letters inside words ("p00f", "j3w", "$hit").
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                      "@": "a", "$": "s", "!": "i", "€": "e"})

# A word that mixes letters with leet characters; pure numbers ("2016") and
# sentence-final "!" are left alone because they are not disguises.
_LEET_WORD = re.compile(r"(?<![\w@$])(?=[\w@$!€]*[a-zA-Z])[\w@$€]+(?:!+(?=[a-zA-Z]))?[\w@$€]*")


def _unleet(match: re.Match) -> str:
    return match.group(0).translate(LEET)


def normalize(text: str) -> str:
    """Lower-case ``text`` and undo leetspeak inside words; same length as ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (e.g. "İ") change length when lower-cased
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _LEET_WORD.sub(_unleet, lowered)
