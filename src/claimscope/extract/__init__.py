"""Extract: who claims what, where, when and how many.

``build_stage(context)`` returns the per-page stage (see ``stage.ExtractStage``);
``export`` has the row generators for the exports; the evaluation harnesses are
``claimscope.evaluate.attribution`` and ``claimscope.evaluate.geoparse``.
"""
from __future__ import annotations

__all__ = ["build_stage", "load_models"]


def build_stage(context: dict | None = None):
    from .. import artefacts
    from .stage import ExtractStage

    artefacts.verify("extract")  # before any page when a model file is not the listed one
    load_models()
    return ExtractStage((context or {}).get("settings"))


def load_models() -> None:
    """Load every model and table the stage reads, now rather than on the first page that
    needs one: a missing extra (with its pip hint) or a broken artefact stops the run before
    any page is analysed. Each loader keeps what it loaded for the pages."""
    from . import contentmodel, cuemodel, cuestates, gazetteer, sourcemodel
    from .nlp import load_nlp

    load_nlp()
    cuemodel.load_tagger()
    cuemodel.load_filter()
    cuestates.load_state_tagger()
    sourcemodel.load_picker()
    contentmodel.load_picker()
    gazetteer.gazetteer()
