"""The line model read with numpy (segment/model.py) gives what its training library
computes, and reads each line's words and the whole page."""
import numpy as np
import pytest

from claimscope.segment.lines import line_table
from claimscope.segment.model import TOKENS_PER_LINE, GRUDirection, LineModel, line_tokens


def random_model(rng, inputs=5, buckets=32, dims=3, project=4, hidden=3) -> LineModel:
    f = lambda *shape: rng.normal(0, 0.7, shape).astype(np.float32)  # noqa: E731
    directions = [GRUDirection(f(3 * hidden, project), f(3 * hidden, hidden), f(3 * hidden), f(3 * hidden))
                  for _ in range(2)]
    return LineModel(f(inputs), np.abs(f(inputs)) + 0.5, f(buckets, dims), f(project, inputs + dims), f(project),
                         *directions, f(3, project + 2 * hidden), f(3))


def test_numpy_reading_matches_torch_gru_and_embedding_bag():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    model = random_model(rng)
    table = line_table("Breaking news today\n\n12 comments\nReply\nA long line of prose that ends here.\n!!!")
    tokens = line_tokens(table, len(model.words))
    x = rng.normal(0, 2, (len(table), 5)).astype(np.float32)
    ours = model.probabilities(x, tokens)

    gru = torch.nn.GRU(4, 3, batch_first=True, bidirectional=True)
    bag = torch.nn.EmbeddingBag(32, 3, mode="mean")
    with torch.no_grad():
        bag.weight.copy_(torch.from_numpy(model.words))
        for suffix, d in (("", model.forward), ("_reverse", model.backward)):
            for name, value in (("weight_ih", d.w_input), ("weight_hh", d.w_hidden), ("bias_ih", d.b_input),
                                ("bias_hh", d.b_hidden)):
                getattr(gru, f"{name}_l0{suffix}").copy_(torch.from_numpy(value))
        z = torch.from_numpy(np.clip((x - model.mean) / model.scale, -6, 6))
        bags = bag(torch.from_numpy(tokens[0]), torch.from_numpy(tokens[1]))
        projected = torch.relu(torch.cat([z, bags], 1) @ torch.from_numpy(model.w_project).T
                               + torch.from_numpy(model.b_project))
        both = torch.cat([projected, gru(projected[None])[0][0]], 1)
        theirs = torch.softmax(both @ torch.from_numpy(model.w_out).T + torch.from_numpy(model.b_out), 1).numpy()
    assert ours.shape == (len(table), 3)
    assert np.allclose(ours, theirs, atol=1e-5)


def test_a_line_depends_on_lines_far_from_it():
    """The GRU carries the page: changing the last line moves the first line's label."""
    rng = np.random.default_rng(5)
    model = random_model(rng)
    table = line_table("\n".join(f"line {i}" for i in range(12)))
    tokens = line_tokens(table, len(model.words))
    x = rng.normal(0, 1, (12, 5)).astype(np.float32)
    changed = x.copy()
    changed[-1] += 3.0
    first, moved = model.probabilities(x, tokens), model.probabilities(changed, tokens)
    assert not np.allclose(first[0], moved[0])
    assert np.allclose(first.sum(axis=1), 1.0)


def test_line_tokens_hash_words_fold_digits_and_bound_each_line():
    table = line_table("Posted by Anna at 12:30\n\n---\n" + "word " * 500 + "\nPosted by Anna at 9:05")
    ids, starts = line_tokens(table, 1 << 14)
    per_line = np.split(ids, starts[1:])
    assert per_line[0].tolist() == per_line[3].tolist()  # digits fold, so both lines read alike
    assert per_line[1].tolist() == [0]  # no word: the empty bucket
    assert len(per_line[2]) == TOKENS_PER_LINE
    assert ids.min() >= 0 and ids.max() < 1 << 14


def test_the_page_is_read_in_float32_as_the_model_was_trained():
    # one float64 array (a word count) turned the whole reading float64, and the GRU's loop,
    # stepping line by line, then mixed float64 with its float32 weights at every step
    model = random_model(np.random.default_rng(5))
    table = line_table("Breaking news today\n12 comments\nA long line of prose that ends here.")
    x = np.zeros((len(table), 5), dtype=np.float32)
    assert model.probabilities(x, line_tokens(table, len(model.words))).dtype == np.float32
