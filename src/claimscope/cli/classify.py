"""CLI commands of the classify area: ``claimscope flags`` and ``claimscope eval toxicity|propaganda``."""
from __future__ import annotations

import argparse
import json

from .core import add_all_flags, add_db, add_profile, open_store, say_none

__all__ = ["register", "register_eval"]


def register(subparsers) -> None:
    cmd = subparsers.add_parser("flags", help="list flags (toxic, hate, propaganda:*, narrative)")
    add_db(cmd)
    cmd.add_argument("--label", help="a label in any case (toxic, hate, narrative, propaganda:TECHNIQUE), "
                     "or 'propaganda' for every technique")
    cmd.add_argument("--min-score", type=float, help="only flags with at least this score")
    cmd.add_argument("--json", action="store_true", help="one JSON object per line")
    add_all_flags(cmd)
    cmd.set_defaults(handler=run_flags)


def register_eval(eval_subparsers) -> None:
    tox = eval_subparsers.add_parser("toxicity", help="hate/offensive/none on a JSONL of {text, label}")
    tox.add_argument("file", help="JSONL: {\"text\", \"label\": hate|offensive|none, \"target_group\"?}")
    tox.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    add_profile(tox)
    tox.set_defaults(handler=run_eval_toxicity)
    prop = eval_subparsers.add_parser("propaganda", help="paragraph-level techniques (SemEval-2023 T3 ST3)")
    prop.add_argument("articles", help="JSONL of {article_id, text} or a folder of article<ID>.txt")
    prop.add_argument("labels", help="TSV: article_id, line, comma-separated techniques")
    prop.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    add_profile(prop)
    prop.set_defaults(handler=run_eval_propaganda)


def run_flags(args: argparse.Namespace) -> int:
    from ..classify.export import flags_rows, resolve_label
    from ..store.read import flags_not_shown, has_table

    found = hidden = 0
    with open_store(args.db, all_flags=args.all_flags) as store:
        label = resolve_label(store, args.label) if args.label else None
        rows = flags_rows(store, label, args.min_score) if has_table(store, "flags") else ()
        for row in rows:
            print(json.dumps(row, ensure_ascii=False) if args.json else _flag_line(row))
            found += 1
        if not found and not args.all_flags and has_table(store, "flags"):
            hidden = flags_not_shown(store.conn)
    if not found:
        given = (f" --label {args.label}" if args.label else "") + (
            f" --min-score {args.min_score}" if args.min_score is not None else "")
        message = f"no flags match{given}" if given else f"no flags in {args.db}"
        if hidden:
            message += f"; {hidden} stored flag(s) are not shown by default (--all-flags lists them)"
        say_none(message)
    return 0


def _flag_line(row: dict) -> str:
    detail = row["target_group"] or row["narrative_id"] or ""
    evidence = (row["evidence"] or "").replace("\n", " ")[:80]
    return (f"{row['page_id'][:12]} L{row['line_start']}-{row['line_end']} {row['segment_kind']:<8} "
            f"{row['label']:<36} {detail:<24} {row['score']:.2f}  {evidence}")


def run_eval_toxicity(args: argparse.Namespace) -> int:
    from ..evaluate.classification import evaluate_toxicity

    _print_metrics(evaluate_toxicity(args.file), args.json)
    return 0


def run_eval_propaganda(args: argparse.Namespace) -> int:
    from ..evaluate.classification import evaluate_propaganda

    _print_metrics(evaluate_propaganda(args.articles, args.labels), args.json)
    return 0


def _print_metrics(metrics: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(metrics, ensure_ascii=False))
        return
    for name, value in _flatten(metrics):
        print(f"{name:<60} {value}")


def _flatten(value, prefix: str = ""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flatten(inner, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, value
