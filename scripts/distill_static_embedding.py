"""Distil all-MiniLM-L6-v2 into a static word-piece table (scripts/static_embedding.py).

    python3 scripts/distill_static_embedding.py --out FILE [--shared ../shared]

For every word piece of the model's vocabulary: the transformer's mean-pooled output for
the input "[CLS] piece [SEP]" (the same pooling the sentence model uses), times a smooth
inverse-frequency weight a / (a + p(piece)), with p counted over the unlabelled text of
the public datasets in ../shared/data (news articles, posts, tweets; labels unused).
Special and unused pieces get zero vectors. Deterministic: no sampling anywhere.
Output: float16 table (vocabulary x 384) in an .npz with its provenance.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SIF_A = 1e-3
BATCH = 512


def corpus_texts(shared: Path) -> list[str]:
    """Unlabelled text only: what the pieces' frequencies are counted on."""
    data = shared / "data"
    texts: list[str] = []
    # train splits only: ToxiGen and the CLEF dev tweets are evaluation sets here
    for name in ("polnear/train_documents.jsonl", "semeval2020-task11-ptc/train_articles.jsonl"):
        path = data / name
        if path.exists():
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    texts.append(row.get("text") or "")
    for path in sorted((data / "davidson-hate-offensive").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            texts += [row.get("tweet", "") for row in csv.DictReader(handle)]
    for path in sorted((data / "clef2020-checkthat-task2").glob("train_tweets*.tsv")):
        with open(path, newline="", encoding="utf-8") as handle:
            texts += [r[1] for r in csv.reader(handle, delimiter="\t") if len(r) > 1]
    return [t for t in texts if t]


def piece_weights(tokenizer, texts: list[str], vocab_size: int) -> np.ndarray:
    counts: Counter = Counter()
    for encoding in tokenizer.encode_batch(texts, add_special_tokens=False):
        counts.update(encoding.ids)
    total = sum(counts.values()) + vocab_size  # add-one: unseen pieces are rare, not absent
    p = np.array([(counts.get(i, 0) + 1) / total for i in range(vocab_size)], dtype=np.float64)
    return SIF_A / (SIF_A + p)


def piece_vectors(st, vocab: dict[str, int]) -> np.ndarray:
    import torch

    bert = st[0].auto_model.eval()
    special = {i for piece, i in vocab.items() if piece.startswith("[") and piece.endswith("]")}
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    ids = np.arange(len(vocab))
    out = np.zeros((len(vocab), bert.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            inputs = torch.tensor([[cls, int(i), sep] for i in chunk])
            hidden = bert(input_ids=inputs, attention_mask=torch.ones_like(inputs)).last_hidden_state
            out[chunk] = hidden.mean(dim=1).numpy()
    out[sorted(special)] = 0.0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--out", required=True, help="the .npz to write (about 21 MB)")
    args = ap.parse_args()
    import static_embedding as static
    from claimscope.link import embed

    shared = Path(args.shared)
    if not (shared / "data").exists():
        print(f"skipped: {shared}/data is not present")
        return 0
    started = time.time()
    tok = static.tokenizer()
    vocab = tok.get_vocab()
    texts = corpus_texts(shared)
    weights = piece_weights(tok, texts, len(vocab))
    vectors = piece_vectors(embed.model(), vocab) * weights[:, None].astype(np.float32)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, vectors=vectors.astype(np.float16),
                        provenance=np.array(json.dumps({
                            "name": static.STATIC_NAME, "teacher": embed.MODEL_NAME,
                            "sif_a": SIF_A, "frequency_texts": len(texts)})))
    print(f"{out}: {vectors.shape[0]} pieces x {vectors.shape[1]} dims from {len(texts)} texts "
          f"in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
