"""Jinja2 rendering with autoescaping on for every template (page text, author
names and URLs from scraped pages are hostile input)."""
from __future__ import annotations

from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .marks import MARK_KINDS
from .params import Params
from .views_nav import NAV

__all__ = ["environment", "render", "safe_href"]


def safe_href(url: str | None) -> str | None:
    """A scraped URL usable as a link only when it is plain http(s); a
    ``javascript:`` or ``data:`` URL is shown as text, never as a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _short(value: object, chars: int = 80) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= chars else text[: chars - 1] + "…"


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimscope.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short"] = _short
    env.globals.update(safe_href=safe_href, NAV=NAV, MARK_KINDS=MARK_KINDS, report=False)
    return env


_ENV = environment()


def render(template: str, data: dict, params: Params, path: str, **extra: object) -> str:
    return _ENV.get_template(template).render(d=data, params=params, path=path, **extra)
