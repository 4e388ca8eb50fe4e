"""Civil reader comments from Dragnet's gold comment sections, split by site.

    python scripts/civil_comments.py --split heldout --out /tmp/civil-heldout.jsonl [--score]

Each non-blank line of a page's ``gold_comments`` with at least MIN_WORDS words is one
comment text. A page's split is the site split of the segmentation data
(``build_segment_data.split_of`` of ``render_pages.site_of``), so texts from held-out sites
are never trained on. Used by ``train_toxicity.py`` (train sites, as "none" rows) and to
write the held-out check set ({text, label: "none"}) that ``claimscope eval toxicity`` reads.
``--score`` also scores the texts as the classify stage scores a comment unit (shipped model,
settings' thresholds) and prints the share flagged ``toxic`` and ``hate`` with every flagged
text and its score.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_segment_data import DATASETS, read_rows, split_of  # noqa: E402
from render_pages import site_of  # noqa: E402

# Shorter lines are mostly names, dates and "Reply" buttons, not comment prose.
MIN_WORDS = 5


def comment_lines(shared: Path, split: str) -> list[str]:
    """The comment lines (>= MIN_WORDS words) of Dragnet pages whose site is in ``split``,
    in file order, duplicates dropped."""
    seen: dict[str, None] = {}
    for page in read_rows(shared, "dragnet"):
        if not page["gold_comments"].strip():
            continue
        if split_of(site_of(page["html"], "id:" + str(page["id"]))) != split:
            continue
        for text in page["gold_comments"].splitlines():
            text = " ".join(text.split())
            if len(text.split()) >= MIN_WORDS:
                seen.setdefault(text, None)
    return list(seen)


def sample(texts: list[str], count: int, seed: int) -> list[str]:
    """A fixed random sample of ``count`` texts (all of them when there are fewer)."""
    chosen = list(texts)
    random.Random(seed).shuffle(chosen)
    return chosen[:count]


def flagged(texts: list[str]) -> dict:
    """The texts the classify stage would flag, scored as comment units (no article discount)."""
    from claimscope.classify.lexicon import load_lexicon
    from claimscope.classify.toxicity import model_label, score_texts
    from claimscope.settings import load_settings

    settings = load_settings()
    scores = score_texts(texts, load_lexicon())
    toxic = [(round(s.toxic, 3), t) for t, s in zip(texts, scores) if s.toxic >= settings.toxic_threshold]
    hate = [(round(s.hate, 3), t) for t, s in zip(texts, scores) if s.hate >= settings.hate_threshold]
    return {"model": model_label(), "n": len(texts),
            "toxic_share": round(len(toxic) / max(1, len(texts)), 4), "hate_share": round(len(hate) / max(1, len(texts)), 4),
            "toxic": sorted(toxic, reverse=True), "hate": sorted(hate, reverse=True)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--split", default="heldout", choices=("train", "validation", "heldout"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--score", action="store_true", help="score the texts with the shipped model")
    args = parser.parse_args(argv)
    source = args.shared / "data" / DATASETS["dragnet"]
    if not source.is_file():
        print(f"skipping: {source} is absent")
        return 0
    texts = comment_lines(args.shared, args.split)
    with open(args.out, "w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"text": text, "label": "none"}) + "\n")
    print(f"wrote {len(texts)} {args.split} comment lines to {args.out}")
    if args.score:
        print(json.dumps(flagged(texts), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
