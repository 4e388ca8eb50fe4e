"""Every stage over a folder of hostile inputs beside the two real example pages.

    python3 bench/hostile_bench.py [--folder DIR] [--scale 1.0] [--jobs 1] [--keep DIR]

Writes the hostile folder (``bench/hostile_inputs.py``) unless ``--folder`` names one,
runs ``claimscope run`` with every stage over it and ``../shared/samples``, and prints
the wall time, the peak RSS and the exit status of that run, the input errors it
reported, the notices of every page that was analysed only in part, and whether the two
example pages got the very same records as in a run of their own (run second, same
stages). The targets of issue 16: under 10 minutes, exit status 1, peak RSS under 3 GB,
the example pages unchanged. Without ../shared/samples the hostile folder runs alone.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import hostile_inputs  # noqa: E402

from claimscope.analysis import RECORD_FIELDS  # noqa: E402
from claimscope.store import Store  # noqa: E402

SAMPLES = HERE.parent.parent / "shared" / "samples"
TARGET_SECONDS, TARGET_RSS_MB = 600, 3 * 1024


def _wait_usage(child: subprocess.Popen):
    """Reap ``child`` with wait4 to read its peak RSS (Popen.wait would reap it first)."""
    _pid, status, usage = os.wait4(child.pid, 0)
    return os.waitstatus_to_exitcode(status), usage


def run_child(inputs: list[str], db: str, jobs: int, limit_s: int) -> dict:
    """``claimscope run`` in a child process, killed after ``limit_s``: wall seconds, peak
    RSS in MB (the child's, its workers' included), exit status, the end of its stderr."""
    command = [sys.executable, "-m", "claimscope", "run", *inputs, "--db", db, "--jobs", str(jobs), "--quiet"]
    started = time.monotonic()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        timer, phases = _Killer(child.pid, limit_s), _Phases(db)
        code, usage = _wait_usage(child)
        child.returncode = code  # reaped here: tell Popen so it does not wait again
        timer.cancel()
        wall = time.monotonic() - started
        phases_line = phases.stop(wall)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").splitlines()[-40:]
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024,
            "exit": code, "stderr": tail, "timed_out": timer.fired, "phases": phases_line}


class _Phases:
    """Samples the store once a second while the run writes it, to tell its phases apart:
    ingest (with the line evidence and the models' loading) ends when the first page's
    stages are recorded, analysis when the last page's are; the link step follows."""

    def __init__(self, db: str) -> None:
        import threading

        self.db, self.samples = db, []  # (seconds since start, stage_done rows)
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        import sqlite3

        while not self._stop.wait(1.0):
            try:
                with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=1) as conn:
                    done = conn.execute("SELECT count(*) FROM stage_done").fetchone()[0]
            except sqlite3.Error:  # not created yet, or busy: try again
                continue
            self.samples.append((time.monotonic() - self._started, done))

    def stop(self, wall: float) -> str:
        self._stop.set()
        self._thread.join()
        final = self.samples[-1][1] if self.samples else 0
        first = next((t for t, n in self.samples if n > 0), wall)
        last = next((t for t, n in self.samples if n == final), wall)
        return (f"ingest, line evidence and model loading {first:.0f} s; analysis {last - first:.0f} s; "
                f"link step {wall - last:.0f} s (to about a second)")


class _Killer:
    """Kills process ``pid`` after ``seconds`` unless cancelled first."""

    def __init__(self, pid: int, seconds: float) -> None:
        import threading

        self.fired = False
        self._timer = threading.Timer(seconds, self._kill, (pid,))
        self._timer.daemon = True
        self._timer.start()

    def _kill(self, pid: int) -> None:
        import signal

        self.fired = True
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def cancel(self) -> None:
        self._timer.cancel()


def page_records(db: str, page_id: str) -> dict:
    with Store(db, readonly=True) as store:
        analysis = store.analysis(page_id)
    return {name: sorted(map(repr, getattr(analysis, name))) for name in RECORD_FIELDS}


def sample_ids(db: str) -> dict[str, str]:
    """source file name -> page id of the example pages in a store."""
    with Store(db, readonly=True) as store:
        rows = store.conn.execute("SELECT id, source FROM pages").fetchall()
    return {Path(source).name: page_id for page_id, source in rows if str(SAMPLES) in source}


def report(db: str) -> None:
    with Store(db, readonly=True) as store:
        errors = store.errors()
        notices = store.conn.execute(
            "SELECT p.source, n.stage, n.chars_analysed, n.chars_total FROM notices n "
            "JOIN pages p ON p.id = n.page_id ORDER BY p.rowid, n.rowid").fetchall()
        stats = store.stats()
    print(f"\ninput errors ({len(errors)}):")
    for e in errors:
        print(f"  {e['source']}: [{e['stage']}] {e['reason'][:110]}")
    print(f"\nnotices ({len(notices)}):")
    for source, stage, analysed, total in notices:
        print(f"  {source}: [{stage}] analysed {analysed:,} of {total:,} characters")
    print("\nstore:", {k: v for k, v in stats.items() if k not in ("segments_by_kind",)})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", help="a hostile folder written before (default: write one)")
    ap.add_argument("--scale", type=float, default=1.0, help="size of the hostile files (1: as in issue 16)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--limit", type=int, default=1800, help="kill the run after this many seconds")
    ap.add_argument("--keep", help="folder for the stores (default: a temporary one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        folder = Path(args.folder) if args.folder else work / "hostile"
        if not args.folder:
            started = time.monotonic()
            hostile_inputs.write_hostile(folder, args.scale)
            print(f"hostile folder written in {time.monotonic() - started:.1f} s: {folder}")
        have_samples = SAMPLES.is_dir()
        if not have_samples:
            print(f"{SAMPLES} is not present: the hostile folder runs alone")
        inputs = [str(folder)] + ([str(SAMPLES)] if have_samples else [])
        db = str(work / "hostile.db")
        for stale in Path(work).glob("*.db*"):
            stale.unlink()
        load = os.getloadavg()[0]  # other work on the machine stretches the wall time
        result = run_child(inputs, db, args.jobs, args.limit)
        print(f"\nload average at the start: {load:.1f} on {os.cpu_count()} cores")
        print(f"claimscope run, every stage, jobs {args.jobs}: wall {result['wall_s']:.1f} s "
              f"(CPU {result['cpu_s']:.1f} s), "
              f"peak RSS {result['peak_rss_mb']:,.0f} MB, exit status {result['exit']}"
              + ("  (KILLED at the limit)" if result["timed_out"] else ""))
        print("  " + result["phases"])
        print("  " + "\n  ".join(line for line in result["stderr"] if not line.startswith("claimscope: error")))
        report(db)
        same = compare_samples(db, work, args.jobs, args.limit) if have_samples else None
        met = (result["wall_s"] < TARGET_SECONDS and result["exit"] == 1
               and result["peak_rss_mb"] < TARGET_RSS_MB and same is not False)
        print(f"\ntargets (< {TARGET_SECONDS} s, exit status 1, peak RSS < {TARGET_RSS_MB} MB, "
              f"example pages unchanged): {'met' if met else 'NOT met'}")
    return 0


def compare_samples(db: str, work: Path, jobs: int, limit_s: int) -> bool:
    alone_db = str(work / "alone.db")
    alone = run_child([str(SAMPLES)], alone_db, jobs, limit_s)
    print(f"\nthe example pages alone: wall {alone['wall_s']:.1f} s (CPU {alone['cpu_s']:.1f} s), peak RSS {alone['peak_rss_mb']:,.0f} MB, "
          f"exit status {alone['exit']}")
    with_hostile, by_themselves = sample_ids(db), sample_ids(alone_db)
    same = True
    for name, page_id in sorted(by_themselves.items()):
        a = page_records(alone_db, page_id)
        b = page_records(db, with_hostile[name]) if name in with_hostile else {}
        counts = {k: len(v) for k, v in a.items() if v}
        verdict = "same records" if a == b else "DIFFERENT records"
        same &= a == b
        print(f"  {name}: {verdict} beside the hostile folder ({counts})")
    return same


if __name__ == "__main__":
    sys.exit(main())
