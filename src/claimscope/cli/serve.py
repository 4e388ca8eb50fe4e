"""The web commands: ``serve`` (read-only web UI) and ``report`` (one HTML file)."""
from __future__ import annotations

import os

from ..errors import require
from .core import add_all_flags

DEFAULT_DB = "claimscope.db"
# report filter -> help; the same names as the web UI's query parameters
FILTERS = {
    "q": "full-text query (FTS5 syntax or plain words): pages with matching segments",
    "outlet": "only pages of this outlet",
    "kind": "with --q: only matches in this segment kind (article, teaser, comment, boilerplate)",
    "date_from": "only pages published on or after this date (YYYY-MM-DD)",
    "date_to": "only pages published on or before this date (YYYY-MM-DD)",
    "flag": "only pages with a flag of this label (e.g. hate, propaganda:Loaded_Language)",
    "narrative": "only pages flagged with this narrative id",
    "source": "only pages quoting this source",
    "place": "only pages mentioning this place",
}


def _db(parser) -> None:
    parser.add_argument("--db", default=os.environ.get("CLAIMSCOPE_DB", DEFAULT_DB),
                        help="SQLite store, opened read-only (default: %(default)s, or $CLAIMSCOPE_DB)")


def register(commands) -> None:
    p = commands.add_parser("serve", help="browse a store in a read-only web UI")
    _db(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default %(default)s; any other address needs a token)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--token", help="token required on every request (generated and printed "
                   "when binding a non-loopback address without one)")
    add_all_flags(p)
    p.set_defaults(handler=cmd_serve)

    p = commands.add_parser("report", help="write one self-contained HTML report of a store or query")
    _db(p)
    p.add_argument("--out", required=True, help="HTML file to write")
    for name, text in FILTERS.items():
        p.add_argument("--" + name.replace("_", "-"), dest=name, help=text)
    p.add_argument("--max-pages", type=int, default=20, help="pages shown in full (default %(default)s)")
    add_all_flags(p)
    p.set_defaults(handler=cmd_report)


def cmd_serve(args) -> int:
    require("jinja2", "serve")
    from ..serve.app import serve

    serve(args.db, host=args.host, port=args.port, token=args.token, all_flags=args.all_flags)
    return 0


def cmd_report(args) -> int:
    require("jinja2", "serve")
    from ..serve.report import write_report

    filters = {name: getattr(args, name) for name in FILTERS if getattr(args, name)}
    path = write_report(args.db, args.out, filters, max_pages=args.max_pages, all_flags=args.all_flags)
    print(f"claimscope: wrote {path}")
    return 0
