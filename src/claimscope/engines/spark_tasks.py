"""What Spark executors run: ingest one shard, analyse a partition of pages.

This module never imports Spark, so it holds exactly the per-page code the
local engine runs (``claimscope.ingest.read_inputs``, ``analyse_page``) and
can be tested without a JVM. Items flowing between the steps are plain tuples
``(kind, shard, payload)`` so Spark only ever pickles records.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from ..ingest import read_inputs
from ..pipeline import build_stages
from ..records import Page, PageError
from ..segment import CorpusEvidence, page_line_hashes
from ..settings import load_settings
from .local import analyse_page
from .tables import ANALYSIS_TABLES, error_row, page_row, to_row

__all__ = ["shard_id", "ingest_shard", "page_rows", "line_hash_rows", "tally", "analyse_partition"]

# Stages built in this worker process, keyed by (stage names, run key): Python
# workers are reused across tasks, so models load once per worker, not per page.
_built_stages: dict[tuple, list] = {}


def shard_id(source: str) -> str:
    """A stable, path-safe name for one input file (the Parquet partition value)."""
    return hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def ingest_shard(source: str, content: bytes, max_page_bytes: int) -> list[tuple]:
    """Pages and input errors of one shard, or one ``failed`` item saying why not.

    The bytes go through a temporary file of the same name so that the very same
    reader the local engine uses (format by extension and content, WARC and
    JSONL record numbering, size limits) decides what the pages are.
    """
    shard = shard_id(source)
    folder = tempfile.mkdtemp(prefix="claimscope-shard-")
    try:
        local = os.path.join(folder, os.path.basename(source.rstrip("/")) or "input")
        with open(local, "wb") as fh:
            fh.write(content)
        items = [_with_source(item, local, source) for item in read_inputs([local], max_page_bytes)]
        return [("error" if isinstance(i, PageError) else "page", shard, i) for i in items]
    except Exception as exc:  # a shard that cannot be read is reported, and retried next run
        return [("failed", shard, f"{exc.__class__.__name__}: {exc}"[:500])]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _with_source(item: Page | PageError, local: str, source: str) -> Page | PageError:
    """Put the shard's real name back where the reader saw the temporary file's."""
    if item.source.startswith(local):
        return dataclasses.replace(item, source=source + item.source[len(local):])
    return item


def page_rows(item: tuple) -> tuple:
    kind, shard, page = item
    return (*page_row(page), shard)


def error_rows(item: tuple) -> tuple:
    _kind, shard, error = item
    return (*error_row(error), shard)


def line_hash_rows(item: tuple, max_chars: int) -> Iterator[tuple]:
    """One row per distinct short line of the analysed part of a page (``max_analysed_chars``):
    the input of the corpus count."""
    _kind, shard, page = item
    for hash_, sample in page_line_hashes(page, max_chars=max_chars).items():
        yield (page.id, hash_, sample, shard)


def tally(items: Iterable[tuple]) -> Iterator[tuple]:
    """Per partition: ("pages", count) and ("failed", (shard, reason)) for each failed shard."""
    pages = 0
    for kind, shard, reason in items:
        if kind == "failed":
            yield ("failed", (shard, reason))
        else:
            pages += 1
    yield ("pages", pages)


def analyse_partition(items: Iterable[tuple], stage_names: Sequence[str], run_key: str,
                      line_pages, settings: dict) -> Iterator[tuple]:
    """Run the stages over a partition's pages; yields ``(table, row)`` with the shard last.

    ``line_pages`` is the broadcast map of recurring line hashes (only those at or
    above ``boilerplate_min_pages``), read once per worker process.
    """
    stages = None
    for _kind, shard, page in items:
        if stages is None:  # built at the first page: a spread partition may hold none
            stages = _stages(tuple(stage_names), run_key, line_pages, settings)
            versions = [(s.name, s.version) for s in stages]
        result = analyse_page(page, stages)
        if isinstance(result, PageError):
            yield ("errors", (*error_row(result), shard))
            continue
        for table in ANALYSIS_TABLES:
            for record in getattr(result, table):
                yield (table, (*to_row(record), shard))
        for name, version in versions:
            yield ("stage_done", (page.id, name, version, shard))


def _stages(names: tuple, run_key: str, line_pages, settings: dict) -> list:
    key = (names, run_key)
    if key not in _built_stages:
        _built_stages.clear()  # an earlier run's stages (and evidence) are not needed now
        resolved = load_settings(**settings)
        evidence = CorpusEvidence(dict(line_pages.value), resolved.boilerplate_min_pages)
        _built_stages[key] = build_stages(names, {"evidence": evidence, "settings": resolved})
    return _built_stages[key]
