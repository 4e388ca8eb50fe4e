"""``claimscope report``: one self-contained HTML file summarising a store or a
query, with the same highlighting as the web UI.

Self-contained means: CSS inline, the basemap inline as a data: URI, no script
at all, and a Content-Security-Policy meta tag that forbids every request
(``default-src 'none'``) in case a page's text ever slipped through escaping.
"""
from __future__ import annotations

import base64
import datetime
from pathlib import Path

from markupsafe import Markup

from .. import __version__
from . import analyses, document, queries
from .app import STATIC
from .db import ReadOnlyStore
from .params import MAX_PAGE_SIZE, Params
from .render import render

__all__ = ["build_report", "write_report"]


def _selected_ids(store: ReadOnlyStore, params: Params, max_pages: int) -> tuple[list[str], dict | None]:
    """The pages to show in full: those with search hits (best first) or those
    matching the filters."""
    if params.text("q"):
        hits = queries.search(store, Params({**params.as_dict(), "size": str(MAX_PAGE_SIZE)}))
        ids = list(dict.fromkeys(h["page_id"] for h in hits["hits"]))
        return ids[:max_pages], hits
    listed = queries.pages(store, Params({**params.as_dict(), "size": str(max_pages)}))
    return [p["id"] for p in listed["pages"]], None


def build_report(db: str | Path, filters: dict[str, str], max_pages: int = 20, all_flags: bool = False) -> str:
    store = ReadOnlyStore(db, all_flags=all_flags)
    params = Params(filters)
    max_pages = max(1, min(max_pages, MAX_PAGE_SIZE))
    ids, hits = _selected_ids(store, params, max_pages + 1)
    docs = [d for d in (document.document(store, pid) for pid in ids[:max_pages]) if d]
    basemap = "data:image/png;base64," + base64.b64encode((STATIC / "world.png").read_bytes()).decode()
    return render(
        "report.html", {}, params=params, path="/report", report=True,
        inline_css=Markup((STATIC / "style.css").read_text(encoding="utf-8")),
        store_name=store.path.name, version=__version__,
        written_at=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        filters=params.as_dict(), home=queries.home(store, params), hits=hits,
        places=analyses.places(store, params), basemap=basemap,
        selected=docs, truncated=len(ids) > max_pages,
    )


def write_report(db: str | Path, out: str | Path, filters: dict[str, str],
                 max_pages: int = 20, all_flags: bool = False) -> Path:
    html = build_report(db, filters, max_pages, all_flags)
    path = Path(out)
    path.write_text(html, encoding="utf-8")
    return path
