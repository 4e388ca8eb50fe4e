import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture
def store(tmp_path):
    from claimscope.store import Store

    with Store(tmp_path / "link.db") as s:
        yield s


def pytest_configure(config):
    config.addinivalue_line("markers", "model: loads the sentence-embedding model (slower)")
