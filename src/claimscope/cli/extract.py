"""Commands of the extract area: claims, eval attribution, eval geoparse, eval quantities."""
from __future__ import annotations

import json

from .core import add_db, add_profile, open_store, say_none

__all__ = ["register", "register_eval"]


def register(commands) -> None:
    p = commands.add_parser("claims", help="attributed claims: who says what, with numbers and places")
    add_db(p)
    p.add_argument("--source", help="only claims whose source contains NAME")
    p.add_argument("--place", help="only claims mentioning a place whose name contains NAME")
    p.add_argument("--kind", choices=("article", "comment"), help="only claims written in this kind of segment")
    p.add_argument("--author", help="only claims in comments whose author's name contains NAME")
    p.add_argument("--json", action="store_true", help="print one JSON object per line")
    p.set_defaults(handler=cmd_claims)


def register_eval(evals) -> None:
    p = evals.add_parser("attribution", help="cue/source/content P/R/F1 on PolNeAR-format files")
    p.add_argument("files", nargs="+", help="documents and attributions JSONL files, any order")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    add_profile(p)
    p.set_defaults(handler=cmd_eval_attribution)

    p = evals.add_parser("geoparse", help="toponym P/R/F1 and accuracy@161km on LGL/GeoVirus JSONL")
    p.add_argument("files", nargs="+", help="JSONL files (LGL or GeoVirus format)")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    p.set_defaults(handler=cmd_eval_geoparse)

    p = evals.add_parser("claims-on-pages", help="claim P/R, source accuracy per kind on hand-labelled pages")
    p.add_argument("files", nargs="+", help="gold files (tests/gold/claims/*.json; docs/gold-claims.md)")
    p.add_argument("--split", choices=("dev", "test"), help="only the files of this split")
    p.add_argument("--errors", action="store_true", help="also list every miss, false positive and wrong source")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    add_profile(p)
    p.set_defaults(handler=cmd_eval_claims_on_pages)
    p = evals.add_parser("quantities", help="value+unit P/R/F1 of quantities against hand labels")
    p.add_argument("files", nargs="+", help="label JSONL files (docs/gold-quantities.md)")
    p.add_argument("--data", default="../shared/data", help="the shared data folder the labels refer to")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    p.set_defaults(handler=cmd_eval_quantities)


def cmd_claims(args) -> int:
    from ..extract.export import claims_rows

    found = 0
    with open_store(args.db) as store:
        for row in claims_rows(store, source=args.source, place=args.place, kind=args.kind,
                               author=args.author):
            if args.json:
                print(json.dumps(row, ensure_ascii=False))
            else:
                who = row["source_entity"] or row["source"] or "?"
                where = row["segment_kind"] or "?"
                if row["comment_author"]:
                    where += f" by {row['comment_author']}"
                print(f"{row['page_id'][:12]} L{row['line_start']}-{row['line_end']} ({where}) "
                      f"{who} [{row['cue'] or '…'}] {row['content'][:160]}")
            found += 1
    if not found:
        given = "".join(f" --{n} {v}" for n, v in (("source", args.source), ("place", args.place),
                                                  ("kind", args.kind), ("author", args.author)) if v)
        say_none(f"no claims match{given}" if given else f"no claims in {args.db}")
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
    from ..evaluate.attribution import evaluate_attribution

    _print_metrics(evaluate_attribution(args.files), args.json)
    return 0


def cmd_eval_geoparse(args) -> int:
    from ..evaluate.geoparse import evaluate_geoparse

    _print_metrics(evaluate_geoparse(args.files), args.json)
    return 0


def cmd_eval_claims_on_pages(args) -> int:
    from ..evaluate.claims import evaluate_claims_on_pages

    metrics = evaluate_claims_on_pages(args.files, split=args.split, details=args.errors)
    if args.json:
        print(json.dumps(metrics, ensure_ascii=False))
        return 0
    print(f"pages              {metrics['pages']}")
    for part in ("claims", "article", "comment"):
        m = metrics[part]
        print(f"{part:8} P {_fmt(m['precision'])}  R {_fmt(m['recall'])}  F1 {_fmt(m['f1'])}  "
              f"source right {_fmt(m['source_right'])}  whole {_fmt(m['source_whole'])}  "
              f"author {_fmt(m['author_right'])}  (pred {m['predicted']}, gold {m['gold']}, "
              f"matched {m['matched']})")
    for row in metrics.get("errors", []):
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _fmt(value) -> str:
    return "  -  " if value is None else f"{value:.3f}"
def cmd_eval_quantities(args) -> int:
    from ..evaluate.quantities import evaluate_quantities

    _print_metrics(evaluate_quantities(args.files, args.data), args.json)
    return 0
