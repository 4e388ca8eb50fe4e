"""Lexical first stage: which words a BM25 query uses (the FTS5 table is the store's).

Why a lexical stage at all: names, numbers and rare words ("MIM-23", "al-Jawf")
are what make two claims the same, and small sentence-embedding models blur
them. BM25 recalls those candidates cheaply; the embedding rerank then judges
meaning.
"""
from __future__ import annotations

import re

from .text import words

__all__ = ["LexicalIndex", "match_query", "query_words", "STOPWORDS"]

STOPWORDS = frozenset("""
a an and are as at be been but by for from had has have he her his i if in into is it its
me my no not of on or our she so than that the their them then there these they this to
was we were what when which who will with you your would could should can do does did
about after all also any because before being both each more most other over some such
only own same just very rt via amp https http www com pic twitter t co
""".split())
_MAX_TERMS = 40
_BARE = re.compile(r"^\w+$")


def query_words(text: str) -> list[str]:
    """The distinct content words of ``text`` that a query may use, in text order."""
    return [w for w in dict.fromkeys(words(text))
            if w not in STOPWORDS and len(w) > 1 and _BARE.match(w)]


def match_query(text: str) -> str | None:
    """An FTS5 query OR-ing the distinct content words of ``text`` (None when empty)."""
    return _or_query(query_words(text)[:_MAX_TERMS])


def _or_query(terms: list[str]) -> str | None:
    return " OR ".join(f'"{t}"' for t in terms) if terms else None


class LexicalIndex:
    """BM25 search over a stored full-text table (``store.fulltext``) with the queries
    this module builds."""

    def __init__(self, index) -> None:
        self.index = index  # a store.fulltext.FullTextIndex

    def add(self, rows: list[tuple[int, str]]) -> None:
        self.index.add(rows)

    def search(self, text: str, limit: int = 50) -> list[tuple[int, float]]:
        """(rowid, score) best first; score = -bm25, so higher is better."""
        return self.index.search(match_query(text), limit)

    def search_words(self, terms: list[str], limit: int = 50) -> list[tuple[int, float]]:
        """Like ``search``, for words the caller chose (from ``query_words``).

        FTS5 reads the whole posting list of every word of a query, so a caller
        that leaves common words out keeps the cost of a query from growing with
        the corpus.
        """
        return self.index.search(_or_query(terms), limit)
