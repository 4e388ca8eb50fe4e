import json
import os
import signal
import subprocess
import sys
import time

import pytest

from claimscope.cli import main
from claimscope.store import Store

from .pages import REPOST_PAGE, THREAD_PAGE


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "thread.txt").write_text(THREAD_PAGE, encoding="utf-8")
    (folder / "repost.txt").write_text(REPOST_PAGE, encoding="utf-8")
    return folder


def test_run_show_search_stats_export(corpus, tmp_path, capsys):
    db = str(tmp_path / "c.db")
    assert main(["run", str(corpus), "--db", db, "--quiet", "--stages", "segment"]) == 0
    capsys.readouterr()
    assert main(["stats", "--db", db, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["pages"] == 2 and stats["segments_by_kind"]["comment"] == 4

    assert main(["search", "Palmyra", "--db", db, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and hits[0]["kind"] == "article"

    page_id = hits[0]["page_id"]
    assert main(["show", page_id[:8], "--db", db, "--no-colour"]) == 0
    shown = capsys.readouterr().out
    assert "comment" in shown and "author: Desert Fox" in shown

    out = tmp_path / "segments.jsonl"
    assert main(["export", "segments", "--db", db, "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    required = {"page_id", "source", "kind", "title", "author", "line_start", "line_end",
                "char_start", "char_end", "text"}
    assert rows and required <= set(rows[0])
    with Store(db, readonly=True) as store:
        for row in rows:
            assert store.page(row["page_id"]).text[row["char_start"]:row["char_end"]] == row["text"]


def test_export_csv_and_parquet(corpus, tmp_path, capsys):
    db = str(tmp_path / "c.db")
    main(["run", str(corpus), "--db", db, "--quiet", "--stages", "segment"])
    assert main(["export", "segments", "--db", db, "--format", "csv", "--out", str(tmp_path / "s.csv")]) == 0
    header = (tmp_path / "s.csv").read_text().splitlines()[0]
    assert header.startswith("page_id,source,index,kind")
    pq = pytest.importorskip("pyarrow.parquet")
    assert main(["export", "segments", "--db", db, "--format", "parquet", "--out", str(tmp_path / "s.parquet")]) == 0
    table = pq.read_table(tmp_path / "s.parquet")
    assert table.num_rows == len((tmp_path / "s.csv").read_text().splitlines()) - 1 or table.num_rows > 0


def test_bad_inputs_are_reported_and_the_run_goes_on(corpus, tmp_path, capsys):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    db = str(tmp_path / "c.db")
    assert main(["run", str(corpus), "--db", db, "--quiet", "--stages", "segment"]) == 1
    err = capsys.readouterr().err
    assert "empty.txt: [ingest] empty file" in err and "pic.png" in err
    with Store(db, readonly=True) as store:
        assert store.stats()["pages"] == 2
        assert {e["source"].split("/")[-1] for e in store.errors()} == {"empty.txt", "pic.png"}


def test_rerun_is_a_noop(corpus, tmp_path, capsys):
    db = str(tmp_path / "c.db")
    main(["run", str(corpus), "--db", db, "--quiet", "--stages", "segment"])
    main(["run", str(corpus), "--db", db, "--quiet", "--stages", "segment"])
    err = capsys.readouterr().err
    assert "0 new page(s), 2 already stored, 0 analysed" in err


def test_stdin_input(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "c.db")
    proc = subprocess.run([sys.executable, "-m", "claimscope.cli", "run", "-", "--db", db, "--quiet", "--stages", "segment"],
                          input=THREAD_PAGE.encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    with Store(db, readonly=True) as store:
        assert store.stats()["pages"] == 1


def test_killed_run_resumes_without_duplicates_or_loss(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"p{i:04d}.txt").write_text(THREAD_PAGE.replace("Palmyra", f"Palmyra {i}"), encoding="utf-8")
    db = str(tmp_path / "c.db")
    cmd = [sys.executable, "-m", "claimscope.cli", "run", str(folder), "--db", db, "--quiet", "--stages", "segment"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:  # kill once some, but not all, pages are in
        time.sleep(0.05)
        if os.path.exists(db):
            try:
                with Store(db, readonly=True) as s:
                    if s.stats()["segments"] > 0:
                        break
            except Exception:
                continue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store(db, readonly=True) as store:
        partial = store.stats()
    assert partial["pages"] <= 400
    subprocess.run(cmd, check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with Store(db, readonly=True) as store:
        stats = store.stats()
        assert stats["pages"] == 400
        per_page = store.conn.execute("SELECT count(DISTINCT page_id), count(*) FROM segments").fetchone()
        assert per_page[0] == 400
        dupes = store.conn.execute(
            'SELECT count(*) FROM (SELECT page_id, "index" FROM segments GROUP BY 1, 2 HAVING count(*) > 1)'
        ).fetchone()[0]
        assert dupes == 0
        from claimscope.pipeline import stage_versions

        assert store.pending("segment", stage_versions(["segment"])["segment"]) == []


def test_missing_store_is_a_clear_error(tmp_path, capsys):
    assert main(["stats", "--db", str(tmp_path / "none.db")]) == 2
    assert "no store at" in capsys.readouterr().err


def test_parquet_export_survives_columns_empty_in_the_first_batch(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from claimscope.export import _write_parquet

    rows = [{"page_id": "a", "author": None, "score": 0.5}] * 3 + [{"page_id": "b", "author": "X", "score": 1.0}]
    out = tmp_path / "x.parquet"
    assert _write_parquet(iter(rows), str(out), batch=2) == 4
    assert pq.read_table(out).column("author").to_pylist() == [None, None, None, "X"]
