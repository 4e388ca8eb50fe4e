import functools

import pytest

from claimscope.analysis import PageAnalysis
from claimscope.classify import build_stage
from claimscope.classify.textmodel import MODELS_DIR
from tests.conftest import require_extra


@pytest.fixture(scope="session")
def stage():
    require_extra("classify")
    if not any(MODELS_DIR.glob("*.joblib")):
        pytest.skip("trained models are missing")
    return build_stage({})


@functools.cache
def _sample_analysis(path: str) -> PageAnalysis:
    from claimscope.ingest import read_inputs
    from claimscope.segment import segment_page

    [page] = list(read_inputs([path]))
    return PageAnalysis(page=page, segments=segment_page(page))


@pytest.fixture
def sample_analysis(shared_dir):
    return lambda name: _sample_analysis(str(shared_dir / "samples" / name))
