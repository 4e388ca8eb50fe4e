"""The line table: what segmentation knows about each non-blank line of a page."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from dataclasses import dataclass

from ..text.content import is_furniture, normalise
from . import patterns

_DIGITS = re.compile(r"\d")
_HAS_WORD = re.compile(r"[^\W_]")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’»)\]]$")


# Each predicate below is asked about the same line many times while a page is
# segmented; a small cache makes each one run once. A line is one place in one page, so
# it is equal only to itself: hashing it by identity keeps those many cache lookups cheap
# (hashing all eight fields took about 6 % of segmentation's time under a profiler).
@dataclass(frozen=True, slots=True, eq=False)
class Line:
    number: int  # 1-based line number in the page
    start: int  # char offset of the first non-space character
    end: int  # char offset just after the last non-space character
    text: str  # the stripped line
    norm: str
    words: int
    gap_before: int  # blank lines between the previous non-blank line and this one
    gap_after: int

    @property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))


def line_hash(line: Line) -> str:
    """Hash of a line's normalised text with digits folded, so "3 comments" and "12 comments"
    count together."""
    key = _DIGITS.sub("0", line.norm)
    return hashlib.blake2b(key.encode("utf-8", "replace"), digest_size=8).hexdigest()


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def line_table(text: str, max_line_chars: int = 1_000_000) -> list[Line]:
    """Every non-blank line with its offsets and the blank-line gaps around it.

    Lines longer than ``max_line_chars`` are kept whole (their span is exact)
    but only their first ``max_line_chars`` characters are examined, so one
    enormous line cannot make segmentation quadratic or blow up memory.
    """
    rows: list[tuple[int, int, int, str]] = []
    number, pos, size = 0, 0, len(text)
    while pos <= size:
        nl = text.find("\n", pos)
        stop = size if nl == -1 else nl
        number += 1
        raw = text[pos : min(stop, pos + max_line_chars)]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            trail_end = stop if stop - pos > max_line_chars else pos + len(raw.rstrip())
            rows.append((number, pos + lead, trail_end, stripped))
        if nl == -1:
            break
        pos = nl + 1
    lines: list[Line] = []
    for i, (num, start, end, stripped) in enumerate(rows):
        prev_num = rows[i - 1][0] if i else 0
        next_num = rows[i + 1][0] if i + 1 < len(rows) else number + 1
        lines.append(
            Line(
                number=num, start=start, end=end, text=stripped, norm=normalise(stripped),
                words=len(words_of(stripped[:2000])) if len(stripped) < 2000 else 400,
                gap_before=num - prev_num - 1, gap_after=next_num - num - 1,
            )
        )
    return lines


@lru_cache(maxsize=8192)
def is_chrome(line: Line) -> bool:
    if not _HAS_WORD.search(line.norm):
        return True  # only bullets, arrows, brackets or separators
    if len(line.norm) <= 160 and patterns.CHROME.match(line.norm):
        return True
    return is_navigation(line) and not is_byline(line)


@lru_cache(maxsize=8192)
def is_navigation(line: Line) -> bool:
    """A menu or breadcrumb: several short items separated by | » / or wide gaps."""
    parts = [p for p in re.split(r"\s*[|»›/]\s*|\s{2,}", line.text) if p.strip()]
    if len(parts) < 3 or len(line.text) > 1000:
        return False
    short = sum(len(words_of(p)) <= 3 for p in parts)
    return short >= len(parts) - 1 and line.words <= 3 * len(parts)


@lru_cache(maxsize=8192)
def is_timestamp(line: Line) -> bool:
    return len(line.norm) <= 60 and bool(patterns.TIMESTAMP.match(line.norm))


# Page furniture in a thread is a short line ("Subscribe to comments on this entry", "Name:");
# the furniture patterns are slow to search on prose, and a comment's prose is no furniture.
MAX_FURNITURE_WORDS = 16


@lru_cache(maxsize=8192)
def is_furniture_line(line: Line) -> bool:
    """A short line of page furniture (``text.content.is_furniture``)."""
    return line.words <= MAX_FURNITURE_WORDS and is_furniture(line.text)


@lru_cache(maxsize=8192)
def is_control(line: Line) -> bool:
    return len(line.norm) <= 40 and bool(patterns.CONTROLS.match(line.norm))


@lru_cache(maxsize=8192)
def is_zone_marker(line: Line) -> bool:
    return len(line.norm) <= 120 and bool(patterns.ZONE_MARKERS.match(line.norm))


@lru_cache(maxsize=8192)
def is_byline(line: Line) -> bool:
    return len(line.norm) <= 120 and bool(patterns.BYLINE.match(line.norm))


@lru_cache(maxsize=8192)
def inline_signature(line: Line) -> str | None:
    """The name in a "Name • 3 hours ago" line, or None when the line is not one."""
    if len(line.text) > 120:
        return None
    text = patterns.SIGNATURE_BULLET.sub("", patterns.SIGNATURE_URL.sub("", line.text.lstrip("↳→ \t")))
    match = patterns.INLINE_SIGNATURE.match(text)
    if match and patterns.TIMESTAMP.match(match.group("when").strip(" •|·—").lower()):
        return match.group("name").strip()
    first = patterns.TIME_FIRST_SIGNATURE.match(text)
    if first:
        return first.group("name").strip()
    glued = patterns.GLUED_SIGNATURE.match(text)
    if glued:
        return glued.group("name").strip()
    slashed = patterns.SLASHED_SIGNATURE.match(text)
    if slashed:
        return slashed.group("name").strip()
    dated = patterns.DATED_LIST_SIGNATURE.match(text)
    if dated:  # a name, not a headline: few words, no sentence words
        name = dated.group("name").strip()
        words = [w.lower() for w in words_of(name)]
        if len(words) <= 4 and not any(w in patterns.SENTENCE_WORDS for w in words):
            return name
    # "1 Emily November 4, 2012 at 9:41 pm": a numbered list's number before a spaced signature
    return _spaced_signature(patterns.SIGNATURE_LIST_NUMBER.sub("", text))


def _spaced_signature(text: str) -> str | None:
    """The name in "Name July 31, 2012 at 9:39 pm" / "Name On Thursday, November 1 at 2:57 pm":
    the first split where what follows the name is a whole timestamp with a time of day. A
    byline ("Posted by X on …") is not a commenter's signature."""
    if not patterns.SPACED_SIGNATURE.match(text) or patterns.BYLINE.match(normalise(text)):
        return None
    words = text.split()
    for k in range(1, min(len(words), 7)):
        name, rest = " ".join(words[:k]), words[k:]
        if rest and rest[0].lower() == "on":
            rest = rest[1:]
        initial = name.endswith(".") and len(words[k - 1]) <= 2  # "Leah H."
        if (name[-1] in ",.:;" and not initial) or not rest:
            continue
        if words[0].lower() in ("the", "a", "an") or any(w.lower() in patterns.SENTENCE_WORDS for w in words[:k]):
            return None  # "The fire started on July 3, 2012 at 9:00 pm" is a sentence; "Kim of The Made Thing" a name
        if patterns.TIMESTAMP.match(" ".join(rest).lower()):
            return name
    return None


@lru_cache(maxsize=8192)
def author_name(line: Line) -> str:
    """The display name on an author line, without template text such as " says:"."""
    signed = inline_signature(line)
    if signed:
        return signed
    numbered = patterns.NUMBERED_SIGNATURE.match(line.text)
    if numbered and "(" in line.text:
        return numbered.group("name").strip()
    match = patterns.AUTHOR_SUFFIX.match(line.text)
    if match:  # "1. Alexander Petrov wrote on …:": the list number is the renderer's
        return patterns.LIST_NUMBER.sub("", match.group("name").strip())
    name = patterns.NAME_BULLET.sub("", line.text.lstrip("↳→ \t"))  # "* Alan Wexelblat"
    on = patterns.NAME_ON.match(name)
    if on:  # "Slavko Desik on" over the date (text.py takes it as a name only then)
        name = patterns.SPLIT_BY_SIGNATURE.sub(r"\g<name>", name) if name.lower().startswith("by ") \
            else on.group("name")
    return patterns.NAME_LIST_NUMBER.sub("", name) or name  # "1. 1 Robert": the list's numbers


@lru_cache(maxsize=8192)
def name_shaped(line: Line) -> bool:
    """Short, unpunctuated, not chrome: the shape of a display name, sentence words allowed."""
    text = line.text
    if line.words == 0 or line.words > 6 or len(text) > 40 or line.norm in patterns.INTERJECTIONS:
        return False
    words = words_of(text)
    initial = text.endswith(".") and bool(words) and len(words[-1]) <= 3
    if (text[-1] in ".!?,;:…\"”" and not initial) or text.startswith(("“", '"', "-", "•", "*")):
        return False
    return not (is_chrome(line) or is_timestamp(line) or is_control(line) or is_byline(line))


@lru_cache(maxsize=8192)
def looks_like_name(line: Line) -> bool:
    """Could this line be a commenter's display name shown on its own line?"""
    if patterns.AUTHOR_SUFFIX.match(line.text) or inline_signature(line):
        return True
    if "(" in line.text and patterns.NUMBERED_SIGNATURE.match(line.text):
        return True
    text = line.text
    if line.norm in patterns.INTERJECTIONS:
        return False
    if line.words == 0 or line.words > 6 or len(text) > 40:
        return False
    initial = text.endswith(".") and len(words_of(text)[-1]) <= 3 if words_of(text) else False
    if (text[-1] in ".!?,;:…\"”" and not initial) or text.startswith(("“", '"', "-", "•", "*")):
        return False
    tokens = [t.lower() for t in words_of(text)]
    if sum(t in patterns.SENTENCE_WORDS for t in tokens) >= 1 and len(tokens) > 2:
        return False
    if is_chrome(line) or is_timestamp(line) or is_control(line) or is_byline(line):
        return False
    return True


def bulleted_name(line: Line) -> bool:
    """"* Alan Wexelblat": a name as a list item (a renderer's bullet for a comment in a list);
    only a name when a timestamp follows it (text.py)."""
    if not patterns.NAME_BULLET.match(line.text):
        return False
    rest = line_table(patterns.NAME_BULLET.sub("", line.text))
    return bool(rest) and looks_like_name(rest[0])


@lru_cache(maxsize=8192)
def looks_like_title(line: Line) -> bool:
    """A headline: 4 to 30 words, no closing full stop, mostly capitalised or with a colon."""
    text = line.text
    if not 4 <= line.words <= 30 or len(text) > 250:
        return False
    if text.endswith((".", ",", ";", "…")) and not text.endswith("..."):
        return False
    if text.startswith(("“", '"', "‘", "'", "•", "-", "*", "(")):
        return False
    words = words_of(text)
    content = [w for w in words if w.lower() not in patterns.SENTENCE_WORDS and len(w) > 3]
    if not content:
        return False
    capitalised = sum(w[0].isupper() or w[0].isdigit() for w in content) / len(content)
    return capitalised >= 0.6 or (":" in text and capitalised >= 0.4)


@lru_cache(maxsize=8192)
def headline_shape(line: Line) -> bool:
    """Shaped like a sentence-case headline: 4-30 words, no closing full stop."""
    text = line.text
    return 4 <= line.words <= 30 and len(text) <= 250 and not text.endswith((".", ",", ";", ":")) \
        and not text.startswith(("“", '"', "‘", "'", "•", "-", "*", "("))


@lru_cache(maxsize=8192)
def is_body(line: Line) -> bool:
    """A paragraph of running prose."""
    if line.words >= 18:
        return True
    return line.words >= 8 and line.ends_sentence and not looks_like_title(line)


def is_dated(line: Line) -> bool:
    """A comment's date line, or its signature with a date or a time of day."""
    return is_timestamp(line) or bool(inline_signature(line)) or (
        len(line.norm) <= 120 and bool(patterns.TIME_OF_DAY.search(line.norm)))


def clear_caches() -> None:
    """Forget the cached line predicates (called after each page, so memory stays flat)."""
    for predicate in (is_chrome, is_timestamp, is_control, is_furniture_line, is_zone_marker, is_byline, name_shaped,
                      looks_like_name, looks_like_title, headline_shape, is_body, inline_signature,
                      author_name, is_navigation):
        predicate.cache_clear()
