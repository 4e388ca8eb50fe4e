"""Tables derived from installed data, kept on disk between runs.

Some tables are built from other packages' or claimscope's own data files when a stage
starts (the gazetteer reads 150,000 GeoNames rows and folds 450,000 names: about ten seconds
on one core; the cue tagger lays out 580,000 feature weights). Every ``claimscope run`` and
every worker process paid that again. ``derived(name, inputs, build)`` builds such a table
once, keeps it in the user's cache folder as a ``marshal`` file, and reads it back in a
fraction of a second afterwards.

The file's name carries a digest of everything the table is made from (``inputs``: the
source packages' versions, the bytes of claimscope's own data files, the builder's version)
and of the Python version (``marshal``'s format belongs to it), so a changed input builds a
new file and an old one is never read for it. A cache that cannot be written (a read-only
home, a full disk) or a file that cannot be read costs the build and nothing else.

The folder (also where evaluations keep embeddings of their data files) is
``$CLAIMSCOPE_CACHE``, else ``$XDG_CACHE_HOME/claimscope``, else
``~/.cache/claimscope``; ``CLAIMSCOPE_CACHE=off`` turns the cache off.

``derived_file(name, inputs, write)`` keeps a file ``write(path)`` makes (an SQLite table a
stage queries instead of holding it in memory: the gazetteer's) under the same naming and
the same rules.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "derived", "derived_file"]

OFF = "off"


def cache_dir() -> Path | None:
    """Where derived tables are kept, or None when the cache is turned off."""
    chosen = os.environ.get("CLAIMSCOPE_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in (OFF, "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimscope"


def _file_name(name: str, inputs: tuple[Any, ...]) -> str:
    digest = hashlib.blake2b(repr((inputs, sys.version_info[:2], marshal.version)).encode(),
                             digest_size=12).hexdigest()
    return f"{name}-{digest}.marshal"


def derived(name: str, inputs: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """The table ``build()`` returns (plain tuples, lists, dicts, strings and numbers only),
    read from the cache when a file for these ``inputs`` is there, else built and kept."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / _file_name(name, inputs)
    try:
        with open(path, "rb") as handle:
            return marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # absent or unreadable: build it
    table = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # written beside its final name and renamed, so a reader never sees half a file
        # and two workers building at once leave one whole file
        fd, partial = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
    except OSError:
        return table  # a cache that cannot be written costs the build, nothing more
    try:
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(table, handle)
        os.replace(partial, path)
    except (OSError, ValueError):
        Path(partial).unlink(missing_ok=True)
    return table


def derived_file(name: str, inputs: tuple[Any, ...], write: Callable[[Path], None], suffix: str = ".sqlite") -> Path | None:
    """The path of the file ``write(path)`` makes for these ``inputs``, made once and kept in
    the cache folder; None when the cache is off or cannot be written (the caller then keeps
    the table in memory)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / (_file_name(name, inputs).removesuffix(".marshal") + suffix)
    if path.exists():
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        os.close(fd)
    except OSError:
        return None
    try:
        Path(partial).unlink()  # ``write`` makes the file itself (SQLite will not open an empty one as new)
        write(Path(partial))
        os.replace(partial, path)  # whole or not at all, as ``derived``'s files
    except (OSError, ValueError, sqlite3.Error):
        Path(partial).unlink(missing_ok=True)
        return None
    return path

