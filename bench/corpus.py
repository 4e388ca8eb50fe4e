"""A reproducible corpus of realistic scraped pages for the benchmarks.

Article bodies are real news texts from ``../shared/data`` (PolNeAR documents,
SemEval propaganda articles); reader comments are real short texts (ToxiGen
statements, Davidson tweets). Around them this module lays out what scrapes of
state-aligned outlets look like: site chrome that recurs on every page of an
outlet, a headline and byline, teaser boxes of related stories, and a comment
thread with authors, timestamps and reply buttons. One page in five is HTML.

Everything is drawn from ``random.Random(seed)``: the same seed gives the same
bytes, so figures from different runs and machines compare.
"""
from __future__ import annotations

import csv
import html
import json
import random
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

OUTLETS = {
    "SouthFront": ["Home", "Military Analysis", "Videos", "Donate", "Support SouthFront"],
    "Al-Masdar News": ["Home", "Syria", "Iraq", "Iran", "Middle East", "Subscribe"],
    "TASS World": ["Politics", "World", "Business", "Science", "Sport", "Login"],
    "Press Digest": ["News", "Opinion", "Analysis", "Newsletter", "Contact us"],
    "Global Times View": ["China", "Source", "Opinion", "In-Depth", "World", "Life"],
}
CHROME_FOOT = ["Share this:", "Click to share on Twitter", "Click to share on Facebook",
               "Privacy Policy", "Terms of Use", "All rights reserved."]
NAMES = ["klove and light", "Zionism = EVIL", "Ivan P.", "Guest", "truthseeker99", "Marta K", "Rob",
         "Anonymous", "PeaceNow", "old soldier", "Jens", "the_realist", "Olga", "Sam W"]
WHEN = ["3 years ago", "2 hours ago", "March 28, 2020 at 4:12 pm", "5 days ago", "1 year ago"]


@dataclass
class Sources:
    articles: list[tuple[str, list[str]]]  # (headline, paragraphs)
    comments: list[str]


def shared_available() -> bool:
    return (SHARED / "data").is_dir()


def load_sources() -> Sources:
    data = SHARED / "data"
    articles = []
    for path in (data / "polnear" / "train_documents.jsonl", data / "polnear" / "dev_documents.jsonl",
                 data / "semeval2020-task11-ptc" / "train_articles.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            paras = [p.strip() for p in json.loads(line)["text"].split("\n") if p.strip()]
            if len(paras) >= 3:
                articles.append((paras[0][:160], paras[1:40]))
    comments = [json.loads(l)["text"] for l in (data / "toxigen-statements" / "statements.jsonl")
                .read_text(encoding="utf-8").splitlines()]
    with open(data / "davidson-hate-offensive" / "labeled_data.csv", encoding="utf-8") as fh:
        comments += [row["tweet"] for row in csv.DictReader(fh)]
    return Sources(articles, [c for c in comments if c.strip()])


def _thread(rng: random.Random, src: Sources) -> list[tuple[str | None, str, str]]:
    """(author or None, when, body) per comment; some threads are anonymous."""
    anonymous = rng.random() < 0.2
    out = []
    for _ in range(rng.choice([0, 2, 5, 8, 15, 30])):
        body = " ".join(rng.choice(src.comments) for _ in range(rng.randint(1, 3)))
        out.append((None if anonymous else rng.choice(NAMES), rng.choice(WHEN), body))
    return out


def text_page(rng: random.Random, src: Sources) -> str:
    outlet, nav = rng.choice(list(OUTLETS.items()))
    title, paras = rng.choice(src.articles)
    lines = [*nav, "", title, "", f"By {rng.choice(NAMES[2:])} – {outlet}", ""]
    for para in paras:
        lines += [para, ""]
    if rng.random() < 0.6:
        lines += ["Related News", ""]
        for _ in range(rng.randint(2, 4)):
            lines += [rng.choice(src.articles)[0], "Continue here", ""]
    thread = _thread(rng, src)
    if thread:
        lines += ["", f"{len(thread)} Comments", "Newest Most Voted", "", ""]
        for author, when, body in thread:
            lines += ([author] if author else []) + [when, body, "Reply", "", ""]
    lines += CHROME_FOOT
    return "\n".join(lines) + "\n"


def html_page(rng: random.Random, src: Sources) -> str:
    outlet, nav = rng.choice(list(OUTLETS.items()))
    title, paras = rng.choice(src.articles)
    esc = html.escape
    body = "".join(f"<p>{esc(p)}</p>" for p in paras)
    items = "".join(
        f'<li class="comment"><div class="comment-author"><span class="fn">{esc(a or "Guest")}</span>'
        f'</div><div class="comment-meta">{esc(w)}</div><div class="comment-content"><p>{esc(b)}</p>'
        f"</div></li>" for a, w, b in _thread(rng, src))
    return (f"<!DOCTYPE html><html><head><title>{esc(title)} | {esc(outlet)}</title></head><body>"
            f"<nav>{''.join(f'<a href=#>{esc(n)}</a>' for n in nav)}</nav><article><h1>{esc(title)}</h1>"
            f"<p class=byline>By {esc(rng.choice(NAMES[2:]))}</p>{body}</article>"
            f'<div id="comments"><ol class="commentlist">{items}</ol></div>'
            f"<footer>{' '.join(esc(c) for c in CHROME_FOOT)}</footer></body></html>")


def generate(pages: int, seed: int = 4, html_share: float = 0.2) -> list[dict]:
    """``pages`` JSONL records: {"text": ...} or {"html": ...}, with url and outlet."""
    rng, src = random.Random(seed), load_sources()
    out = []
    for number in range(pages):
        if rng.random() < html_share:
            out.append({"html": html_page(rng, src), "url": f"https://example.org/a/{number}"})
        else:
            out.append({"text": text_page(rng, src), "url": f"https://example.org/t/{number}"})
    return out


def write_shards(records: list[dict], folder: Path, per_shard: int = 100) -> list[Path]:
    """JSONL shards of ``per_shard`` pages: one shard is one unit of work for an engine."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for first in range(0, len(records), per_shard):
        path = folder / f"shard-{first // per_shard:05d}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for record in records[first:first + per_shard]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def words(records: list[dict]) -> int:
    return sum(len((r.get("text") or r.get("html")).split()) for r in records)
