"""Commands of the extract area: claims, eval attribution, eval geoparse, eval quantities."""
from __future__ import annotations

import json

__all__ = ["register", "register_eval"]

DEFAULT_DB = "claimscope.db"


def register(commands) -> None:
    p = commands.add_parser("claims", help="attributed claims: who says what, with numbers and places")
    p.add_argument("--db", default=DEFAULT_DB, help=f"store file (default {DEFAULT_DB})")
    p.add_argument("--source", help="only claims whose source contains NAME")
    p.add_argument("--place", help="only claims mentioning a place whose name contains NAME")
    p.add_argument("--json", action="store_true", help="print one JSON object per line")
    p.set_defaults(handler=cmd_claims)


def register_eval(evals) -> None:
    p = evals.add_parser("attribution", help="cue/source/content P/R/F1 on PolNeAR-format files")
    p.add_argument("files", nargs="+", help="documents and attributions JSONL files, any order")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    p.set_defaults(handler=cmd_eval_attribution)

    p = evals.add_parser("geoparse", help="toponym P/R/F1 and accuracy@161km on LGL/GeoVirus JSONL")
    p.add_argument("files", nargs="+", help="JSONL files (LGL or GeoVirus format)")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    p.set_defaults(handler=cmd_eval_geoparse)

    p = evals.add_parser("quantities", help="value+unit P/R/F1 of quantities against hand labels")
    p.add_argument("files", nargs="+", help="label JSONL files (docs/gold-quantities.md)")
    p.add_argument("--data", default="../shared/data", help="the shared data folder the labels refer to")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    p.set_defaults(handler=cmd_eval_quantities)


def cmd_claims(args) -> int:
    from ..extract.export import claims_rows
    from ..store import Store

    with Store(args.db, readonly=True) as store:
        for row in claims_rows(store, source=args.source, place=args.place):
            if args.json:
                print(json.dumps(row, ensure_ascii=False))
            else:
                who = row["source_entity"] or row["source"] or "?"
                print(f"{row['page_id'][:12]} L{row['line_start']}-{row['line_end']} "
                      f"{who} [{row['cue'] or '…'}] {row['content'][:160]}")
    return 0


def _print_metrics(metrics: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(metrics))
        return
    for key, value in metrics.items():
        if isinstance(value, dict):
            print(f"{key:18} P {value['precision']:.3f}  R {value['recall']:.3f}  F1 {value['f1']:.3f}")
        else:
            print(f"{key:18} {value}")


def cmd_eval_attribution(args) -> int:
    from ..extract.eval_attribution import evaluate_attribution

    _print_metrics(evaluate_attribution(args.files), args.json)
    return 0


def cmd_eval_geoparse(args) -> int:
    from ..extract.eval_geoparse import evaluate_geoparse

    _print_metrics(evaluate_geoparse(args.files), args.json)
    return 0


def cmd_eval_quantities(args) -> int:
    from ..evaluate.quantities import evaluate_quantities

    _print_metrics(evaluate_quantities(args.files, args.data), args.json)
    return 0
