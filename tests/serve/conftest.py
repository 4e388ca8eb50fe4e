"""Fixtures: a hand-made store (fast tests), the example pages run through the
real pipeline with a hostile page added (browser tests, built once per
session), and a running server over either."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("jinja2")  # the serve extra

from claimscope.serve.app import make_server  # noqa: E402

from . import store_builder  # noqa: E402
from .hostile import XSS_PAGE  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
STAGES = "segment,extract,classify,link"


@pytest.fixture(scope="session")
def fast_store(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("fast") / "fast.db"
    return path, store_builder.build(path)


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    """examples/pages plus a page full of XSS payloads, through every per-page stage.

    $CLAIMSCOPE_SERVE_TEST_DB names a store built the same way, to skip the
    minute of building while working on the UI."""
    if os.environ.get("CLAIMSCOPE_SERVE_TEST_DB"):
        return Path(os.environ["CLAIMSCOPE_SERVE_TEST_DB"])
    root = tmp_path_factory.mktemp("example")
    pages = root / "pages"
    shutil.copytree(REPO / "examples" / "pages", pages)
    (pages / "hostile-herald-xss.txt").write_text(XSS_PAGE, encoding="utf-8")
    db = root / "example.db"
    subprocess.run([sys.executable, "-m", "claimscope", "run", str(pages), "--db", str(db),
                    "--stages", STAGES, "--quiet"], check=True, cwd=REPO)
    return db


class Running:
    """A server on an ephemeral loopback port, stopped at teardown."""

    def __init__(self, db: Path, host: str = "127.0.0.1", token: str | None = None,
                 all_flags: bool = False) -> None:
        self.server = make_server(db, host=host, port=0, token=token, all_flags=all_flags)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def start_server():
    started: list[Running] = []

    def start(db: Path, **kwargs) -> Running:
        started.append(Running(db, **kwargs))
        return started[-1]

    yield start
    for running in started:
        running.stop()


@pytest.fixture
def hidden_flag_store(fast_store, tmp_path) -> tuple[Path, dict[str, str]]:
    """The hand-made store plus a propaganda flag kept but not shown by default."""
    db = tmp_path / "hidden.db"
    shutil.copy(fast_store[0], db)
    store_builder.add_hidden_flag(db, fast_store[1]["first"])
    return db, fast_store[1]


@pytest.fixture(scope="session")
def example_server(example_db):
    running = Running(example_db)
    yield running
    running.stop()
