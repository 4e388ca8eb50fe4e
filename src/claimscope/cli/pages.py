"""``claimscope pages``: which pages a store holds, with what was found on each."""
from __future__ import annotations

import argparse
import sys

from .core import add_all_flags, add_db, open_store, positive_int, print_json, say_none

__all__ = ["register"]

ID_CHARS = 12  # as in every other listing; `show` and `similar` take a unique prefix


def register(commands) -> None:
    p = commands.add_parser("pages", help="list pages: id, source, outlet, date, segments, claims, flags")
    add_db(p)
    p.add_argument("--outlet", help="only pages of this outlet (whole name, any case)")
    p.add_argument("--since", metavar="DATE", type=_date, help="only pages published on or after DATE (YYYY[-MM[-DD]])")
    p.add_argument("--until", metavar="DATE", type=_date, help="only pages published on or before DATE (YYYY[-MM[-DD]])")
    p.add_argument("--source", metavar="TEXT", help="only pages whose source path or URL contains TEXT")
    p.add_argument("--limit", type=positive_int, help="list at most this many")
    p.add_argument("--json", action="store_true", help="one JSON object per line, with full ids")
    add_all_flags(p)
    p.set_defaults(handler=cmd_pages)


def _date(text: str) -> str:
    from ..errors import QueryError
    from ..store.read import check_date

    try:
        return check_date(text)
    except QueryError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_pages(args) -> int:
    from ..store.read import page_summaries

    with open_store(args.db, all_flags=args.all_flags) as store:
        rows, total = page_summaries(store, outlet=args.outlet, since=args.since, until=args.until,
                                     source=args.source, limit=args.limit)
    for row in rows:
        if args.json:
            print_json(row)
        else:
            print(_line(row))
    if not rows:
        say_none("no pages match" + _filters(args) if _filters(args) else f"no pages in {args.db}")
    elif len(rows) < total:
        print(f"claimscope: {len(rows)} of {total} pages shown (--limit {args.limit})", file=sys.stderr)
    return 0


def _line(row: dict) -> str:
    from ..serve.terminal import safe_text

    where = safe_text(row["url"] or row["source"])
    return (f"{row['id'][:ID_CHARS]}  {row['published'] or '-':10}  {safe_text(row['outlet'] or '-'):20}  "
            f"{row['segments']:4} seg {row['claims']:4} claims {row['flags']:4} flags  {where}")


def _filters(args) -> str:
    given = [(name, getattr(args, name)) for name in ("outlet", "since", "until", "source")]
    return "".join(f" --{name} {value}" for name, value in given if value)
