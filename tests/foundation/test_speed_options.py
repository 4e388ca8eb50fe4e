"""Issue 21: how fast a run goes is an option, never a different result unless it says so.

``--jobs`` defaults to the machine's cores (bounded by memory and the pending pages) and the
records are the same whatever the number; ``--profile`` picks which models run and is part
of the extract and classify versions; ``--device`` picks where MiniLM runs, and a bad or
absent device is one line and exit status 2; chrome (comment headers, boilerplate) never
reaches extract, classify or MiniLM."""
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import claimscope
from claimscope import encoder, runner, student
from claimscope.analysis import PageAnalysis
from claimscope.errors import ClaimscopeError
from claimscope.pipeline import build_stages, stage_versions
from claimscope.records import Page, Segment, page_id_for
from claimscope.segment import CorpusEvidence
from claimscope.settings import load_settings
from claimscope.text.units import content_bounds, units_of
from tests.conftest import MINILM, needs

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "pages"
STAGES = ("segment", "extract", "classify")


@pytest.fixture
def accurate_afterwards():
    """A test that configures this process's encoder leaves it as the defaults had it."""
    yield
    encoder.configure("accurate", "auto")


# -- jobs ---------------------------------------------------------------------------------------

def test_default_jobs_are_the_cores_bounded_by_pages_and_memory():
    settings = load_settings()
    assert runner.default_jobs(1000, settings, cores=4) == min(4, runner._available_memory_mb() // 2800)
    assert runner.default_jobs(3, settings, cores=4) == 1  # one worker's model loading pays for 8 pages
    assert runner.default_jobs(0, settings, cores=4) == 1
    assert runner.default_jobs(1000, settings, cores=1) == 1


def test_setting_pages_per_worker():
    roomy = load_settings(worker_memory_mb=1)
    assert runner.default_jobs(40, roomy, cores=64) == 5
    assert runner.default_jobs(40, load_settings(worker_memory_mb=1, pages_per_worker=20), cores=64) == 2


def test_setting_worker_memory_mb():
    assert runner.default_jobs(1000, load_settings(worker_memory_mb=1), cores=3) == 3
    assert runner.default_jobs(1000, load_settings(worker_memory_mb=10**9), cores=3) == 1


def _records(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return {table: sorted(map(repr, conn.execute(f"SELECT * FROM {table}")))
                for table in ("segments", "claims", "entities", "places", "quantities", "dates", "flags")}


@needs("extract")
@needs("classify")
def test_records_are_the_same_whatever_the_jobs(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("iran-sanctions-anonymous-thread.txt", "mfa-statement-wordpress-thread.txt",
                 "china-mfa-presser-article-only.txt"):
        shutil.copy(EXAMPLES / name, pages / name)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    runner.run([str(pages)], str(one), stages=STAGES, jobs=1)
    runner.run([str(pages)], str(two), stages=STAGES, jobs=2)
    first, second = _records(one), _records(two)
    assert first["segments"] and first["claims"] and first == second


def test_run_without_jobs_uses_the_default(tmp_path):
    """``jobs=None`` (the CLI's default) runs ``default_jobs``: here one page, one process."""
    page = tmp_path / "p.txt"
    page.write_text("A headline\n\nThe council said on Monday that the bridge would reopen in May.\n",
                    encoding="utf-8")
    summary = runner.run([str(page)], str(tmp_path / "s.db"), stages=("segment",))
    assert summary.pages_analysed == 1 and summary.ok


# -- profile ------------------------------------------------------------------------------------

def test_setting_profile(accurate_afterwards):
    accurate = stage_versions(STAGES)
    fast = stage_versions(STAGES, load_settings(profile="fast"))
    assert fast["segment"] == accurate["segment"]
    for name in ("extract", "classify"):
        assert fast[name] != accurate[name] and f"+{student.NAME}+" in fast[name]
    built = build_stages(["segment"], {"evidence": CorpusEvidence(), "settings": load_settings(profile="fast")})
    # the stages built under it read the student encoder, not MiniLM
    assert built and encoder.reader() == student.NAME and not encoder.runs_transformer()
    from claimscope.extract.stage import PRODUCERS

    assert PRODUCERS["claims"].endswith(f"+{student.NAME}")
    with pytest.raises(ClaimscopeError, match="profile must be one of accurate, fast"):
        load_settings(profile="quick")


@needs("extract")
def test_a_fast_profile_store_names_its_models(tmp_path, accurate_afterwards):
    page = tmp_path / "p.txt"
    page.write_text("Bridge Will Reopen\n\nThe mayor said the bridge would reopen in May, after the repairs.\n",
                    encoding="utf-8")
    db = tmp_path / "fast.db"
    runner.run([str(page)], str(db), stages=("segment", "extract"), jobs=1, settings=load_settings(profile="fast"))
    with sqlite3.connect(db) as conn:
        producers = {p for (p,) in conn.execute("SELECT producer FROM claims")}
        versions = {v for (s, v) in conn.execute("SELECT stage, version FROM stage_done") if s == "extract"}
    from claimscope.extract.stage import PRODUCERS

    assert producers == {f"{PRODUCERS.NAMES['claims']}+{student.NAME}"}  # the claims' version, marked
    assert versions == {stage_versions(STAGES, load_settings(profile="fast"))["extract"]}


# -- device -------------------------------------------------------------------------------------

def test_setting_device(accurate_afterwards):
    assert encoder.resolve_device("cpu") == "cpu"
    assert encoder.resolve_device("auto") in ("cpu", "cuda")
    with pytest.raises(ClaimscopeError, match="device must be one of auto, cpu, cuda"):
        load_settings(device="gpu")
    if not encoder.installed():
        return
    import torch

    if torch.cuda.is_available():
        assert encoder.resolve_device("auto") == "cuda"
    else:
        assert encoder.resolve_device("auto") == "cpu"
        with pytest.raises(ClaimscopeError, match="finds no CUDA GPU"):
            encoder.resolve_device("cuda")
    encoder.configure("accurate", "cpu")
    assert str(encoder.model().device) == "cpu"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The CLI of this checkout's package, wherever the test runs it from."""
    env = {**os.environ, "PYTHONPATH": str(Path(claimscope.__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "claimscope", *args], capture_output=True, text=True, cwd=cwd,
                          env=env)


def test_a_bad_device_is_one_line_and_exit_2(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Some text.\n", encoding="utf-8")
    bad = _cli("run", str(page), "--db", str(tmp_path / "a.db"), "--device", "gpu", cwd=tmp_path)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "--device" in bad.stderr
    config = tmp_path / "s.toml"
    config.write_text('[claimscope]\ndevice = "tpu"\n', encoding="utf-8")
    bad = _cli("run", str(page), "--db", str(tmp_path / "b.db"), "--config", str(config), cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.strip().splitlines() == [
        "claimscope: error: setting device must be one of auto, cpu, cuda, not 'tpu'"]
    if encoder.installed():
        import torch

        if not torch.cuda.is_available():
            absent = _cli("run", str(page), "--db", str(tmp_path / "c.db"), "--device", "cuda",
                          "--stages", "segment,extract", cwd=tmp_path)
            assert absent.returncode == 2 and len(absent.stderr.strip().splitlines()) == 1
            assert "no CUDA GPU" in absent.stderr and not (tmp_path / "c.db").exists()


# -- chrome is not analysed ---------------------------------------------------------------------

THREAD = ("Bridge Talks Resume\n\nThe mayor said on Monday that the talks on the bridge would resume.\n\n"
          "Share this:\nClick to share on Twitter\n\n"
          "Ivan P.\nMarch 28, 2020 at 4:12 pm\nThey always say that and nothing ever changes here.\nReply\n\n"
          "Marta K\n3 years ago\nWrong.\nReply\n")


def _thread_analysis() -> PageAnalysis:
    page = Page(id=page_id_for(THREAD.encode()), source="thread.txt", format="text", raw=THREAD.encode(), text=THREAD)
    spans = [("article", 0, THREAD.index("\n\nShare")), ("boilerplate", THREAD.index("Share"), THREAD.index("\n\nIvan")),
             ("comment", THREAD.index("Ivan"), THREAD.index("\n\nMarta")), ("comment", THREAD.index("Marta"), len(THREAD))]
    segments = []
    for i, (kind, start, end) in enumerate(spans):
        author = THREAD[start:THREAD.index("\n", start)] if kind == "comment" else None
        segments.append(Segment(page.id, i, kind, start, end, 1, 1, THREAD[start:end], "test", author=author))
    return PageAnalysis(page, segments=tuple(segments))


def test_comment_headers_and_chrome_are_not_content():
    segments = _thread_analysis().segments
    bodies = [u.text for s in segments for u in units_of(s)]
    assert bodies == ["Bridge Talks Resume", "The mayor said on Monday that the talks on the bridge would resume.",
                      "Share this:\nClick to share on Twitter",
                      "They always say that and nothing ever changes here.", "Wrong."]
    start, end = content_bounds(segments[2])
    assert THREAD[start:end] == "They always say that and nothing ever changes here."


@needs("extract")
@needs("classify")
@needs("link", *MINILM)
def test_chrome_never_reaches_extract_classify_or_minilm(accurate_afterwards):
    seen: list[str] = []

    def recording(texts, layers):
        seen.extend(texts)
        return encoder.forward(texts, layers)

    evidence = CorpusEvidence()
    extract, classify = build_stages(["segment", "extract", "classify"], {"evidence": evidence})[1:]
    analysis = _thread_analysis()
    analysis = classify(extract(PageAnalysis(analysis.page, analysis.segments, encodings=encoder.Encodings(recording))))
    chrome = ("Share this", "Click to share", "March 28", "3 years ago", "Reply", "Ivan P.", "Marta K")
    assert seen and not [t for t in seen if any(c in t for c in chrome)]
    comments = [s for s in analysis.segments if s.kind == "comment"]
    headers = [(s.start, content_bounds(s)[0]) for s in comments] + [
        (content_bounds(s)[1], s.end) for s in comments]
    boiler = [(s.start, s.end) for s in analysis.segments if s.kind == "boilerplate"]
    for record in analysis.records():
        if isinstance(record, Segment):
            continue
        for start, end in headers + boiler:
            assert not (record.start < end and start < record.end), record
    assert any(d.text == "Monday" for d in analysis.dates) and not any("March 28" in d.text for d in analysis.dates)
