"""The classify stage: toxicity and hate (with target group), propaganda techniques
and conspiracy narratives, as Flag records on comments and article paragraphs.

    stage = build_stage({"settings": load_settings(hate_threshold=0.6)})
    analysis = stage(analysis)   # adds analysis.flags

Flags never hide or delete anything; thresholds only decide which flags are written and
which of them the views show by default (``Flag.shown``).
"""
from __future__ import annotations

import dataclasses

from .. import artefacts, encoder
from ..analysis import PageAnalysis
from ..encoder import Encodings, encodings_of
from ..fingerprint import derived_version
from ..records import LineIndex
from ..settings import Settings, load_settings
from .flags import Unit, narrative_flags, propaganda_flags, toxicity_flags, units_of, unshown_signatures
from .lexicon import DEFAULT_LEXICON, load_lexicon
from .narratives import DEFAULT_CATALOGUE, load_catalogue
from .propaganda import model as propaganda_model
from .propaganda import model_label as propaganda_model_label
from .propaganda import shown_thresholds, technique_results, thresholds
from .toxicity import model as toxicity_model
from .toxicity import score_texts

__all__ = ["VERSION", "READS", "ClassifyStage", "build_stage", "load_models", "version"]

# the name a version starts with (marked when MiniLM is missing); the flags' model names
# say which parts ran
NAME = "classify.v14"
VERSION = encoder.variant(NAME)
# the settings that change which flags are written: the stage's own, and the budget the
# pipeline holds every stage to (budget.bounded)
READS = ("toxic_threshold", "toxic_shown_threshold", "hate_threshold", "hate_shown_threshold", "propaganda_threshold", "propaganda_shown_threshold",
         "propaganda_shown_calibration", "narrative_threshold",
         "narratives_file", "narrative_catalogue", "lexicon_file", "propaganda_on_comments",
         "classify_kinds", "max_analysed_chars", "profile")


def version(settings: Settings | None = None) -> str:
    """The stage's version under ``settings``: its name and a fingerprint of its code,
    models, lexicon, catalogues and the settings in ``READS``."""
    return derived_version(encoder.variant(NAME, settings), __name__, settings, READS)


class ClassifyStage:
    name = "classify"
    requires = ("segments",)
    produces = ("flags",)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.version = version(settings)
        self.lexicon = load_lexicon(settings.lexicon_file or DEFAULT_LEXICON)
        self.catalogue = load_catalogue(settings.narratives_file or DEFAULT_CATALOGUE)
        if settings.narrative_catalogue:
            self.catalogue = self.catalogue.extended(load_catalogue(settings.narrative_catalogue))
        load_models()

    def __call__(self, analysis: PageAnalysis) -> PageAnalysis:
        units = [u for s in analysis.segments if s.kind in self.settings.classify_kinds for u in units_of(s)]
        if not units:
            return analysis
        lines = LineIndex(analysis.page.text)
        encodings = encodings_of(analysis)
        # propaganda first: its one transformer pass over the paragraphs yields their word-piece
        # states and their vectors, which the toxicity model then finds remembered
        flags = self._propaganda(units, lines, encodings) + unshown_signatures(self._toxicity(units, lines, encodings))
        for unit in units:
            flags.extend(narrative_flags(unit, self.catalogue, self.settings.narrative_threshold, lines))
        flags.sort(key=lambda f: (f.start, f.label))
        return dataclasses.replace(analysis, flags=tuple(flags), encodings=encodings)

    def _toxicity(self, units: list[Unit], lines: LineIndex, encodings: Encodings) -> list:
        texts = [u.text for u in units]
        scores = score_texts(texts, self.lexicon.with_names_from(texts), encodings)
        return [f for unit, score in zip(units, scores)
                for f in toxicity_flags(unit, score, lines, self.settings, self.lexicon.version)]

    def _propaganda(self, units: list[Unit], lines: LineIndex, encodings: Encodings) -> list:
        chosen = [u for u in units
                  if u.kind != "comment" or self.settings.propaganda_on_comments]
        if not chosen:
            return []  # comment-only pages never load the propaganda model
        cuts = thresholds(self.settings.propaganda_threshold or None)  # 0: the model's own
        shown = shown_thresholds(self.settings.propaganda_shown_threshold or None,
                                 pages=self.settings.propaganda_shown_calibration == "pages")
        # each segment is one document: neighbours and article context stay inside it
        scores = technique_results([u.text for u in chosen], [u.segment_index for u in chosen], encodings)
        model = propaganda_model_label()
        return [f for unit, probs in zip(chosen, scores)
                for f in propaganda_flags(unit, probs, cuts, lines, model, shown)]


def load_models() -> None:
    """Load every model the stage runs, now rather than on the first page that needs one:
    a missing extra or a broken model file then stops the run with one message before any
    page is analysed, instead of failing every page after their segmentation was done.
    Each loader keeps what it loaded, so the pages find the models in memory."""
    toxicity_model()
    propaganda_model()
    encoder.load_reader()


def build_stage(context: dict | None = None) -> ClassifyStage:
    """The classify stage configured from the run's ``context["settings"]`` (defaults when
    absent)."""
    artefacts.verify("classify")  # a model file that is not the listed one stops the run here
    return ClassifyStage((context or {}).get("settings") or load_settings())
