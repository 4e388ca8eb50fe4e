"""Train the v4 cue tagger (``claimscope.extract.cuestates``) on PolNeAR *train*.

Same documents, split and labels as ``scripts/train_attribution.py``: every ``--every``-th
train document (index % every == every - 1) is the validation part, which picks the
threshold and the number of epochs; the rest is fitted. Each token's label is "inside a gold
cue" (first annotator). Inputs: the v3 tagger's sparse features (wide part) and the token's
MiniLM word-piece states (the paragraph embedded as the extract stage embeds it), read by
a BiLSTM over the sentence (deep part). ``--members`` models with different seeds are
averaged. PolNeAR dev and test are never read.

usage: python scripts/train_cue_states.py --cache DIR [--shared ../shared] [--members 3]
       [--epochs 2] [--out src/claimscope/extract/models]
A linear probe on single piece states (the parse gate's second look) is fitted on the same
documents. ``--cache`` is the trainer's parse cache (``train_attribution.py --cache``); the embedded
paragraphs are cached beside it. Skips cleanly (exit 0) without PolNeAR. One run on the
2-core box: about 10 minutes to embed, then about 3 minutes per member and epoch.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import train_attribution as base  # noqa: E402

from encode_cache import encode_cached  # noqa: E402
from claimscope.text.units import paragraphs  # noqa: E402
from claimscope import encoder  # noqa: E402
from claimscope.extract import cuemodel, cuestates, quotes  # noqa: E402
from claimscope.evaluate.attribution import parse_brat  # noqa: E402

PROJECTION, HIDDEN = 128, 64
LEARNING_RATE = 2e-3
WIDE_L2 = 1e-6  # on the sum of squared wide weights, per batch
BATCH = 32  # sentences
MIN_WEIGHT = 1e-3  # smaller wide weights are not shipped (as in v3)
# The parse gate's probe: a logistic regression on single piece states, cue pieces against a
# 30 % sample of the others. Its logit threshold was chosen on the validation part: at -0.5
# it sends 4.9 % more words to the parser (sentences the cue-word test skips) and catches 69
# of the 92 skipped sentences holding a gold cue; pipeline F1 then equals parsing everything.
GATE_NEGATIVES, GATE_C, GATE_THRESHOLD = 0.3, 0.1, -0.5


class Sentences:
    """Every parsed sentence of a part as the tagger sees it: features, states, labels."""

    def __init__(self, parsed, texts, anns, pieces) -> None:
        regions = {name: quotes.quote_regions(text) for name, text in texts.items()}
        self.parsed, self.features, self.states, self.labels = parsed, [], [], []
        for name, start, doc in parsed:
            cue_spans = [f for frags in parse_brat(anns.get(name, ""))["cue"] for f in frags]
            states, present = cuestates.token_states(doc, start, pieces[name])
            feats = cuemodel.sentence_features(doc, base._in_quote(doc, start, regions[name]))
            self.features.append(cuestates.with_state_flags(feats, present))
            self.states.append(states)
            self.labels.append([base.in_cue(t, start, cue_spans) for t in doc])


def document_pieces(docs, cache: Path):
    """PieceStates per document, its paragraphs embedded as the extract stage embeds them."""
    texts = sorted({p.text for d in docs for p in paragraphs(d["text"])})
    _, found = encode_cached(texts, "polnear-train-paragraphs", cache, layers=cuestates.LAYERS)
    by_text = dict(zip(texts, found))
    return {d["filename"]: cuestates.in_page_offsets([(p.start, by_text[p.text]) for p in paragraphs(d["text"])])
            for d in docs}


def fit_gate(docs, anns, pieces) -> cuestates.Gate:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    states, labels = [], []
    for d in docs:
        found = pieces[d["filename"]]
        inside = np.zeros(len(found.offsets), bool)
        for frags in parse_brat(anns[d["filename"]])["cue"]:
            for s, e in frags:
                inside |= (found.offsets[:, 0] < e) & (s < found.offsets[:, 1])
        states.append(found.states)
        labels.append(inside)
    x, y = np.concatenate(states), np.concatenate(labels)
    keep = y | (np.random.RandomState(0).rand(len(y)) < GATE_NEGATIVES)
    x, y = x[keep], y[keep]
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-4
    model = LogisticRegression(C=GATE_C, max_iter=300).fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale  # folded back: the gate reads raw states
    print(f"parse gate: {len(y)} pieces, {int(y.sum())} in cues", flush=True)
    return cuestates.Gate(weights.astype(np.float32), float(model.intercept_[0] - (mean * weights).sum()),
                          GATE_THRESHOLD)


class Model:
    """One ensemble member while it trains: wide weights as an EmbeddingBag, and the head."""

    def __init__(self, vocabulary: dict[str, int], dim: int, seed: int) -> None:
        import torch

        torch.manual_seed(seed)
        self.vocabulary = vocabulary
        self.wide = torch.nn.EmbeddingBag(len(vocabulary), 1, mode="sum")
        torch.nn.init.zeros_(self.wide.weight)
        self.head = cuestates.build_head(dim, PROJECTION, HIDDEN)
        self.optimiser = torch.optim.Adam(list(self.wide.parameters()) + list(self.head.parameters()), lr=LEARNING_RATE)

    def logits(self, features, states, lengths):
        import torch

        ids, offsets = [], []
        for row in (r for sentence in features for r in sentence):
            offsets.append(len(ids))
            ids += [self.vocabulary[f] for f in row if f in self.vocabulary]
        wide = self.wide(torch.tensor(ids, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)).squeeze(-1)
        deep = self.head(states, lengths)
        mask = torch.arange(states.shape[1])[None, :] < torch.tensor(lengths)[:, None]
        return wide + deep[mask]

    def shipped(self) -> tuple[dict, object]:
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        weights = self.wide.weight.detach().numpy()[:, 0]
        self.head.eval()
        return {n: round(float(w), 4) for n, w in zip(names, weights) if abs(w) >= MIN_WEIGHT}, self.head


def padded(part: Sentences, rows, mean, scale):
    import numpy as np
    import torch

    lengths = [len(part.labels[i]) for i in rows]
    batch = np.zeros((len(rows), max(lengths), part.states[rows[0]].shape[1]), np.float32)
    for k, i in enumerate(rows):
        batch[k, :lengths[k]] = (part.states[i] - mean) / scale
    return torch.from_numpy(batch), lengths


def train_epoch(model: Model, part: Sentences, mean, scale, seed: int) -> None:
    import numpy as np
    import torch

    model.head.train()
    order = [i for i in np.random.RandomState(seed).permutation(len(part.labels)) if part.labels[i]]
    for begin in range(0, len(order), BATCH):
        rows = order[begin:begin + BATCH]
        states, lengths = padded(part, rows, mean, scale)
        z = model.logits([part.features[i] for i in rows], states, lengths)
        gold = torch.tensor([y for i in rows for y in part.labels[i]], dtype=torch.float32)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, gold) + WIDE_L2 * model.wide.weight.pow(2).sum()
        model.optimiser.zero_grad()
        loss.backward()
        model.optimiser.step()


def probabilities(model: Model, part: Sentences, mean, scale) -> list:
    import torch

    model.head.eval()
    out = []
    with torch.inference_mode():
        for begin in range(0, len(part.labels), 256):
            rows = [i for i in range(begin, min(begin + 256, len(part.labels))) if part.labels[i]]
            if not rows:
                continue
            states, lengths = padded(part, rows, mean, scale)
            z = torch.sigmoid(model.logits([part.features[i] for i in rows], states, lengths)).numpy()
            bounds = [0]
            for n in lengths:
                bounds.append(bounds[-1] + n)
            found = {i: z[a:b] for i, a, b in zip(rows, bounds, bounds[1:])}
            out += [found.get(i, []) for i in range(begin, min(begin + 256, len(part.labels)))]
    return out


def best_threshold(probs, part: Sentences, anns) -> tuple[float, float, float, float]:
    """(F1, threshold, P, R): tagger-level cue overlap as in ``train_attribution``."""
    return max(((round(f1, 4), threshold, round(p, 3), round(r, 3))
                for threshold, p, r, f1 in base.cue_threshold_table(part.parsed, probs, anns)),
               default=(0.0, 0.5, 0.0, 0.0))


def main() -> int:
    import numpy as np
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--every", type=int, default=6)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--members", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--final", type=float, default=None, metavar="THRESHOLD",
                        help="refit on all train documents with this threshold (chosen on the validation "
                             "part through the whole pipeline: scripts/validate_attribution.py)")
    parser.add_argument("--out", type=Path, default=base.MODELS)
    parser.add_argument("--profile", choices=encoder.PROFILES, default="accurate",
                        help="whose states the tagger reads: MiniLM's (accurate) or the student's (fast)")
    args = parser.parse_args()
    encoder.configure(args.profile)
    torch.set_num_threads(args.threads)
    parts = base.split(args.shared, args.every)
    if parts is None:
        return 0
    docs, anns, fit_docs, val_docs, texts = parts
    started = time.time()
    parses = base.Parses(args.cache)
    pieces = document_pieces(docs, args.cache)
    if args.final is not None:
        fit_docs = docs
    fit = Sentences(parses.sentences(fit_docs), texts, anns, pieces)
    val = Sentences(parses.sentences(val_docs), texts, anns, pieces)  # seen in training with --final
    print(f"inputs ready in {time.time() - started:.0f}s: {sum(map(len, fit.labels))} fit tokens, "
          f"{sum(map(len, val.labels))} validation tokens", flush=True)
    stacked = np.concatenate(fit.states)
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-4
    del stacked
    vocabulary: dict[str, int] = {}
    for sentence in fit.features:
        for row in sentence:
            for f in row:
                vocabulary.setdefault(f, len(vocabulary))
    members, summed = [], None
    for seed in range(args.members):
        model = Model(vocabulary, mean.shape[0], seed)
        for epoch in range(args.epochs):
            t = time.time()
            train_epoch(model, fit, mean, scale, seed * 100 + epoch)
            if args.final is not None:
                print(f"member {seed} epoch {epoch + 1} ({time.time() - t:.0f}s)", flush=True)
                continue
            probs = probabilities(model, val, mean, scale)
            print(f"member {seed} epoch {epoch + 1} ({time.time() - t:.0f}s): validation cue overlap "
                  "F1 %.4f at %.2f (P %.3f R %.3f)" % best_threshold(probs, val, anns), flush=True)
        members.append(model.shipped())
        if args.final is not None:
            threshold = args.final
            continue
        summed = probs if summed is None else [a + b for a, b in zip(summed, probs)]
        averaged = [p / len(members) for p in summed]
        f1, threshold, precision, recall = best_threshold(averaged, val, anns)
        print(f"ensemble of {len(members)}: F1 {f1:.4f} at {threshold:.2f} (P {precision:.3f} R {recall:.3f})", flush=True)
    cue_vocabulary = {row[1][2:] for sentence, labels in zip(fit.features, fit.labels)
                      for row, y in zip(sentence, labels) if y}
    gate = fit_gate(fit_docs, anns, pieces)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / cuestates.model_file()
    cuestates.save(path, members, mean.astype(np.float32), scale.astype(np.float32), threshold, cue_vocabulary,
                   (mean.shape[0], PROJECTION, HIDDEN),
                   f"PolNeAR train, {len(fit_docs)} documents (threshold from every {args.every}th); "
                   f"{args.members} members, {args.epochs} epochs", gate)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB), threshold {threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
