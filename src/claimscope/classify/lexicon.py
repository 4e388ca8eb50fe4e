"""Find lexicon hits (slurs, coded hate, tropes, insults, group mentions) in a text.

The terms live in a data file (``hate_lexicon.v3.toml``) so that analysts can
read and extend them without touching code; this module only compiles and
matches them. All patterns of one file are joined into a single alternation so
a text is scanned once, whatever the number of terms.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .normalize import normalize

__all__ = ["Hit", "Lexicon", "load_lexicon", "DEFAULT_LEXICON", "HATE_KINDS"]

DEFAULT_LEXICON = Path(__file__).with_name("hate_lexicon.v3.toml")
HATE_KINDS = ("slur", "coded", "trope")  # kinds that are evidence of hate on their own
_KINDS = HATE_KINDS + ("dehumanising", "insult", "identity")


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    kind: str
    group: str | None  # the target: a group name, "national_ethnic:<who>", or None (insults)
    weight: float


@dataclass(frozen=True, slots=True)
class _Term:
    kind: str
    target: str | None
    weight: float


class Lexicon:
    """A compiled lexicon: ``hits(text)`` returns every non-overlapping hit."""

    def __init__(self, version: str, terms: list[_Term], pattern: re.Pattern) -> None:
        self.version = version
        self._terms = terms
        self._pattern = pattern

    def hits(self, text: str) -> list[Hit]:
        found = []
        for match in self._pattern.finditer(normalize(text)):
            assert match.lastgroup is not None  # every alternative is a named group
            term = self._terms[int(match.lastgroup[1:])]
            target = term.target
            if target == "national_ethnic":  # a mention: name the nation from the word itself
                target = f"national_ethnic:{_singular(match.group(0))}"
            found.append(Hit(match.start(), match.end(), term.kind, target, term.weight))
        return found


def _singular(word: str) -> str:
    word = word.lower().replace(" ", "_")
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _target(entry: dict) -> str | None:
    group = entry.get("group")
    if group == "national_ethnic" and entry.get("who"):
        return f"national_ethnic:{entry['who']}"
    return group


def _alternative(index: int, entry: dict) -> str:
    body = f"(?:{entry['pattern']})"
    if entry.get("bounded", True):
        body = rf"(?<![a-z]){body}(?![a-z])"
    return f"(?P<t{index}>{body})"


def _parse(data: dict, source: str) -> Lexicon:
    terms, alternatives = [], []
    # Hate kinds first: at one position the alternation prefers the earlier
    # alternative, and "jew pigs" should count as a trope, not a mention.
    entries = sorted(data.get("term", []), key=lambda e: _KINDS.index(e["kind"]))
    for index, entry in enumerate(entries):
        if entry["kind"] not in _KINDS:
            raise ValueError(f"{source}: unknown kind {entry['kind']!r}")
        terms.append(_Term(entry["kind"], _target(entry), float(entry.get("weight", 0.0))))
        alternatives.append(_alternative(index, entry))
    pattern = re.compile("|".join(alternatives))
    return Lexicon(str(data.get("version", Path(source).stem)), terms, pattern)


@functools.cache
def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> Lexicon:
    """Load and compile a lexicon file (cached per process)."""
    with open(path, "rb") as handle:
        return _parse(tomllib.load(handle), str(path))
