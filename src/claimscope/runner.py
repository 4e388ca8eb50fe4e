"""``run``: ingest inputs into a store, count corpus evidence, run the per-page stages.

Three explicit steps, each resumable:
1. ingest   every input page is stored (raw bytes and text) in its own transaction;
            pages already stored are skipped, failures are recorded as errors;
2. evidence the short lines of each newly stored page are counted once into the
            corpus line statistics (boilerplate evidence);
3. analyse  every page whose stages have not run at their current versions is
            analysed by the engine and written back, one transaction per page.
A run killed at any point leaves whole pages only; running it again resumes.
"""
from __future__ import annotations

import dataclasses
import os
import platform
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from . import __version__, encoder
from .engines.local import LocalEngine
from .ingest import read_inputs
from .pipeline import DEFAULT_STAGES, build_stages, check_order, split_stages, stage_versions
from .progress import Progress
from .records import PageError
from .segment import CorpusEvidence, page_line_hashes
from .settings import Settings, load_settings
from .store import Store

__all__ = ["RunSummary", "run", "run_versions", "ingest", "count_evidence", "analyse_pending", "default_jobs"]


@dataclass
class RunSummary:
    run_id: int
    pages_new: int = 0
    pages_seen_before: int = 0
    pages_analysed: int = 0
    errors: list[PageError] = field(default_factory=list)
    linked: dict = field(default_factory=dict)  # what the corpus link step did

    @property
    def ok(self) -> bool:
        return not self.errors


def _report_to_stderr(error: PageError) -> None:
    print(f"claimscope: error: {error.source}: [{error.stage}] {error.reason}", file=sys.stderr)


def run(
    inputs: Sequence[str], db: str, *, stages: Sequence[str] = DEFAULT_STAGES, jobs: int | None = None,
    settings: Settings | None = None, on_error: Callable[[PageError], None] = _report_to_stderr,
    quiet: bool = True,
) -> RunSummary:
    settings = settings or load_settings()
    stages = tuple(stages)
    check_order(stages)
    per_page, corpus_steps = split_stages(stages)
    versions = run_versions(per_page, corpus_steps, settings)  # a device asked for and absent stops here
    with Store(db) as store:
        run_id = store.start_run(" ".join(["run", *inputs]), versions, dataclasses.asdict(settings))
        summary = RunSummary(run_id)

        def fail(error: PageError) -> None:
            summary.errors.append(error)
            store.add_error(run_id, error.source, error.stage, error.reason)
            on_error(error)

        try:
            ingest(store, inputs, settings, summary, fail, quiet)
            count_evidence(store, settings)
            analyse_pending(store, per_page, settings, summary, fail, jobs, quiet)
            if "link" in corpus_steps:
                summary.linked = link_pages(store, settings, quiet)
        finally:
            store.finish_run(run_id, {
                "pages_new": summary.pages_new, "pages_seen_before": summary.pages_seen_before,
                "pages_analysed": summary.pages_analysed, "errors": len(summary.errors),
            })
    return summary


def run_versions(per_page: Sequence[str], corpus_steps: Sequence[str], settings: Settings) -> dict:
    """What a run records of the code that made its output: the package's version and
    each stage's derived version (which a stage's ``stage_done`` rows also carry)."""
    versions = {"claimscope": __version__, "python": platform.python_version(),
                "stages": stage_versions(per_page, settings)}
    if {"extract", "classify"} & set(per_page) or corpus_steps:
        # where MiniLM runs (a missing GPU asked for stops the run here, before any input)
        versions["device"] = encoder.resolve_device(settings.device)
    if "link" in corpus_steps:
        from .link import link_versions

        versions["link"] = link_versions(settings)
    return versions


def ingest(store: Store, inputs: Iterable[str], settings: Settings, summary: RunSummary,
           fail: Callable[[PageError], None], quiet: bool = True) -> None:
    progress = Progress("ingest", None, quiet)
    for item in read_inputs(inputs, settings.max_page_bytes):
        if isinstance(item, PageError):
            fail(item)
        elif store.add_page(item, summary.run_id):
            summary.pages_new += 1
            # count its lines now, while the page is in memory (count_evidence catches
            # pages a killed run stored without counting)
            store.add_line_stats(item.id, page_line_hashes(item, max_chars=settings.max_analysed_chars))
        else:
            summary.pages_seen_before += 1
        progress.step()
    progress.done()


def count_evidence(store: Store, settings: Settings) -> None:
    """Count the short lines of pages not yet counted (each page exactly once)."""
    uncounted = store.conn.execute(
        "SELECT id FROM pages WHERE id NOT IN (SELECT page_id FROM line_stats_pages) ORDER BY rowid"
    ).fetchall()
    for (page_id,) in uncounted:
        store.add_line_stats(page_id, page_line_hashes(store.page(page_id),
                                                       max_chars=settings.max_analysed_chars))


def corpus_evidence(store: Store, settings: Settings) -> CorpusEvidence:
    return CorpusEvidence(store.line_page_counts(settings.boilerplate_min_pages),
                          settings.boilerplate_min_pages)


def link_pages(store: Store, settings: Settings | None = None, quiet: bool = True) -> dict:
    """Link every page not linked yet against the whole store (incremental)."""
    from .link import link_corpus
    from .segment import segment_page

    return link_corpus(store, segmenter=segment_page, settings=settings)


def default_jobs(pending: int, settings: Settings, cores: int | None = None) -> int:
    """Worker processes for ``pending`` pages when the run is not told how many: the cores
    this process may use, no more than the available memory holds (``worker_memory_mb``
    each) and no more than one per ``pages_per_worker`` pages (a worker first loads every
    model, which costs about that many pages)."""
    if cores is None:  # the cores this process may run on
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    memory = _available_memory_mb()
    by_memory = memory // max(1, settings.worker_memory_mb) if memory is not None else None
    by_pages = -(-pending // max(1, settings.pages_per_worker))
    return max(1, min(cores, cores if by_memory is None else by_memory, by_pages))


def _available_memory_mb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def analyse_pending(store: Store, stage_names: Sequence[str], settings: Settings, summary: RunSummary,
                    fail: Callable[[PageError], None], jobs: int | None = None, quiet: bool = True) -> None:
    """Analyse every page not yet analysed at the stages' current versions. ``jobs``: worker
    processes (None: ``default_jobs``). The records are the same whatever the number."""
    context = {"evidence": corpus_evidence(store, settings), "settings": settings}
    versions = stage_versions(stage_names, settings)
    pending = store.count_pending(versions)
    jobs = default_jobs(pending, settings) if jobs is None else jobs
    # one job runs the stages here; more jobs build them in their workers, so the
    # parent only needs their versions (not a third copy of every model)
    built = build_stages(stage_names, context) if jobs <= 1 else None
    progress = Progress("analyse", pending, quiet)
    engine = LocalEngine(jobs)
    # pages stream from the store a batch at a time, so memory does not grow with the corpus
    for result in engine.analyse(store.pages(store.pending_pages(versions)), stage_names, context, built):
        if isinstance(result, PageError):
            fail(result)
        else:
            store.write_analysis(result, versions)
            summary.pages_analysed += 1
        progress.step()
    progress.done()
