"""Distil all-MiniLM-L6-v2 into the student encoder (``claimscope.student``).

    python3 scripts/distill_student.py teacher --cache DIR [--shared ../shared] [--pieces 2000000]
    python3 scripts/distill_student.py train --cache DIR [--epochs 3] [--out src/claimscope/models/student.npz]

``teacher`` runs MiniLM over unlabelled paragraphs and comments and keeps, for every word
piece ([CLS] and [SEP] included), its layer-4 and layer-6 states (float16, the two layers the
cue tagger and the propaganda heads read; layer 6 also gives the sentence vector).
``train`` fits the student to reproduce them and writes its weights as a numpy archive.

The text: the PolNeAR training documents (news articles) and the article and comment lines
of the Dragnet pages of the training sites (``build/segdata/train.jsonl.gz``, made by
``scripts/build_segment_data.py``). No evaluation text is read: not the PolNeAR dev
documents, not the propaganda or hate datasets, not the Dragnet validation or held-out
sites. Labels are never read. Texts are taken in a fixed shuffled order (seed 13) until
``--pieces`` word pieces; each is cut at 128 pieces (the student is a stack of
convolutions: what it learns per position does not depend on the text's length).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SEED = 13
MAX_PIECES = 128
TEACHER_LAYERS = (4, 6)


def corpus_texts(shared: Path, segdata: Path) -> list[str]:
    """Paragraphs of news and reader comments, training splits only, in a fixed order."""
    texts: list[str] = []
    with open(shared / "data" / "polnear" / "train_documents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            texts += [p.strip() for p in json.loads(line)["text"].split("\n") if len(p.split()) >= 6]
    if segdata.exists():
        with gzip.open(segdata, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                labels = row["labels"]
                for text, label in zip(row["text"].split("\n"), labels):
                    if label in ("article", "comment") and len(text.split()) >= 4:
                        texts.append(text.strip())
    random.Random(SEED).shuffle(texts)
    return texts


def teacher(args) -> int:
    import torch

    from claimscope import encoder

    torch.manual_seed(SEED)
    texts = corpus_texts(Path(args.shared), Path(args.segdata))
    st = encoder.model()
    bert, tokenizer = st[0].auto_model.eval(), st.tokenizer
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    ids_out: list[np.ndarray] = []
    states_out: list[np.ndarray] = []
    total, shard, started = 0, 0, time.time()
    batch_texts: list[str] = []

    def flush() -> None:
        nonlocal shard
        if not ids_out:
            return
        lengths = np.array([len(i) for i in ids_out], np.int32)
        np.savez(cache / f"shard-{shard:04d}.npz", ids=np.concatenate(ids_out), lengths=lengths,
                 states=np.concatenate(states_out))
        shard += 1
        ids_out.clear()
        states_out.clear()

    def run(batch: list[str]) -> int:
        enc = tokenizer(batch, padding=True, truncation=True, max_length=MAX_PIECES, return_tensors="pt")
        with torch.inference_mode():
            out = bert(**enc, output_hidden_states=True)
        hidden = torch.cat([out.hidden_states[layer] for layer in TEACHER_LAYERS], dim=-1).numpy()
        mask = enc["attention_mask"].numpy().astype(bool)
        ids = enc["input_ids"].numpy()
        n = 0
        for k in range(len(batch)):
            ids_out.append(ids[k][mask[k]].astype(np.int32))
            states_out.append(hidden[k][mask[k]].astype(np.float16))
            n += int(mask[k].sum())
        return n

    # texts of similar length together: a window of 2,048 texts sorted by length, cut in batches
    for window_start in range(0, len(texts), 2048):
        window = sorted(texts[window_start:window_start + 2048], key=len)
        for b in range(0, len(window), 32):
            batch_texts = window[b:b + 32]
            total += run(batch_texts)
        flush()
        print(f"{total} pieces, {time.time() - started:.0f}s", flush=True)
        if total >= args.pieces:
            break
    (cache / "provenance.json").write_text(json.dumps({
        "teacher": encoder.MODEL_NAME, "layers": TEACHER_LAYERS, "pieces": total, "seed": SEED,
        "max_pieces": MAX_PIECES, "texts": "polnear train documents; dragnet train-site article and comment lines"}))
    return 0


def load_cache(cache: Path):
    ids, lengths, states = [], [], []
    for path in sorted(cache.glob("shard-*.npz")):
        with np.load(path) as z:
            ids.append(z["ids"])
            lengths.append(z["lengths"])
            states.append(z["states"])
    return np.concatenate(ids), np.concatenate(lengths), np.concatenate(states)


def train(args) -> int:
    import torch

    from claimscope import student

    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    ids, lengths, states = load_cache(Path(args.cache))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    sample = states[:: max(1, len(states) // 200_000)].astype(np.float32)
    mean, std = sample.mean(0), sample.std(0) + 1e-3
    config = student.Config(blocks=args.blocks, kernel=args.kernel, hidden=args.hidden,
                            dilations=tuple(int(d) for d in args.dilations.split(",")) if args.dilations else ())
    model = student.TorchStudent(config, teacher_embeddings())
    model.target_mean.copy_(torch.from_numpy(mean))
    model.target_std.copy_(torch.from_numpy(std))
    # the last 2 % of texts are kept out of training: the fit is read on them
    order = np.arange(len(lengths))
    held = order[int(len(order) * 0.98):]
    train_texts = order[:int(len(order) * 0.98 * args.limit)]
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * (len(train_texts) // args.batch + 1)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=steps, pct_start=0.05)
    rng = np.random.default_rng(SEED)
    started = time.time()

    def batch_of(rows):
        width = int(lengths[rows].max())
        x = np.zeros((len(rows), width), np.int64)
        y = np.zeros((len(rows), width, states.shape[1]), np.float32)
        m = np.zeros((len(rows), width), bool)
        for k, r in enumerate(rows):
            n = lengths[r]
            x[k, :n] = ids[starts[r]:starts[r] + n]
            y[k, :n] = states[starts[r]:starts[r] + n]
            m[k, :n] = True
        return torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(m)

    def loss_of(rows):
        x, y, m = batch_of(rows)
        out = model(x, m)
        target = (y - model.target_mean) / model.target_std
        pred = (out - model.target_mean) / model.target_std
        err = ((pred - target) ** 2).mean(-1)
        return (err * m).sum() / m.sum(), out, y, m

    step = 0
    for epoch in range(args.epochs):
        model.train()
        perm = rng.permutation(train_texts)
        # batches of similar length: sort chunks of 64 batches by length
        chunk = args.batch * 64
        for c in range(0, len(perm), chunk):
            part = perm[c:c + chunk]
            part = part[np.argsort(lengths[part])]
            batches = [part[b:b + args.batch] for b in range(0, len(part), args.batch)]
            rng.shuffle(batches)
            for rows in batches:
                loss, *_ = loss_of(rows)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                if step < steps - 1:
                    schedule.step()
                step += 1
                if step % 200 == 0:
                    print(f"epoch {epoch} step {step}/{steps} loss {loss.item():.4f} {time.time() - started:.0f}s",
                          flush=True)
        print(f"epoch {epoch}: held-out fit {fit(model, loss_of, held)}", flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = fit(model, loss_of, held)
    provenance = json.loads((Path(args.cache) / "provenance.json").read_text())
    provenance.update({"epochs": args.epochs, "lr": args.lr, "batch": args.batch, "seed": SEED,
                       "held_out_fit": report, "train_seconds": round(time.time() - started)})
    student.save(model, out, provenance)
    print(json.dumps(report))
    return 0


def fit(model, loss_of, rows) -> dict:
    """On texts kept out of training: standardised MSE, mean cosine of the layer-4 and
    layer-6 piece states, and of the pooled sentence vectors, to the teacher's."""
    import torch

    model.eval()
    cos4, cos6, cosv, mse, n = 0.0, 0.0, 0.0, 0.0, 0
    with torch.no_grad():
        for b in range(0, len(rows), 64):
            loss, out, y, m = loss_of(rows[b:b + 64])
            d = out.shape[-1] // 2
            c4 = torch.nn.functional.cosine_similarity(out[..., :d], y[..., :d], dim=-1)
            c6 = torch.nn.functional.cosine_similarity(out[..., d:], y[..., d:], dim=-1)
            mf = m.float()
            pooled_s = (out[..., d:] * mf[..., None]).sum(1) / mf.sum(1, keepdim=True)
            pooled_t = (y[..., d:] * mf[..., None]).sum(1) / mf.sum(1, keepdim=True)
            cosv += torch.nn.functional.cosine_similarity(pooled_s, pooled_t, dim=-1).sum().item()
            cos4 += (c4 * mf).sum().item() / mf.sum().item() * len(out)
            cos6 += (c6 * mf).sum().item() / mf.sum().item() * len(out)
            mse += loss.item() * len(out)
            n += len(out)
    return {"texts": n, "mse": round(mse / n, 4), "cos_layer4": round(cos4 / n, 4),
            "cos_layer6": round(cos6 / n, 4), "cos_vector": round(cosv / n, 4)}


def teacher_embeddings() -> np.ndarray:
    """MiniLM's word-piece input embeddings: where the student's table starts."""
    from claimscope import encoder

    bert = encoder.model()[0].auto_model
    return bert.embeddings.word_embeddings.weight.detach().numpy().copy()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("teacher")
    t.add_argument("--cache", required=True)
    t.add_argument("--shared", default=str(REPO.parent / "shared"))
    t.add_argument("--segdata", default=str(REPO / "build" / "segdata" / "train.jsonl.gz"))
    t.add_argument("--pieces", type=int, default=2_000_000)
    s = sub.add_parser("train")
    s.add_argument("--cache", required=True)
    s.add_argument("--epochs", type=int, default=2)
    s.add_argument("--lr", type=float, default=2e-3)
    s.add_argument("--batch", type=int, default=32)
    s.add_argument("--threads", type=int, default=2)
    s.add_argument("--blocks", type=int, default=2)
    s.add_argument("--kernel", type=int, default=5)
    s.add_argument("--hidden", type=int, default=384)
    s.add_argument("--dilations", default="", help="each block's dilation, comma-separated")
    s.add_argument("--limit", type=float, default=1.0, help="the share of training texts an epoch reads")
    s.add_argument("--out", default=str(REPO / "src" / "claimscope" / "models" / "student-minilm-v1.npz"))
    args = ap.parse_args()
    if not (Path(getattr(args, "shared", REPO.parent / "shared")) / "data").exists():
        print("skipped: ../shared/data is not present")
        return 0
    return teacher(args) if args.command == "teacher" else train(args)


if __name__ == "__main__":
    sys.exit(main())
