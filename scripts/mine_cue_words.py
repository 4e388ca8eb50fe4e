"""Derive the cue-word table (src/claimscope/extract/data/cue_words.tsv) from
PolNeAR *train* annotations: for each lowercase word form, how often it sits in
a gold cue span versus how often it occurs at all. Run once; the table is data.

usage: python scripts/mine_cue_words.py DOCUMENTS.jsonl ATTRIBUTIONS.jsonl > cue_words.tsv
"""
import collections
import json
import re
import sys

WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
# Auxiliaries and adverbs that ride along inside cue spans but carry no cue meaning.
RIDERS = {"has", "have", "had", "is", "are", "was", "were", "be", "been", "also", "will",
          "would", "to", "in", "a", "the", "of", "on", "for", "that", "it", "as", "and",
          "by", "an", "not", "did", "do", "does", "with", "about", "at", "this"}


def main(doc_path: str, ann_path: str) -> None:
    texts = {}
    for line in open(doc_path, encoding="utf-8"):
        row = json.loads(line)
        texts[row["filename"]] = row["text"]
    occurrences = collections.Counter()
    for text in texts.values():
        occurrences.update(w.lower() for w in WORD.findall(text))
    hits = collections.Counter()
    seen = set()
    for line in open(ann_path, encoding="utf-8"):
        row = json.loads(line)
        if row["filename"] in seen:  # one annotator per document, so counts stay comparable
            continue
        seen.add(row["filename"])
        for ann in row["brat_ann"].splitlines():
            parts = ann.split("\t")
            if len(parts) >= 3 and parts[1].startswith("Cue"):
                hits.update({w.lower() for w in WORD.findall(parts[2])} - RIDERS)
    print("word\tcue_rate\tcue_hits")
    for word, n in sorted(hits.items(), key=lambda kv: -kv[1]):
        rate = n / max(occurrences[word], n)
        if n >= 3 and rate >= 0.10:
            print(f"{word}\t{rate:.2f}\t{n}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
