"""Commands of the link area: link, trace, similar, stories, eval claim-matching."""
from __future__ import annotations

import json
import sys

from ..errors import StoreError
from .core import add_db as _db
from .core import add_profile, open_store, say_none

__all__ = ["register", "register_eval"]


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def register(commands) -> None:
    p = commands.add_parser("link", help="link pages across the corpus: same text, claim, story")
    _db(p)
    p.add_argument("--rebuild", action="store_true", help="forget earlier linking and start over")
    p.add_argument("--steps", default="near_duplicates,claims,stories",
                   help="comma-separated subset of near_duplicates,claims,stories")
    p.add_argument("--engine", default="local", choices=("local", "spark"),
                   help="spark: link a Spark run's Parquet tables (--out) with Spark joins; "
                        "stories stay local")
    p.add_argument("--out", help="the --out folder of 'claimscope run --engine spark' (spark engine)")
    p.add_argument("--master", default="local[2]", help="Spark master (spark engine)")
    p.add_argument("--config", help="settings file (TOML): the link thresholds, as in 'claimscope run'")
    add_profile(p)  # the claims step's vectors: MiniLM's, or the student's under fast
    p.set_defaults(handler=cmd_link)

    p = commands.add_parser("trace", help="who said a claim first, and every repeat")
    p.add_argument("claim", help="claim text, claim id or cluster id")
    _db(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_trace)

    p = commands.add_parser("similar", help="pages sharing text, claims or stories with a page")
    p.add_argument("page_id", help="page id (a unique prefix is enough)")
    _db(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_similar)

    p = commands.add_parser("stories", help="stories: article segments about the same event")
    _db(p)
    p.add_argument("--min-size", type=int, default=2, help="smallest story to list (default 2)")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_stories)


def register_eval(evals) -> None:
    p = evals.add_parser("claim-matching",
                         help="rank verified claims for queries (CLEF CheckThat! 2020 task 2)")
    p.add_argument("queries", help="queries TSV: id, text (header row)")
    p.add_argument("claims", help="verified claims TSV: id, claim, title (header row)")
    p.add_argument("qrels", help="TREC qrels: query id, 0, claim id, relevance")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    p.add_argument("--run", help="also write the ranking as a TREC run file here")
    p.add_argument("--calibrate", action="store_true",
                   help="fit the score blend and same-claim threshold on these files instead")
    p.set_defaults(handler=cmd_eval_claim_matching)

    p = evals.add_parser("link-matcher",
                         help="the corpus linker's same-claim matcher and page rule on CLEF CheckThat! 2020 task 2")
    p.add_argument("queries", help="queries TSV: id, text (header row)")
    p.add_argument("claims", help="verified claims TSV: id, claim, title (header row)")
    p.add_argument("qrels", help="TREC qrels: query id, 0, claim id, relevance")
    p.add_argument("--config", help="settings file (TOML): the same_claim_* thresholds")
    p.add_argument("--pairs", help="also write every (query, candidate) pair's features as JSONL here")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")
    add_profile(p)
    p.set_defaults(handler=cmd_eval_link_matcher)


def _open_linked(path: str):
    """The existing store at ``path``, read-only, once ``claimscope link`` has run on it."""
    from ..store.read import has_table

    store = open_store(path)
    if not has_table(store, "link_members"):
        store.close()
        raise StoreError(f"{path} has not been linked yet; run: claimscope link --db {path}")
    return store


def _progress(step: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{step}: {done}/{total} pages", end="" if done < total else "\n",
              file=sys.stderr)


def cmd_link(args) -> int:
    from ..link import link_corpus
    from ..segment import segment_page
    from .core import load_config

    steps = tuple(s.strip() for s in args.steps.split(",") if s.strip())
    settings = load_config(args.config, profile=args.profile)
    if args.engine == "spark":
        return _link_on_spark(args, steps, settings)
    with open_store(args.db, readonly=False) as store:  # it writes links, but never a new store
        counters = link_corpus(store, rebuild=args.rebuild, steps=steps, progress=_progress,
                               segmenter=segment_page, settings=settings)
    for step, c in counters.items():
        print(f"{step}: {c['pages']} page(s) linked, {c['links']} link(s), {c['seconds']} s")
    return 0


def _link_on_spark(args, steps: tuple[str, ...], settings) -> int:
    from ..engines.spark_link import SPARK_STEPS, link_spark
    from ..errors import ClaimscopeError

    if not args.out:
        raise ClaimscopeError("the spark engine links Parquet tables: give --out DIR")
    local_only = [s for s in steps if s not in SPARK_STEPS]
    if local_only:
        print(f"claimscope: note: {', '.join(local_only)} run on the store: after 'claimscope load "
              f"{args.out} --db FILE' run 'claimscope link --db FILE --steps {','.join(local_only)}'",
              file=sys.stderr)
    counters = link_spark(args.out, steps=[s for s in steps if s in SPARK_STEPS], master=args.master,
                          quiet=True, settings=settings)
    for step, c in counters.items():
        print(f"{step}: {c['links']} link(s), {c['seconds']} s -> {args.out}")
    return 0


def cmd_trace(args) -> int:
    from ..link.query import trace

    with _open_linked(args.db) as store:
        result = trace(store, args.claim)
    found = result["match"] is not None or result["cluster_id"] is not None
    if not found:  # said in JSON mode too: standard error is not the data
        say_none(f"no stored claim matches {args.claim!r}")
    if args.json:
        _print_json(result)
        return 0
    if not found:
        return 0
    if result["match"]:
        m = result["match"]
        print(f"best match ({m['similarity']}): {_where(m)}\n  {_short(m['text'])}")
    first = result["first_seen"]
    if first is None:
        print("no repeats on other pages")
        return 0
    print(f"first seen: {_where(first)}\n  {_short(first['text'])}")
    for r in result["repeats"]:
        print(f"repeat: {_where(r)}\n  {_short(r['text'])}")
        if r["wording_changes"]:
            print("  changes: " + "; ".join(r["wording_changes"]))
    return 0


def _where(span: dict) -> str:
    said = f" said by {span['said_by']}" if span.get("said_by") else ""
    return (f"{span['date'] or 'undated'} {span['outlet'] or ''} {span['source']} "
            f"lines {span['line_start']}-{span['line_end']}{said}").replace("  ", " ")


def _short(text: str, width: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width] + "…"


def cmd_similar(args) -> int:
    from ..link.query import similar
    from ..store.read import find_page

    with _open_linked(args.db) as store:
        result = similar(store, find_page(store, args.page_id).id)
    if not result["links"]:
        say_none(f"no links from page {result['page_id'][:12]} to any other")
    if args.json:
        _print_json(result)
        return 0
    for kind, rows in result["links"].items():
        print(f"{kind} ({len(rows)})")
        for row in rows:
            this, other = row["this"], row["other"]
            print(f"  {row['similarity']:.3f} lines {this['line_start']}-{this['line_end']} <-> "
                  f"{_where(other)}\n    {_short(other['text'], 160)}")
    return 0


def cmd_stories(args) -> int:
    from ..link.query import stories

    with _open_linked(args.db) as store:
        result = stories(store, min_size=args.min_size, limit=args.limit)
    if not result:
        say_none(f"no stories of {args.min_size} or more articles")
    if args.json:
        _print_json({"stories": result})
        return 0
    for story in result:
        print(f"{story['cluster_id']}  {story['size']} articles, first {story['first_seen']}")
        for a in story["articles"]:
            print(f"  {_where(a)}  {a['headline']}")
    return 0


def cmd_eval_claim_matching(args) -> int:
    from ..evaluate.claim_matching import calibrate, evaluate_files

    if args.calibrate:
        result = calibrate(args.queries, args.claims, args.qrels)
    else:
        result = evaluate_files(args.queries, args.claims, args.qrels, run_path=args.run)
    _print_result(result, args.json)
    return 0


def cmd_eval_link_matcher(args) -> int:
    from ..evaluate.link_matcher import evaluate_link_matcher
    from .core import load_config

    result = evaluate_link_matcher(args.queries, args.claims, args.qrels,
                                   load_config(args.config, profile=args.profile), pairs_path=args.pairs)
    _print_result(result, args.json)
    return 0


def _print_result(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}\t{value}")
