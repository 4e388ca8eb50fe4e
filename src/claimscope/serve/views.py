"""The views: URL patterns, the function that fetches each one's data, and its
template. The same data is served as HTML at ``/path`` and as JSON at
``/api/path``, so every view is a shareable URL in both forms."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import analyses, document, queries
from .db import ReadOnlyStore
from .params import Params

__all__ = ["ROUTES", "NotFound", "View", "resolve"]


class NotFound(Exception):
    """No such view or record."""


@dataclass(frozen=True)
class View:
    pattern: re.Pattern
    template: str
    fetch: Callable[[ReadOnlyStore, Params, tuple[str, ...]], dict]


def _home(store, params, _):
    return queries.home(store, params)


def _search(store, params, _):
    return {**queries.search(store, params), "options": queries.options(store)}


def _pages(store, params, _):
    return {**queries.pages(store, params), "options": queries.options(store)}


def _document(store, params, groups):
    # no layer parameters: every layer; the form's layers_set marks "only these"
    chosen = params.many("layer")
    layers = set(chosen) & set(document.LAYERS) if chosen or params.text("layers_set") else None
    found = document.document(store, groups[0], layers)
    if found is None:
        raise NotFound(f"no page {groups[0]}")
    return found


def _trace(store, params, groups):
    found = document.trace(store, groups[0])
    if found is None:
        raise NotFound(f"no claim {groups[0]}")
    return found


def _with_options(fetch):
    return lambda store, params, _: {**fetch(store, params), "options": queries.options(store)}


ID = r"([0-9A-Za-z_.:\-]{1,200})"  # the ids a path may carry (pages, claims)
ROUTES: tuple[View, ...] = (
    View(re.compile(r"/"), "home.html", _home),
    View(re.compile(r"/search"), "search.html", _search),
    View(re.compile(r"/pages"), "pages.html", _pages),
    View(re.compile(rf"/pages/{ID}"), "document.html", _document),
    View(re.compile(rf"/claims/{ID}"), "trace.html", _trace),
    View(re.compile(r"/sources"), "sources.html", _with_options(analyses.sources)),
    View(re.compile(r"/flags"), "flags.html", _with_options(analyses.flags)),
    View(re.compile(r"/map"), "map.html", _with_options(analyses.places)),
    View(re.compile(r"/timeline"), "timeline.html", _with_options(analyses.timeline)),
    View(re.compile(r"/stories"), "stories.html", lambda s, p, _: analyses.stories(s, p)),
)


def resolve(path: str) -> tuple[View, tuple[str, ...]]:
    for view in ROUTES:
        match = view.pattern.fullmatch(path)
        if match:
            return view, match.groups()
    raise NotFound(f"no view at {path}")
