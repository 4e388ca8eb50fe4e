"""Build extract/data/common_place_words.txt: one-word gazetteer names that English
news mostly writes in lower case ("front", "human", "wall", "tall"), so that a
capitalised one (a headline, a name) is not taken for a place without the NER
calling it one.

Counts come from news JSONL files with a "text" field: PolNeAR's train documents
(US political news) and SemEval-2020 task 11's train articles (no place
annotations, no overlap with the geoparsing sets). A word qualifies when it is a
gazetteer key, occurs in lower case at least MIN_LOWER times, and at least
LOWER_SHARE of its occurrences that are not sentence-initial are lower case.

    PYTHONPATH=src python scripts/build_common_place_words.py \
        ../shared/data/polnear/train_documents.jsonl ../shared/data/semeval2020-task11-ptc/train_articles.jsonl
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from claimscope.extract.gazetteer import gazetteer

MIN_LOWER = 5
LOWER_SHARE = 0.5
OUT = Path(__file__).resolve().parents[1] / "src/claimscope/extract/data/common_place_words.txt"
WORD = re.compile(r"(?<=[a-z,;] )[A-Za-z]+\b")  # words inside a sentence, after a lowercase word


def counts(paths) -> tuple[Counter, Counter]:
    lower, upper = Counter(), Counter()
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                for word in WORD.findall(json.loads(line)["text"]):
                    (lower if word.islower() else upper)[word.lower()] += 1
    return lower, upper


def main(paths) -> None:
    lower, upper = counts(paths)
    keys = gazetteer().keys()
    words = sorted(w for w, n in lower.items()
                   if w in keys and n >= MIN_LOWER and n / (n + upper[w]) >= LOWER_SHARE)
    header = ("# One-word gazetteer names that news mostly writes in lower case; built by\n"
              "# scripts/build_common_place_words.py from PolNeAR train (see there).\n")
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(len(words), "words ->", OUT)


if __name__ == "__main__":
    main(sys.argv[1:])
