"""Launching Debian's chromium through Playwright, the same way in the tests and
in scripts/serve_screenshots.py. Nothing is downloaded: no ``playwright install``."""
from __future__ import annotations

import os
import shutil

CHROMIUM = os.environ.get("CLAIMSCOPE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# no background traffic of the browser's own (updates, sync, QUIC probes)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def available() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not os.path.exists(CHROMIUM):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
