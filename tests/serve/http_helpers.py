"""A tiny HTTP client for the tests (the standard library's, no redirects)."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    path = parts.path + ("?" + parts.query if parts.query else "")
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def get_json(url: str) -> dict:
    status, headers, body = get(url)
    assert status == 200, body[:300]
    assert headers["content-type"] == "application/json"
    return json.loads(body)
