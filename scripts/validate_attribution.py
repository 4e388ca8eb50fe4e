"""Full-pipeline attribution figures on the validation part of PolNeAR *train*
(every ``--every``-th document, the part ``scripts/train_attribution.py`` holds out),
with the parse gate, rule cues, quotation widening and the shipped scoring
(``claimscope.evaluate.attribution``). Models come from ``--models`` (default:
the shipped ones), parses from ``--cache`` (the training script's DocBin cache), so
a candidate model can be compared with the shipped one without touching dev.

usage: python scripts/validate_attribution.py [--shared ../shared] [--every 6]
       [--models DIR] [--cache DIR] [--part validation|fit] [--json]
Skips cleanly (exit 0) when PolNeAR is absent.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from claimscope.extract import contentmodel, cuemodel, cuestates, nlp, sourcemodel  # noqa: E402
from claimscope.evaluate.attribution import evaluate_attribution  # noqa: E402


def part_files(shared: Path, every: int, part: str, out: Path) -> list[Path] | None:
    """The chosen part of train as a documents file and an attributions file (all annotators)."""
    docs_path = shared / "data" / "polnear" / "train_documents.jsonl"
    ann_path = shared / "data" / "polnear" / "train_attributions.jsonl"
    if not docs_path.exists() or not ann_path.exists():
        return None
    rows = [json.loads(line) for line in open(ann_path, encoding="utf-8")]
    annotated = {row["filename"] for row in rows}
    docs = [json.loads(line) for line in open(docs_path, encoding="utf-8")]
    docs = [d for d in docs if d["filename"] in annotated]  # the trainer's document order
    held = (lambda i: i % every == every - 1) if part == "validation" else (lambda i: i % every != every - 1)
    keep = [d for i, d in enumerate(docs) if held(i)]
    names = {d["filename"] for d in keep}
    files = [out / "documents.jsonl", out / "attributions.jsonl"]
    files[0].write_text("".join(json.dumps(d) + "\n" for d in keep), encoding="utf-8")
    files[1].write_text("".join(json.dumps(r) + "\n" for r in rows if r["filename"] in names), encoding="utf-8")
    return files


def use_cached_parses(cache: Path) -> None:
    """Serve sentence parses from the training script's cache (parse what is missing)."""
    from train_attribution import Parses

    table = Parses(cache).docs

    def lookup(texts):
        missing = [t for t in dict.fromkeys(texts) if t not in table]
        table.update(zip(missing, nlp.load_nlp().pipe(missing)))
        return [table[t] for t in texts]

    nlp.parse_full = lookup
    nlp.parse_ner_only = lookup  # a full parse carries the entities too


def use_models(folder: Path) -> None:
    """Load the attribution models from ``folder`` instead of the shipped ones (the v4 cue
    tagger only when the folder has one: else the v3 tagger runs alone)."""
    def read(name):
        import gzip

        with gzip.open(folder / name, "rt", encoding="utf-8") as handle:
            return json.load(handle)

    tagger = cuemodel.tagger_from(read(cuemodel.MODEL_FILE))
    source, content = (read(sourcemodel.MODEL_FILE), read(contentmodel.MODEL_FILE))
    source_picker = sourcemodel.SourcePicker(source["weights"], source["bias"], source["threshold"])
    content_picker = sourcemodel.SourcePicker(content["weights"], content["bias"], content["threshold"])
    cuemodel.load_tagger = lambda: tagger
    states = folder / cuestates.MODEL_FILE
    state_tagger = cuestates.read(states) if states.exists() else None
    cuestates.load_state_tagger = lambda: state_tagger
    sourcemodel.load_picker = lambda: source_picker
    contentmodel.load_picker = lambda: content_picker


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--every", type=int, default=6)
    parser.add_argument("--models", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--part", choices=("validation", "fit"), default="validation")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = part_files(args.shared, args.every, args.part, Path(tmp))
        if files is None:
            print("PolNeAR train not found under", args.shared, "- skipping")
            return 0
        if args.cache:
            use_cached_parses(args.cache)
        if args.models:
            use_models(args.models)
        metrics = evaluate_attribution(files)
    if args.json:
        print(json.dumps(metrics, indent=2))
        return 0
    for name in ("cue", "source", "content"):
        o, e = metrics[f"{name}_overlap"], metrics[f"{name}_exact"]
        print(f"{name:8s} overlap P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f}   exact F1 {e['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
