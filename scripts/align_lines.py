"""Label the lines of a rendered page from gold text given as plain text (Dragnet).

The gold is the page's main text and its comments, not line numbers, so each rendered
line is looked up in both: a line of three words or more takes the part that holds most
of its word trigrams (at least half of them), else it is boilerplate. Shorter lines
(names, dates, "Reply") are ambiguous on their own — "Reply" also occurs inside comment
prose — so one takes a part only when its words occur there as a run *and* the nearest
long line before or after it was given that part.
"""
from __future__ import annotations

import re

LABELS = ("article", "comment", "boilerplate")
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class GoldText:
    """Trigrams and the joined word string of one gold part, for fast lookups."""

    def __init__(self, text: str) -> None:
        ws = words(text)
        self.trigrams = {tuple(ws[i:i + 3]) for i in range(len(ws) - 2)}
        self.joined = " " + " ".join(ws) + " "

    def share(self, ws: list[str]) -> float:
        grams = [tuple(ws[i:i + 3]) for i in range(len(ws) - 2)]
        return sum(g in self.trigrams for g in grams) / len(grams) if grams else 0.0

    def holds_run(self, ws: list[str]) -> bool:
        return bool(ws) and (" " + " ".join(ws) + " ") in self.joined


def align(lines: list[str], main: str, comments: str) -> list[str]:
    """A label from ``LABELS`` for each of ``lines`` (the page's non-blank lines)."""
    parts = {"article": GoldText(main), "comment": GoldText(comments)}
    tokens = [words(line) for line in lines]
    labels: list[str | None] = []
    for ws in tokens:
        if len(ws) >= 3:
            shares = {name: part.share(ws) for name, part in parts.items()}
            best = max(shares, key=shares.get)
            labels.append(best if shares[best] >= 0.5 else "boilerplate")
        else:
            labels.append(None)
    return [_short_label(labels, tokens, parts, i) if lab is None else lab for i, lab in enumerate(labels)]


def _short_label(labels: list[str | None], tokens: list[list[str]], parts: dict, i: int) -> str:
    near = {_nearest(labels, i, -1), _nearest(labels, i, 1)}
    for name in ("article", "comment"):
        if name in near and parts[name].holds_run(tokens[i]):
            return name
    return "boilerplate"


def _nearest(labels: list[str | None], i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(labels):
        if labels[j] is not None:
            return labels[j]
        j += step
    return None
