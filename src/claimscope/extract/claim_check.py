"""The claim check: how likely a verified candidate is a claim a reader may cite.

The verifier's rules (verifier.py) each refuse one kind of false claim. What they let
through on blogs and comment threads is a long tail that no single rule names: a source
that cannot speak ("the calendar says", "the computer is trying to tell you"), an action
read as speech ("agreed to supply the cars", "asked him to pose"), a topic instead of a
statement ("spoke about the power of artists"), a writer imagining what someone might
say. Readers labelled every claim of eleven sets of real pages right or wrong
(docs/models/claim-check.md); a logistic regression over the claim's shape (what kind of
source, which cue, how the content opens, whether the claim's own sentences speak in the first
or second person or ask) learned which shapes are mostly wrong. A candidate it scores below the
``claim_check_threshold`` setting is not stored.

The model is small and reads no encoder, so both profiles run the same check. Features are
written here once and read by the training script (scripts/train_claim_check.py), so the
model sees at run time what it was fitted on.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from ..artefacts import locate
from ..errors import ClaimscopeError
from ..text.units import CLAIM_SENTENCES, sentences

MODEL_NAME = "claim_check.json"  # scripts/train_claim_check.py writes it

# how much text around the claim its sentence features read (a run-on "sentence" of thousands of
# characters says little about this claim beyond its neighbourhood)
CONTEXT_BEFORE = 500
CONTEXT_CHARS = 1000

_WORD = re.compile(r"[A-Za-z0-9’']+")
_PRONOUNS = frozenset({"he", "she", "they", "it", "who", "that", "which", "we", "i", "you",
                       "this", "one", "him", "her", "them"})
# lower-case words a name may hold ("Bank of England", "Abu al-Hassan")
_NAME_JOINERS = frozenset({"of", "the", "and", "de", "al", "van", "von", "da", "del", "la"})
_FIRST_PERSON = re.compile(r"\b(?:I|my|me|we|our)\b")
_SECOND_PERSON = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:would|could|might|should|if)\b", re.IGNORECASE)
_QUOTE = re.compile(r"[“\"]")


def claim_context(text: str, start: int, end: int) -> str:
    """The sentences of the claim ``[start, end)``: a question or a "you" elsewhere in its
    paragraph says nothing about it (an interviewer's "Q: Some politicians say the virus came
    from a laboratory. What is your response?" reports a claim before it asks). At most
    ``CONTEXT_CHARS`` around the claim's start."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    around = [s for s in sentences(text, line_start, line_end, CLAIM_SENTENCES) if s.start < end and start < s.end]
    first = around[0].start if around else start
    last = around[-1].end if around else end
    first = max(first, start - CONTEXT_BEFORE)
    return text[first:min(last, first + CONTEXT_CHARS)]


def _source_shape(source: str) -> dict[str, float]:
    words = _WORD.findall(source)
    if not source:
        return {"source=none": 1.0}
    if source.lower() in _PRONOUNS:
        return {"source=pronoun:" + source.lower(): 1.0}
    if all(w[:1].isupper() for w in words if w.lower() not in _NAME_JOINERS):
        shape = {"source=name": 1.0}
    else:
        shape = {"source=phrase": 1.0}
        if words:
            shape["source_head=" + words[-1].lower()] = 1.0
    shape["source_words"] = min(len(words), 10) / 10
    shape["source_lowercase"] = float(source[:1].islower())
    return shape


def claim_features(source: str | None, cue: str | None, content: str, segment_kind: str | None,
                   context: str) -> dict[str, float]:
    """The claim's shape as named features (all in [0, 1])."""
    source, cue, content = (source or "").strip(), (cue or "").strip().lower(), content.strip()
    features = {"kind=" + str(segment_kind): 1.0, **_source_shape(source)}
    for word in _WORD.findall(cue):
        features["cue_word=" + word.lower()] = 1.0
    if cue:
        features["cue=" + cue] = 1.0
    features["cue_words"] = min(len(_WORD.findall(cue)), 6) / 6
    features["cue_colon"] = float(cue == ":")
    words = _WORD.findall(content)
    features["content_words"] = min(len(words), 60) / 60
    features["content_short"] = float(len(words) < 5)
    if words:
        features["content_first=" + words[0].lower()] = 1.0
    lowered = content.lower()
    features["content_question"] = float("?" in content)
    features["content_quoted"] = float(bool(_QUOTE.search(content)))
    features["content_that"] = float(lowered.startswith("that "))
    features["content_to"] = float(lowered.startswith("to "))
    features["sentence_question"] = float("?" in context)
    features["sentence_first_person"] = float(bool(_FIRST_PERSON.search(context)))
    features["sentence_second_person"] = float(bool(_SECOND_PERSON.search(context)))
    features["sentence_modal"] = float(bool(_MODAL.search(context)))
    return features


class ClaimCheck:
    """A logistic regression over ``claim_features`` (weights by feature name)."""

    def __init__(self, weights: dict[str, float], intercept: float, name: str) -> None:
        self.weights, self.intercept, self.name = weights, intercept, name

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return {"name": self.name, "intercept": self.intercept, "weights": self.weights}


@lru_cache(maxsize=1)
def load() -> ClaimCheck:
    """The shipped check (checked against its listed checksum)."""
    path = locate(MODEL_NAME)
    if path is None:
        raise ClaimscopeError(f"the claim check's model {MODEL_NAME} is missing from the installed package")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return ClaimCheck(data["weights"], data["intercept"], data["name"])
