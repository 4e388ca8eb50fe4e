"""Versions derived from what decides a stage's output, so they cannot go stale.

A stage's version is its human-readable name plus a short fingerprint of

* its code: the source of the module that builds it and of every claimscope module
  that module imports, followed through their imports (found by reading the source,
  so nothing is imported and no model is loaded);
* its artefacts: every file that is not Python in the folders of those modules and
  their data folders (``models/``, ``data/``, lexicons, catalogues), since the
  modules read their artefacts from beside themselves;
* the settings it reads (names and values; for a setting naming a file, that
  file's bytes too).

    segment.lines.v2+3f9a2c1d

Files are hashed by their bytes in sorted relative-path order, never by time stamp,
so the same tree gives the same version on every machine and in every process. The
code and artefact part is computed once per process; the settings part is cheap.
A stage whose version differs from the one stored in ``stage_done`` runs again on
the page, so changed behaviour re-analyses the pages it made.
"""
from __future__ import annotations

import ast
import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from .settings import FILE_SETTINGS, load_settings

__all__ = [
    "FINGERPRINT_CHARS",
    "PACKAGE_ROOT",
    "artefact_files",
    "code_digest",
    "derived_version",
    "file_digest",
    "module_files",
    "settings_digest",
    "tree_digest",
]

PACKAGE_ROOT = Path(__file__).resolve().parent  # src/claimscope
PACKAGE = PACKAGE_ROOT.name  # "claimscope"
FINGERPRINT_CHARS = 8  # 32 bits: enough to tell one version of a stage from the next
_SKIPPED_DIRS = {"__pycache__"}


def _module_file(name: str, root: Path) -> Path | None:
    """The source file of module ``claimscope.a.b`` under ``root``, or None."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py") if parts[1:] else None, base / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def _module_name(path: Path, root: Path) -> tuple[str, bool]:
    """(dotted name, is a package) of a source file under ``root``."""
    relative = path.relative_to(root).with_suffix("")
    parts = [PACKAGE, *relative.parts]
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _imported(path: Path, root: Path) -> set[str]:
    """The claimscope modules that ``path`` imports anywhere (top level or inside a
    function: a lazy import decides output as much as an eager one)."""
    name, is_package = _module_name(path, root)
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            # ``from .x import y``: y may be a submodule (then it is what is used) or a
            # name defined in x (then x is)
            submodules = {f"{base}.{a.name}" for a in node.names if _module_file(f"{base}.{a.name}", root)}
            found.update(submodules or {base})
            if len(submodules) < len(node.names):
                found.add(base)
    return {m for m in found if m.split(".")[0] == PACKAGE}


def module_files(module: str, root: Path = PACKAGE_ROOT) -> tuple[Path, ...]:
    """Source files of ``module`` and of every claimscope module it imports, transitively,
    sorted. A parent package's ``__init__`` counts only when it is imported itself."""
    start = _module_file(module, root)
    if start is None:
        raise ValueError(f"no source for module {module!r} under {root}")
    seen: set[Path] = set()
    todo = [start]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imported(path, root):
            found = _module_file(name, root)
            if found is not None and found not in seen:
                todo.append(found)
    return tuple(sorted(seen))


def artefact_files(sources: Iterable[Path]) -> tuple[Path, ...]:
    """Files that are not Python in the folders of ``sources`` and in their data folders.
    A data folder is any sub-folder without modules of its own (``extract/data`` has an
    empty ``__init__.py`` so that ``importlib.resources`` finds it); a sub-package with
    modules counts when one of them is imported."""
    found: set[Path] = set()
    for folder in {p.parent for p in sources}:
        found.update(_data_files(folder))
    return tuple(sorted(found))


def _data_files(folder: Path) -> Iterable[Path]:
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name in _SKIPPED_DIRS:
            continue
        if entry.is_dir():
            if not _has_modules(entry):
                yield from _data_files(entry)
        elif entry.suffix not in (".py", ".pyc"):
            yield entry


def _has_modules(folder: Path) -> bool:
    return any(p.name != "__init__.py" for p in folder.glob("*.py"))


def file_digest(path: Path) -> str:
    """sha256 of one file's bytes. Two stages may share a folder and model files run to
    tens of MB, so digests are kept for the process, keyed by the file's size and time
    stamp: those only say when to read it again, the digest is of the bytes."""
    stat = path.stat()
    return _bytes_digest(path, stat.st_size, stat.st_mtime_ns)


@functools.cache
def _bytes_digest(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def tree_digest(files: Iterable[Path], root: Path) -> str:
    """sha256 over (relative path, content digest) of ``files`` in sorted path order: the
    same bytes under the same names give the same digest wherever ``root`` lies."""
    digest = hashlib.sha256()
    for relative, path in sorted((p.relative_to(root).as_posix(), p) for p in files):
        digest.update(relative.encode("utf-8") + b"\0" + file_digest(path).encode("ascii") + b"\n")
    return digest.hexdigest()


def code_digest(module: str, root: Path = PACKAGE_ROOT) -> str:
    """The digest of ``module``'s code and artefacts as they are now on disk."""
    sources = module_files(module, root)
    return tree_digest(sources + artefact_files(sources), root)


@functools.cache
def _code_digest_once(module: str, root: Path) -> str:
    # a running process runs the code it imported: read the tree once
    return code_digest(module, root)


def settings_digest(settings: object, names: Sequence[str]) -> str:
    """A stable text of the settings ``names`` read from ``settings``; for a setting that
    names a file (``FILE_SETTINGS``) the file's content digest is added, so editing a
    lexicon or catalogue the run points at changes the version too."""
    values: dict[str, object] = {}
    for name in sorted(names):
        value = getattr(settings, name)
        values[name] = list(value) if isinstance(value, tuple) else value
        if name in FILE_SETTINGS and value and Path(str(value)).is_file():
            values[f"{name}#sha256"] = file_digest(Path(str(value)).resolve())
    return json.dumps(values, sort_keys=True, default=str)


def derived_version(prefix: str, module: str, settings: object = None, reads: Sequence[str] = (),
                    root: Path = PACKAGE_ROOT) -> str:
    """``prefix+fingerprint`` of the stage built by ``module`` that reads the settings
    ``reads`` of ``settings`` (the defaults when None)."""
    digest = hashlib.sha256(_code_digest_once(module, root).encode("ascii"))
    if reads:
        if settings is None:
            settings = load_settings()
        digest.update(settings_digest(settings, reads).encode("utf-8"))
    return f"{prefix}+{digest.hexdigest()[:FINGERPRINT_CHARS]}"
