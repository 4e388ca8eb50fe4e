"""Screenshots of the web UI's main views for the README (docs/screenshots/).

    python scripts/serve_screenshots.py --db example.db

Starts the server on an ephemeral loopback port, opens each view in Debian's
chromium (the same launch as tests/serve) and saves a viewport-sized PNG.
"""
from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.serve.browser, the shared browser launch

from claimscope.serve.app import make_server  # noqa: E402
from tests.serve import browser as chromium  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def views(store) -> dict[str, str]:
    busiest = store.value("SELECT page_id FROM claims GROUP BY page_id ORDER BY count(*) DESC, "
                          "page_id LIMIT 1")
    return {"home": "/", "search": "/search?q=sanctions", "document": f"/pages/{busiest}",
            "sources": "/sources", "flags": "/flags?min_score=0.3", "map": "/map",
            "timeline": "/timeline", "stories": "/stories", "pages": "/pages"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = make_server(args.db, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        for name, path in views(server.store).items():
            page.goto(base + path)
            page.screenshot(path=str(out / f"{name}.png"))
            print(f"{name}: {out / (name + '.png')}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
