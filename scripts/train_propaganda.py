"""Train claimscope's paragraph-level propaganda technique model (claimscope-propaganda-v5).

    python scripts/train_propaganda.py [--shared PATH] [--reuse-level-one]
    python scripts/train_propaganda.py --write-heldout DIR   # the held-out part, for one final read

Reads ../shared/data/semeval2023-task3-en-train (articles, subtask-3 paragraph labels and
technique spans) and splits its ARTICLES in two by a salted hash of the article id
(``is_heldout``): the held-out part (80 articles, 1,599 labelled paragraphs) is never read
here; ``--write-heldout`` only copies it out, for ``claimscope eval propaganda`` to read
once at the end. Everything else (every part, level 2, every threshold) is fitted and
chosen on the other 366 articles, the development part, and the shipped model is the one
trained on them.

v5 is v4's model (see src/claimscope/classify/propaganda.py) with a second set of
thresholds. Level 1, per technique:
1. n-gram head: hashed word 1-2 + char 2-5 n-grams, TF-IDF, SGD logistic (class-balanced);
2. sentence head: the same on single sentences, labelled by the spans they overlap; a
   paragraph scores its best sentence;
3. span lexicon: how often each word / word pair lies inside a span of the technique
   (smoothed towards the technique's rate); a paragraph scores its top and top-two rates;
4. embedding head: logistic regression over the frozen all-MiniLM-L6-v2 embedding of the
   paragraph, of its neighbours and of the article, and its position;
5. span heads: small networks over the frozen MiniLM state of every word piece, trained
   to tell the pieces inside a technique's span; a paragraph scores its strongest piece
   (five head settings, ``TOKEN_HEADS``, averaged).
Level 2: per technique, a logistic regression over that technique's five level-1 scores
and the paragraph's position (and one without the embedding score: the fallback when
sentence-transformers is missing).

Level 1 is trained in five article-grouped folds: each fold's models score the articles
they did not see (level 2 learns on those out-of-fold scores), and the shipped level 1 is
the average of the five fold models, so level 2 gets the same kind of scores at run time.
Two thresholds per technique are chosen on level 2's own out-of-fold predictions (the same
folds): the stored one, for pooled micro-F1 (flags at or above it are written), and the
shown one, the lowest at which the flags are right at least half the time
(``shown_thresholds``; flags under it stay in the store, not shown by default). Paragraph
embeddings and word-piece states are cached under $CLAIMSCOPE_EMB_CACHE (default
/tmp/claimscope-emb). Exits 0 with a message when the shared data is absent.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.evaluate.semeval import (  # noqa: E402
    labelled_paragraphs, read_articles, read_paragraph_labels)
from claimscope.classify.textmodel import make_features, make_weighting, prepare, save_model  # noqa: E402
from claimscope.classify import propaganda as P  # noqa: E402

NAME = "claimscope-propaganda-v5"
DATASET = "semeval2023-task3-en-train"
MIN_EXAMPLES = 10  # techniques with fewer labelled paragraphs are not learned
FOLDS = 5
ALPHA = 3e-5  # L2 strength of the SGD n-gram heads (paragraph and sentence)
EMBEDDING_C = 0.003  # C of the embedding heads (features standardised); v2's out-of-fold choice
LEXICON_SMOOTHING = 5.0  # pseudo-count pulling a word's span rate towards the technique's rate
META_C = 1.0  # C of the level-2 regressions (inputs standardised)
THRESHOLDS = tuple(round(0.02 * i, 2) for i in range(1, 50))  # 0.02 .. 0.98
NEVER = 1.01
# Shown-by-default thresholds: the lowest at which a technique's flags are right at least
# SHOWN_PRECISION of the time out of fold, by the lower end of a Wilson interval (z = 1), over
# at least SHOWN_MIN_FLAGS flags; flags under it stay in the store, not shown by default.
SHOWN_PRECISION = 0.5
SHOWN_Z = 1.0
SHOWN_MIN_FLAGS = 8
# Span heads: (hidden units, epochs, with the paragraph's mean state beside each piece's,
# with a paragraph-level loss on the strongest piece besides the per-piece loss); dropout
# 0.1, AdamW lr 1e-3, weight decay 0.01, 1,024 pieces a step. v4 averaged five settings
# (256/4, 256/8, 512/4, 256/6 with the mean state, 256/6 with the paragraph loss: nested
# out-of-fold micro-F1 0.449 on its training articles); v5 keeps the first alone (0.443 in
# v4's own comparison over the same two layers), about a tenth of the training time: a fit
# of all five did not finish in an hour on the shared two-core machine.
TOKEN_LAYERS = (6, 4)  # MiniLM layers whose word-piece states the span heads read, side by side
TOKEN_HEADS = ((256, 4, False, False),)
EMB_CACHE = Path(os.environ.get("CLAIMSCOPE_EMB_CACHE", "/tmp/claimscope-emb"))


def _fix(name: str) -> str:
    return name.replace("Prejudi-čce", "Prejudice")  # one stray misspelt label in the source


def load(data: Path):
    """(article_id, line, text, techniques, spans) per labelled paragraph, spans as
    (technique, start, end) offsets into the paragraph."""
    folder = data / DATASET
    articles = read_articles(folder / "train_articles.jsonl")
    labels = read_paragraph_labels(folder / "train-labels-subtask-3.tsv")
    spans: dict[str, list] = {}
    with open(folder / "train-labels-subtask-3-spans.tsv", encoding="utf-8") as handle:
        for line in handle:
            article, technique, start, end = line.rstrip("\n").split("\t")
            spans.setdefault(article, []).append((_fix(technique), int(start), int(end)))
    offsets = {}
    for article, text in articles.items():
        at = 0
        for number, line in enumerate(text.split("\n"), 1):
            offsets[(article, number)] = (at, at + len(line))
            at += len(line) + 1
    rows = []
    for article, line, text, techniques in labelled_paragraphs(articles, labels):
        a, b = offsets.get((article, line), (0, 0))
        inside = [(t, s - a, e - a) for t, s, e in spans.get(article, []) if s < b and a < e]
        rows.append((article, line, text, [_fix(t) for t in techniques], inside))
    return rows


HELDOUT_SALT = "claimscope-propaganda-v5-heldout:"


def is_heldout(article_id: str) -> bool:
    """The v5 held-out part: about 1 article in 5.3, by a salted hash of the article id (a
    fresh draw: v4's held-out articles, read twice while v4 was chosen, fall on both sides)."""
    return hashlib.sha256((HELDOUT_SALT + article_id).encode()).digest()[0] < 48


def fold_of(rows) -> list[int]:
    return [int(hashlib.md5(r[0].encode()).hexdigest(), 16) % FOLDS for r in rows]


def embeddings(texts: list[str], name: str):
    """MiniLM vectors and word-piece states (float16) of ``texts``, cached on disk by a
    hash of the texts."""
    from encode_cache import encode_cached

    return encode_cached(texts, name, EMB_CACHE, layers=TOKEN_LAYERS)


class Corpus:
    """Every paragraph (and sentence) hashed into features and embedded once; experiments
    take rows out of it by index."""

    def __init__(self, rows) -> None:
        import numpy as np

        self.rows = rows
        self.hashing = make_features()
        texts = [r[2] for r in rows]
        prepared = prepare(texts)
        self.x = self.hashing.transform(prepared).tocsr()
        owner, pieces, labels = [], [], []
        for i, (r, norm) in enumerate(zip(rows, prepared)):
            for s, e in P.sentences(r[2]):
                owner.append(i)
                pieces.append(norm[s:e])
                labels.append({t for t, a, b in r[4] if a < e and s < b})
        self.owner = np.array(owner)
        self.sentence_x = self.hashing.transform(pieces).tocsr()
        self.sentence_labels = labels
        vectors, self.tokens = embeddings(texts, "prop")
        self.dense = P.context_features(texts, vectors, [r[0] for r in rows])

    def token_labels(self, i: int, techniques) -> numpy.ndarray:
        """(pieces, techniques) 0/1: which technique spans each word piece of paragraph i lies in."""
        import numpy as np

        offsets = self.tokens[i].offsets
        out = np.zeros((len(offsets), len(techniques)), dtype=np.float32)
        col = {t: j for j, t in enumerate(techniques)}
        for t, a, b in self.rows[i][4]:
            if t in col:
                out[(offsets[:, 0] < b) & (a < offsets[:, 1]), col[t]] = 1.0
        return out


def _targets(label_sets, techniques):
    import numpy as np

    return np.array([[t in labels for t in techniques] for labels in label_sets], dtype=int)


def _sgd_head(x, y):
    """One class-balanced SGD logistic head per column of ``y`` (a column without
    positives gets a head that never fires)."""
    import numpy as np
    from sklearn.linear_model import SGDClassifier

    coef = np.zeros((y.shape[1], x.shape[1]), dtype=np.float32)
    intercept = np.full(y.shape[1], -10.0)
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            m = SGDClassifier(loss="log_loss", alpha=ALPHA, class_weight="balanced", max_iter=30,
                              tol=1e-4, random_state=13).fit(x, y[:, j])
            coef[j], intercept[j] = m.coef_[0], m.intercept_[0]
    return coef, intercept


def _embedding_head(x, y, scale):
    """Logistic regressions on standardised features, folded into plain weights."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((y.shape[1], x.shape[1]))
    intercept = np.full(y.shape[1], -10.0)
    z = (x - scale[0]) / scale[1]
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            m = LogisticRegression(C=EMBEDDING_C, class_weight="balanced", max_iter=300).fit(z, y[:, j])
            coef[j] = m.coef_[0] / scale[1]
            intercept[j] = m.intercept_[0] - (m.coef_[0] * scale[0] / scale[1]).sum()
    return np.array(coef, dtype=np.float32), np.array(intercept)


def train_token_head(corpus: Corpus, paragraphs, techniques, setting) -> dict:
    """One span head (``TOKEN_HEADS`` entry) on the word pieces of ``paragraphs``: a
    Linear → GELU → Linear network scoring each piece for each technique, trained on
    which technique spans the piece lies in (√-balanced), plus with ``paragraph_loss``
    the paragraph's labels on its strongest piece."""
    import numpy as np
    import torch

    hidden, epochs, context, paragraph_loss = setting
    torch.manual_seed(7)
    x = [torch.from_numpy(P.token_inputs(_float(corpus.tokens[i]), context)) for i in paragraphs]
    y = [torch.from_numpy(corpus.token_labels(i, techniques)) for i in paragraphs]
    py = torch.from_numpy(_targets([corpus.rows[i][3] for i in paragraphs], techniques).astype(np.float32))
    keep = [k for k in range(len(x)) if len(x[k])]
    flat_x, flat_y = torch.cat([x[k] for k in keep]), torch.cat([y[k] for k in keep])
    net = torch.nn.Sequential(torch.nn.Linear(flat_x.shape[1], hidden), torch.nn.GELU(),
                              torch.nn.Dropout(0.1), torch.nn.Linear(hidden, len(techniques)))
    optimiser = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)

    def balanced_loss(targets):
        rate = targets.mean(0).clamp(min=1e-4 if targets is flat_y else 1e-3)
        return torch.nn.BCEWithLogitsLoss(pos_weight=((1 - rate) / rate).sqrt())

    piece_loss, para_loss = balanced_loss(flat_y), balanced_loss(py[keep])
    for _epoch in range(epochs):
        if paragraph_loss:  # 32 paragraphs a step, the strongest piece against the paragraph's labels
            order = [keep[k] for k in torch.randperm(len(keep)).tolist()]
            for start in range(0, len(order), 32):
                batch = order[start:start + 32]
                z = net(torch.cat([x[k] for k in batch]))
                owner = torch.cat([torch.full((len(x[k]),), m) for m, k in enumerate(batch)])
                strongest = torch.full((len(batch), z.shape[1]), -1e4).scatter_reduce(
                    0, owner[:, None].expand(-1, z.shape[1]), z, reduce="amax")
                loss = piece_loss(z, torch.cat([y[k] for k in batch])) + para_loss(strongest, py[batch])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
        else:
            order = torch.randperm(len(flat_x))
            for start in range(0, len(order), 1024):
                rows = order[start:start + 1024]
                loss = piece_loss(net(flat_x[rows]), flat_y[rows])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
    first, last = net[0], net[3]
    return {"w1": first.weight.detach().numpy().T.copy(), "b1": first.bias.detach().numpy().copy(),
            "w2": last.weight.detach().numpy().T.copy(), "b2": last.bias.detach().numpy().copy()}


def _float(tokens):
    from claimscope.encoder import TokenStates

    return TokenStates(tokens.states.astype("float32"), tokens.offsets)


def stack_heads(setting, fold_nets) -> dict:
    """One artefact entry per span-head setting: its fold networks' weights stacked
    (float16), as ``propaganda.token_logits`` reads them."""
    import numpy as np

    hidden, epochs, context, paragraph_loss = setting
    return {"hidden": hidden, "epochs": epochs, "context": context, "paragraph_loss": paragraph_loss,
            **{k: np.stack([net[k] for net in fold_nets]).astype(np.float16) for k in ("w1", "b1", "w2", "b2")}}


def build_lexicon(paragraphs, techniques):
    """``paragraphs``: (text, spans). The smoothed rate at which each word and word pair
    lies inside a span of each technique (only those ever inside one are kept)."""
    import numpy as np

    col = {t: j for j, t in enumerate(techniques)}
    total: dict[str, int] = {}
    inside: dict[str, np.ndarray] = {}
    n_words, n_inside = 0, np.zeros(len(techniques))
    for text, spans in paragraphs:
        ws = P.words(text)
        cover = np.zeros((len(ws), len(techniques)), dtype=bool)
        for t, a, b in spans:
            if t in col:
                for i, (_, s, e) in enumerate(ws):
                    if s < b and a < e:
                        cover[i, col[t]] = True
        n_words += len(ws)
        n_inside += cover.sum(axis=0)
        seq = [w for w, _, _ in ws]
        items = list(zip(seq, cover)) + [(f"{seq[i]} {seq[i + 1]}", cover[i] & cover[i + 1])
                                         for i in range(len(seq) - 1)]
        for gram, hit in items:
            total[gram] = total.get(gram, 0) + 1
            if hit.any():
                inside.setdefault(gram, np.zeros(len(techniques)))
                inside[gram] += hit
    prior = n_inside / max(1, n_words)
    grams = sorted(inside)
    rates = np.array([(inside[g] + LEXICON_SMOOTHING * prior) / (total[g] + LEXICON_SMOOTHING) for g in grams])
    return {"grams": grams, "rates": rates.astype(np.float16).reshape(len(grams), len(techniques)),
            "prior": prior.astype(np.float32)}


def train_level_one(corpus: Corpus, idx, techniques):
    """Fold models of level 1 on rows ``idx`` (article-grouped folds), their out-of-fold
    scores on those rows, and the fold-averaged level-1 artefact parts."""
    import numpy as np

    rows = [corpus.rows[i] for i in idx]
    folds = np.array(fold_of(rows))
    y = _targets([r[3] for r in rows], techniques)
    in_rows = np.zeros(len(corpus.rows), dtype=bool)
    in_rows[idx] = True
    sent = np.flatnonzero(in_rows[corpus.owner])
    sent_owner = np.searchsorted(idx, corpus.owner[sent])  # position of each sentence's paragraph in idx
    sent_y = _targets([corpus.sentence_labels[s] for s in sent], techniques)
    tfidf = make_weighting().fit(corpus.x[idx])
    sent_tfidf = make_weighting().fit(corpus.sentence_x[sent])
    x = tfidf.transform(corpus.x[idx])
    sx = sent_tfidf.transform(corpus.sentence_x[sent])
    dense = corpus.dense[idx]
    scale = (dense.mean(axis=0), dense.std(axis=0) + 1e-6)
    t = len(techniques)
    oof = {"ngram": np.zeros((len(idx), t)), "sentence": np.full((len(idx), t), -np.inf),
           "lexicon": np.zeros((len(idx), 2 * t)), "embedding": np.zeros((len(idx), t)),
           "token": np.zeros((len(idx), t))}
    parts = {"ngram": [], "sentence": [], "embedding": [], "lexicons": [],
             "token": [[] for _ in TOKEN_HEADS]}
    for k in range(FOLDS):
        fit, held = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        sfit, sheld = np.flatnonzero(folds[sent_owner] != k), np.flatnonzero(folds[sent_owner] == k)
        w, b = _sgd_head(x[fit], y[fit])
        oof["ngram"][held] = x[held] @ w.T + b
        parts["ngram"].append((w, b))
        w, b = _sgd_head(sx[sfit], sent_y[sfit])
        np.maximum.at(oof["sentence"], sent_owner[sheld], sx[sheld] @ w.T + b)
        parts["sentence"].append((w, b))
        w, b = _embedding_head(dense[fit], y[fit], scale)
        oof["embedding"][held] = dense[held] @ w.T + b
        parts["embedding"].append((w, b))
        lexicon = build_lexicon([(rows[i][2], rows[i][4]) for i in fit], techniques)
        oof["lexicon"][held] = P.lexicon_features([rows[i][2] for i in held], lexicon)
        parts["lexicons"].append(lexicon)
        for n, setting in enumerate(TOKEN_HEADS):
            net = train_token_head(corpus, idx[fit], techniques, setting)
            parts["token"][n].append(net)
            one = stack_heads(setting, [net])
            oof["token"][held] += P.token_features([one], [_float(corpus.tokens[i]) for i in idx[held]])[0] / len(TOKEN_HEADS)
        print(f"  fold {k}: level 1 fitted", flush=True)
    oof["position"] = corpus.dense[idx][:, -3:]

    def mean(pairs, weighting=None):
        coef = np.mean([p[0] for p in pairs], axis=0)  # n-gram heads: float16 keeps the artefact small
        return {"tfidf": weighting, "coef": coef.astype(np.float16 if weighting is not None else np.float32),
                "intercept": np.mean([p[1] for p in pairs], axis=0)}

    artefact = {"hashing": corpus.hashing, "ngram": mean(parts["ngram"], tfidf),
                "sentence": mean(parts["sentence"], sent_tfidf), "embedding": mean(parts["embedding"]),
                "lexicons": parts["lexicons"],
                "token_layers": TOKEN_LAYERS,
                "token_heads": [stack_heads(setting, nets) for setting, nets in zip(TOKEN_HEADS, parts["token"])]}
    return oof, folds, y, artefact


def fit_level_two(scores, y, with_embedding, rows_mask=None):
    """One logistic regression per technique on its level-1 scores (standardised inputs,
    folded into plain weights)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    coef, intercept = [], []
    for j in range(y.shape[1]):
        x = P.meta_inputs(scores, j, with_embedding)
        if rows_mask is not None:
            x, target = x[rows_mask], y[rows_mask, j]
        else:
            target = y[:, j]
        mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-6
        m = LogisticRegression(C=META_C, max_iter=1000).fit((x - mu) / sd, target)
        coef.append(m.coef_[0] / sd)
        intercept.append(m.intercept_[0] - (m.coef_[0] * mu / sd).sum())
    return {"coef": np.array(coef), "intercept": np.array(intercept)}


def level_two_out_of_fold(scores, y, folds, with_embedding):
    import numpy as np

    out = np.zeros(y.shape)
    for k in range(FOLDS):
        meta = fit_level_two(scores, y, with_embedding, folds != k)
        held = folds == k
        out[held] = P.level_two(meta, {n: s[held] for n, s in scores.items()}, with_embedding)
    return out


def best_thresholds(probs, gold, techniques, grid=THRESHOLDS) -> tuple[dict[str, float], float]:
    """Per-technique thresholds that maximise pooled micro-F1 (the task's metric) on
    out-of-fold probabilities, and that micro-F1: start from the best single threshold,
    then move one technique's threshold at a time (two sweeps) while micro-F1 improves.
    A threshold above 1 means the technique is never flagged."""
    import numpy

    gold = gold.astype(bool)
    cuts = numpy.full(len(techniques), max(grid, key=lambda t: _micro(gold, probs >= t)))
    for _sweep in range(2):
        for j in range(len(techniques)):
            def score(t, j=j):
                trial = cuts.copy()
                trial[j] = t
                return _micro(gold, probs >= trial)
            cuts[j] = max(grid + (NEVER,), key=score)
    return {t: float(c) for t, c in zip(techniques, cuts)}, float(_micro(gold, probs >= cuts))


def nested_micro_f1(probs, gold, folds, techniques) -> float:
    """Pooled micro-F1 when each fold's thresholds come from the OTHER folds' out-of-fold
    probabilities: ``best_thresholds``' own figure is measured on the rows it tuned 19
    thresholds on, so it flatters the model (by ≈ 0.01 here); this one does not."""
    import numpy

    gold = gold.astype(bool)
    pred = numpy.zeros(gold.shape, dtype=bool)
    for k in numpy.unique(folds):
        tuned, _ = best_thresholds(probs[folds != k], gold[folds != k], techniques)
        pred[folds == k] = probs[folds == k] >= numpy.array([tuned[t] for t in techniques])
    return float(_micro(gold, pred))


def _micro(gold, pred) -> float:
    tp = (gold & pred).sum()
    wrong = (gold != pred).sum()
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + wrong)


def techniques_of(rows) -> list[str]:
    counts: dict[str, int] = {}
    for r in rows:
        for t in r[3]:
            counts[t] = counts.get(t, 0) + 1
    return sorted(t for t, n in counts.items() if n >= MIN_EXAMPLES)


def train_model(corpus: Corpus, idx, cache: Path | None = None):
    """The full artefact trained on rows ``idx``, and its out-of-fold report. With ``cache``,
    level 1 (its fold-averaged parts and out-of-fold scores) is read from that file when it
    exists, else trained and written there."""
    import joblib
    import numpy as np

    techniques = techniques_of([corpus.rows[i] for i in idx])
    if cache is not None and cache.exists():  # --reuse-level-one: level 2 and thresholds only
        scores, folds, y, artefact = joblib.load(cache)
        print(f"level 1 read from {cache}", flush=True)
    else:
        scores, folds, y, artefact = train_level_one(corpus, idx, techniques)
        if cache is not None:
            joblib.dump((scores, folds, y, artefact), cache)
    report = {}
    for key, with_embedding in (("meta", True), ("ngram_meta", False)):
        oof = level_two_out_of_fold(scores, y, folds, with_embedding)
        cuts, f1 = best_thresholds(oof, y, techniques)
        pred = oof >= np.array([cuts[t] for t in techniques])
        tp = int((pred & (y == 1)).sum())
        report[key] = {"micro_f1": round(f1, 4), "precision": round(float(tp / max(1, pred.sum())), 4),
                       "recall": round(float(tp / max(1, y.sum())), 4),
                       "micro_f1_nested": round(nested_micro_f1(oof, y, folds, techniques), 4)}
        shown = shown_thresholds(oof, y, techniques, cuts)
        report[key]["shown"] = {**shown_report(oof, y, techniques, shown),
                                "nested": nested_shown_report(oof, y, folds, techniques)}
        artefact[key] = fit_level_two(scores, y, with_embedding)
        artefact["thresholds" if with_embedding else "ngram_thresholds"] = cuts
        artefact["shown_thresholds" if with_embedding else "ngram_shown_thresholds"] = shown
    artefact["techniques"] = techniques
    return artefact, report


def wilson_lower(hits: int, n: int, z: float = SHOWN_Z) -> float:
    """Lower end of the Wilson interval of the rate ``hits / n``."""
    if n == 0:
        return 0.0
    p = hits / n
    centre = p + z * z / (2 * n)
    spread = z * ((p * (1 - p) + z * z / (4 * n)) / n) ** 0.5
    return (centre - spread) / (1 + z * z / n)


def shown_thresholds(probs, gold, techniques, stored: dict[str, float]) -> dict[str, float]:
    """Per technique, the lowest threshold (at or above its stored one) at which the flags'
    out-of-fold precision is at least ``SHOWN_PRECISION`` by the lower end of its Wilson
    interval, over at least ``SHOWN_MIN_FLAGS`` flags; ``NEVER`` (not shown by default)
    where no threshold gets there."""
    gold = gold.astype(bool)
    out = {}
    for j, technique in enumerate(techniques):
        out[technique] = NEVER
        for t in THRESHOLDS:
            if t < stored[technique]:
                continue
            flagged = probs[:, j] >= t
            n = int(flagged.sum())
            if n < SHOWN_MIN_FLAGS:
                break
            if wilson_lower(int((flagged & gold[:, j]).sum()), n) >= SHOWN_PRECISION:
                out[technique] = float(t)
                break
    return out


def shown_report(probs, gold, techniques, shown: dict[str, float]) -> dict:
    """Pooled precision, recall and micro-F1 of the flags at the ``shown`` thresholds."""
    import numpy

    gold = gold.astype(bool)
    pred = probs >= numpy.array([shown[t] for t in techniques])
    tp = int((pred & gold).sum())
    return {"flags": int(pred.sum()), "precision": round(tp / max(1, int(pred.sum())), 4),
            "recall": round(tp / max(1, int(gold.sum())), 4), "micro_f1": round(float(_micro(gold, pred)), 4),
            "techniques_shown": sum(1 for t in techniques if shown[t] <= 1)}


def nested_shown_report(probs, gold, folds, techniques) -> dict:
    """``shown_report`` when each fold's stored and shown thresholds come from the other
    folds: an honest development estimate of the shown flags' precision."""
    import numpy

    shown_pred = numpy.zeros(gold.shape)
    for k in numpy.unique(folds):
        rest = folds != k
        stored, _ = best_thresholds(probs[rest], gold[rest], techniques)
        shown = shown_thresholds(probs[rest], gold[rest], techniques, stored)
        shown_pred[folds == k] = probs[folds == k] >= numpy.array([shown[t] for t in techniques])
    report = shown_report(shown_pred, gold, techniques, {t: 0.5 for t in techniques})
    report.pop("techniques_shown")
    return report


def write_heldout(rows, data: Path, folder: Path) -> None:
    """The held-out articles and their paragraph labels in the formats ``claimscope eval
    propaganda`` reads (JSONL articles, TSV labels), for the one read at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    with open(data / DATASET / "train_articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            found = json.loads(line)
            if is_heldout(str(found["article_id"])):
                texts[str(found["article_id"])] = found["text"]
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as out:
        for article, text in sorted(texts.items()):
            out.write(json.dumps({"article_id": article, "text": text}) + "\n")
    with open(folder / "labels.tsv", "w", encoding="utf-8") as out:
        for article, line, _text, techniques, _spans in rows:
            if is_heldout(article):
                out.write(f"{article}\t{line}\t{','.join(techniques)}\n")


def main(argv=None) -> int:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--write-heldout", type=Path, metavar="DIR",
                        help="only write the held-out articles and labels to DIR (for the final "
                             "`claimscope eval propaganda` read) and stop")
    parser.add_argument("--reuse-level-one", action="store_true",
                        help="reuse level 1 from the cache of the last run (same data, same level 1)")
    parser.add_argument("--profile", choices=("accurate", "fast"), default="accurate",
                        help="whose states the embedding and span heads read: MiniLM's (accurate) or the "
                             "student encoder's (fast: writes claimscope-propaganda-v5.student-minilm-v1.joblib)")
    args = parser.parse_args(argv)
    from claimscope import encoder

    encoder.configure(args.profile)
    fitted_on, name = str(encoder.reader_model()), encoder.fitted_name(NAME)
    data = args.shared / "data"
    if not (data / DATASET).is_dir():
        print(f"skipping: {data / DATASET} is absent")
        return 0
    rows = load(data)
    if args.write_heldout:
        write_heldout(rows, data, args.write_heldout)
        return 0
    import torch

    torch.set_num_threads(2)  # the span heads; the rest runs on one thread
    started = time.time()
    corpus = Corpus(rows)
    print(f"featurised {len(rows)} paragraphs in {time.time() - started:.0f}s", flush=True)
    train = np.array([i for i, r in enumerate(rows) if not is_heldout(r[0])])
    EMB_CACHE.mkdir(parents=True, exist_ok=True)
    cache = EMB_CACHE / f"{name}-level-one.joblib"
    if not args.reuse_level_one and cache.exists():
        cache.unlink()
    artefact, oof = train_model(corpus, train, cache)
    print("out of fold (development articles):", json.dumps(oof, indent=2), flush=True)
    for lexicon in artefact["lexicons"]:
        lexicon.pop("_index", None)
    for head in artefact["token_heads"]:
        head.pop("_torch", None)
    metrics = {"development_articles": len({rows[i][0] for i in train}), "development_paragraphs": len(train),
               "heldout_articles": len({r[0] for r in rows if is_heldout(r[0])}),
               "heldout_paragraphs": sum(1 for r in rows if is_heldout(r[0])), "out_of_fold": oof}
    path = save_model({"name": name, **artefact, "embedding_model": fitted_on,
                       "metrics": metrics, "trained_on": [f"{DATASET} (development part: not is_heldout)"],
                       "shown_calibration": {"precision": SHOWN_PRECISION, "wilson_z": SHOWN_Z,
                                             "min_flags": SHOWN_MIN_FLAGS,
                                             "data": f"{DATASET}, development part, out of fold"}}, name)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
