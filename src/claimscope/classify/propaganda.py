"""Propaganda techniques per paragraph, with the SemEval-2023 Task 3 technique names.

The model (claimscope-propaganda-v3, trained by scripts/train_propaganda.py on
semeval2023-task3-en-train) has two levels. Level 1 scores every technique four ways:
a logistic head over word and character TF-IDF n-grams of the paragraph; the same kind
of head trained on single sentences (labelled by the technique spans they overlap),
of which the paragraph takes its highest-scoring sentence; a lexicon of how often each
word and word pair lies inside a span of the technique (the paragraph's highest and
two highest rates); and a logistic head over frozen all-MiniLM-L6-v2 embeddings of the
paragraph, its neighbours and the whole article. Level 2 is one small logistic
regression per technique over that technique's level-1 scores and the paragraph's
position. Every level-1 part is the average of the models of five article-grouped
folds, so that level 2 sees at run time the same kind of scores it was trained on
(each fold model's scores on the articles it did not see). Without sentence-transformers
(the ``link`` extra) a level 2 without the embedding score runs, with its own
thresholds. Flags are labelled ``propaganda:<Technique>`` with the SemEval name, e.g.
``propaganda:Loaded_Language``.
"""
from __future__ import annotations

import re

from . import embedding
from .textmodel import load_model, prepare

__all__ = ["MODEL_NAME", "TECHNIQUES", "technique_scores", "predict_techniques", "thresholds",
           "context_features", "position_features", "uses_embeddings", "model_label",
           "words", "sentences", "lexicon_features", "level_one", "level_two", "score_paragraphs"]

MODEL_NAME = "claimscope-propaganda-v3"

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

_WORD = re.compile(r"[^\W_][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def uses_embeddings() -> bool:
    """True when the full model (with the embedding head) runs; False for the fallback."""
    return "embedding" in load_model(MODEL_NAME) and embedding.available()


def model_label() -> str:
    """The model name written on flags: ``+ngram-only`` marks the fallback without embeddings."""
    return MODEL_NAME if uses_embeddings() else f"{MODEL_NAME}+ngram-only"


def thresholds(override: float | None = None) -> dict[str, float]:
    """Per-technique decision thresholds: the model's own (tuned out of fold at training
    time; above 1 for techniques it cannot find reliably), or ``override`` for all."""
    artefact = load_model(MODEL_NAME)
    if override is not None:
        return {t: override for t in artefact["techniques"]}
    return dict(artefact["thresholds" if uses_embeddings() else "ngram_thresholds"])


def words(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased word, start, end) for every word of ``text``."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, split after . ! ? before a capital or digit."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out


def _grams(ws: list[str]) -> list[str]:
    return ws + [f"{a} {b}" for a, b in zip(ws, ws[1:])]


def _logit(p):
    import numpy as np

    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def lexicon_features(texts: list[str], lexicon: dict):
    """Per paragraph and technique (logits): the highest, and the mean of the two highest,
    rates at which the paragraph's words and word pairs lie inside a span of the
    technique; the technique's overall rate where the lexicon knows none of them."""
    import numpy as np

    rates, prior = lexicon["rates"], lexicon["prior"]
    index = lexicon.get("_index")
    if index is None:
        index = lexicon["_index"] = {g: i for i, g in enumerate(lexicon["grams"])}
    t = len(prior)
    out = np.empty((len(texts), 2 * t), dtype=np.float32)
    for n, text in enumerate(texts):
        rows = sorted({index[g] for g in _grams([w for w, _, _ in words(text)]) if g in index})
        if not rows:
            out[n, :t] = out[n, t:] = prior
        elif len(rows) == 1:
            out[n, :t] = rates[rows[0]]
            out[n, t:] = (rates[rows[0]] + prior) / 2
        else:
            top = -np.partition(-rates[rows].astype(np.float32), 1, axis=0)[:2]
            out[n, :t] = top[0]
            out[n, t:] = top.mean(axis=0)
    return _logit(out)


def _blocks(documents, n):
    """(start, end) of each run of equal document names."""
    documents = list(documents) if documents is not None else [0] * n
    start = 0
    while start < n:
        end = start
        while end < n and documents[end] == documents[start]:
            end += 1
        yield start, end
        start = end


def position_features(texts: list[str], documents=None):
    """First paragraph of its document, relative position, log length (/10)."""
    import numpy as np

    position = np.zeros((len(texts), 3), dtype=np.float32)
    for start, end in _blocks(documents, len(texts)):
        for i in range(start, end):
            position[i] = (i == start, (i - start) / max(1, end - start - 1), np.log1p(len(texts[i])) / 10)
    return position


def context_features(texts: list[str], vectors, documents=None):
    """Per paragraph: its embedding, the mean of its neighbours' (previous and next
    paragraph of the same document), the document's mean embedding, and the three
    position features. ``documents`` names each paragraph's document (consecutive
    paragraphs of a document are adjacent in the list); None means one document."""
    import numpy as np

    neighbours = np.zeros_like(vectors)
    pooled = np.zeros_like(vectors)
    for start, end in _blocks(documents, len(texts)):
        pooled[start:end] = vectors[start:end].mean(axis=0)
        for i in range(start, end):
            around = [j for j in (i - 1, i + 1) if start <= j < end]
            if around:
                neighbours[i] = vectors[around].mean(axis=0)
    return np.hstack([vectors, neighbours, pooled, position_features(texts, documents)]).astype(np.float32)


def _linear(head: dict, x):
    """Logits of a (fold-averaged) linear head: ``x`` → optional TF-IDF → x·Wᵀ + b."""
    import numpy as np

    if head["coef"].dtype != np.float32:  # stored as float16 to keep the artefact small
        head["coef"] = head["coef"].astype(np.float32)
    if head.get("tfidf") is not None:
        x = head["tfidf"].transform(x)
    return np.asarray(x @ head["coef"].T, dtype=np.float64) + head["intercept"]


def level_one(artefact: dict, texts: list[str], documents=None, vectors=None) -> dict:
    """The level-1 scores (logits, one column per technique) of ``texts``: ``ngram``,
    ``sentence``, ``lexicon`` (max and top-two mean side by side), ``position`` and, when
    ``vectors`` (their embeddings) are given, ``embedding``."""
    import numpy as np

    hashing = artefact["hashing"]
    prepared = prepare(texts)
    out = {"ngram": _linear(artefact["ngram"], hashing.transform(prepared))}
    owner, pieces = [], []
    for i, (text, norm) in enumerate(zip(texts, prepared)):
        for s, e in sentences(text):
            owner.append(i)
            pieces.append(norm[s:e])
    sentence = _linear(artefact["sentence"], hashing.transform(pieces))
    best = np.full((len(texts), sentence.shape[1]), -np.inf)
    np.maximum.at(best, np.asarray(owner, dtype=int), sentence)
    out["sentence"] = best
    out["lexicon"] = np.mean([lexicon_features(texts, lex) for lex in artefact["lexicons"]], axis=0)
    out["position"] = position_features(texts, documents)
    if vectors is not None:
        out["embedding"] = _linear(artefact["embedding"], context_features(texts, vectors, documents))
    return out


def meta_inputs(scores: dict, j: int, with_embedding: bool):
    """Level 2's inputs for technique ``j``: its level-1 scores and the position features."""
    import numpy as np

    t = scores["ngram"].shape[1]
    cols = [scores["ngram"][:, j], scores["sentence"][:, j],
            scores["lexicon"][:, j], scores["lexicon"][:, t + j]]
    if with_embedding:
        cols.append(scores["embedding"][:, j])
    return np.column_stack(cols + [scores["position"]])


def level_two(meta: dict, scores: dict, with_embedding: bool):
    """P(technique) per paragraph (rows) and technique (columns) from level-1 ``scores``."""
    import numpy as np

    t = scores["ngram"].shape[1]
    logits = np.column_stack([meta_inputs(scores, j, with_embedding) @ meta["coef"][j] + meta["intercept"][j]
                              for j in range(t)])
    return 1.0 / (1.0 + np.exp(-logits))


def score_paragraphs(artefact: dict, texts: list[str], documents=None, vectors=None):
    """P(technique) array for ``texts`` with ``artefact`` (the full model when
    ``vectors`` are given, else the fallback)."""
    scores = level_one(artefact, texts, documents, vectors)
    with_embedding = vectors is not None
    probs = level_two(artefact["meta" if with_embedding else "ngram_meta"], scores, with_embedding)
    probs[[not t.strip() for t in texts]] = 0.0  # an empty paragraph uses no technique
    return probs


def technique_scores(texts: list[str], documents=None) -> list[dict[str, float]]:
    """P(technique) for every learned technique, per paragraph. ``documents`` (optional)
    names each paragraph's article, so that neighbours and the article context come from
    the right one; paragraphs of an article must be adjacent. None: all one article."""
    if not texts:
        return []
    artefact = load_model(MODEL_NAME)
    vectors = embedding.encode(texts) if uses_embeddings() else None
    probs = score_paragraphs(artefact, texts, documents, vectors)
    return [dict(zip(artefact["techniques"], map(float, row))) for row in probs]


def predict_techniques(texts: list[str], threshold: float | None = None, documents=None) -> list[list[str]]:
    """The techniques at or above their threshold (default: the model's tuned ones), per paragraph."""
    cuts = thresholds(threshold)
    return [sorted(t for t, p in row.items() if p >= cuts[t])
            for row in technique_scores(texts, documents)]
