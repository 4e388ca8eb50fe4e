"""Query-string parameters, read defensively: every value is a bounded string or
int, unknown names are ignored, and nothing here is ever pasted into SQL."""
from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

__all__ = ["MAX_PAGE_SIZE", "PAGE_SIZE", "Paging", "Params"]

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_VALUE_CHARS = 500


def _clean(value: str) -> str:
    # NUL ends a string inside SQLite's FTS5 parser; no stored text needs it
    return value[:MAX_VALUE_CHARS].replace("\x00", "")


class Params:
    """The query string of one request."""

    def __init__(self, query: str | dict[str, str] = "") -> None:
        if isinstance(query, dict):
            self.values = {k: _clean(str(v)) for k, v in query.items() if v is not None}
            self.lists = {k: [v] for k, v in self.values.items()}
        else:
            parsed = parse_qs(query, keep_blank_values=False)
            self.values = {k: _clean(v[-1]) for k, v in parsed.items()}
            self.lists = {k: [_clean(x) for x in v[:50]] for k, v in parsed.items()}
        self.values.pop("token", None)  # never echoed back into links
        self.lists.pop("token", None)

    def text(self, name: str) -> str | None:
        value = self.values.get(name, "").strip()
        return value or None

    def many(self, name: str) -> list[str]:
        """Every value of a repeated parameter (``layer=a&layer=b``), at most 50."""
        return list(self.lists.get(name, []))

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        try:
            value = int(self.values.get(name, default))
        except ValueError:
            value = default
        return max(low, min(high, value))

    def number(self, name: str, default: float, low: float, high: float) -> float:
        try:
            value = float(self.values.get(name, default))
        except ValueError:
            value = default
        return default if math.isnan(value) else max(low, min(high, value))

    def paging(self) -> Paging:
        size = self.integer("size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
        return Paging(page=self.integer("page", 1, 1, 10_000), size=size)

    def url(self, path: str, **changes: object) -> str:
        """This request's URL with some parameters changed (None removes one)."""
        merged = dict(self.values)
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = str(value)
        return path + ("?" + urlencode(merged) if merged else "")

    def as_dict(self) -> dict[str, str]:
        return dict(self.values)


@dataclass(frozen=True)
class Paging:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def sql(self) -> tuple[str, tuple[int, int]]:
        """A LIMIT clause fetching one row more than shown, to know if a next page exists."""
        return " LIMIT ? OFFSET ?", (self.size + 1, self.offset)

    def cut(self, rows: list) -> tuple[list, bool]:
        return rows[: self.size], len(rows) > self.size
