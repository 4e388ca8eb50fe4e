"""Match text against a catalogue of known conspiracy narratives.

The catalogue is data (``narratives.v1.toml``; users may pass their own file).
Each narrative names concept groups of cue patterns; a text matches when every
required group has a cue inside one window of characters. That is transparent
(the flag's span runs from the first to the last cue, so analysts see exactly
why) and fast. An optional sentence-embedding matcher (``narrative_embeddings``)
can add matches that use none of the cue words.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

__all__ = ["Narrative", "NarrativeMatch", "Catalogue", "load_catalogue", "DEFAULT_CATALOGUE"]

DEFAULT_CATALOGUE = Path(__file__).with_name("narratives.v1.toml")
DEFAULT_WINDOW = 400
# Score of a match that has every required cue and no boost cue; boosts and a
# tight window add up to 1.0.
BASE_SCORE = 0.6
BOOST_SHARE = 0.25
TIGHTNESS_SHARE = 0.15


@dataclass(frozen=True, slots=True)
class Narrative:
    id: str
    title: str
    description: str
    examples: tuple[str, ...]
    cues: dict  # group name -> compiled pattern
    require: tuple[str, ...]
    boost: tuple[str, ...]
    window: int


@dataclass(frozen=True, slots=True)
class NarrativeMatch:
    narrative_id: str
    start: int
    end: int
    score: float


def _compile(patterns: list[str]) -> re.Pattern:
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)


def _narrative(entry: dict, source: str) -> Narrative:
    cues = {name: _compile(patterns) for name, patterns in entry.get("cues", {}).items()}
    require = tuple(entry.get("require", ()))
    missing = [g for g in require + tuple(entry.get("boost", ())) if g not in cues]
    if not require or missing:
        raise ConfigError(f"{source}: narrative {entry.get('id')!r} needs cue groups for {missing or 'require'}")
    return Narrative(entry["id"], entry.get("title", entry["id"]), entry.get("description", ""),
                     tuple(entry.get("examples", ())), cues, require, tuple(entry.get("boost", ())),
                     int(entry.get("window", DEFAULT_WINDOW)))


def _best_window(hits: dict[str, list[tuple[int, int]]], require, window: int):
    """The tightest (start, end) holding one hit of every required group, or None."""
    best = None
    for anchor_start, anchor_end in hits[require[0]]:
        start, end = anchor_start, anchor_end
        for group in require[1:]:
            nearest = min(hits[group], key=lambda h: abs(h[0] - anchor_start))
            start, end = min(start, nearest[0]), max(end, nearest[1])
        if end - start <= window and (best is None or end - start < best[1] - best[0]):
            best = (start, end)
    return best


def _match(narrative: Narrative, text: str) -> NarrativeMatch | None:
    hits = {}
    for group in narrative.require:
        found = [m.span() for m in narrative.cues[group].finditer(text)]
        if not found:
            return None  # cheap exit: most texts lack the first cue group
        hits[group] = found
    best = _best_window(hits, narrative.require, narrative.window)
    if best is None:
        return None
    start, end = best
    # boosts may sit anywhere near the window, not only between its cues
    near = text[max(0, start - narrative.window // 2): end + narrative.window // 2]
    boosts = sum(1 for g in narrative.boost if narrative.cues[g].search(near))
    boost_part = boosts / len(narrative.boost) if narrative.boost else 1.0
    tightness = 1.0 - (end - start) / narrative.window
    score = BASE_SCORE + BOOST_SHARE * boost_part + TIGHTNESS_SHARE * tightness
    return NarrativeMatch(narrative.id, start, end, round(score, 4))


class Catalogue:
    def __init__(self, version: str, narratives: list[Narrative]) -> None:
        self.version = version
        self.narratives = narratives

    def extended(self, other: Catalogue) -> Catalogue:
        """This catalogue plus ``other``'s narratives (a user's own file); ids stay unique."""
        clash = {n.id for n in self.narratives} & {n.id for n in other.narratives}
        if clash:
            raise ConfigError(f"narrative ids defined twice: {', '.join(sorted(clash))}")
        return Catalogue(f"{self.version}+{other.version}", self.narratives + other.narratives)

    def match(self, text: str) -> list[NarrativeMatch]:
        """Every narrative ``text`` matches (at most one match, the best, per narrative)."""
        return [m for n in self.narratives if (m := _match(n, text)) is not None]


@functools.cache
def load_catalogue(path: str | Path = DEFAULT_CATALOGUE) -> Catalogue:
    """The catalogue in ``path``; a missing or malformed file is a ConfigError naming it
    (a user's catalogue is named by a setting, so its mistakes are the user's to fix)."""
    if not isinstance(path, (str, Path)):  # open(5) would read file descriptor 5
        raise ConfigError(f"a narrative catalogue is a file path, not {path!r}")
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        narratives = [_narrative(entry, str(path)) for entry in data.get("narrative", [])]
    except OSError as exc:
        raise ConfigError(f"cannot read narrative catalogue {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"narrative catalogue {path} is not valid TOML: {exc}") from exc
    except (KeyError, TypeError, AttributeError, ValueError, re.error) as exc:
        raise ConfigError(f"narrative catalogue {path}: a [[narrative]] entry is malformed "
                          f"({exc.__class__.__name__}: {exc})") from exc
    ids = [n.id for n in narratives]
    if len(ids) != len(set(ids)):
        raise ConfigError(f"{path}: narrative ids must be unique")
    return Catalogue(str(data.get("version", Path(path).stem)), narratives)
