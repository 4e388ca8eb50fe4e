"""Fine-tune the top two layers of all-MiniLM-L6-v2 on CLEF 2020 task-2 *train* tweet->claim pairs.

    python scripts/train_claim_encoder.py [--data ../shared/data/clef2020-checkthat-task2]
        [--cache /tmp/claimmatch-cache] [--epochs 4] [--lr 1e-4] [--no-write] [--no-folds]

The bottom ``tuned.FROZEN`` layers stay as shipped, so their token states are computed once
for every train tweet (cleaned and as given) and kept under ``--cache``; only the top layers
are trained from them, on the tweet side: claims keep the base model's vectors (those the
Ranker already computes), so nothing of the 10,375 claims is re-encoded, per fold or at run
time. Loss: multiple-negatives ranking (softmax over cosine × ``SCALE``) of each cleaned
tweet against *every* claim, which holds the in-batch and all the mined hard negatives at
once; a tweet's other relevant claims are masked.

The reranker must not see cosines from an encoder trained on the same tweet, so the script
fine-tunes once per fold (the folds of ``train_claim_matcher.py``) and writes the held-out
tweets' cosines with every claim to ``<cache>/claim-encoder-oof.npz``, which
``train_claim_matcher.py --tuned-oof`` uses as the ``cosine_tuned*`` features. Then it
fine-tunes on all of train and writes ``evaluate/models/claim_encoder_top_v1.npz`` (the tuned
layers only, float16). Dev is not read. Skips cleanly (exit 0) when the data is missing.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_claim_matcher import DEFAULT_DATA, fold_split  # noqa: E402

# chosen by the out-of-fold reranker CV on train (docs/models/claim-matcher.md)
EPOCHS, LR, BATCH, SCALE, SEED = 4, 1e-4, 32, 20.0, 0


def cached_states(texts: list[str], name: str, folder: Path) -> list[np.ndarray]:
    """Bottom-layer token states of ``texts``, on disk by a hash of the texts."""
    from claimscope.evaluate import tuned

    digest = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    path = folder / f"states-{name}-{digest}.npz"
    if path.exists():
        with np.load(path) as found:
            flat, ends = found["flat"], found["ends"]
        return np.split(flat, ends[:-1])
    started = time.time()
    states = tuned.bottom_states(texts)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(path, flat=np.concatenate(states), ends=np.cumsum([len(s) for s in states]))
    print(f"bottom states of {len(texts)} {name} texts in {time.time() - started:.0f}s",
          flush=True)
    return states


def fine_tune(pairs, query_states, claim_vecs, relevant, epochs=EPOCHS, lr=LR):
    """Train a fresh copy of the top layers on the tweet side of (query, claim) index pairs.

    Each tweet is scored against every claim (the base model's vectors, fixed), so the
    loss sees all the hard negatives at once; the claims' own relevant siblings are masked.
    """
    import torch

    from claimscope.evaluate import tuned

    torch.manual_seed(SEED)
    rng = np.random.RandomState(SEED)
    layers = tuned.base_top().train()
    claims = torch.from_numpy(np.asarray(claim_vecs, dtype=np.float32))
    optimiser = torch.optim.AdamW(layers.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * -(-len(pairs) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps))
    for _ in range(epochs):
        order = rng.permutation(len(pairs))
        for start in range(0, len(order), BATCH):
            chosen = [pairs[i] for i in order[start:start + BATCH]]
            queries = [q for q, _ in chosen]
            q_vecs = tuned.run_top(layers, *tuned.pad([query_states[q] for q in queries]))
            logits = SCALE * q_vecs @ claims.T
            # a tweet's other relevant claims are not negatives for this pair
            for k, (q, c) in enumerate(chosen):
                others = [o for o in relevant[q] if o != c]
                if others:
                    logits[k, others] = -1e4
            target = torch.tensor([c for _, c in chosen])
            loss = torch.nn.functional.cross_entropy(logits, target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
    return layers.eval()


def map_at_5(scores: np.ndarray, relevant: list[set[int]]) -> float:
    """MAP@5 of ranking every claim by one score matrix (queries × claims)."""
    total = 0.0
    for row, rel in zip(scores, relevant):
        hits, ap = 0, 0.0
        for rank, c in enumerate(np.argsort(-row)[:5], start=1):
            if c in rel:
                hits += 1
                ap += hits / rank
        total += ap / len(rel)
    return total / len(relevant)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--cache", default="/tmp/claimmatch-cache")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--lr", type=float, default=LR)
    parser.add_argument("--oof-name", default="claim-encoder-oof")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--no-folds", action="store_true",
                        help="only the fit on all of train (the out-of-fold file exists)")
    args = parser.parse_args(argv)
    data_dir, cache = Path(args.data), Path(args.cache)
    files = [data_dir / n for n in ("train_tweets.queries.tsv", "verified_claims.docs.tsv",
                                    "train_tweet-vclaim-pairs.qrels.tsv")]
    if not all(f.exists() for f in files):
        print(f"skip: CLEF 2020 task-2 train files not found under {data_dir}")
        return 0
    import torch

    from claimscope.evaluate import claim_matching as claim_eval
    from claimscope.evaluate import tuned
    from claimscope.link import embed

    torch.set_num_threads(1)  # the machine is shared; one core is enough for two layers
    data = claim_eval.load(*files)
    claim_ids = list(data.claims)
    position = {c: i for i, c in enumerate(claim_ids)}
    texts = [claim_eval.claim_text(*data.claims[c]) for c in claim_ids]
    qids = sorted(q for q in data.queries if data.qrels.get(q))
    raw = [data.queries[q] for q in qids]
    query_states = cached_states([claim_eval.clean_tweet(t) for t in raw], "tweets", cache)
    raw_states = cached_states(raw, "raw-tweets", cache)
    claim_vecs = embed.encode(texts, cache=True)  # the base model's, as the Ranker's
    relevant = [{position[c] for c in data.qrels[q] if c in position} for q in qids]
    base_queries = tuned.top_vectors(tuned.base_top().eval(), query_states)

    if not args.no_folds:
        out_of_fold(args, qids, claim_ids, query_states, raw_states, claim_vecs, relevant,
                    cache, base_queries)
    if args.no_write:
        return 0
    pairs = [(q, c) for q in range(len(qids)) for c in sorted(relevant[q])]
    layers = fine_tune(pairs, query_states, claim_vecs, relevant, args.epochs, args.lr)
    tuned.TOP_FILE.parent.mkdir(parents=True, exist_ok=True)
    tuned.save_top(layers, tuned.TOP_FILE)
    print(f"wrote {tuned.TOP_FILE}")
    return 0


def out_of_fold(args, qids, claim_ids, query_states, raw_states, claim_vecs, relevant, cache,
                base_queries) -> None:
    """Fine-tune once per fold; write the held-out tweets' cosines with every claim."""
    from claimscope.evaluate import tuned

    _, folds = fold_split(len(qids))
    oof = {"clean": np.zeros((len(qids), len(claim_ids)), np.float16)}
    oof["raw"] = np.zeros_like(oof["clean"])
    started = time.time()
    for k, held in enumerate(folds):
        rows = np.concatenate([f for j, f in enumerate(folds) if j != k])
        pairs = [(int(q), c) for q in rows for c in sorted(relevant[q])]
        layers = fine_tune(pairs, query_states, claim_vecs, relevant, args.epochs, args.lr)
        for name, states in (("clean", query_states), ("raw", raw_states)):
            oof[name][held] = tuned.top_vectors(layers, [states[i] for i in held]) @ claim_vecs.T
        print(f"fold {k}: {time.time() - started:.0f}s", flush=True)
    np.savez(cache / f"{args.oof_name}.npz", qids=np.array(qids), claim_ids=np.array(claim_ids),
             **oof)
    report = {"base_cosine_map@5": round(map_at_5(base_queries @ claim_vecs.T, relevant), 4),
              "tuned_cosine_oof_map@5": round(map_at_5(oof["clean"].astype(np.float32),
                                                       relevant), 4),
              "epochs": args.epochs, "lr": args.lr, "seconds": round(time.time() - started)}
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    sys.exit(main())
