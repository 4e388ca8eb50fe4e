"""Propaganda techniques per paragraph, with the SemEval-2023 Task 3 technique names.

The model (claimscope-propaganda-v1, trained by scripts/train_propaganda.py on
semeval2023-task3-en-train) is one logistic regression per technique over word
and character TF-IDF n-grams of the paragraph. Flags are labelled
``propaganda:<Technique>`` with the SemEval name, e.g. ``propaganda:Loaded_Language``.
"""
from __future__ import annotations

from .textmodel import load_model, prepare

__all__ = ["MODEL_NAME", "TECHNIQUES", "technique_scores", "predict_techniques", "thresholds"]

MODEL_NAME = "claimscope-propaganda-v1"

# The SemEval-2023 Task 3 (subtask 3) inventory; the model learns those with
# enough training paragraphs (listed in its artefact as "techniques").
TECHNIQUES = (
    "Appeal_to_Authority", "Appeal_to_Fear-Prejudice", "Appeal_to_Hypocrisy",
    "Appeal_to_Popularity", "Appeal_to_Time", "Appeal_to_Values", "Causal_Oversimplification",
    "Consequential_Oversimplification", "Conversation_Killer", "Doubt",
    "Exaggeration-Minimisation", "False_Dilemma-No_Choice", "Flag_Waving",
    "Guilt_by_Association", "Loaded_Language", "Name_Calling-Labeling",
    "Obfuscation-Vagueness-Confusion", "Questioning_the_Reputation", "Red_Herring",
    "Repetition", "Slogans", "Straw_Man", "Whataboutism",
)


def thresholds(override: float | None = None) -> dict[str, float]:
    """Per-technique decision thresholds: the model's own (tuned by cross-validation at
    training time; above 1 for techniques it cannot find reliably), or ``override`` for all."""
    artefact = load_model(MODEL_NAME)
    if override is not None:
        return {t: override for t in artefact["techniques"]}
    if "thresholds" in artefact:
        return dict(artefact["thresholds"])
    return {t: float(artefact["threshold"]) for t in artefact["techniques"]}


def technique_scores(texts: list[str]) -> list[dict[str, float]]:
    """P(technique) for every learned technique, per paragraph."""
    if not texts:
        return []
    artefact = load_model(MODEL_NAME)
    probs = artefact["pipeline"].predict_proba(prepare(texts))
    return [dict(zip(artefact["techniques"], map(float, row))) for row in probs]


def predict_techniques(texts: list[str], threshold: float | None = None) -> list[list[str]]:
    """The techniques at or above their threshold (default: the model's tuned ones), per paragraph."""
    cuts = thresholds(threshold)
    return [sorted(t for t, p in row.items() if p >= cuts[t]) for row in technique_scores(texts)]
