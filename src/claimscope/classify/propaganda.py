"""Propaganda techniques per paragraph, with the SemEval-2023 Task 3 technique names.

The model (claimscope-propaganda-v2, trained by scripts/train_propaganda.py on
semeval2023-task3-en-train) blends two levels: one logistic regression per technique
over word and character TF-IDF n-grams of the paragraph, and one logistic regression
per technique over frozen all-MiniLM-L6-v2 embeddings of the paragraph, its
neighbours and the whole article (and the paragraph's position). Without sentence-transformers (the ``link`` extra) the n-gram level runs
alone with its own thresholds. Flags are labelled ``propaganda:<Technique>`` with the
SemEval name, e.g. ``propaganda:Loaded_Language``.
"""
from __future__ import annotations

from . import embedding
from .textmodel import load_model, prepare

__all__ = ["MODEL_NAME", "TECHNIQUES", "technique_scores", "predict_techniques", "thresholds",
           "context_features", "uses_embeddings", "model_label"]

MODEL_NAME = "claimscope-propaganda-v2"

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


def uses_embeddings() -> bool:
    """True when the stacked (n-gram + embedding) model runs; False for the n-gram fallback."""
    return "stack" in load_model(MODEL_NAME) and embedding.available()


def model_label() -> str:
    """The model name written on flags: ``+ngram-only`` marks the fallback without embeddings."""
    return MODEL_NAME if uses_embeddings() else f"{MODEL_NAME}+ngram-only"


def thresholds(override: float | None = None) -> dict[str, float]:
    """Per-technique decision thresholds: the model's own (tuned by cross-validation at
    training time; above 1 for techniques it cannot find reliably), or ``override`` for all."""
    artefact = load_model(MODEL_NAME)
    if override is not None:
        return {t: override for t in artefact["techniques"]}
    if "stack" in artefact and not uses_embeddings():
        return dict(artefact["ngram_thresholds"])
    if "thresholds" in artefact:
        return dict(artefact["thresholds"])
    return {t: float(artefact["threshold"]) for t in artefact["techniques"]}


def context_features(texts: list[str], vectors, documents=None):
    """Per paragraph: its embedding, the mean of its neighbours' (previous and next
    paragraph of the same document), the document's mean embedding, and three position
    features (first paragraph, relative position, log length). ``documents`` names each
    paragraph's document (consecutive paragraphs of a document are adjacent in the
    list); None means one document."""
    import numpy as np

    n = len(texts)
    documents = list(documents) if documents is not None else [0] * n
    neighbours = np.zeros_like(vectors)
    pooled = np.zeros_like(vectors)
    position = np.zeros((n, 3), dtype=np.float32)
    start = 0
    while start < n:
        end = start
        while end < n and documents[end] == documents[start]:
            end += 1
        block = vectors[start:end]
        pooled[start:end] = block.mean(axis=0)
        for i in range(start, end):
            around = [j for j in (i - 1, i + 1) if start <= j < end]
            if around:
                neighbours[i] = vectors[around].mean(axis=0)
            position[i] = (i == start, (i - start) / max(1, end - start - 1), np.log1p(len(texts[i])) / 10)
        start = end
    return np.hstack([vectors, neighbours, pooled, position]).astype(np.float32)


def technique_scores(texts: list[str], documents=None) -> list[dict[str, float]]:
    """P(technique) for every learned technique, per paragraph. ``documents`` (optional)
    names each paragraph's article, so that neighbours and the article context come from
    the right one; paragraphs of an article must be adjacent. None: all one article."""
    if not texts:
        return []
    import numpy as np

    artefact = load_model(MODEL_NAME)
    probs = artefact["pipeline"].predict_proba(prepare(texts))
    if uses_embeddings():
        dense = context_features(texts, embedding.encode(texts), documents)
        blend = float(artefact.get("blend", 0.0))
        if artefact.get("stack_uses_ngram", True):
            p = np.clip(probs, 1e-4, 1 - 1e-4)
            dense = np.hstack([np.log(p / (1 - p)), dense])
        probs = blend * probs + (1.0 - blend) * artefact["stack"].predict_proba(dense)
        probs[[not t.strip() for t in texts]] = 0.0  # an empty paragraph uses no technique
    return [dict(zip(artefact["techniques"], map(float, row))) for row in probs]


def predict_techniques(texts: list[str], threshold: float | None = None, documents=None) -> list[list[str]]:
    """The techniques at or above their threshold (default: the model's tuned ones), per paragraph."""
    cuts = thresholds(threshold)
    return [sorted(t for t, p in row.items() if p >= cuts[t])
            for row in technique_scores(texts, documents)]
