"""Issue 16: a stage's version says what made its output. It is derived from the stage's
code, its artefacts and the settings it reads, and a changed version re-analyses the
pages the old one made."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import claimscope
from claimscope import fingerprint, runner
from claimscope.fingerprint import FINGERPRINT_CHARS, derived_version, module_files
from claimscope.link import link_versions
from claimscope.pipeline import STAGES, stage_versions
from claimscope.settings import load_settings
from tests.conftest import needs

PACKAGE = Path(claimscope.__file__).resolve().parent
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"
ALL = ("segment", "extract", "classify")


@pytest.fixture
def tree(tmp_path):
    """A copy of the package's source and small data files (the big models left out, so
    the copy is quick); versions of the copy are computed as they would be for the real one."""
    root = tmp_path / "claimscope"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__", "*.joblib", "*.npz", "*.gz"))
    return root


def _version(module: str, root: Path, settings=None, reads=()):
    return fingerprint.derived_version("x.v1", module, settings, reads, root=root)


def test_versions_keep_their_name_and_add_a_fingerprint():
    versions = stage_versions(ALL)
    for name in ALL:
        prefix, _, tail = versions[name].rpartition("+")
        assert prefix.startswith(f"{name}.") and len(tail) == FINGERPRINT_CHARS
        int(tail, 16)
    assert versions["segment"].startswith("segment.lines.v14+")


def test_editing_a_source_file_of_the_stage_or_below_it_changes_its_version(tree):
    segment = fingerprint.code_digest("claimscope.segment", tree)
    extract = fingerprint.code_digest("claimscope.extract", tree)
    with open(tree / "segment" / "text.py", "a", encoding="utf-8") as fh:
        fh.write("\n# a changed rule\n")
    assert fingerprint.code_digest("claimscope.segment", tree) != segment
    assert fingerprint.code_digest("claimscope.extract", tree) == extract  # extract imports no segmenter
    with open(tree / "records.py", "a", encoding="utf-8") as fh:  # below both of them
        fh.write("\n# a changed record\n")
    assert fingerprint.code_digest("claimscope.extract", tree) != extract


def test_editing_code_a_stage_does_not_import_leaves_its_version(tree):
    segment = fingerprint.code_digest("claimscope.segment", tree)
    for path in (tree / "cli" / "core.py", tree / "link" / "stories.py", tree / "classify" / "toxicity.py"):
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("\n# elsewhere\n")
    assert fingerprint.code_digest("claimscope.segment", tree) == segment


def test_editing_an_artefact_changes_the_version_of_the_stage_that_reads_it(tree):
    extract = fingerprint.code_digest("claimscope.extract", tree)
    segment = fingerprint.code_digest("claimscope.segment", tree)
    words = tree / "extract" / "data" / "not_places.txt"
    words.write_text(words.read_text(encoding="utf-8") + "Atlantis\n", encoding="utf-8")
    assert fingerprint.code_digest("claimscope.extract", tree) != extract
    assert fingerprint.code_digest("claimscope.segment", tree) == segment


def test_the_same_bytes_give_the_same_version_wherever_they_lie(tree, tmp_path):
    """Paths are hashed relative to the package and files by their bytes, never time stamps."""
    other = tmp_path / "elsewhere" / "claimscope"
    shutil.copytree(tree, other)
    os.utime(other / "segment" / "text.py", (0, 0))
    for module in ("claimscope.segment", "claimscope.extract", "claimscope.classify"):
        assert fingerprint.code_digest(module, tree) == fingerprint.code_digest(module, other)


def test_code_is_found_by_reading_imports_not_by_importing():
    files = {p.relative_to(PACKAGE).as_posix() for p in module_files("claimscope.segment")}
    assert {"segment/__init__.py", "segment/text.py", "records.py", "analysis.py"} <= files
    assert not any(f.startswith(("classify/", "extract/", "link/", "cli/")) for f in files)
    extract = {p.relative_to(PACKAGE).as_posix() for p in module_files("claimscope.extract")}
    # imported lazily inside build_stage: counted all the same
    assert {"extract/__init__.py", "extract/stage.py", "extract/nlp.py", "records.py"} <= extract


def test_a_setting_the_stage_reads_changes_its_version_and_no_other():
    base = stage_versions(ALL)
    changed = {
        "boilerplate_min_pages": {"segment"}, "hate_threshold": {"classify"}, "toxic_threshold": {"classify"},
        "classify_kinds": {"classify"}, "max_page_bytes": set(), "worker_threads": set(),
        "same_claim_threshold": set(), "spark_driver_memory": set(), "profile": {"extract", "classify"},
        "device": set(), "pages_per_worker": set(), "worker_memory_mb": set(),
    }
    values = {"boilerplate_min_pages": 4, "hate_threshold": 0.7, "toxic_threshold": 0.7,
              "classify_kinds": ("comment",), "max_page_bytes": 10, "worker_threads": 3,
              "same_claim_threshold": 0.9, "spark_driver_memory": "1g", "profile": "fast", "device": "cpu",
              "pages_per_worker": 1, "worker_memory_mb": 1}
    for name, stages in changed.items():
        versions = stage_versions(ALL, load_settings(**{name: values[name]}))
        assert {s for s in ALL if versions[s] != base[s]} == stages, name


def test_a_link_threshold_changes_its_own_step_only():
    base = link_versions()
    near = link_versions(load_settings(near_duplicate_threshold=0.6))
    same = link_versions(load_settings(same_claim_threshold=0.7))
    assert {s for s in base if near[s] != base[s]} == {"near_duplicates"}
    assert {s for s in base if same[s] != base[s]} == {"claims"}
    assert link_versions(load_settings(hate_threshold=0.9)) == base


def test_a_file_named_by_a_setting_counts_by_its_bytes(tmp_path):
    catalogue = tmp_path / "mine.toml"
    catalogue.write_text('version = "mine.v1"\n', encoding="utf-8")
    settings = load_settings(narrative_catalogue=str(catalogue))
    before = stage_versions(["segment", "classify"], settings)["classify"]
    catalogue.write_text('version = "mine.v2"\n', encoding="utf-8")
    os.utime(catalogue, ns=(1, 1))  # a new time stamp: the cached digest is not reused
    assert stage_versions(["segment", "classify"], settings)["classify"] != before


def test_settings_text_is_stable_and_only_has_what_is_read():
    settings = load_settings(hate_threshold=0.7)
    text = fingerprint.settings_digest(settings, ["hate_threshold", "classify_kinds"])
    assert json.loads(text) == {"classify_kinds": ["comment", "article"], "hate_threshold": 0.7}
    assert derived_version("a.v1", "claimscope.segment") == derived_version("a.v1", "claimscope.segment", settings)


def test_versions_are_the_same_in_another_process():
    script = ("import json; from claimscope.pipeline import stage_versions; "
              "from claimscope.link import link_versions; "
              f"print(json.dumps([stage_versions({list(ALL)!r}), link_versions()]))")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(PACKAGE.parent)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env=env, cwd="/")
    assert json.loads(out.stdout.splitlines()[-1]) == [stage_versions(ALL), link_versions()]


def test_the_registry_names_version_functions_importable_without_models():
    for name, entry in STAGES.items():
        _, _, function = entry.version.partition(":")
        assert function == "version", name


# -- the runner -----------------------------------------------------------------------------

def _run(db, settings=None):
    return runner.run([str(EXAMPLES / "iran-sanctions-anonymous-thread.txt"),
                       str(EXAMPLES / "china-mfa-presser-article-only.txt")],
                      str(db), stages=("segment",), settings=settings or load_settings())


def test_runs_record_the_package_and_every_stage_version(tmp_path):
    _run(tmp_path / "s.db")
    with sqlite3.connect(tmp_path / "s.db") as conn:
        (recorded,) = conn.execute("SELECT versions FROM runs").fetchone()
        done = {v for (v,) in conn.execute("SELECT version FROM stage_done")}
    recorded = json.loads(recorded)
    assert recorded["claimscope"] == claimscope.__version__
    assert recorded["stages"] == stage_versions(["segment"])
    assert done == {recorded["stages"]["segment"]}  # stage_done carries the derived version


def test_a_changed_version_analyses_the_stale_pages_again(tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    assert _run(db).pages_analysed == 2
    assert _run(db).pages_analysed == 0  # nothing changed: nothing to do
    # a setting the segmenter reads: its version changes, the pages are segmented again
    assert _run(db, load_settings(boilerplate_min_pages=4)).pages_analysed == 2
    # one it does not read: nothing to do
    assert _run(db, load_settings(boilerplate_min_pages=4, hate_threshold=0.9)).pages_analysed == 0
    # changed code (as a new fingerprint says): the pages are segmented again
    from claimscope import segment

    monkeypatch.setattr(segment, "version", lambda settings=None: "segment.lines.v2+00000000")
    assert _run(db, load_settings(boilerplate_min_pages=4)).pages_analysed == 2
    with sqlite3.connect(db) as conn:
        assert {v for (v,) in conn.execute("SELECT version FROM stage_done")} == {"segment.lines.v2+00000000"}


@needs("classify")  # builds the classify stage
def test_built_stages_carry_the_version_the_driver_computes():
    """One job reads the built stages' versions, several jobs (and Spark) the registry's:
    both must agree under any settings, also after the settings travel as a dict."""
    import dataclasses

    from claimscope.pipeline import build_stages
    from claimscope.segment import CorpusEvidence

    settings = load_settings(boilerplate_min_pages=5, hate_threshold=0.8, classify_kinds=("comment",))
    assert load_settings(**dataclasses.asdict(settings)) == settings  # how Spark tasks get them
    built = build_stages(["segment", "classify"], {"evidence": CorpusEvidence({}, 5), "settings": settings})
    assert {s.name: s.version for s in built} == stage_versions(["segment", "classify"], settings)
    assert stage_versions(["segment", "classify"], settings) != stage_versions(["segment", "classify"])


def test_versions_load_no_model_library():
    """A driver computes versions to find pending pages; that must not load the models."""
    script = ("import json, sys; from claimscope.pipeline import stage_versions; "
              "from claimscope.link import link_versions; "
              f"stage_versions({list(ALL)!r}); link_versions(); "
              "print(json.dumps([m for m in ('torch', 'sklearn', 'spacy', 'sentence_transformers', 'joblib') "
              "if m in sys.modules]))")
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert json.loads(out.stdout.splitlines()[-1]) == []
