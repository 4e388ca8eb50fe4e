"""The same-claim score: sentence-embedding cosine blended with rare-word overlap.

Why blend: all-MiniLM-L6-v2 reads "the Turkish military sent a MIM-23 Hawk
system to Idlib" and "Turkish troops plan to use air defense systems" as
close, because the topic is the same; what makes two statements the *same
claim* is mostly the rare words they share (names, numbers, weapon systems).
The overlap is IDF-weighted and measured on the shorter side, so a short claim
fully contained in a long comment still scores high.

``ALPHA`` and ``THRESHOLD`` were fitted on CLEF CheckThat! 2020 task-2 train
only (``claimscope eval claim-matching --calibrate`` refits them) and are
reported on dev in docs/link.md.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from .lexical import STOPWORDS
from .text import words

if TYPE_CHECKING:
    import numpy as np

# a score, or an array of scores combined elementwise
_Score = TypeVar("_Score", float, "np.ndarray")

__all__ = ["ALPHA", "THRESHOLD", "PAGE_THRESHOLD", "PAGE_MIN_OVERLAP", "PAGE_MIN_SHARED",
           "content_terms", "Idf", "overlap", "hybrid", "PageRule", "same_claim_on_pages"]

ALPHA = 0.7  # weight of the cosine; 1 - ALPHA goes to the rare-word overlap
THRESHOLD = 0.48  # hybrid score at which two units are the same claim (best F1 on train)

# Page-to-page (sentence <-> sentence) links need more than a tweet -> fact-check match: two
# sentences of news about one war share topic words all the time, and comment threads of one
# blog thank its author in a hundred wordings. The three numbers are the same_claim_* settings'
# defaults, calibrated by scripts/calibrate_link_thresholds.py for precision first (no labelled
# page pair that is not the same claim kept, then the best recall on CheckThat! 2020 task-2
# train) on labelled sentence pairs of real pages (the calibration part of
# docs/models/link-threshold-pairs.jsonl; docs/models/link-thresholds.md). Shared content
# words decide most: two statements about one topic score 0.45-0.6 against each other, as
# high as true restatements, and share up to six content words; restatements share more.
PAGE_THRESHOLD = 0.43  # hybrid score; the same_claim_threshold setting's default
PAGE_MIN_OVERLAP = 0.2  # IDF-weighted share of the shorter unit's content words
PAGE_MIN_SHARED = 7  # distinct shared content words (names, numbers, places count as words)


def stem(word: str) -> str:
    """A crude plural/verb-ending fold, enough for "systems" to meet "system"."""
    for suffix in ("ing", "es", "s", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())}


class Idf:
    """Inverse document frequency from (documents, term -> document count)."""

    def __init__(self, n_docs: int, df: dict[str, int]) -> None:
        self.n_docs, self.df = max(n_docs, 1), df

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Idf:
        df: Counter = Counter()
        n = 0
        for text in texts:
            df.update(content_terms(text))
            n += 1
        return cls(n, dict(df))

    def __call__(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0


def overlap(a: set[str], b: set[str], idf, a_total: float | None = None,
            b_total: float | None = None) -> float:
    """IDF-weighted share of the smaller term set found in the other one.

    Totals (the IDF sums of ``a`` and ``b``) may be passed in when the caller
    compares one set with many, to avoid summing them again.
    """
    if not a or not b:
        return 0.0
    shared = sum(idf(t) for t in a & b)
    if a_total is None:
        a_total = sum(idf(t) for t in a)
    if b_total is None:
        b_total = sum(idf(t) for t in b)
    return shared / min(a_total, b_total)


def hybrid(cosine: _Score, lexical: _Score, alpha: float = ALPHA) -> _Score:
    return alpha * cosine + (1 - alpha) * lexical


@dataclass(frozen=True)
class PageRule:
    """When two units of two pages are the same claim: a hybrid score of at least
    ``threshold``, an IDF overlap of at least ``min_overlap`` and ``min_shared`` shared
    content words (the ``same_claim_threshold``, ``same_claim_min_overlap`` and
    ``same_claim_min_shared`` settings; calibrated by scripts/calibrate_link_thresholds.py)."""

    threshold: float = PAGE_THRESHOLD
    min_overlap: float = PAGE_MIN_OVERLAP
    min_shared: int = PAGE_MIN_SHARED

    @classmethod
    def of(cls, settings) -> PageRule:
        """The rule under a ``claimscope.settings.Settings``."""
        return cls(settings.same_claim_threshold, settings.same_claim_min_overlap,
                   settings.same_claim_min_shared)

    def __call__(self, score: float, lexical: float, shared: int) -> bool:
        return score >= self.threshold and lexical >= self.min_overlap and shared >= self.min_shared


def same_claim_on_pages(score: float, lexical: float, shared: int,
                        rule: PageRule = PageRule()) -> bool:
    """Whether two units of two pages state the same claim (stricter than tweet -> claim)."""
    return rule(score, lexical, shared)
