"""Cue words as data: which word forms introduce an attributed claim.

The bulk comes from ``data/cue_words.tsv`` (mined from PolNeAR *train* by
``scripts/mine_cue_words.py``: how often a word form is part of a gold cue);
``data/cue_extra.txt`` adds reporting verbs common in state-media prose
(recalled, emphasized, stressed, ...) that the US news corpus under-represents.
"""
from __future__ import annotations

import functools
from importlib import resources

MIN_CUE_RATE = 0.30  # tuned on PolNeAR train
PARSE_CUE_RATE = 0.10  # words this cue-prone send their sentence to the parser and cue tagger
ACCORDING_TO = ("according", "to")
PREPOSITIONAL_CUES = (ACCORDING_TO, ("in", "the", "words", "of"), ("quoted", "by"))
QUOTE_CHARS = "\"“”«»:"  # a colon may introduce a quote too


def _data_lines(name: str):
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@functools.cache
def cue_rates() -> dict[str, float]:
    """Word form -> share of its PolNeAR-train occurrences inside a gold cue."""
    rates = {}
    for line in _data_lines("cue_words.tsv"):
        word, rate, _ = line.split("\t")
        if word != "word":
            rates[word] = float(rate)
    rates.update({word: 1.0 for word in _data_lines("cue_extra.txt")})
    return rates


@functools.cache
def cue_words(min_rate: float = MIN_CUE_RATE) -> frozenset[str]:
    return frozenset(w for w, rate in cue_rates().items() if rate >= min_rate)


def mentions_cue(sentence: str) -> bool:
    """A cheap test: does the sentence contain a cue word or a quotation mark?"""
    if any(ch in sentence for ch in QUOTE_CHARS):
        return True
    words = cue_words(PARSE_CUE_RATE)
    return any(w.strip(".,:;!?\"”“’'()").lower() in words for w in sentence.split())
