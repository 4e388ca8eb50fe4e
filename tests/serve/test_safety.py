"""Hostile input and hostile clients: escaping, CSP, token, Host check,
read-only opening, bounded query time, static files and raw bytes."""
from __future__ import annotations

import hashlib
import sqlite3
from html.parser import HTMLParser

import pytest

from claimscope.serve.app import CSP
from claimscope.serve.db import QueryTimeout, ReadOnlyStore, StoreMissing

from .hostile import PAYLOADS
from .http_helpers import get

VIEWS = ("/", "/search?q=envoy", "/search?q=script", "/pages", "/sources", "/flags", "/map",
         "/timeline", "/stories?kind=same_claim")


def _views(ids: dict[str, str]) -> list[str]:
    return [*VIEWS, f"/pages/{ids['hostile']}", f"/pages/{ids['first']}",
            f"/claims/{ids['hostile_claim']}", f"/claims/{ids['claim']}"]


class _Elements(HTMLParser):
    """Every element the browser would build from the HTML, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def injected(html: str) -> list[tuple[str, dict]]:
    """Elements or attributes no claimscope template writes: what a payload would add."""
    parser = _Elements()
    parser.feed(html)
    bad = []
    for tag, attrs in parser.elements:
        handlers = [a for a in attrs if a.startswith("on")]
        href = (attrs.get("href") or "").strip().lower()
        basemap = tag == "image" and href.startswith("data:image/png;base64,")  # the report's
        if (handlers or tag in ("img", "iframe", "object", "embed")
                or (tag == "script" and attrs.get("src") != "/static/app.js")
                or href.startswith("javascript:") or (href.startswith("data:") and not basemap)):
            bad.append((tag, attrs))
    return bad


def test_every_view_escapes_hostile_text_and_sends_the_csp(fast_store, start_server):
    path, ids = fast_store
    base = start_server(path).url
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    for view in _views(ids):
        status, headers, body = get(base + view)
        html = body.decode()
        assert status == 200, view
        assert headers["content-security-policy"] == CSP
        assert injected(html) == [], view
        assert html.count("<script") == 1, view


def test_the_element_check_can_fail():
    assert injected('<p><img src=x onerror=alert(1)></p>')
    assert injected('<a href=" JavaScript:alert(1)">x</a>')
    assert injected("<script>alert(1)</script>")


def test_hostile_page_shows_its_payloads_as_text(fast_store, start_server):
    path, ids = fast_store
    html = get(start_server(path).url + f"/pages/{ids['hostile']}")[2].decode()
    assert "&lt;script&gt;alert(&#39;xss-script&#39;)&lt;/script&gt;" in html
    assert "&lt;/mark&gt;&lt;script&gt;" in html  # the fake </mark> is text inside a mark
    assert html.count("<mark") == html.count("</mark>")


def test_loopback_server_refuses_foreign_host_headers(fast_store, start_server):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 gets nothing."""
    base = start_server(fast_store[0]).url
    assert get(base + "/api/", {"Host": "evil.example"})[0] == 403
    assert get(base + "/api/", {"Host": "localhost:1234"})[0] == 200


def test_other_addresses_need_the_token_on_every_request(fast_store, start_server):
    running = start_server(fast_store[0], host="0.0.0.0")
    token, base = running.server.token, running.url
    assert token and len(token) >= 24  # generated because none was given
    assert get(base + "/api/")[0] == 401
    assert get(base + "/static/app.js")[0] == 401
    assert get(base + "/api/?token=wrong")[0] == 401
    status, headers, _ = get(base + f"/api/?token={token}")
    assert status == 200 and "HttpOnly" in headers["set-cookie"]
    cookie = headers["set-cookie"].split(";")[0]
    assert get(base + "/static/app.js", {"Cookie": cookie})[0] == 200
    assert get(base + "/api/pages", {"Authorization": f"Bearer {token}"})[0] == 200


def test_given_token_is_used(fast_store, start_server):
    running = start_server(fast_store[0], host="0.0.0.0", token="s3cret-s3cret")
    assert get(running.url + "/api/?token=s3cret-s3cret")[0] == 200
    assert get(running.url + "/api/")[0] == 401


def test_store_is_opened_read_only_and_left_unchanged(fast_store, start_server):
    path, ids = fast_store
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    store = ReadOnlyStore(path)
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM pages")
    base = start_server(path).url
    for view in _views(ids):
        get(base + view)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_store_is_not_created(tmp_path):
    with pytest.raises(StoreMissing):
        ReadOnlyStore(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_a_runaway_query_is_interrupted(fast_store):
    store = ReadOnlyStore(fast_store[0], query_seconds=0.05)
    with pytest.raises(QueryTimeout):
        store.all("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                  "SELECT count(*) FROM n")
    assert store.value("SELECT count(*) FROM pages") == 3  # the connection still works


def test_user_values_never_become_sql(fast_store, start_server):
    path, _ = fast_store
    base = start_server(path).url
    for attack in ("x' OR '1'='1", "1; DROP TABLE pages", '") OR 1=1 --'):
        status, _, _ = get(base + "/api/pages?outlet=" + attack.replace(" ", "+"))
        assert status == 200
    assert ReadOnlyStore(path).value("SELECT count(*) FROM pages") == 3


def test_static_files_are_a_fixed_list(fast_store, start_server):
    base = start_server(fast_store[0]).url
    assert get(base + "/static/app.js")[1]["content-type"].startswith("text/javascript")
    for path in ("/static/../db.py", "/static/%2e%2e/app.py", "/static/templates/base.html"):
        assert get(base + path)[0] == 404


def test_raw_bytes_download_as_an_attachment(fast_store, start_server):
    path, ids = fast_store
    status, headers, body = get(start_server(path).url + f"/pages/{ids['hostile']}/raw")
    assert status == 200 and headers["content-type"] == "application/octet-stream"
    assert headers["content-disposition"].startswith("attachment")
    assert PAYLOADS[0].encode() in body


def test_long_and_odd_parameters_are_bounded(fast_store, start_server):
    base = start_server(fast_store[0]).url
    assert get(base + "/api/pages?size=100000&page=-4")[0] == 200
    assert get(base + "/api/search?q=" + "a" * 5000)[0] == 200
    assert get(base + "/api/flags?min_score=nan")[0] == 200


def test_serve_command_prints_a_token_url_that_works(fast_store):
    """The real command: off the loopback it generates a token and prints it."""
    import re
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "claimscope", "serve", "--db", str(fast_store[0]),
         "--host", "0.0.0.0", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        found = re.search(r"http://0\.0\.0\.0:(\d+)/\?token=(\S+)", line)
        assert found, line
        base = f"http://127.0.0.1:{found[1]}"
        assert get(base + "/api/")[0] == 401
        assert get(base + f"/api/?token={found[2]}")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_ipv6_loopback_binds_without_a_token(fast_store):
    import socket

    from claimscope.serve.app import make_server

    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        server = make_server(fast_store[0], host="::1", port=0)
    except OSError:
        pytest.skip("::1 is not configured here")
    assert server.token is None and server.address_family == socket.AF_INET6
    server.server_close()


def test_concurrent_requests_while_the_store_grows(fast_store, start_server, tmp_path):
    """Readers keep answering while a writer adds pages (the metadata copy is
    rebuilt beside the old one, never in place)."""
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    from claimscope.store import Store

    from .store_builder import text_page

    db = tmp_path / "busy.db"
    shutil.copy(fast_store[0], db)
    base = start_server(db).url

    def read(n: int) -> int:
        return get(base + ("/api/", "/api/pages", "/api/search?q=sanctions")[n % 3])[0]

    with ThreadPoolExecutor(8) as pool:
        pending = [pool.submit(read, n) for n in range(60)]
        with Store(db) as store:
            for n in range(5):
                store.add_page(text_page(f"page {n} about sanctions", f"mem/{n}"))
        assert {f.result() for f in pending} == {200}
    assert ReadOnlyStore(db).value("SELECT count(*) FROM pages") == 8


ODD_REQUESTS = (
    "/pages?page=abc&size=-1", "/flags?min_score=2", "/flags?min_score=-inf", "/timeline?by=year",
    "/stories?kind=%3Cscript%3E", "/search?q=", "/search?q=*", "/search?q=NEAR(a%20b)",
    "/search?q=a:b", "/search?q=%22", "/search?q=)", "/search?q=text:x", "/search?q=%00",
    "/search?q=%F0%9F%92%A9", "/search?q=-sanctions", "/search?q=%7B", "/search?q=a%20AND",
    "/pages/..", "/api/pages/x/raw", "/pages?date_from=zzz", "/search?q=a&date_to=%27",
    "/api/search?q=sanctions&page=99999", "/map?outlet=%00", "/claims/" + "a" * 300, "//",
    "/api/api/", "/static/", "/pages/%2e%2e/raw", "/search?q=a&kind=nope",
    "/sources?source=%25", "/pages?place=%25%25",
)


def test_odd_requests_get_an_answer_not_an_error(fast_store, start_server):
    base = start_server(fast_store[0]).url
    answers = {path: get(base + path) for path in ODD_REQUESTS}
    assert {p: s for p, (s, _, _) in answers.items() if s not in (200, 404)} == {}
    assert all(h["content-security-policy"] == CSP for _, h, _ in answers.values())
