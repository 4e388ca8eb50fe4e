"""Reading labelled evaluation files: one reader, one kind of error message."""
from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import EvalFormatError

__all__ = ["jsonl_rows"]


def jsonl_rows(path: str | Path) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line of a JSONL(.gz) file."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalFormatError(f"{path}:{number}: not JSON ({exc})") from exc
            if not isinstance(row, dict):
                raise EvalFormatError(f"{path}:{number}: expected a JSON object")
            yield number, row
