"""Engine commands: ``load`` a Spark run's Parquet tables into a store, ``spark-sql`` over them.

(``claimscope run --engine spark`` itself lives with ``run`` in ``cli/core.py``.)
"""
from __future__ import annotations

import sys

from .core import add_db, print_json


def register(commands) -> None:
    p = commands.add_parser("load", help="load the Parquet tables of a Spark run into a SQLite store")
    p.add_argument("out_dir", metavar="DIR", help="the --out folder of 'claimscope run --engine spark'")
    add_db(p)
    p.set_defaults(handler=cmd_load)

    p = commands.add_parser("spark-sql", help="query a Spark run's Parquet tables with Spark SQL")
    p.add_argument("out_dir", metavar="DIR")
    p.add_argument("query", help="SQL over the views pages, segments, claims, flags, errors, line_stats, links, "
                   "clusters, ...")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_spark_sql)


def cmd_load(args) -> int:
    from ..engines.parquet_load import describe, load_parquet_into_store
    from ..store.read import check_store_path

    check_store_path(args.db)
    summary = load_parquet_into_store(args.out_dir, args.db)
    print(describe(summary, args.db), file=sys.stderr)
    return 0


def cmd_spark_sql(args) -> int:
    from ..engines.spark import spark_sql

    for row in spark_sql(args.out_dir, args.query, args.master, args.limit):
        print_json(row)
    return 0
