"""Train the line model (src/claimscope/segment/models/segment-lines-v4.npz).

    pip install torch==2.13.0 && pip install -e '.[train]'
    python3 scripts/build_segment_data.py          # once: build/segdata/*.jsonl.gz
    python3 scripts/train_segment_lines.py --cache build/segcache [--seed 17] [--epochs 12]

Every line's inputs (``model.line_inputs``: its features and its neighbours') are computed
once with the rules of this commit and kept under ``--cache``, with its hashed first words
(``model.line_tokens``). A word-vector table, a projection, a bidirectional GRU over the
page's lines and a linear read-out are trained with torch; segment/model.py runs the
result with numpy. Rows are weighted so that every page counts about the same (a long
page does not outvote ten short ones) and lines of 30 characters or more, the only ones
article F1 counts, ``--long-weight`` times more. After each epoch the model alone (argmax)
is scored on the validation sites; the epoch with the best sum of news article, thread
article and thread comment F1 is kept. Prints the validation figures of
``claimscope.evaluate.segmentation_real`` for the kept model with the combination of
``segment/combine.py``; the held-out file is not read here.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from claimscope.evaluate.segmentation_real import MIN_ARTICLE_CHARS, evaluate_real, line_scores
from claimscope import segment
from claimscope.records import Page
from claimscope.segment import evidence_of
from claimscope.segment.combine import rule_view
from claimscope.segment.lines import clear_caches, line_table
from claimscope.segment.model import LABELS, GRUDirection, LineModel, line_inputs, line_tokens


def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def matrices(records: list[dict]):
    """Line inputs, labels, line lengths (characters) and site groups of every line,
    one array per page."""
    rows: dict[int, tuple] = {}
    by_renderer: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_renderer.setdefault(r["renderer"], []).append(i)
    for members in by_renderer.values():
        # the corpus evidence a run would count: pages of one renderer together
        pages = [Page(id=str(i), source="", format="text", raw=b"", text=records[i]["text"]) for i in members]
        evidence = evidence_of(pages)
        for i in members:
            table = line_table(records[i]["text"])
            _, kinds, authors = rule_view(table, evidence)
            rows[i] = (line_inputs(table, kinds, authors, evidence.recurs),
                       np.array([LABELS.index(lab) for lab in records[i]["labels"]]),
                       np.array([len(ln.text) for ln in table], dtype=np.int32),
                       np.full(len(table), stable_hash(records[i]["site"])))
            clear_caches()
    xs, ys, chars, groups = (list(part) for part in zip(*(rows[i] for i in range(len(records)))))
    return xs, ys, chars, groups


def cache_key(records: list[dict]) -> int:
    """The pages and the segmenter's code (its rules' verdicts are inputs): a cache made
    with other rules is made again."""
    code = b"".join(path.read_bytes() for path in sorted(Path(segment.__file__).parent.glob("*.py")))
    return stable_hash("".join(r["id"] + r["renderer"] for r in records) + hashlib.blake2b(code).hexdigest())


def cached_matrices(records: list[dict], cache: Path | None):
    """``matrices`` of ``records``, read from ``cache`` when it holds them for the same
    pages and code (the line features take most of a run; the fits are tried many times)."""
    key = cache_key(records)
    if cache is not None and cache.is_file():
        with np.load(cache) as data:
            if "key" in data.files and int(data["key"]) == key:
                cuts = data["cuts"]
                return tuple([np.split(data[name], cuts) for name in ("x", "y", "chars", "groups")])
    xs, ys, chars, groups = matrices(records)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, key=key, cuts=np.cumsum([len(a) for a in xs])[:-1], x=np.vstack(xs),
                 y=np.concatenate(ys), chars=np.concatenate(chars), groups=np.concatenate(groups))
    return xs, ys, chars, groups


def content_only(records: list[dict], percent: int) -> list[dict]:
    """For ``percent`` of ``records`` (by a stable hash), the same page with its chrome
    taken out: only its article and comment lines, one or two newlines apart. Every rendered
    page carries menus and footers, but users also bring bare article text (a JSON lines
    body, a pasted story); without these the model learns that a page with no chrome holds
    no story."""
    out = []
    for r in records:
        key = stable_hash(r["id"] + r["renderer"] + ":content")
        if key % 100 >= percent:
            continue
        kept = [(ln.text, label) for ln, label in zip(line_table(r["text"]), r["labels"]) if label != "boilerplate"]
        if kept:
            out.append({"id": r["id"] + ":content", "renderer": r["renderer"] + "+content", "site": r["site"],
                        "text": ("\n" if key % 2 else "\n\n").join(text for text, _ in kept) + "\n",
                        "labels": [label for _, label in kept]})
    return out


def row_weights(chars: list[np.ndarray], long_weight: float) -> list[np.ndarray]:
    """Every page counts about the same (1/sqrt of its lines); lines of
    ``MIN_ARTICLE_CHARS`` or more, the only ones article F1 counts, ``long_weight`` times more."""
    return [np.where(c >= MIN_ARTICLE_CHARS, long_weight, 1.0).astype(np.float32) / np.sqrt(max(len(c), 1))
            for c in chars]


def stable_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % 1_000_003


class Net(nn.Module):
    def __init__(self, inputs: int, project: int, hidden: int, dropout: float, buckets: int, dims: int):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.words = nn.EmbeddingBag(buckets, dims, mode="mean")
        self.project = nn.Linear(inputs + dims, project)
        self.gru = nn.GRU(project, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(project + 2 * hidden, len(LABELS))

    def forward(self, x: torch.Tensor, lengths: torch.Tensor, tokens: list) -> torch.Tensor:
        bags = torch.zeros(x.shape[0], x.shape[1], self.words.embedding_dim)
        for k, (ids, starts) in enumerate(tokens):
            bags[k, :len(starts)] = self.words(torch.from_numpy(ids), torch.from_numpy(starts))
        z = torch.relu(self.project(self.drop(torch.cat([x, bags], dim=2))))
        packed = pack_padded_sequence(z, lengths, batch_first=True, enforce_sorted=False)
        both, _ = pad_packed_sequence(self.gru(packed)[0], batch_first=True, total_length=x.shape[1])
        return self.out(self.drop(torch.cat([z, both], dim=2)))


def token_arrays(records: list[dict], buckets: int, cache: Path | None) -> list[tuple[np.ndarray, np.ndarray]]:
    """``model.line_tokens`` of every page, kept in ``cache`` between runs."""
    key = cache_key(records)
    if cache is not None and cache.is_file():
        with np.load(cache) as data:
            if "key" in data.files and int(data["key"]) == key:
                ids, starts = np.split(data["ids"], data["id_cuts"]), np.split(data["starts"], data["start_cuts"])
                return list(zip(ids, starts))
    out = [line_tokens(line_table(r["text"]), buckets) for r in records]
    if cache is not None:
        np.savez(cache, key=key, ids=np.concatenate([a for a, _ in out]),
                 id_cuts=np.cumsum([len(a) for a, _ in out])[:-1],
                 starts=np.concatenate([b for _, b in out]), start_cuts=np.cumsum([len(b) for _, b in out])[:-1])
    return out


def batches(order: list[int], lengths: list[int], max_lines: int, rng: np.random.Generator):
    """Pages of similar length together, at most ``max_lines`` padded lines a batch."""
    by_length = sorted(order, key=lambda i: lengths[i])
    out, current = [], []
    for i in by_length:
        if current and (len(current) + 1) * lengths[i] > max_lines:
            out.append(current)
            current = []
        current.append(i)
    if current:
        out.append(current)
    rng.shuffle(out)
    return out


def padded(xs, ids, mean, scale):
    n = max(len(xs[i]) for i in ids)
    x = np.zeros((len(ids), n, xs[ids[0]].shape[1]), dtype=np.float32)
    for k, i in enumerate(ids):
        x[k, :len(xs[i])] = np.clip((xs[i] - mean) / scale, -6, 6)
    return torch.from_numpy(x), torch.tensor([len(xs[i]) for i in ids])


def page_f1s(prob: np.ndarray, y: np.ndarray, chars: np.ndarray) -> dict[str, float | None]:
    """The per-page figures of evaluate_real for the model alone (argmax)."""
    gold, predicted = [LABELS[i] for i in y], [LABELS[i] for i in prob.argmax(1)]
    scores = line_scores(chars, gold, predicted)
    if "comment" not in gold:
        return {"news_article_f1": scores["article_f1"]}
    return {"thread_article_f1": scores["article_f1"], "thread_comment_f1": scores["comment_f1"]}


def score(net: Net, xs, ys, chars, toks, mean, scale) -> dict[str, float]:
    net.eval()
    sums: dict[str, list[float]] = {}
    with torch.no_grad():
        for i in range(len(xs)):
            x, n = padded(xs, [i], mean, scale)
            prob = torch.softmax(net(x, n, [toks[i]])[0], 1).numpy()
            for k, v in page_f1s(prob, ys[i], chars[i]).items():
                if v is not None:
                    sums.setdefault(k, []).append(v)
    net.train()
    return {k: round(float(np.mean(v)), 4) for k, v in sorted(sums.items())}


def to_numpy(net: Net, mean: np.ndarray, scale: np.ndarray) -> LineModel:
    g = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    directions = [GRUDirection(g[f"gru.weight_ih_l0{s}"], g[f"gru.weight_hh_l0{s}"], g[f"gru.bias_ih_l0{s}"],
                               g[f"gru.bias_hh_l0{s}"]) for s in ("", "_reverse")]
    return LineModel(mean.astype(np.float32), scale.astype(np.float32), g["words.weight"], g["project.weight"],
                     g["project.bias"], *directions, g["out.weight"], g["out.bias"])


def save(model: LineModel, path: Path) -> str:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{k: v.astype(np.float16) if v.dtype == np.float32 and not k.startswith(("mean", "scale"))
                                   else v for k, v in model.arrays().items()})
    raw = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return hashlib.blake2b(raw, digest_size=6).hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="build/segdata")
    ap.add_argument("--cache", default=None, help="a folder keeping the per-line inputs between runs")
    ap.add_argument("--out", default="src/claimscope/segment/models/segment-lines-v4.npz")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--keep", type=int, default=100, help="percent of train renderings used")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--project", type=int, default=64)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--buckets", type=int, default=1 << 14, help="hashed word buckets")
    ap.add_argument("--word-dims", type=int, default=16)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--content-only", type=int, default=15,
                    help="percent of train pages added again with their chrome taken out")
    ap.add_argument("--long-weight", type=float, default=2.0)
    ap.add_argument("--batch-lines", type=int, default=12_000, help="padded lines per batch")
    ap.add_argument("--no-combined", action="store_true", help="skip the combined validation figures")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    torch.set_num_threads(2)
    data, cache = Path(args.data), Path(args.cache) if args.cache else None
    train = [r for r in read(data / "train.jsonl.gz") if stable_hash(r["id"] + r["renderer"]) % 100 < args.keep]
    train += content_only(train, args.content_only)
    validation = read(data / "validation.jsonl.gz")
    xs, ys, chars, _ = cached_matrices(train, cache / f"train-k{args.keep}.npz" if cache else None)
    vx, vy, vchars, _ = cached_matrices(validation, cache / "validation.npz" if cache else None)
    toks = token_arrays(train, args.buckets, cache / f"tokens-train-k{args.keep}-b{args.buckets}.npz" if cache else None)
    vtok = token_arrays(validation, args.buckets, cache / f"tokens-validation-b{args.buckets}.npz" if cache else None)
    ws = row_weights(chars, args.long_weight)
    stacked = np.vstack(xs)
    mean, scale = stacked.mean(0), stacked.std(0)
    scale = np.where(scale > 1e-4, scale, 1.0)
    del stacked
    print(f"train pages {len(xs)} lines {sum(len(y) for y in ys)} features {xs[0].shape[1]}", flush=True)
    net = Net(xs[0].shape[1], args.project, args.hidden, args.dropout, args.buckets, args.word_dims)
    optimiser = torch.optim.Adam(net.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, args.epochs)
    lengths = [len(y) for y in ys]
    best, best_state, started = -1.0, None, time.time()
    for epoch in range(args.epochs):
        total = 0.0
        for ids in batches(list(range(len(xs))), lengths, args.batch_lines, rng):
            x, n = padded(xs, ids, mean, scale)
            target = torch.full((len(ids), x.shape[1]), -1, dtype=torch.long)
            weight = torch.zeros((len(ids), x.shape[1]))
            for k, i in enumerate(ids):
                target[k, :lengths[i]] = torch.from_numpy(ys[i])
                weight[k, :lengths[i]] = torch.from_numpy(ws[i])
            logits = net(x, n, [toks[i] for i in ids])
            loss = nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), target.clamp(min=0).reshape(-1),
                                               reduction="none")
            loss = (loss * weight.reshape(-1)).sum() / weight.sum()
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            total += float(loss.detach())
        schedule.step()
        figures = score(net, vx, vy, vchars, vtok, mean, scale)
        summed = sum(figures.values())
        print(json.dumps({"epoch": epoch, "loss": round(total, 2), "validation_model_alone": figures,
                          "seconds": round(time.time() - started)}), flush=True)
        if summed > best:
            best, best_state = summed, {k: v.clone() for k, v in net.state_dict().items()}
    net.load_state_dict(best_state)
    net.eval()
    model = to_numpy(net, mean, scale)
    with torch.no_grad():  # the numpy reading must give what torch gives
        x, n = padded(vx, [0], mean, scale)
        assert np.allclose(torch.softmax(net(x, n, [vtok[0]])[0], 1).numpy(), model.probabilities(vx[0], vtok[0]),
                           atol=1e-4)
    checksum = save(model, Path(args.out))
    print(f"wrote {args.out} ({checksum})", flush=True)
    if not args.no_combined:
        from claimscope.segment.model import load_model

        result = evaluate_real(validation, load_model(str(Path(args.out).resolve())))
        print(json.dumps({"validation": result, **vars(args)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
