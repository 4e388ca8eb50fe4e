"""Extract: who claims what, where, when and how many.

``build_stage(context)`` returns the per-page stage (see ``stage.ExtractStage``);
``export`` has the row generators for the exports; the evaluation harnesses are
``claimscope.evaluate.attribution`` and ``claimscope.evaluate.geoparse``.
"""
from __future__ import annotations

__all__ = ["build_stage"]


def build_stage(context: dict | None = None):
    from .. import artefacts
    from .nlp import load_nlp
    from .stage import ExtractStage

    load_nlp()  # fail early, with a pip hint, when the extra is missing
    artefacts.verify("extract")  # and before any page when a model file is not the listed one
    return ExtractStage()
