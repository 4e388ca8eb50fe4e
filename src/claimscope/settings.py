"""Every tunable number in one documented table, loaded into a frozen ``Settings``.

A TOML file (``claimscope run --config FILE``) may set any of them under a
``[claimscope]`` table; unknown names are an error so a typo never goes unnoticed.
"""
from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from .errors import ClaimscopeError

__all__ = ["SETTINGS", "Settings", "load_settings"]

# (name, default, help)
SETTINGS: tuple[tuple[str, object, str], ...] = (
    ("max_page_bytes", 256 * 1024 * 1024,
     "Largest input page (or JSONL line, or WARC record) read; larger ones are reported as errors."),
    ("max_analysed_chars", 250_000,
     "Each per-page stage reads at most this many characters of a page's text (cut at a line end "
     "when one is near); the page is stored whole, and a stage that stops early records a notice "
     "(claimscope show PAGE). 250,000 is about 40,000 words: a long comment thread, at 1-2 minutes "
     "of extract on one core. 0 turns the bound off."),
    ("boilerplate_min_pages", 3,
     "A short line found on at least this many pages of the corpus is treated as site chrome."),
    ("toxic_threshold", 0.5, "Minimum score for a 'toxic' flag."),
    ("hate_threshold", 0.5, "Minimum score for a 'hate' flag."),
    ("propaganda_threshold", 0.0,
     "Minimum score for a 'propaganda:<technique>' flag; 0 keeps the per-technique thresholds tuned with the model."),
    ("narrative_threshold", 0.6, "Minimum score for a 'narrative' flag (0.6: every required cue of a narrative)."),
    ("narrative_catalogue", "", "Extra narrative catalogue file (TOML) to match besides the built-in one."),
    ("same_claim_threshold", 0.75, "Minimum similarity for two claims to be linked as the same claim."),
    ("near_duplicate_threshold", 0.8, "Minimum estimated Jaccard similarity for a near-duplicate link."),
    ("worker_threads", 1,
     "Threads each worker process gives the numeric libraries (torch, BLAS); 0 leaves their own default. "
     "One per worker lets N workers use N cores without fighting over them."),
)

Settings = dataclasses.make_dataclass(
    "Settings",
    [(name, type(default), dataclasses.field(default=default)) for name, default, _ in SETTINGS],
    frozen=True,
)
Settings.__doc__ = "The run's settings; see SETTINGS for what each one means."
# make_dataclass files the class under the "types" module; name it here so settings
# pickle by reference into spawned worker processes.
Settings.__module__ = __name__


def load_settings(path: str | Path | None = None, **overrides) -> Settings:
    values: dict = {}
    if path:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        values.update(data.get("claimscope", data))
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {name for name, _, _ in SETTINGS}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ClaimscopeError(f"unknown setting(s): {', '.join(unknown)}")
    return Settings(**values)
