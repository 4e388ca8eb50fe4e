"""The per-page stages, registered in one explicit dict, and how to build them.

Stages are named here by import path so that listing them never imports a
heavy dependency; a stage's own module checks its extras when it is built.
"""
from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import NamedTuple

from . import encoder
from .analysis import PageAnalysis, Stage
from .budget import bounded, budget_of
from .errors import StageOrderError

__all__ = ["STAGES", "StageEntry", "CORPUS_STEPS", "DEFAULT_STAGES", "build_stages", "limit_threads",
           "produced_fields", "release_freed_memory", "run_stages", "split_stages", "stage_versions"]


class StageEntry(NamedTuple):
    factory: str  # "module:function" that builds the stage from a context
    produces: tuple[str, ...]  # PageAnalysis fields it fills
    requires: tuple[str, ...]  # fields an earlier stage must have filled
    version: str  # "module:function" giving its version under the run's settings (see
    # fingerprint.py), importable without loading models


STAGES: dict[str, StageEntry] = {
    "segment": StageEntry("claimscope.segment:build_stage", ("segments",), (), "claimscope.segment:version"),
    "extract": StageEntry(
        "claimscope.extract:build_stage",
        ("claims", "entities", "places", "quantities", "dates"),
        ("segments",),
        "claimscope.extract.stage:version",
    ),
    "classify": StageEntry("claimscope.classify:build_stage", ("flags",), ("segments",),
                           "claimscope.classify:version"),
}

# Corpus-level steps that a run may end with; they read the store, not one page.
CORPUS_STEPS = ("link",)

DEFAULT_STAGES = ("segment", "extract", "classify", "link")


def split_stages(names: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(per-page stages, corpus steps) of a requested stage list."""
    per_page = tuple(n for n in names if n not in CORPUS_STEPS)
    corpus = tuple(n for n in names if n in CORPUS_STEPS)
    return per_page, corpus


def produced_fields(stages) -> list[str]:
    fields: list[str] = []
    for name in stages:
        fields.extend(STAGES[name].produces)
    return fields


def check_order(names: Sequence[str]) -> None:
    available = {"page"}
    for name in names:
        if name in CORPUS_STEPS:
            continue
        if name not in STAGES:
            raise StageOrderError(f"unknown stage {name!r}; known: {', '.join(STAGES)}")
        missing = [f for f in STAGES[name].requires if f not in available]
        if missing:
            raise StageOrderError(f"stage {name!r} needs {', '.join(missing)} from an earlier stage")
        available.update(STAGES[name].produces)


def build_stages(names: Sequence[str], context: dict) -> list[Stage]:
    """Build the named stages in order. ``context`` carries corpus-level inputs
    (e.g. line statistics for boilerplate) and settings. Each stage reads at most
    ``max_analysed_chars`` of a page (``budget.bounded``)."""
    check_order(names)
    settings = context.get("settings")
    threads = getattr(settings, "worker_threads", 0)
    limit_threads(threads)  # before the stages import torch/BLAS: they read it at import
    # which models the stages run, and where MiniLM runs, in this process
    encoder.configure(getattr(settings, "profile", "accurate"), getattr(settings, "device", "auto"))
    max_chars = budget_of(context.get("settings"))
    stages = []
    for name in names:
        stages.append(bounded(_resolve(STAGES[name].factory)(context), max_chars))
    limit_threads(threads)  # and again for a torch that was imported before this call
    return stages


def stage_versions(names: Sequence[str], settings=None) -> dict[str, str]:
    """{stage: version} under ``settings`` (defaults when None) without building the
    stages: a driver that only hands work to workers needs the versions (to find pending
    pages), not the models. A version is derived from the stage's code, artefacts and the
    settings it reads, so it changes whenever its output may."""
    check_order(names)
    return {name: _resolve(STAGES[name].version)(settings) for name in names if name in STAGES}


def _resolve(path: str):
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def limit_threads(threads: int) -> None:
    """Cap the threads of the numeric libraries in this process (0: leave them be).

    Engines run one worker per core; torch's default of one thread per core in every
    worker would put N x N threads on N cores and make a second worker slower, not faster.
    """
    if threads <= 0:
        return
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(threads)
    torch = sys.modules.get("torch")
    if torch is not None and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


MEMORY_SLACK = 768 * 1024 * 1024  # bytes a worker may grow between two hand-backs (its buffers need ~400 MB)


class _FreedMemory:
    """Hands the memory that glibc keeps after frees back to the system whenever the
    process has grown by ``MEMORY_SLACK`` since the last time.

    The transformer's and spaCy's per-batch buffers have a new size on every page, and
    glibc serves them from its heap (it raises its memory-map threshold after the first
    large free), which fragments: a worker grew by about 4 MB a page, 1.1 GB to 3.8 GB
    over 1,000 pages. ``malloc_trim`` returns the free pages; doing it only when the slack
    is used up (every few dozen pages) costs almost nothing, where doing it every page, or
    mapping every large buffer afresh, cost 15–20 % of the throughput in page faults."""

    def __init__(self) -> None:
        self.floor: int | None = None  # resident bytes after the last hand-back
        self.trim = None
        try:
            import ctypes

            self.trim = ctypes.CDLL("libc.so.6").malloc_trim
            self.page_size = os.sysconf("SC_PAGE_SIZE")
        except (OSError, AttributeError, ValueError):  # not glibc on Linux: nothing to do
            pass

    def resident(self) -> int | None:
        try:
            with open("/proc/self/statm", "rb") as fh:
                return int(fh.read().split()[1]) * self.page_size
        except (OSError, ValueError, IndexError):
            return None

    def after_page(self) -> None:
        if self.trim is None or (now := self.resident()) is None:
            return
        if self.floor is None:
            self.floor = now
        elif now > self.floor + MEMORY_SLACK:
            self.trim(0)
            self.floor = self.resident() or now


_freed_memory = _FreedMemory()


def release_freed_memory() -> None:
    """Call after each page in a process that analyses many (every engine's worker does)."""
    _freed_memory.after_page()


def run_stages(analysis: PageAnalysis, stages: Sequence[Stage]) -> PageAnalysis:
    for stage in stages:
        analysis = stage(analysis)
    return analysis
