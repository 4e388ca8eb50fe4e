"""Turn inputs (files, folders, globs, ``-`` for stdin) into ``Page`` records.

``read_inputs`` yields a ``Page`` or a ``PageError`` for every page-sized piece
of input, lazily, so a folder of 100,000 files or a WARC of millions of records
streams through in bounded memory. Nothing raises for a bad input: each failure
becomes one ``PageError`` with the source and the reason.
"""
from __future__ import annotations

import glob
import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, InputTooLarge
from ..records import Page, PageError, page_id_for
from .decode import check_not_binary, decode
from .html import html_to_text

__all__ = ["expand_inputs", "missing_input", "read_inputs", "page_from_bytes", "DEFAULT_MAX_PAGE_BYTES"]

DEFAULT_MAX_PAGE_BYTES = 256 * 1024 * 1024
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Each file named by the inputs, in order: folders are walked (sorted, lazily)."""
    for item in inputs:
        if item == "-":
            yield item
        elif os.path.isdir(item):
            yield from _walk(item)
        elif os.path.exists(item):
            yield item
        elif glob.has_magic(item):
            matches = sorted(glob.iglob(item, recursive=True))
            for match in matches:
                yield from (_walk(match) if os.path.isdir(match) else [match])
            if not matches:
                yield item  # reported as "no such file" by the reader
        else:
            yield item


def missing_input(inputs: Iterable[str]) -> str | None:
    """The first input that names nothing ``expand_inputs`` could read (no such path, or a
    pattern that matches nothing), or None."""
    for item in inputs:
        if item == "-" or os.path.exists(item):
            continue
        if not glob.has_magic(item) or next(glob.iglob(item, recursive=True), None) is None:
            return item
    return None


def _walk(folder: str) -> Iterator[str]:
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=lambda e: e.name)
    for entry in ordered:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif entry.is_file():
            yield entry.path


def read_inputs(inputs: Iterable[str], max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> Iterator[Page | PageError]:
    for source in expand_inputs(inputs):
        try:
            yield from _read_source(source, max_page_bytes)
        except InputError as exc:
            yield PageError(source, "ingest", str(exc))
        except OSError as exc:
            yield PageError(source, "ingest", exc.strerror or str(exc))


def _read_source(source: str, max_bytes: int) -> Iterator[Page | PageError]:
    name = source.lower()
    if source == "-":
        raw = sys.stdin.buffer.read(max_bytes + 1)
        _check_size(len(raw), max_bytes)
        yield from _pages_from_blob("<stdin>", raw, name, max_bytes)
        return
    if not os.path.exists(source):
        raise InputError("no such file or folder")
    if name.endswith((".warc", ".warc.gz", ".arc.gz")):
        yield from _warc_pages(source, max_bytes)
        return
    if name.endswith(".jsonl") or name.endswith(".jsonl.gz"):
        yield from _jsonl_pages(source, max_bytes)
        return
    _check_size(os.path.getsize(source), max_bytes)
    raw = Path(source).read_bytes()
    yield from _pages_from_blob(source, raw, name, max_bytes)


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputTooLarge(
            f"{size} bytes is more than max_page_bytes ({max_bytes}); raise the setting to read it"
        )


def _pages_from_blob(source: str, raw: bytes, name: str, max_bytes: int) -> Iterator[Page | PageError]:
    if raw.startswith(b"\x1f\x8b"):
        raw = _gunzip(raw, max_bytes)
        name = name.removesuffix(".gz")
        if raw.startswith(b"WARC/"):
            yield from _warc_pages_from(source, io.BytesIO(raw), max_bytes)
            return
    if raw.startswith(b"WARC/"):
        yield from _warc_pages_from(source, io.BytesIO(raw), max_bytes)
        return
    check_not_binary(raw)
    head = raw[:1024].lstrip().lower()
    is_html = name.endswith((".html", ".htm", ".xhtml")) or head.startswith(_HTML_START)
    yield page_from_bytes(raw, source, "html" if is_html else "text")


def _gunzip(raw: bytes, max_bytes: int) -> bytes:
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = out.decompress(raw, max_bytes + 1)
    except zlib.error as exc:
        raise InputError(f"damaged gzip data: {exc}") from exc
    if len(data) > max_bytes:
        raise InputTooLarge(f"decompresses to more than max_page_bytes ({max_bytes})")
    if not out.eof:
        raise InputError("truncated gzip file (the compressed stream ends early)")
    return data


def page_from_bytes(
    raw: bytes, source: str, fmt: str, *, url: str | None = None, outlet: str | None = None,
    published: str | None = None, charset: str | None = None, record_format: str | None = None,
) -> Page:
    """Decode one page's bytes; for HTML, extract its main text and comments."""
    check_not_binary(raw)
    text, encoding, replaced, notes = decode(raw, charset)
    regions: tuple = ()
    if fmt == "html":
        text, regions, meta = html_to_text(text, url)
        notes = (*notes, *meta.get("notes", ()))
        outlet = outlet or meta.get("outlet")
        published = published or meta.get("published")
    return Page(
        id=page_id_for(raw), source=source, format=record_format or fmt, raw=raw, text=text,
        encoding=encoding, replaced_chars=replaced, decode_notes=notes, url=url, outlet=outlet,
        published=published, regions=regions,
    )


def _warc_pages(source: str, max_bytes: int) -> Iterator[Page | PageError]:
    with open(source, "rb") as stream:
        yield from _warc_pages_from(source, stream, max_bytes)
    if source.lower().endswith(".gz") and not gzip_complete(source):
        # fastwarc stops quietly at a cut-off gzip member; say so
        yield PageError(source, "ingest", "truncated WARC.gz: the file ends inside a compressed record")


def gzip_complete(path: str, chunk: int = 1 << 20) -> bool:
    """True when every gzip member of the file ends properly (streamed, bounded memory)."""
    decoder, started = zlib.decompressobj(16 + zlib.MAX_WBITS), False
    with open(path, "rb") as fh:
        while data := fh.read(chunk):
            try:
                while data:
                    started = True
                    decoder.decompress(data, 1 << 16)
                    # a member that ends inside the tail leaves the tail as it was (its rest
                    # is copied to unused_data): without the eof check this never ended
                    while decoder.unconsumed_tail and not decoder.eof:
                        decoder.decompress(decoder.unconsumed_tail, 1 << 16)
                    if not decoder.eof:
                        break
                    data = decoder.unused_data  # the next member starts here
                    decoder, started = zlib.decompressobj(16 + zlib.MAX_WBITS), False
            except zlib.error:
                return False
    return decoder.eof or not started


def _warc_pages_from(source: str, stream, max_bytes: int) -> Iterator[Page | PageError]:
    from .warc import warc_responses

    for item in warc_responses(stream, max_bytes):
        if isinstance(item, InputError):
            yield PageError(source, "ingest", str(item))
            continue
        offset, url, date, body, charset = item
        where = f"{source}#{offset}"
        try:
            head = body[:1024].lstrip().lower()
            fmt = "html" if head.startswith(_HTML_START) or b"<html" in body[:4096].lower() else "text"
            yield page_from_bytes(body, where, fmt, url=url, published=(date or "")[:10] or None,
                                  charset=charset, record_format="warc")
        except InputError as exc:
            yield PageError(where, "ingest", str(exc))


def _jsonl_pages(source: str, max_bytes: int) -> Iterator[Page | PageError]:
    opener = gzip.open if source.lower().endswith(".gz") else open
    try:
        with opener(source, "rb") as stream:
            for number, line in enumerate(_bounded_lines(stream, max_bytes), start=1):
                where = f"{source}#L{number}"
                if isinstance(line, InputError):
                    yield PageError(where, "ingest", str(line))
                    continue
                if not line.strip():
                    continue
                try:
                    yield _jsonl_page(line, where)
                except InputError as exc:
                    yield PageError(where, "ingest", str(exc))
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield PageError(source, "ingest", f"damaged gzip data: {exc}")


def _bounded_lines(stream, max_bytes: int):
    """Lines of a binary stream; a line over ``max_bytes`` is skipped with an error."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(max_bytes + 1)
            yield InputTooLarge(f"line longer than max_page_bytes ({max_bytes})")
            continue
        yield line


def _jsonl_page(line: bytes, where: str) -> Page:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON: {exc}") from exc
    if not isinstance(obj, dict):
        raise InputError("a JSONL line must be an object with 'text' or 'html'")
    meta = {k: (str(obj[k]) if obj.get(k) is not None else None) for k in ("url", "outlet", "published")}
    if isinstance(obj.get("html"), str):
        body, fmt = obj["html"], "html"
    elif isinstance(obj.get("text"), str):
        body, fmt = obj["text"], "text"
    else:
        raise InputError("a JSONL line must have a string 'text' or 'html' field")
    if not body.strip():
        raise InputError("empty 'text'/'html' field")
    page = page_from_bytes(body.encode("utf-8", "surrogatepass"), where, fmt, record_format="jsonl",
                           **meta)
    # the page id covers the whole line, so changed metadata is a new page version
    return _with_id(page, page_id_for(line.rstrip(b"\r\n")), line.rstrip(b"\r\n"))


def _with_id(page: Page, page_id: str, raw: bytes) -> Page:
    import dataclasses

    return dataclasses.replace(page, id=page_id, raw=raw)
