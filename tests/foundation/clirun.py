"""Run ``python -m claimscope`` as a user would, and build a small store with every record table."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import claimscope
from claimscope.analysis import PageAnalysis
from claimscope.records import (
    Claim,
    Cluster,
    DateMention,
    Flag,
    Link,
    PlaceMention,
    Quantity,
)
from claimscope.store import Store

from .pages import REPOST_PAGE, THREAD_PAGE

SRC = str(Path(claimscope.__file__).resolve().parents[1])  # the code under test, in the child too


def cli(*args: str, cwd: str | Path | None = None, pythonpath: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, SRC, env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "claimscope", *args], check=False,
                          capture_output=True, text=True, timeout=300, env=env, cwd=cwd)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    """The single stderr line of a command that failed as a user mistake (exit 2)."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


# Three pages: two dated, from two outlets, and one read from a plain text file.
FEED = [
    {"url": "https://front.example/2024/03/05/convoy", "outlet": "Front Daily", "published": "2024-03-05",
     "text": THREAD_PAGE},
    {"url": "https://echo.example/2024/04/10/crossing", "outlet": "Echo Wire", "published": "2024-04-10",
     "text": REPOST_PAGE},
]


def build_store(folder: Path) -> str:
    """A segmented store of three pages; the first also gets a claim holding a quantity, a
    place and a date, a hate flag and a link to the second; entities stay empty."""
    pages = folder / "pages"
    pages.mkdir()
    (pages / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in FEED), encoding="utf-8")
    (pages / "plain-thread.txt").write_text(THREAD_PAGE.replace("Palmyra", "Homs"), encoding="utf-8")
    db = str(folder / "store.db")
    proc = cli("run", str(pages), "--db", db, "--stages", "segment", "--quiet")
    assert proc.returncode == 0, proc.stderr
    with Store(db) as store:
        front = next(p for p in store.pages() if p.outlet == "Front Daily")
        echo = next(p for p in store.pages() if p.outlet == "Echo Wire")
        _add_records(store, front, echo)
    return db


def _add_records(store: Store, front, echo) -> None:
    text = front.text
    start = text.index("The defence ministry")
    end = text.index("spokesman.") + len("spokesman.")
    content = text.index("a humanitarian convoy")
    claim = Claim(id="claim-1", page_id=front.id, segment_index=1, start=start, end=end, line_start=9,
                  line_end=9, content=text[content:end], content_start=content, content_end=end,
                  producer="test", source="The defence ministry", source_entity="Defence Ministry",
                  cue="said")
    twelve = text.index("about 12")
    quantity = Quantity(page_id=front.id, start=twelve, end=twelve + 8, line_start=9, line_end=9,
                        text="about 12", value=12.0, counted="drivers", qualifier="approximate",
                        producer="test", claim_id="claim-1")
    tuesday = text.index("Tuesday")
    date = DateMention(page_id=front.id, start=tuesday, end=tuesday + 7, line_start=9, line_end=9,
                       text="Tuesday", value="2024-03-05", relative=False, producer="test", claim_id="claim-1")
    palmyra = text.index("Palmyra", start)
    place = PlaceMention(page_id=front.id, start=palmyra, end=palmyra + 7, line_start=9, line_end=9,
                         text="Palmyra", resolved_name="Palmyra", lat=34.56, lon=38.27, country="SY",
                         feature="city", producer="test")
    nobody = text.index("Nobody asked you")
    flag = Flag(page_id=front.id, segment_index=5, segment_kind="comment", start=nobody, end=nobody + 16,
                line_start=40, line_end=40, label="hate", score=0.7, model="test", target_group="x:y",
                evidence="Nobody asked you")
    store.write_analysis(PageAnalysis(page=front, claims=(claim,), quantities=(quantity,), dates=(date,),
                                      places=(place,)),
                         {"extract": "test"})
    store.write_analysis(PageAnalysis(page=front, flags=(flag,)), {"classify": "test"})
    store.add_records("links", [Link(kind="same_story", a_page_id=front.id, a_start=start, a_end=end,
                                     b_page_id=echo.id, b_start=0, b_end=40, similarity=0.5, producer="test",
                                     cluster_id="story-1")])
    store.add_records("clusters", [Cluster(id="story-1", kind="same_story", first_page_id=front.id,
                                           first_start=start, first_end=end, first_seen="2024-03-05", size=2,
                                           label="convoy", producer="test")])
    # the linker's own tables, as `claimscope link` leaves them, with the story's two members
    db = store.link_state()
    with store.transaction():
        db.add_member("story-1", "same_story", SimpleNamespace(page_id=front.id, start=start, end=end))
        db.add_member("story-1", "same_story", SimpleNamespace(page_id=echo.id, start=0, end=40))
    store.add_error(None, "broken.html", "ingest", "empty file")
