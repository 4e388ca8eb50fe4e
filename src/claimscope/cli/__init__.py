"""The ``claimscope`` command. Each subcommand parses its arguments and calls one
library function; errors from the library become one message and an exit code.

Exit codes: 0 success, 1 some inputs or pages failed (the rest was processed),
2 bad usage or a missing dependency, 130 interrupted.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import ClaimscopeError, MissingDependency

# Modules that add subcommands, in the order they appear in --help. Each has
# register(subparsers) and, optionally, register_eval(eval_subparsers).
COMMAND_MODULES = (
    "claimscope.cli.core",
    "claimscope.cli.extract",
    "claimscope.cli.classify",
    "claimscope.cli.link",
    "claimscope.cli.engines",
    "claimscope.cli.serve",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimscope",
        description="Turn scraped pages into a cited, searchable evidence base.",
    )
    parser.add_argument("--version", action="version", version=f"claimscope {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    evaluate = commands.add_parser("eval", help="measure a stage against labelled data")
    evals = evaluate.add_subparsers(dest="eval_command", metavar="TASK")
    evals.required = True
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            if exc.name == name:  # that area is not part of this build
                continue
            raise
        module.register(commands)
        if hasattr(module, "register_eval"):
            module.register_eval(evals)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except MissingDependency as exc:
        print(f"claimscope: {exc}", file=sys.stderr)
        return 2
    except ClaimscopeError as exc:
        print(f"claimscope: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimscope: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
