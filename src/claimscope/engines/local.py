"""The local engine: per-page stages in worker processes on this machine's cores.

Each worker builds the stages once (so models load once per process, not per
page). A page whose stage raises becomes a ``PageError``; the run goes on.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from ..analysis import PageAnalysis
from ..errors import ClaimscopeError
from ..pipeline import build_stages, release_freed_memory
from ..records import Page, PageError

__all__ = ["LocalEngine", "analyse_page"]

_worker_stages: list = []
_worker_failure: str | None = None  # why this worker could not build its stages


def _init_worker(stage_names: Sequence[str], context: dict) -> None:
    # An initializer that raises makes the pool start new workers forever; keep the
    # reason and hand it back with the first page instead.
    global _worker_stages, _worker_failure
    try:
        _worker_stages = build_stages(stage_names, context)
    except Exception as exc:  # a missing extra or model: the whole run must stop
        _worker_failure = str(exc) if isinstance(exc, ClaimscopeError) else f"{exc.__class__.__name__}: {exc}"


def analyse_page(page: Page, stages: Sequence) -> PageAnalysis | PageError:
    """Run ``stages`` over one page; an exception becomes a PageError naming the stage."""
    analysis = PageAnalysis(page=page)
    try:
        for stage in stages:
            try:
                analysis = stage(analysis)
            except Exception as exc:  # one bad page must not stop the run
                return PageError(page.source, stage.name, f"{exc.__class__.__name__}: {exc}"[:500])
        return analysis
    finally:
        release_freed_memory()  # a worker analyses page after page: keep its memory flat


def _work(page: Page) -> PageAnalysis | PageError | _BuildFailed:
    if _worker_failure is not None:
        return _BuildFailed(_worker_failure)
    return analyse_page(page, _worker_stages)


class _BuildFailed(NamedTuple):
    reason: str


class LocalEngine:
    def __init__(self, jobs: int = 1) -> None:
        self.jobs = max(1, jobs)

    def analyse(self, pages: Iterable[Page], stage_names: Sequence[str], context: dict,
                built: Sequence | None = None) -> Iterator[PageAnalysis | PageError]:
        """Results in input order. ``built``: the stages already built in this process
        (they are reused in-process instead of loading every model a second time)."""
        if self.jobs == 1:
            stages = list(built) if built is not None else build_stages(stage_names, context)
            for page in pages:
                yield analyse_page(page, stages)
            return
        ctx = multiprocessing.get_context("spawn" if _has_threads_loaded() else "fork")
        with ctx.Pool(self.jobs, initializer=_init_worker, initargs=(tuple(stage_names), context)) as pool:
            # Pool.imap would read the whole input ahead into its task queue; feeding it a
            # window at a time keeps memory flat however large the corpus is.
            for window in _windows(pages, self.jobs * 32):
                for result in pool.imap(_work, window, chunksize=4):
                    if isinstance(result, _BuildFailed):
                        raise ClaimscopeError(f"a worker could not build the stages: {result.reason}")
                    yield result


def _windows(items: Iterable, size: int) -> Iterator[list]:
    window: list = []
    for item in items:
        window.append(item)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


def _has_threads_loaded() -> bool:
    """Forking after torch/BLAS started threads can deadlock; spawn is safe then."""
    import sys

    return "torch" in sys.modules


