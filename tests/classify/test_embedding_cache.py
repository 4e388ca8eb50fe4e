"""The classifiers' embedding keeps recent texts' vectors: repeated paragraphs are embedded once."""
import numpy as np

from claimscope.classify import embedding
from claimscope.link import embed as link_embed


class CountingModel:
    def __init__(self):
        self.seen = []

    def encode(self, texts, **_):
        self.seen += list(texts)
        return np.stack([np.full(embedding.DIM, len(t), dtype=np.float32) for t in texts])


def test_repeated_texts_are_embedded_once_and_the_oldest_are_dropped(monkeypatch):
    fake = CountingModel()
    monkeypatch.setattr(link_embed, "model", lambda: fake)
    monkeypatch.setattr(embedding, "RECENT_TEXTS", 3)
    monkeypatch.setattr(embedding, "_recent", embedding.OrderedDict())

    first = embedding.encode(["a paragraph", "a reposted paragraph"])
    again = embedding.encode(["a reposted paragraph", "new", "a paragraph"])
    assert fake.seen == ["a paragraph", "a reposted paragraph", "new"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])

    embedding.encode(["x", "yy"])  # over the cap: the least recently used go first
    assert list(embedding._recent) == ["a paragraph", "x", "yy"]
