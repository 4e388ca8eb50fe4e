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

from .. import artefacts, encoder
from ..errors import ConfigError, MissingDependency, require

__all__ = ["MODELS_DIR", "make_features", "make_weighting", "load_model", "save_model", "prepare"]

MODELS_DIR = Path(__file__).with_name("models")


def prepare(texts):
    from .normalize import normalize

    return [normalize(t) for t in texts]


def make_features(word_bits: int = 18, char_bits: int = 18):
    """The (stateless) hashed word + character n-gram counts; follow with ``make_weighting``.

    Hashing needs no fitted vocabulary, so a training script can turn every text
    into features once and reuse them for each held-out experiment, and the
    artefact stays small."""
    require("sklearn", "classify")
    import numpy
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.pipeline import FeatureUnion

    common = {"alternate_sign": False, "norm": None, "dtype": numpy.float32}
    word = HashingVectorizer(ngram_range=(1, 2), n_features=2**word_bits,
                             token_pattern=r"(?u)\b\w[\w']*\b", **common)
    char = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2**char_bits, **common)
    return FeatureUnion([("word", word), ("char", char)])


def make_weighting():
    """TF-IDF weighting (sublinear tf, l2 norm) fitted on the training texts."""
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(sublinear_tf=True)


def save_model(artefact: dict, name: str) -> Path:
    """Write ``artefact`` (a dict holding sklearn objects and metadata) as models/<name>.joblib."""
    joblib = require("joblib", "classify")
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    path = MODELS_DIR / f"{name}.joblib"
    joblib.dump(artefact, path, compress=3)
    return path


def for_reader(name: str) -> str:
    """The model ``name`` as fitted on the encoder this process reads when that artefact
    ships (``encoder.fitted_name``), else ``name`` itself."""
    fitted = encoder.fitted_name(name)
    return fitted if fitted != name and _ships(f"{fitted}.joblib") else name


@functools.cache  # called for every unit the classifiers score: look the file up once
def _ships(filename: str) -> bool:
    return artefacts.locate(filename) is not None


def load_for_reader(name: str) -> dict:
    """``load_model`` of ``for_reader(name)``: the model a classifier runs in this process."""
    return load_model(for_reader(name))


def reads_this_encoder(artefact: dict, part: str) -> bool:
    """True when ``artefact`` has its embedding ``part`` and that part was fitted on the
    encoder this process reads (the artefact's "embedding_model", MiniLM when it does not
    say): a head fitted on MiniLM's vectors is not run on the student's, nor the reverse."""
    reading = encoder.reader_model()
    return reading is not None and part in artefact and artefact.get("embedding_model", encoder.MODEL_NAME) == reading


@functools.cache
def load_model(name: str) -> dict:
    """Load models/<name>.joblib once per process."""
    joblib = require("joblib", "classify")
    path = artefacts.locate(f"{name}.joblib")
    if path is None:
        raise ConfigError(f"model {name} is missing: run scripts/train_*.py to build "
                          f"{MODELS_DIR / f'{name}.joblib'}")
    try:
        return joblib.load(path)
    except ImportError as exc:  # unpickling imports what the model was built with (sklearn)
        raise MissingDependency(f"model {name} needs {exc.name or exc}; install it with: "
                                "pip install 'claimscope[classify]'") from exc
    except Exception as exc:  # a truncated or foreign file: name it rather than the pickle internals
        raise ConfigError(f"model file {path} cannot be loaded ({exc.__class__.__name__}: {exc})") from exc
