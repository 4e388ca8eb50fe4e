def pytest_configure(config):
    config.addinivalue_line("markers", "model: loads the sentence-embedding model (slower)")
