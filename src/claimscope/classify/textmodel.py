"""The small text models claimscope trains itself: TF-IDF n-grams + logistic regression.

Shared by the training scripts and the classifiers, so a model is always fed
text prepared the same way it was trained on (``normalize``: lower-case,
leetspeak undone). Word n-grams carry meaning; character n-grams inside word
boundaries survive the misspellings these threads are full of ("jooos",
"atreacherosu").
"""
from __future__ import annotations

import functools
from pathlib import Path

from ..errors import require

__all__ = ["MODELS_DIR", "make_features", "load_model", "save_model", "prepare"]

MODELS_DIR = Path(__file__).with_name("models")


def prepare(texts):
    from .normalize import normalize

    return [normalize(t) for t in texts]


def make_features(max_word: int = 150_000, max_char: int = 150_000):
    """A fresh (unfitted) word + character TF-IDF feature union."""
    require("sklearn", "classify")
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=max_word,
                           sublinear_tf=True, token_pattern=r"(?u)\b\w[\w']*\b",
                           dtype=_float32())
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3,
                           max_features=max_char, sublinear_tf=True, dtype=_float32())
    return FeatureUnion([("word", word), ("char", char)])


def _float32():
    import numpy

    return numpy.float32


def save_model(artefact: dict, name: str) -> Path:
    """Write ``artefact`` (a dict holding sklearn objects and metadata) as models/<name>.joblib."""
    joblib = require("joblib", "classify")
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    path = MODELS_DIR / f"{name}.joblib"
    joblib.dump(artefact, path, compress=3)
    return path


@functools.cache
def load_model(name: str) -> dict:
    """Load models/<name>.joblib once per process."""
    joblib = require("joblib", "classify")
    path = MODELS_DIR / f"{name}.joblib"
    if not path.exists():
        raise FileNotFoundError(f"model {name} is missing: run scripts/train_*.py to build {path}")
    return joblib.load(path)
