"""Propaganda techniques per paragraph, with the SemEval-2023 Task 3 technique names.

The model (claimscope-propaganda-v5, trained by scripts/train_propaganda.py on the
development part of semeval2023-task3-en-train) has two levels. Level 1 scores every technique five ways:
a logistic head over word and character TF-IDF n-grams of the paragraph; the same kind
of head trained on single sentences (labelled by the technique spans they overlap),
of which the paragraph takes its highest-scoring sentence; a lexicon of how often each
word and word pair lies inside a span of the technique (the paragraph's highest and
two highest rates); a logistic head over frozen all-MiniLM-L6-v2 embeddings of the
paragraph, its neighbours and the whole article; and span heads, small networks over
MiniLM's state of every word piece trained on which technique spans the piece lies in,
of which the paragraph takes its strongest piece (that piece's sentence is the flag's
span). Level 2 is one small logistic regression per technique over that technique's
level-1 scores and the paragraph's position. Every level-1 part is the average of the
models of five article-grouped folds, so that level 2 sees at run time the same kind of
scores it was trained on (each fold model's scores on the articles it did not see).
Without sentence-transformers (the ``link`` extra) a level 2 without the embedding and
span scores runs, with its own thresholds. Flags are labelled ``propaganda:<Technique>``
with the SemEval name, e.g. ``propaganda:Loaded_Language``. Each technique has two
thresholds: flags at or above the first are written to the store, and those at or above
the second (calibrated out of fold so that they are right at least half the time) are
shown by default.
"""
from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any, NamedTuple

from .. import encoder
from ..encoder import Encodings
from ..text.units import TECHNIQUE_SENTENCES
from ..text.units import sentences as _sentences
from .textmodel import load_for_reader, prepare, reads_this_encoder

__all__ = ["MODEL_NAME", "TECHNIQUES", "technique_scores", "thresholds", "shown_thresholds",
           "context_features", "position_features", "uses_embeddings", "model_label",
           "words", "sentences", "lexicon_features", "level_one", "level_two", "score_paragraphs",
           "TechniqueScores", "technique_results", "read_paragraphs", "token_inputs", "token_logits",
           "token_features"]

MODEL_NAME = "claimscope-propaganda-v5"

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


def model() -> dict:
    """The artefact this process runs: the one fitted on the student's states under the fast
    profile when it ships (``textmodel.for_reader``), else v5 as fitted on MiniLM's."""
    return load_for_reader(MODEL_NAME)


def uses_embeddings() -> bool:
    """True when the full model (with the embedding and span heads) runs; False for the
    fallback, which also runs when the heads were fitted on another encoder than the one
    read here."""
    return reads_this_encoder(model(), "embedding")


def model_label() -> str:
    """The model name written on flags (``encoder.head_label``)."""
    return encoder.head_label(MODEL_NAME, uses_embeddings())


def thresholds(override: float | None = None) -> dict[str, float]:
    """Per-technique decision thresholds: the model's own (tuned out of fold at training
    time; above 1 for techniques it cannot find reliably), or ``override`` for all."""
    artefact = model()
    if override is not None:
        return {t: override for t in artefact["techniques"]}
    return dict(artefact["thresholds" if uses_embeddings() else "ngram_thresholds"])


def shown_thresholds(override: float | None = None, pages: bool = True) -> dict[str, float]:
    """Per-technique thresholds for a flag to be shown by default, or ``override`` for all.
    The model's own are the lowest at which its flags were right at least half the time out
    of fold on SemEval articles (above 1 for techniques never that reliable); with ``pages``
    (the ``propaganda_shown_calibration`` setting), where real web pages were labelled for
    the model in use (``_page_thresholds``), the higher of the two, since ordinary news
    pages carry far less persuasion than the articles SemEval picked. Flags between the
    stored and the shown threshold are kept in the store, not shown by default."""
    artefact = model()
    if override is not None:
        return {t: override for t in artefact["techniques"]}
    key = "shown_thresholds" if uses_embeddings() else "ngram_shown_thresholds"
    own = dict(artefact[key]) if key in artefact else thresholds()
    calibrated = _page_thresholds().get(model_label(), {}) if pages else {}
    return {t: max(cut, calibrated.get(t, 0.0)) for t, cut in own.items()}


@functools.cache
def _page_thresholds() -> dict[str, dict[str, float]]:
    """Shown thresholds calibrated on labelled flags of real web pages, by the model whose
    scores were labelled (scripts/calibrate_propaganda_shown.py)."""
    stored = json.loads(resources.files(__package__).joinpath("propaganda_shown_pages.json").read_text("utf-8"))
    return {name: entry["thresholds"] for name, entry in stored["models"].items()}


def words(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased word, start, end) for every word of ``text``."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _WORD.finditer(text)]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, split after . ! ? before a capital or digit."""
    return [(s.start, s.end) for s in _sentences(text, rule=TECHNIQUE_SENTENCES)] or [(0, len(text))]


def _grams(ws: list[str]) -> list[str]:
    return ws + [f"{a} {b}" for a, b in zip(ws, ws[1:])]


def text_grams(texts: list[str]) -> list[list[str]]:
    """Each text's words and word pairs, as the lexicons are keyed."""
    return [_grams([w for w, _, _ in words(text)]) for text in texts]


def _logit(p):
    import numpy as np

    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def lexicon_features(texts: list[str], lexicon: dict, grams: list[list[str]] | None = None):
    """Per paragraph and technique (logits): the highest, and the mean of the two highest,
    rates at which the paragraph's words and word pairs lie inside a span of the
    technique; the technique's overall rate where the lexicon knows none of them.
    ``grams``: ``text_grams(texts)`` when the caller reads several lexicons."""
    import numpy as np

    rates, prior = lexicon["rates"], lexicon["prior"]
    index = lexicon.get("_index")
    if index is None:
        index = lexicon["_index"] = {g: i for i, g in enumerate(lexicon["grams"])}
    t = len(prior)
    out = np.empty((len(texts), 2 * t), dtype=np.float32)
    for n, found in enumerate(grams if grams is not None else text_grams(texts)):
        rows = sorted({index[g] for g in found if g in index})
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

    coef = head["coef"]
    if coef.dtype != np.float32 or not coef.flags.f_contiguous:
        # stored as float16 to keep the artefact small; held in column order so that Wᵀ is
        # contiguous, as a sparse × dense product copies a non-contiguous side on every call
        coef = head["coef"] = np.asfortranarray(coef, dtype=np.float32)
    if head.get("tfidf") is not None:
        x = head["tfidf"].transform(x)
    return np.asarray(x @ coef.T, dtype=np.float64) + head["intercept"]


def level_one(artefact: dict, texts: list[str], documents=None, vectors=None, span_scores=None) -> dict:
    """The level-1 scores (logits, one column per technique) of ``texts``: ``ngram``,
    ``sentence``, ``lexicon`` (max and top-two mean side by side), ``position``, when
    ``vectors`` (their embeddings) are given ``embedding``, and with them ``token``, the
    span heads' scores (``span_scores``: the first array ``token_features`` gives)."""
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
    grams = text_grams(texts)  # one reading of the words serves every lexicon
    out["lexicon"] = np.mean([lexicon_features(texts, lex, grams) for lex in artefact["lexicons"]], axis=0)
    out["position"] = position_features(texts, documents)
    if vectors is not None:
        out["embedding"] = _linear(artefact["embedding"], context_features(texts, vectors, documents))
        if artefact.get("token_heads"):
            if span_scores is None:
                raise ValueError("this model's span heads need the paragraphs' span scores "
                                 "(token_features) besides their vectors")
            out["token"] = span_scores
    return out


def token_inputs(tokens, context: bool):
    """A token head's input rows for one paragraph, as the heads are trained: each word
    piece's state, with the paragraph's mean state beside it when ``context``."""
    import numpy as np

    if not context:
        return tokens.states
    if len(tokens.states) == 0:
        return np.zeros((0, 2 * tokens.states.shape[1]), dtype=tokens.states.dtype)
    mean = tokens.states.mean(axis=0, keepdims=True)
    return np.hstack([tokens.states, np.repeat(mean, len(tokens.states), axis=0)])


def token_logits(head: dict, token_states: list):
    """(folds, pieces, techniques) logits of a token head's fold networks (Linear → GELU →
    Linear) on the word pieces of ``token_states``, run together. For a ``context`` head
    the first layer's part over the paragraph's mean state is computed once per paragraph,
    not once per piece (same result as on ``token_inputs`` rows)."""
    import numpy as np
    import torch

    states = torch.from_numpy(np.concatenate([tokens.states for tokens in token_states]))
    w1 = _tensor(head, "w1")
    dim = states.shape[1]
    with torch.inference_mode():
        first = torch.einsum("nd,fdh->fnh", states, w1[:, :dim]) + _tensor(head, "b1")[:, None, :]
        if head["context"]:
            means = torch.from_numpy(np.stack([tokens.states.mean(axis=0) for tokens in token_states]))
            lengths = torch.tensor([len(tokens.states) for tokens in token_states])
            first += torch.einsum("pd,fdh->fph", means, w1[:, dim:]).repeat_interleave(lengths, dim=1)
        hidden = torch.nn.functional.gelu(first)
        return (torch.einsum("fnh,fht->fnt", hidden, _tensor(head, "w2")) + _tensor(head, "b2")[:, None, :]).numpy()


def _tensor(head: dict, key: str):
    import torch

    cached = head.setdefault("_torch", {})
    if key not in cached:  # stored as float16 to keep the artefact small
        cached[key] = torch.from_numpy(head[key].astype("float32"))
    return cached[key]


PIECES_PER_BATCH = 8192  # bounds the span heads' memory on long pages (≈ 50 MB of inputs)


def token_features(heads: list[dict], token_states: list):
    """Per paragraph and technique: the span-level heads' evidence (each fold network's
    highest word-piece logit, averaged over folds and heads; training saw one fold
    network's highest, so the average keeps its scale), and the word piece (index into
    the paragraph's pieces) the heads rate highest."""
    import numpy as np

    t = heads[0]["b2"].shape[1]
    score = np.full((len(token_states), t), -10.0)
    best = np.full((len(token_states), t), -1, dtype=int)
    batch: list[int] = []
    pieces = 0
    for i, tokens in enumerate(token_states + [None]):
        if batch and (tokens is None or pieces + len(tokens.states) > PIECES_PER_BATCH):
            _score_batch(heads, [token_states[j] for j in batch], batch, score, best)
            batch, pieces = [], 0
        if tokens is not None and len(tokens.states):
            batch.append(i)
            pieces += len(tokens.states)
    return score, best


def _score_batch(heads, token_states, rows, score, best) -> None:
    """``token_features`` for paragraphs ``rows`` (none empty), their pieces run together."""
    import numpy as np

    starts = np.cumsum([0] + [len(tokens.states) for tokens in token_states])
    strongest = 0.0
    mean_logits: Any = 0.0  # then the heads' summed (pieces, techniques) logits
    for head in heads:
        z = token_logits(head, token_states)
        strongest = strongest + np.maximum.reduceat(z, starts[:-1], axis=1).mean(axis=0)
        mean_logits = mean_logits + z.mean(axis=0)
    score[rows] = strongest / len(heads)
    for row, a, b in zip(rows, starts[:-1], starts[1:]):
        best[row] = mean_logits[a:b].argmax(axis=0)


def meta_inputs(scores: dict, j: int, with_embedding: bool):
    """Level 2's inputs for technique ``j``: its level-1 scores and the position features."""
    import numpy as np

    t = scores["ngram"].shape[1]
    cols = [scores["ngram"][:, j], scores["sentence"][:, j],
            scores["lexicon"][:, j], scores["lexicon"][:, t + j]]
    if with_embedding:
        cols.append(scores["embedding"][:, j])
        if "token" in scores:
            cols.append(scores["token"][:, j])
    return np.column_stack(cols + [scores["position"]])


def level_two(meta: dict, scores: dict, with_embedding: bool):
    """P(technique) per paragraph (rows) and technique (columns) from level-1 ``scores``."""
    import numpy as np

    t = scores["ngram"].shape[1]
    logits = np.column_stack([meta_inputs(scores, j, with_embedding) @ meta["coef"][j] + meta["intercept"][j]
                              for j in range(t)])
    return 1.0 / (1.0 + np.exp(-logits))


def score_paragraphs(artefact: dict, texts: list[str], documents=None, vectors=None, span_scores=None):
    """P(technique) array for ``texts`` with ``artefact`` (the full model when ``vectors``
    and, for a model with span heads, ``span_scores`` are given, else the fallback)."""
    scores = level_one(artefact, texts, documents, vectors, span_scores)
    with_embedding = vectors is not None
    probs = level_two(artefact["meta" if with_embedding else "ngram_meta"], scores, with_embedding)
    probs[[not t.strip() for t in texts]] = 0.0  # an empty paragraph uses no technique
    return probs


TEXTS_PER_PASS = 64  # paragraphs whose word-piece states are held at once (≤ 50 MB)


def read_paragraphs(artefact: dict, texts: list[str], encodings: Encodings | None = None):
    """MiniLM's view of ``texts`` for the full model: their vectors, the span heads' scores
    (or None for a model without span heads) and, per text, the (start, end) characters of
    the strongest word piece of each technique. The word-piece states are used and dropped
    ``TEXTS_PER_PASS`` paragraphs at a time, so a page of any length fits in memory."""
    import numpy as np

    encodings = encodings or Encodings()
    heads = artefact.get("token_heads")
    if not heads:
        return encodings.vectors(texts), None, [{} for _ in texts]
    vectors = np.empty((len(texts), encoder.DIM), dtype=np.float32)
    score = np.empty((len(texts), len(artefact["techniques"])))
    pieces = []
    for start in range(0, len(texts), TEXTS_PER_PASS):
        chunk = texts[start:start + TEXTS_PER_PASS]
        vectors[start:start + len(chunk)], states = encodings.token_states(chunk, layers=artefact["token_layers"])
        score[start:start + len(chunk)], best = token_features(heads, states)
        pieces += [{t: tuple(int(c) for c in tokens.offsets[k]) for t, k in zip(artefact["techniques"], row) if k >= 0}
                   for tokens, row in zip(states, best)]
    return vectors, score, pieces


class TechniqueScores(NamedTuple):
    """One paragraph's P(technique) and, per technique, the (start, end) characters of the
    word piece the span-level heads rate highest (none in the n-gram fallback)."""

    probs: dict[str, float]
    pieces: dict[str, tuple[int, int]]


def technique_results(texts: list[str], documents=None, encodings: Encodings | None = None) -> list[TechniqueScores]:
    """``technique_scores`` with the word piece that most drove each technique; ``encodings``
    holds the page's MiniLM states (a new cache when None)."""
    if not texts:
        return []
    artefact = model()
    if uses_embeddings():
        vectors, span, pieces = read_paragraphs(artefact, texts, encodings)
        probs = score_paragraphs(artefact, texts, documents, vectors, span)
    else:
        probs, pieces = score_paragraphs(artefact, texts, documents), [{} for _ in texts]
    return [TechniqueScores(dict(zip(artefact["techniques"], map(float, row))), found)
            for row, found in zip(probs, pieces)]


def technique_scores(texts: list[str], documents=None) -> list[dict[str, float]]:
    """P(technique) for every learned technique, per paragraph. ``documents`` (optional)
    names each paragraph's article, so that neighbours and the article context come from
    the right one; paragraphs of an article must be adjacent. None: all one article."""
    return [result.probs for result in technique_results(texts, documents)]
