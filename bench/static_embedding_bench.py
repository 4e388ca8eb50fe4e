"""What a distilled static embedding would buy and cost against all-MiniLM-L6-v2.

    python3 bench/static_embedding_bench.py [--table FILE] [--shared ../shared]

Builds the static table with scripts/distill_static_embedding.py if FILE is missing
(about 2.5 minutes), then prints, for both encoders on one core:
- speed: texts and word pieces per second;
- claim retrieval: CLEF 2020 task 2 dev MAP@5 ranking verified claims by cosine alone
  (no BM25, no reranker), tweets cleaned of links, handles and "#";
- hate detection: ToxiGen statements, hate-vs-rest macro-F1 of a logistic regression
  on the vectors, each target group predicted by a model trained on the other groups.
Skips (exit 0) when ../shared is absent.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def _tsv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle, delimiter="\t"))


def _clean(text: str) -> str:
    return re.sub(r"https?://\S+|pic\.twitter\.com/\S+|@\w+|#", " ", text)


def clef_map5(encode, data: Path) -> float:
    queries = [(r[0], _clean(r[1])) for r in _tsv(data / "dev_tweets.queries.tsv")[1:]]
    claims = [(r[0], f"{r[1]} {r[2]}") for r in _tsv(data / "verified_claims.docs.tsv")[1:]]
    relevant: dict[str, set[str]] = {}
    for row in _tsv(data / "dev_tweet-vclaim-pairs.qrels.tsv"):
        relevant.setdefault(row[0], set()).add(row[2])
    top = np.argsort(-(encode([t for _, t in queries]) @ encode([t for _, t in claims]).T), axis=1)[:, :5]
    scores = []
    for (qid, _), ranked in zip(queries, top):
        gold, hits, total = relevant.get(qid, set()), 0, 0.0
        for rank, j in enumerate(ranked, 1):
            if claims[j][0] in gold:
                hits += 1
                total += hits / rank
        scores.append(total / max(1, min(len(gold), 5)))
    return float(np.mean(scores))


def toxigen_logo_f1(encode, path: Path) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    vectors = encode([r["text"] for r in rows])
    hate = np.array([r["label"] == "hate" for r in rows])
    groups = np.array([r.get("target_group") or "" for r in rows])
    predicted = np.zeros(len(rows), dtype=bool)
    for group in sorted(set(groups)):
        held = groups == group
        model = LogisticRegression(max_iter=2000, C=2.0, class_weight="balanced")
        predicted[held] = model.fit(vectors[~held], hate[~held]).predict(vectors[held])
    return float(f1_score(hate, predicted, average="macro"))


def speed(encode, texts: list[str]) -> tuple[float, float]:
    from claimscope.link.static import tokenizer

    pieces = sum(len(e.ids) for e in tokenizer().encode_batch(texts, add_special_tokens=False))
    started = time.perf_counter()
    encode(texts)
    seconds = time.perf_counter() - started
    return len(texts) / seconds, pieces / seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--table", default="/tmp/claimscope-bench/static-minilm-v1.npz")
    args = ap.parse_args()
    data = Path(args.shared) / "data"
    if not data.exists():
        print("skipped: ../shared/data is not present")
        return 0
    if not Path(args.table).exists():
        subprocess.run([sys.executable, str(REPO / "scripts" / "distill_static_embedding.py"),
                        "--shared", args.shared, "--out", args.table], check=True)
    from claimscope.link import embed
    from claimscope.link.static import encode_static
    from claimscope.pipeline import limit_threads

    embed.model()
    limit_threads(1)
    static = lambda texts: encode_static(texts, args.table)  # noqa: E731
    # (encoder timed, encoder scored): MiniLM's scores reuse its on-disk vector cache
    encoders = {"all-MiniLM-L6-v2": (embed.encode, lambda texts: embed.encode(texts, cache=True)),
                "static-minilm-v1 (distilled)": (static, static)}
    sample = [_clean(r[1]) for r in _tsv(data / "clef2020-checkthat-task2" / "dev_tweets.queries.tsv")[1:]]
    print("| encoder | texts/s (1 core) | pieces/s | CLEF dev MAP@5, cosine only | ToxiGen hate macro-F1, leave-one-group-out |")
    print("|---|---|---|---|---|")
    for name, (timed, encode) in encoders.items():
        texts_s, pieces_s = speed(timed, sample)
        print(f"| {name} | {texts_s:,.0f} | {pieces_s:,.0f} | {clef_map5(encode, data / 'clef2020-checkthat-task2'):.3f} | "
              f"{toxigen_logo_f1(encode, data / 'toxigen-statements' / 'statements.jsonl'):.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
