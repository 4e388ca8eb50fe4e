"""Find lexicon hits (slurs, coded hate, tropes, insults, group mentions) in a text.

The terms live in a data file (``hate_lexicon.v6.toml``) so that analysts can
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

DEFAULT_LEXICON = Path(__file__).with_name("hate_lexicon.v6.toml")
HATE_KINDS = ("slur", "coded", "trope")  # kinds that are evidence of hate on their own
# "idiom" first: at one position it wins over the slur whose letters it holds ("spic and span")
_KINDS = ("idiom",) + HATE_KINDS + ("dehumanising", "insult", "identity")
# Before a name-like word these make it the slur again ("a Muzzy", "you Coon"); not "that",
# mostly a conjunction there ("the message that Muzzy's family would like to share").
_SLUR_USE = frozenset("a an the this these those you your ur dirty filthy stupid".split())
_WORD_BEFORE = re.compile(r"([A-Za-z]+)([^A-Za-z]{1,3})$")
_POSSESSIVE = re.compile(r"['’]s\b")


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
    name_too: bool = False  # the word is also a surname or a given name (see the lexicon file)


class Lexicon:
    """A compiled lexicon: ``hits(text)`` returns every non-overlapping hit."""

    def __init__(self, version: str, terms: list[_Term], pattern: re.Pattern,
                 names: frozenset[str] = frozenset(), name_words: re.Pattern | None = None) -> None:
        self.version = version
        self._terms = terms
        self._pattern = pattern
        self._names = names  # name_too words this page introduces as someone's name
        # the name_too terms alone, any case: a page without one needs no second scan
        self._name_words = name_words

    def with_names_from(self, texts: list[str]) -> Lexicon:
        """This lexicon for one page: a name_too word the page introduces as a name
        anywhere ("Greg Muzzy", "Muzzy's sister") is that name wherever the page writes it
        as one ("where Muzzy was treated"), not only where it was introduced."""
        candidates = [t for t in texts if self._name_words is not None and self._name_words.search(t)]
        names = {m.group(0).lower() for text in candidates for m in self._pattern.finditer(normalize(text))
                 if self._terms[int(str(m.lastgroup)[1:])].name_too
                 and _introduced_as_name(text, m.start(), m.end())}
        if not names:
            return self
        return Lexicon(self.version, self._terms, self._pattern, frozenset(names), self._name_words)

    def hits(self, text: str) -> list[Hit]:
        found = []
        for match in self._pattern.finditer(normalize(text)):
            assert match.lastgroup is not None  # every alternative is a named group
            term = self._terms[int(match.lastgroup[1:])]
            if term.kind == "idiom" or (term.name_too and self._as_name(text, match.start(), match.end())):
                continue
            target = term.target
            if target == "national_ethnic":  # a mention: name the nation from the word itself
                target = f"national_ethnic:{_singular(match.group(0))}"
            found.append(Hit(match.start(), match.end(), term.kind, target, term.weight))
        return found

    def _as_name(self, text: str, start: int, end: int) -> bool:
        """A name_too word read as the person (see the lexicon file), not the slur."""
        if text[start:end].lower() in self._names and _name_shaped(text, start, end):
            return True
        return _introduced_as_name(text, start, end)


def _name_shaped(text: str, start: int, end: int) -> bool:
    """A capital, then lower case, with no article, demonstrative or "you" right before."""
    word = text[start:end]
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    before = _WORD_BEFORE.search(text[max(0, start - 20):start])
    return before is None or before.group(1).lower() not in _SLUR_USE


def _introduced_as_name(text: str, start: int, end: int) -> bool:
    """Written as a name and marked as one: after a capitalised word, one space between
    ("Greg Muzzy", "Van Dyke"), or with a possessive ("Muzzy's sister"). A capitalised slur
    alone at a sentence's start ("Dyke bitches …") or after a lower-case word stays a slur."""
    if not _name_shaped(text, start, end):
        return False
    before = _WORD_BEFORE.search(text[max(0, start - 20):start])
    after_first_name = before is not None and before.group(2) == " " and before.group(1)[:1].isupper()
    return after_first_name or _POSSESSIVE.match(text, end) is not None


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
        terms.append(_Term(entry["kind"], _target(entry), float(entry.get("weight", 0.0)),
                           bool(entry.get("name_too", False))))
        alternatives.append(_alternative(index, entry))
    pattern = re.compile("|".join(alternatives))
    named = [alternative for term, alternative in zip(terms, alternatives) if term.name_too]
    name_words = re.compile("|".join(named), re.IGNORECASE) if named else None
    return Lexicon(str(data.get("version", Path(source).stem)), terms, pattern, name_words=name_words)


@functools.cache
def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> Lexicon:
    """Load and compile a lexicon file (cached per process)."""
    with open(path, "rb") as handle:
        return _parse(tomllib.load(handle), str(path))
