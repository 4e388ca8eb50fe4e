"""A small progress line on stderr: count, pages/s and ETA. Silent when quiet
or when stderr is not a terminal-like stream worth redrawing."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, label: str, total: int | None, quiet: bool = False, every: float = 0.5) -> None:
        self.label, self.total, self.quiet, self.every = label, total, quiet, every
        self.count = 0
        self.started = self.last = time.monotonic()

    def step(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if not self.quiet and now - self.last >= self.every:
            self.last = now
            self._draw(now)

    def _draw(self, now: float, end: str = "") -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.count / elapsed
        text = f"\r{self.label}: {self.count}"
        if self.total:
            left = (self.total - self.count) / rate if rate else 0
            text += f"/{self.total} pages  {rate:.1f} pages/s  ETA {_clock(left)}"
        else:
            text += f" pages  {rate:.1f} pages/s"
        sys.stderr.write(text + "   " + end)
        sys.stderr.flush()

    def done(self) -> None:
        if not self.quiet and self.count:
            self._draw(time.monotonic(), "\n")


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600:d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
