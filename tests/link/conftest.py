import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture
def store(tmp_path):
    from claimscope.store import Store

    with Store(tmp_path / "link.db") as s:
        yield s
