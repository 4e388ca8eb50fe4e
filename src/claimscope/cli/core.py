"""Core commands: run, show, search, stats, export, and eval segmentation."""
from __future__ import annotations

import argparse
import json
import os
import sys

from ..errors import ClaimscopeError, ConfigError, InputError
from ..pipeline import DEFAULT_STAGES, STAGES
from ..settings import CHOICES

PROFILES, DEVICES = CHOICES["profile"], CHOICES["device"]

DEFAULT_DB = "claimscope.db"


def add_db(parser) -> None:
    parser.add_argument("--db", default=os.environ.get("CLAIMSCOPE_DB", DEFAULT_DB),
                        help="SQLite store (default: %(default)s, or $CLAIMSCOPE_DB)")


def positive_int(text: str) -> int:
    """An argparse type: a count of at least 1 (``--limit 0`` would only ever print nothing)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is less than 1")
    return value


def print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=None, default=str))


def open_store(path: str, readonly: bool = True, all_flags: bool = True):
    """The existing store at ``path``: every command but ``run`` (and ``load``) needs one,
    and none of them may leave an empty file behind when ``--db`` is mistyped. Unless
    ``all_flags``, it shows only the flags shown by default (``Flag.shown``)."""
    from ..store import open_existing

    return open_existing(path, readonly=readonly, all_flags=all_flags)


ALL_FLAGS_HELP = ("also the flags kept in the store but not shown by default (propaganda techniques "
                  "scored under the threshold at which their flags are right at least half the time)")


def add_profile(parser) -> None:
    """``--profile``: which encoder reads the texts under the cue tagger and the classifiers
    (``claimscope.encoder.reader``); ``main`` configures it before the command runs."""
    parser.add_argument("--profile", choices=PROFILES, default=None,
                        help="accurate: MiniLM under the cue tagger and the classifiers (the default); "
                             "fast: the student encoder distilled from it, several times faster, a "
                             "little less accurate (sets the profile setting)")


def add_all_flags(parser) -> None:
    parser.add_argument("--all-flags", action="store_true", help=ALL_FLAGS_HELP)


def say_none(message: str) -> None:
    """A valid query that finds nothing: say so on standard error (the exit status stays 0)."""
    print(f"claimscope: {message}", file=sys.stderr)


def load_config(path: str | None, **overrides):
    """The run's settings (``overrides``: options given on the command line, None when
    not); an unreadable or malformed file is one line, not a traceback."""
    import tomllib

    from ..settings import load_settings

    if path and not os.path.isfile(path):
        raise ConfigError(f"no settings file at {path}")
    try:
        return load_settings(path, **overrides)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
    except (TypeError, ValueError) as exc:  # e.g. a [claimscope] that is not a table
        raise ConfigError(f"{path}: {exc}") from exc


def register(commands) -> None:
    p = commands.add_parser("run", help="ingest pages and run the per-page stages into a store")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders, globs, or - for standard input (text, HTML, WARC, JSONL)")
    add_db(p)
    p.add_argument("--stages", default=",".join(DEFAULT_STAGES),
                   help=f"comma-separated stages to run (known: {', '.join(STAGES)}; default %(default)s)")
    p.add_argument("--jobs", type=positive_int, default=None,
                   help="worker processes on this machine (default: one per core, as memory and the "
                        "pending pages allow; the records are the same whatever the number)")
    add_profile(p)
    p.add_argument("--device", choices=DEVICES, default=None,
                   help="where MiniLM runs: auto (a CUDA GPU when torch finds one, else the CPU; the "
                        "default), cpu or cuda (sets the device setting)")
    p.add_argument("--engine", default="local", choices=("local", "spark"))
    p.add_argument("--out", help="output folder (spark engine)")
    p.add_argument("--master", default="local[2]", help="Spark master (spark engine)")
    p.add_argument("--config", help="settings file (TOML)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(handler=cmd_run)

    p = commands.add_parser("show", help="show a page with its segments coloured by kind")
    p.add_argument("page_id", metavar="PAGE_ID", help="a page id or a unique prefix of one")
    add_db(p)
    p.add_argument("--no-colour", "--no-color", dest="colour", action="store_false")
    p.add_argument("--json", action="store_true", help="print the page analysis as JSON")
    add_all_flags(p)
    p.set_defaults(handler=cmd_show)

    p = commands.add_parser("search", help="full-text search over segments")
    p.add_argument("query")
    add_db(p)
    p.add_argument("--kind", choices=("article", "teaser", "comment", "boilerplate"))
    p.add_argument("--limit", type=positive_int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)

    p = commands.add_parser("stats", help="counts of what the store holds")
    add_db(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)

    p = commands.add_parser("export", help="export a table as JSONL, CSV or Parquet")
    p.add_argument("what", help="any table that stats counts: pages, segments, errors, runs, claims, entities, "
                   "places, quantities, dates, flags, links, clusters")
    add_db(p)
    p.add_argument("--format", default="jsonl", choices=("jsonl", "csv", "parquet"))
    p.add_argument("--out", help="output file (default: standard output)")
    add_all_flags(p)
    p.set_defaults(handler=cmd_export)


def register_eval(evals) -> None:
    p = evals.add_parser("segmentation", help="segment F1 per kind and author accuracy against gold files")
    p.add_argument("gold", nargs="+", metavar="GOLD_JSON")
    p.add_argument("--shared", help="folder that 'shared:' page paths refer to (default: ../shared)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_eval_segmentation)

    p = evals.add_parser("segmentation-real",
                         help="line F1 on real pages with line-labelled gold, beside the one-line rule and trafilatura")
    p.add_argument("files", nargs="+", metavar="JSONL",
                   help="rendered pages {id, text, labels[, trafilatura, authors]} (scripts/build_segment_data.py)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_eval_segmentation_real)

    p = evals.add_parser("extraction", help="main-text and comment word F1 on HTML pages with gold text")
    p.add_argument("files", nargs="+", metavar="JSONL", help="records {id, html} with gold_main/gold_comments (Dragnet) or gold (CleanEval markup, HTML)")
    p.add_argument("--limit", type=int, help="only the first N records")
    p.add_argument("--no-baseline", action="store_true", help="skip the trafilatura baseline")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_eval_extraction)


def cmd_eval_extraction(args) -> int:
    from ..evaluate.extraction import evaluate_extraction

    result = evaluate_extraction(args.files, args.limit, baseline=not args.no_baseline)
    if args.json:
        print_json(result)
        return 0
    for name, scores in (("claimscope", result), ("trafilatura", result.get("baseline_trafilatura"))):
        if not scores:
            continue
        for part in ("main", "comments"):
            r = scores[part]
            print(f"{name:12} {part:9} P {r['precision']}  R {r['recall']}  F1 {r['f1']}  pages {r['pages']}")
    return 0


def cmd_run(args) -> int:
    from ..ingest import missing_input
    from ..runner import run
    from ..store.read import check_store_path

    stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    settings = load_config(args.config, profile=args.profile, device=args.device)
    missing = missing_input(args.inputs)
    if missing is not None:  # a typo: said before a store is opened, not recorded as a failed page
        raise InputError(f"{missing}: no such file or folder, and no file matches it")
    if args.engine == "local":
        check_store_path(args.db)
    if args.engine == "spark":
        from ..engines.spark import run_spark

        return run_spark(args.inputs, args.out, stages=stages, master=args.master, settings=settings)
    summary = run(args.inputs, args.db, stages=stages, jobs=args.jobs, settings=settings,
                  quiet=args.quiet or not sys.stderr.isatty())
    print(f"run {summary.run_id}: {summary.pages_new} new page(s), {summary.pages_seen_before} already "
          f"stored, {summary.pages_analysed} analysed, {len(summary.errors)} error(s) -> {args.db}",
          file=sys.stderr)
    return 0 if summary.ok else 1


def cmd_show(args) -> int:
    from ..serve.terminal import render_page
    from ..store.read import find_page

    with open_store(args.db, all_flags=args.all_flags) as store:
        analysis = store.analysis(find_page(store, args.page_id).id)
    if args.json:
        from dataclasses import asdict

        data = {name: [asdict(r) for r in getattr(analysis, name)] for name in
                ("segments", "claims", "entities", "places", "quantities", "dates", "flags", "notices")}
        page = asdict(analysis.page)
        page.pop("raw")
        print_json({"page": page, **data})
        return 0
    print(render_page(analysis, colour=args.colour and sys.stdout.isatty()))
    return 0


def cmd_search(args) -> int:
    from ..serve.terminal import safe_text

    with open_store(args.db) as store:
        hits = store.search(args.query, args.limit, args.kind)
    if args.json:
        print_json(hits)
        return 0
    for h in hits:
        who = f" by {h['author']}" if h["author"] else (f" «{h['title']}»" if h["title"] else "")
        print(f"{h['page_id'][:12]} [{h['index']}] {h['kind']}{safe_text(who)} lines {h['line_start']}-{h['line_end']}")
        print("    " + safe_text(h["snippet"].replace("\n", " ")))
    if not hits:
        say_none(f"no segments match {args.query!r}" + (f" --kind {args.kind}" if args.kind else ""))
    return 0


def cmd_stats(args) -> int:
    with open_store(args.db) as store:
        stats = store.stats()
    if args.json:
        print_json(stats)
    else:
        for key, value in stats.items():
            print(f"{key:22} {value}")
    return 0


def cmd_export(args) -> int:
    from ..export import check_export, export_rows, write_rows

    if args.format == "parquet" and not args.out and sys.stdout.isatty():
        raise ClaimscopeError("refusing to write Parquet to a terminal; use --out FILE")
    check_export(args.what)  # before opening anything: a typo is a usage error
    with open_store(args.db, all_flags=args.all_flags) as store:
        count = write_rows(export_rows(store, args.what), args.format, args.out, what=args.what)
    if args.out:
        print(f"{count} {args.what} row(s) -> {args.out}", file=sys.stderr)
    elif count == 0:
        say_none(f"no {args.what} in {args.db}")
    return 0


def cmd_eval_segmentation_real(args) -> int:
    from ..evaluate.segmentation_real import evaluate_real, load_labelled

    result = evaluate_real(load_labelled(args.files))
    if args.json:
        print_json(result)
        return 0
    print(f"pages {result['pages']} (news {result['news_pages']}, with comments {result['thread_pages']})")
    for system in ("claimscope", "one_line_rule", "trafilatura"):
        if system in result:
            print(f"{system:14} " + "  ".join(f"{k} {v}" for k, v in result[system].items()))
    for renderer, figures in result["claimscope_by_renderer"].items():
        print(f"  rendered by {renderer}: " + "  ".join(f"{k} {v}" for k, v in figures.items()))
    return 0


def cmd_eval_segmentation(args) -> int:
    from ..evaluate.segmentation import evaluate_segmentation, load_gold

    result = evaluate_segmentation(load_gold(args.gold, args.shared))
    if args.json:
        print_json(result)
        return 0
    print(f"{'kind':12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for kind in ("article", "teaser", "comment", "boilerplate"):
        r = result[kind]
        print(f"{kind:12} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['gold']:5d} {r['predicted']:5d}")
    print(f"author accuracy: {result['author_accuracy']}")
    for key in ("html_comment_recall", "html_author_accuracy"):
        if key in result:
            print(f"{key}: {result[key]}")
    return 0
