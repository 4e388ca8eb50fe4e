"""The read-only web app: ``http.server``'s ThreadingHTTPServer plus Jinja2.

Why the standard library server: the UI serves one analyst (or a small team)
from a local file, so an ASGI stack (starlette + uvicorn and their pins) would
add dependencies without adding anything needed. Jinja2 is kept because
autoescaping makes every value in a template escaped unless a function
deliberately returns ``Markup`` (only ``marks.render_marks`` and the search
snippet do, after escaping the text themselves); it is already installed with
spaCy and pinned in the ``serve`` extra.

Safety: every response carries a strict Content-Security-Policy (no inline
script, nothing from other origins). On the loopback address the Host header
must name the loopback (DNS rebinding cannot reach the store); on any other
address every request must carry the token (``?token=`` once, which sets a
cookie, or ``Authorization: Bearer``).
"""
from __future__ import annotations

import hmac
import json
import mimetypes
import re
import secrets
import socket
import sys
import threading
import traceback
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from markupsafe import Markup

from . import analyses, queries
from .db import QueryTimeout, ReadOnlyStore
from .params import Params
from .render import render
from .views import ID, NotFound, resolve

__all__ = ["CSP", "LOOPBACK", "make_server", "serve"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
COOKIE = "claimscope_token"
STATIC = resources.files("claimscope.serve") / "static"
_STATIC_NAMES = {"app.js", "style.css", "world.png"}
RAW_PATH = re.compile(rf"/pages/{ID}/raw")


class Handler(BaseHTTPRequestHandler):
    server: App
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._set_cookie: str | None = None
        url = urlsplit(self.path)
        if not self._allowed(url.query):
            return
        try:
            self.server.store.refresh()  # a run may have added pages since the last request
            self._route(url.path, Params(url.query))
        except NotFound as exc:
            self._error(HTTPStatus.NOT_FOUND, str(exc), url.path)
        except QueryTimeout as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), url.path)
        except Exception:  # noqa: BLE001 - one bad request must not take the server down
            traceback.print_exc(file=sys.stderr)
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error (see the server log)",
                        url.path)

    def do_HEAD(self) -> None:
        self.do_GET()

    def _route(self, path: str, params: Params) -> None:
        if path == "/favicon.ico":  # browsers ask for it; there is none
            return self._send(HTTPStatus.NO_CONTENT, "image/x-icon", b"")
        if path.startswith("/static/"):
            return self._static(path.removeprefix("/static/"))
        raw = RAW_PATH.fullmatch(path)
        if raw:
            return self._raw(raw[1])
        api = path == "/api" or path.startswith("/api/")
        view_path = (path.removeprefix("/api") or "/") if api else path
        view, groups = resolve(view_path)
        data = view.fetch(self.server.store, params, groups)
        if api:
            self._send(HTTPStatus.OK, "application/json", _json(data))
        else:
            body = render(view.template, data, params=params, path=view_path)
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", body.encode())

    def _allowed(self, query: str) -> bool:
        app = self.server
        if app.token is None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
            if host not in LOOPBACK:
                self._send(HTTPStatus.FORBIDDEN, "text/plain", b"unexpected Host header")
                return False
            return True
        if self._token_ok(_query_token(query)):
            return True
        self._send(HTTPStatus.UNAUTHORIZED, "text/plain; charset=utf-8",
                   b"this server needs its token: add ?token=... to the URL")
        return False

    def _token_ok(self, from_query: str | None) -> bool:
        token = self.server.token or ""
        cookie = SimpleCookie(self.headers.get("Cookie") or "").get(COOKIE)
        bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        for given in (from_query, cookie.value if cookie else None, bearer):
            if given and hmac.compare_digest(given.encode(), token.encode()):
                if given == from_query:
                    self._set_cookie = f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
                return True
        return False

    def _static(self, name: str) -> None:
        if name not in _STATIC_NAMES:  # a fixed list: no path ever reaches the filesystem
            raise NotFound(f"no static file {name}")
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith("javascript"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, kind, (STATIC / name).read_bytes(), cache=True)

    def _raw(self, page_id: str) -> None:
        row = self.server.store.one("SELECT raw FROM pages WHERE id = ?", (page_id,))
        if row is None:
            raise NotFound(f"no page {page_id}")
        # served as an attachment of an opaque type: a hostile page is never rendered here
        self._send(HTTPStatus.OK, "application/octet-stream", bytes(row["raw"]),
                   extra={"Content-Disposition": f'attachment; filename="{page_id}.raw"'})

    def _error(self, status: HTTPStatus, message: str, path: str) -> None:
        if path.startswith("/api"):
            body, kind = _json({"error": message, "status": status.value}), "application/json"
        else:
            body = render("error.html", {"message": message, "status": status.value},
                          params=Params(), path=path).encode()
            kind = "text/html; charset=utf-8"
        self._send(status, kind, body)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, cache: bool = False,
              extra: dict | None = None) -> None:
        self.send_response(status)
        headers = {
            "Content-Type": kind, "Content-Length": str(len(body)),
            "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
            "Cache-Control": "max-age=3600" if cache else "no-store",
            **(extra or {}),
        }
        if self._set_cookie:
            headers["Set-Cookie"] = self._set_cookie
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _query_token(query: str) -> str | None:
    values = parse_qs(query).get("token")
    return values[-1] if values else None


def _json(data: object) -> bytes:
    default = lambda o: str(o) if isinstance(o, Markup) else repr(o)
    return json.dumps(data, default=default, ensure_ascii=False).encode()


class App(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: ReadOnlyStore, token: str | None,
                 verbose: bool = False) -> None:
        if ":" in address[0]:  # an IPv6 address such as ::1
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.store, self.token, self.verbose = store, token, verbose
        self.warming: threading.Thread | None = None


def make_server(db: str | Path, host: str = "127.0.0.1", port: int = 8765,
                token: str | None = None, verbose: bool = False, all_flags: bool = False) -> App:
    """A server over ``db`` (opened read-only). Off the loopback a token is required:
    the one given, or a fresh random one (read it from ``server.token``). Its views show
    the flags shown by default, or with ``all_flags`` every stored flag."""
    if host not in LOOPBACK and not token:
        token = secrets.token_urlsafe(24)
    app = App((host, port), ReadOnlyStore(db, all_flags=all_flags), token, verbose)
    # the store-wide summaries (home, filter drop-downs, the unfiltered sources,
    # flags, map and timeline) are computed once, in the background, so the first
    # visitor does not wait for them
    app.warming = threading.Thread(target=_warm, args=(app.store,), daemon=True)
    app.warming.start()
    return app


def _warm(store: ReadOnlyStore) -> None:
    try:
        queries.home(store)
        queries.options(store)
        for summary in (analyses.sources, analyses.flags, analyses.places, analyses.timeline):
            summary(store, Params())
    except Exception as exc:  # noqa: BLE001 - a cold cache is only slower; requests report errors
        sys.stderr.write(f"claimscope: could not precompute summaries: {exc}\n")


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8765,
          token: str | None = None, all_flags: bool = False) -> None:
    server = make_server(db, host, port, token, verbose=True, all_flags=all_flags)
    shown = host if ":" not in host else f"[{host}]"
    url = f"http://{shown}:{server.server_address[1]}/"
    if server.token:
        url += f"?token={server.token}"
    print(f"claimscope: serving {server.store.path} read-only at {url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
