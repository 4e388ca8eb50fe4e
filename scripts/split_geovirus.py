"""Split GeoVirus into a development part and a held-out part by a hash of each
article's source URL, so that the split is the same on every machine and never
depends on file order. The held-out part (about a third) is read once, at the end.

    python scripts/split_geovirus.py ../shared/data/geoparsing-geovirus/geovirus.jsonl OUTDIR
writes OUTDIR/geovirus-dev.jsonl and OUTDIR/geovirus-heldout.jsonl.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HELD_OUT_EVERY = 3  # one article in three, by hash


def is_held_out(source: str) -> bool:
    return int(hashlib.sha256(source.encode("utf-8")).hexdigest(), 16) % HELD_OUT_EVERY == 0


def main(path: str, outdir: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with open(path, encoding="utf-8") as handle, \
            open(out / "geovirus-dev.jsonl", "w", encoding="utf-8") as dev, \
            open(out / "geovirus-heldout.jsonl", "w", encoding="utf-8") as held:
        for line in handle:
            if line.strip():
                (held if is_held_out(json.loads(line)["source"]) else dev).write(line)


if __name__ == "__main__":
    main(*sys.argv[1:3])
