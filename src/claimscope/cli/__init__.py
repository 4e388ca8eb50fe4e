"""The ``claimscope`` command. Each subcommand parses its arguments and calls one
library function; errors from the library become one message and an exit code.

Exit codes: 0 success, 1 some inputs or pages failed (the rest was processed),
2 bad usage or a missing dependency, 130 interrupted.

A user's mistake (bad arguments, a missing or malformed settings file or catalogue,
an unknown setting or label, a missing store, an unknown page) is one line on
standard error and exit 2, never a traceback. A valid query that finds nothing
exits 0 and says so on standard error, so that standard output stays data.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..errors import ClaimscopeError, MissingDependency


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line (argparse prints the usage block first)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


# Modules that add subcommands, in the order they appear in --help. Each has
# register(subparsers) and, optionally, register_eval(eval_subparsers).
COMMAND_MODULES = (
    "claimscope.cli.core",
    "claimscope.cli.pages",
    "claimscope.cli.extract",
    "claimscope.cli.classify",
    "claimscope.cli.link",
    "claimscope.cli.engines",
    "claimscope.cli.serve",
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
        if getattr(args, "profile", None):
            from ..encoder import configure

            configure(args.profile)
        return int(args.handler(args) or 0)
    except MissingDependency as exc:
        print(f"claimscope: {exc}", file=sys.stderr)
        return 2
    except ClaimscopeError as exc:
        print(f"claimscope: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        return 0
    except OSError as exc:
        if exc.filename is None:
            raise
        # a path the user named (an input, --out) that cannot be read or written
        print(f"claimscope: error: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimscope: interrupted; run the same command again to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
