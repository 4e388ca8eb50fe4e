"""claimscope's exceptions. Library code raises these; only the CLI turns them
into messages and exit codes.

ClaimscopeError
 ├── InputError            an input could not be read or decoded into a page
 │    └── InputTooLarge    it is bigger than the ``max_page_bytes`` setting
 ├── MissingDependency     a stage needs an optional extra that is not installed
 ├── ArtefactMismatch      a shipped model file is not the one ``claimscope.artefacts`` lists
 ├── ConfigError           a settings file, catalogue or model file is missing or malformed
 ├── StoreError            a store is missing, or the file is not a claimscope store
 ├── QueryError            a query names what does not exist (an unknown label or page)
 ├── StageOrderError       stages were asked for in an order that cannot work
 └── EvalFormatError       an evaluation file is not in the expected format
"""
from __future__ import annotations

__all__ = [
    "ClaimscopeError",
    "ConfigError",
    "EvalFormatError",
    "InputError",
    "InputTooLarge",
    "MissingDependency",
    "ArtefactMismatch",
    "QueryError",
    "StageOrderError",
    "StoreError",
    "require",
]


class ClaimscopeError(Exception):
    pass


class InputError(ClaimscopeError):
    pass


class InputTooLarge(InputError):
    pass


class MissingDependency(ClaimscopeError):
    pass


class ArtefactMismatch(ClaimscopeError):
    pass


class ConfigError(ClaimscopeError):
    pass


class StoreError(ClaimscopeError):
    pass


class QueryError(ClaimscopeError):
    pass


class StageOrderError(ClaimscopeError):
    pass


class EvalFormatError(ClaimscopeError):
    pass


def require(module: str, extra: str):
    """Import ``module`` or fail with the pip command that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(
            f"{module} is needed here; install it with: pip install 'claimscope[{extra}]'"
        ) from exc
