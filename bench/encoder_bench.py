"""The encoder pass on one core: MiniLM against the student distilled from it, on text
neither was fitted on, with how closely the student reproduces MiniLM there. Prints Markdown.

    python3 bench/encoder_bench.py [--texts 2000]

The texts: paragraphs of the PolNeAR dev documents (news) and the article and comment lines of
the Dragnet pages of the held-out sites (``build/segdata/heldout.jsonl.gz``, made by
``scripts/build_segment_data.py``), alternating, in file order. Both encoders give what the
pipeline asks of them (the layer-6 and layer-4 states of every piece and the sentence
vector) through ``claimscope.encoder.forward``. Fidelity is the mean cosine of the student's
piece states (per layer) and vectors to MiniLM's. Skips (exit 0) when ../shared is absent.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as one worker of a run has
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
HELDOUT = REPO / "build" / "segdata" / "heldout.jsonl.gz"


def texts(count: int) -> list[str]:
    news: list[str] = []
    with open(SHARED / "polnear" / "dev_documents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            news += [p.strip() for p in json.loads(line)["text"].split("\n") if len(p.split()) >= 6]
    pages: list[str] = []
    if HELDOUT.exists():
        with gzip.open(HELDOUT, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                pages += [t.strip() for t, label in zip(row["text"].split("\n"), row["labels"])
                          if label in ("article", "comment") and len(t.split()) >= 4]
    mixed = [t for pair in zip(news, pages) for t in pair] if pages else news
    return mixed[:count]


def timed(forward, sample: list[str]):
    forward(sample[:32], (6, 4))  # load and warm up outside the clock
    started = time.perf_counter()
    found = forward(sample, (6, 4))
    return time.perf_counter() - started, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=2000)
    args = parser.parse_args()
    if not (SHARED / "polnear").exists():
        print(f"skipped: {SHARED} is absent", file=sys.stderr)
        return 0
    import torch

    from claimscope import encoder, student

    torch.set_num_threads(1)
    sample = texts(args.texts)
    words = sum(len(t.split()) for t in sample)
    encoder.configure("accurate")
    teacher_s, teacher = timed(encoder.forward, sample)
    encoder.configure("fast")
    student_s, found = timed(encoder.forward, sample)
    encoder.configure("accurate")
    pieces = sum(len(t.offsets) for _, t in teacher)

    def cosine(a, b):
        return float(np.mean(np.sum(a * b, -1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1) + 1e-9)))

    layer6 = np.mean([cosine(s.states[:, :384], t.states[:, :384]) for (_, s), (_, t) in zip(found, teacher)])
    layer4 = np.mean([cosine(s.states[:, 384:], t.states[:, 384:]) for (_, s), (_, t) in zip(found, teacher)])
    vectors = cosine(np.stack([v for v, _ in found]), np.stack([v for v, _ in teacher]))
    print(f"{len(sample)} texts ({'news paragraphs and held-out-site page lines' if HELDOUT.exists() else 'news paragraphs'}), "
          f"{words:,} words, {pieces:,} word pieces; one core\n")
    print("| encoder | seconds | words/s | pieces/s | vs MiniLM |")
    print("|---|---|---|---|---|")
    print(f"| all-MiniLM-L6-v2 (torch) | {teacher_s:.1f} | {words / teacher_s:,.0f} | {pieces / teacher_s:,.0f} | 1.0× |")
    print(f"| {student.NAME} (numpy) | {student_s:.1f} | {words / student_s:,.0f} | {pieces / student_s:,.0f} | "
          f"{teacher_s / student_s:.1f}× |")
    print(f"\nstudent against MiniLM, mean cosine: layer-6 states {layer6:.3f}, layer-4 states {layer4:.3f}, "
          f"sentence vectors {vectors:.3f}")
    print(json.dumps({"texts": len(sample), "words": words, "pieces": pieces, "minilm_s": round(teacher_s, 2),
                      "student_s": round(student_s, 2), "cos_layer6": round(float(layer6), 4),
                      "cos_layer4": round(float(layer4), 4), "cos_vector": round(vectors, 4)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
