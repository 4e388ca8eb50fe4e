"""Build extract/data/first_names.txt: words that English news mostly writes as a person's
first name ("David", "Keith", "Lena", "Troy"), so that such a word on a page is not taken
for the town of that name (David, Panama; Lena, Norway), nor the word after it for a town
("Josh Hamilton", "Carlos Pena"), unless the NER calls it a place.

Counts come from news JSONL files with a "text" field: PolNeAR's train documents (US
political news) and SemEval-2020 task 11's train articles (no place annotations, no
overlap with the geoparsing sets or the real pages places are measured on). spaCy's NER
reads them; a word qualifies when it opens a PERSON entity of two or more words at least
MIN_FIRST times, at least FIRST_SHARE of its capitalised occurrences inside a sentence open
such an entity, and the text writes it in lower case less often than capitalised (so not
"will", "bill", "mark"). Name particles and titles that NER includes in a name ("Abu",
"Saint", "Archbishop") are left out.

    PYTHONPATH=src python scripts/build_first_names.py \
        ../shared/data/polnear/train_documents.jsonl ../shared/data/semeval2020-task11-ptc/train_articles.jsonl
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from claimscope.extract.nlp import parse_ner_only

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_common_place_words import counts as case_counts  # noqa: E402  (lower, capitalised) in a sentence

MIN_FIRST = 3
FIRST_SHARE = 0.5
OUT = Path(__file__).resolve().parents[1] / "src/claimscope/extract/data/first_names.txt"
PARAGRAPH_CHARS = 2_000  # NER reads a longer paragraph in pieces of this size
BATCH = 256
# what NER's PERSON names open with besides first names: particles that open Arabic, Dutch
# and Spanish names and place names alike ("Abu Dhabi", "Al Anbar", "Sri Lanka"), and titles
NOT_FIRST_NAMES = frozenset((
    "al el abu bin ibn van vander von de del la le sri il ki "
    "saint crown archbishop ayatollah monsignor drummer"
).split())


def paragraphs(paths):
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                for para in json.loads(line)["text"].split("\n"):
                    for i in range(0, len(para), PARAGRAPH_CHARS):
                        if para[i:i + PARAGRAPH_CHARS].strip():
                            yield para[i:i + PARAGRAPH_CHARS]


def person_openers(paths) -> Counter:
    """How often each word (in lower case) opens a PERSON of two or more words."""
    first: Counter = Counter()

    def read(texts: list[str]) -> None:
        for doc in parse_ner_only(texts):
            for ent in doc.ents:
                words = ent.text.split()
                if ent.label_ == "PERSON" and len(words) >= 2 and words[0].isalpha():
                    first[words[0].lower()] += 1

    batch: list[str] = []
    for para in paragraphs(paths):
        batch.append(para)
        if len(batch) == BATCH:
            read(batch)
            batch = []
    read(batch)
    return first


def first_names(first: Counter, upper: Counter, lower: Counter) -> list[str]:
    return sorted(word for word, n in first.items()
                  if n >= MIN_FIRST and n >= FIRST_SHARE * upper[word] and lower[word] < upper[word]
                  and word not in NOT_FIRST_NAMES)


def main(paths: list[str]) -> None:
    lower, upper = case_counts(paths)
    names = first_names(person_openers(paths), upper, lower)
    header = ("# Words that news mostly writes as a person's first name, in lower case; built by\n"
              "# scripts/build_first_names.py from PolNeAR train and SemEval-2020 task 11 train.\n")
    OUT.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
