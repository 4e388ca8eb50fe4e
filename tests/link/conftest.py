import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture
def store(tmp_path):
    from claimscope.store import Store

    with Store(tmp_path / "link.db") as s:
        yield s


@pytest.fixture
def stand_in_encoder():
    """A hashed bag of words instead of MiniLM: same-claim scores without loading the model."""
    from claimscope.link import embed

    embed.use_encoder(embed.hashed_bag_of_words)
    yield
    embed.use_encoder(None)


def pytest_configure(config):
    config.addinivalue_line("markers", "model: loads the sentence-embedding model (slower)")
