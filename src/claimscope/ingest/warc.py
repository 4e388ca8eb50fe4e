"""WARC and WARC.gz files: every HTTP response record with an HTML or text body is a page."""
from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError, require

__all__ = ["warc_responses"]


def warc_responses(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[str, str | None, str | None, bytes, str | None] | InputError]:
    """(record offset, url, date, body bytes, declared charset) per response record.

    A damaged or truncated file yields an InputError after the records that
    could be read, so everything before the damage is kept.
    """
    fastwarc = require("fastwarc.warc", "warc")
    count = 0
    try:
        iterator = fastwarc.ArchiveIterator(stream, record_types=fastwarc.WarcRecordType.response,
                                            parse_http=True)
        for record in iterator:
            count += 1
            content_type = (record.http_content_type or "").lower()
            if content_type and not any(t in content_type for t in ("html", "text", "xml")):
                continue
            body = record.reader.read(max_bytes + 1)
            if len(body) > max_bytes:
                yield InputError(f"WARC record {record.stream_pos}: body larger than {max_bytes} bytes")
                continue
            charset = record.http_charset
            date = record.headers.get("WARC-Date")
            yield (str(record.stream_pos), record.headers.get("WARC-Target-URI"), date, body, charset)
    except Exception as exc:  # fastwarc raises on truncated gzip members
        yield InputError(f"damaged WARC after {count} record(s): {exc.__class__.__name__}: {exc}")
