"""The classify stage's settings: one documented row each, defaults as named constants.

A run passes settings in ``context["settings"]``, either nested
(``{"classify": {"hate_threshold": 0.6}}``) or flat (``{"classify.hate_threshold": 0.6}``);
anything not given keeps its default. Flags below a threshold are simply not
written; nothing in the store is hidden or deleted because of a flag.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["SETTINGS", "ClassifySettings", "resolve_settings",
           "TOXIC_THRESHOLD", "HATE_THRESHOLD", "PROPAGANDA_THRESHOLD", "NARRATIVE_THRESHOLD"]

# A flag is written when its score reaches the threshold. Scores are in [0, 1].
TOXIC_THRESHOLD = 0.5  # toxic/insult: model P(offensive or hate), or an insult lexicon hit
HATE_THRESHOLD = 0.5  # hate: the model's hate probability rescaled so its tuned cut-off maps to 0.5, or a slur/coded/trope lexicon hit
PROPAGANDA_THRESHOLD = None  # None: the per-model threshold chosen by cross-validation at training time
NARRATIVE_THRESHOLD = 0.6  # narrative: lexical cue match score (0.6 = every required cue, nothing more)

# (name, default, help): the one table of settings, documented in docs/classify.md
SETTINGS = (
    ("toxic_threshold", TOXIC_THRESHOLD, "minimum score of a 'toxic' flag"),
    ("hate_threshold", HATE_THRESHOLD, "minimum score of a 'hate' flag"),
    ("propaganda_threshold", PROPAGANDA_THRESHOLD,
     "minimum probability of a 'propaganda:<technique>' flag (default: the model's tuned one)"),
    ("narrative_threshold", NARRATIVE_THRESHOLD, "minimum score of a 'narrative' flag"),
    ("narratives_file", None, "path of a narrative catalogue (TOML) to use instead of narratives.v1.toml"),
    ("narrative_catalogue", None, "path of a narrative catalogue (TOML) matched besides the one in use"),
    ("lexicon_file", None, "path of a hate lexicon (TOML) to use instead of hate_lexicon.v2.toml"),
    ("propaganda_on_comments", False, "also run the propaganda model on comments"),
    ("kinds", ("comment", "article"), "segment kinds to classify"),
)


@dataclass(frozen=True, slots=True)
class ClassifySettings:
    toxic_threshold: float = TOXIC_THRESHOLD
    hate_threshold: float = HATE_THRESHOLD
    propaganda_threshold: float | None = PROPAGANDA_THRESHOLD
    narrative_threshold: float = NARRATIVE_THRESHOLD
    narratives_file: str | None = None
    narrative_catalogue: str | None = None
    lexicon_file: str | None = None
    propaganda_on_comments: bool = False
    kinds: tuple[str, ...] = ("comment", "article")


def _lookup(settings, name: str):
    """The value of classify setting ``name`` in ``settings``, or a sentinel."""
    if settings is None:
        return _MISSING
    nested = _get(settings, "classify")
    if nested is not _MISSING and nested is not None:
        value = _get(nested, name)
        if value is not _MISSING:
            return value
    value = _get(settings, f"classify.{name}")
    if value is _MISSING and not isinstance(settings, dict):
        # the run's Settings (claimscope.settings) names them without the prefix
        value = _get(settings, name)
        if name == "propaganda_threshold" and value == 0:
            value = None  # 0 there means: the thresholds tuned with the model
        if name == "narrative_catalogue" and not value:
            value = None
    return value


def _get(container, key: str):
    if isinstance(container, dict):
        return container.get(key, _MISSING)
    return getattr(container, key.replace(".", "_"), _MISSING)


_MISSING = object()


def resolve_settings(settings=None) -> ClassifySettings:
    values = {}
    for field in fields(ClassifySettings):
        value = _lookup(settings, field.name)
        if value is not _MISSING:
            values[field.name] = tuple(value) if field.name == "kinds" else value
    return ClassifySettings(**values)
