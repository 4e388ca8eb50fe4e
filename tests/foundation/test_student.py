"""The student encoder (issue 21): its numpy pass is the network it was trained as, it gives
what ``encoder.forward`` gives (a vector and per-piece states with their characters), texts
read together do not see each other, and the fast profile routes the models through it."""
import json
from pathlib import Path

import numpy as np
import pytest

from claimscope import encoder, student
from claimscope.errors import ClaimscopeError
from tests.conftest import MINILM, needs

TEXTS = ["The minister said on Tuesday that 40 people had died in Kharkiv.",
         "lol",
         "",
         "Officials told reporters the talks would resume, according to a statement. " * 30]


@pytest.fixture(scope="module")
def trained_pair(tmp_path_factory):
    """A small torch student with random weights and the archive ``student.save`` writes of it."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    config = student.Config(dim=384, blocks=2, kernel=5, hidden=96)
    table = np.random.default_rng(0).standard_normal((30522, 384)).astype(np.float32) * 0.1
    net = student.TorchStudent(config, table).eval()
    with torch.no_grad():  # a target scale that is not the identity, as after training
        net.target_mean.uniform_(-1, 1)
        net.target_std.uniform_(0.5, 2)
    path = tmp_path_factory.mktemp("student") / "student.npz"
    student.save(net, path, {"test": True})
    return net, student.read(path)


pytestmark = needs("link", *MINILM, "tokenizers")


def test_numpy_pass_matches_the_torch_network(trained_pair):
    import torch

    net, runtime = trained_pair
    found = runtime.forward(TEXTS, layers=(4, 6))
    for text, (vector, tokens) in zip(TEXTS, found):
        ids = runtime.tokenizer.encode(text).ids
        with torch.no_grad():
            expected = net(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.bool))[0].numpy()
        # the archive is float16: the same network up to that rounding
        pooled = expected[:, 384:].mean(0)
        assert np.allclose(vector, pooled / np.linalg.norm(pooled), atol=2e-2)
        real = [k for k, (a, b) in enumerate(runtime.tokenizer.encode(text).offsets) if a < b and 0 < k < len(ids) - 1]
        assert np.allclose(tokens.states, expected[real], rtol=0.05, atol=0.05 * np.abs(expected).max())


def test_states_point_at_the_characters_of_their_pieces(trained_pair):
    _, runtime = trained_pair
    (_, tokens), = runtime.forward([TEXTS[0]], layers=(6,))
    assert tokens.states.shape == (len(tokens.offsets), 384)
    words = [TEXTS[0][a:b] for a, b in tokens.offsets]
    assert words[:3] == ["The", "minister", "said"] and "Kharkiv" in "".join(words)
    assert all(TEXTS[0][a:b].strip() == TEXTS[0][a:b] and a < b for a, b in tokens.offsets)


def test_a_long_text_is_read_from_its_first_pieces_as_the_teacher_reads_it(trained_pair):
    _, runtime = trained_pair
    (_, tokens), = runtime.forward([TEXTS[3]], layers=(6,))
    assert len(tokens.offsets) == encoder.MAX_TOKENS - 2  # [CLS] and [SEP] are not pieces of the text
    assert tokens.offsets[-1][1] < len(TEXTS[3])


def test_texts_read_together_do_not_see_each_other(trained_pair):
    _, runtime = trained_pair
    together = runtime.forward(TEXTS, layers=(4, 6))
    for text, (vector, tokens) in zip(TEXTS, together):
        (alone_vector, alone_tokens), = runtime.forward([text], layers=(4, 6))
        assert np.allclose(vector, alone_vector, atol=1e-5)
        assert np.allclose(tokens.states, alone_tokens.states, atol=1e-4)
        assert (tokens.offsets == alone_tokens.offsets).all()


def test_layers_come_side_by_side_in_the_order_asked(trained_pair):
    _, runtime = trained_pair
    (_, both), = runtime.forward([TEXTS[0]], layers=(6, 4))
    (_, four), = runtime.forward([TEXTS[0]], layers=(4,))
    assert np.allclose(both.states[:, 384:], four.states)
    with pytest.raises(ClaimscopeError, match="layers"):
        runtime.forward([TEXTS[0]], layers=(2,))


def test_the_shipped_student_is_listed_with_its_provenance():
    path = student.artefacts.locate(student.MODEL_FILE)
    assert path is not None, "the student's archive is part of the package"
    with np.load(path, allow_pickle=False) as z:
        provenance = json.loads(str(z["provenance"]))
        assert z["embeddings"].dtype == np.float16
    assert provenance["teacher"] == encoder.MODEL_NAME and provenance["layers"] == [4, 6]
    assert Path(path).stat().st_size < 50 * 2**20


def test_the_fast_profile_reads_the_student(monkeypatch):
    monkeypatch.setattr(encoder._Use, "profile", "fast")
    assert encoder.reader() == student.NAME
    assert encoder.variant("extract-v9") == f"extract-v9+{student.NAME}"
    assert encoder.head_label("tox-v5", True) == f"tox-v5+{student.NAME}"
    assert encoder.head_label("tox-v5", False) == "tox-v5+ngram-only"
    (vector, tokens), = encoder.forward([TEXTS[0]], (6, 4))
    assert tokens.states.shape[1] == 768 and abs(float(np.linalg.norm(vector)) - 1) < 1e-4
    monkeypatch.setattr(encoder._Use, "profile", "accurate")
    assert encoder.reader() == "minilm" and encoder.variant("extract-v9") == "extract-v9"


def test_an_evaluation_runs_under_the_profile_it_is_given(tmp_path, monkeypatch, capsys):
    from claimscope.cli import main

    monkeypatch.setattr(encoder._Use, "profile", "accurate")
    missing = tmp_path / "absent.jsonl"
    assert main(["eval", "toxicity", str(missing), "--profile", "fast"]) == 2  # one line, exit 2
    assert encoder._Use.profile == "fast" and encoder.reader() == student.NAME
    assert capsys.readouterr().err.count("\n") == 1


@needs("classify")
def test_each_head_reads_only_the_encoder_it_was_fitted_on(monkeypatch):
    from claimscope.classify import propaganda, textmodel, toxicity

    fitted_on_student = {"embedding_head": object(), "embedding_model": student.NAME}
    monkeypatch.setattr(encoder._Use, "profile", "fast")
    assert textmodel.reads_this_encoder(fitted_on_student, "embedding_head")
    assert not textmodel.reads_this_encoder({"embedding_head": object()}, "embedding_head")  # MiniLM's
    # the propaganda model fitted on the student's states ships; no toxicity head does
    assert propaganda.uses_embeddings() and propaganda.model()["embedding_model"] == student.NAME
    assert propaganda.model_label() == f"{propaganda.MODEL_NAME}+{student.NAME}"
    # no toxicity head fitted on the student ships (docs/models/claimscope-toxicity-v5.md):
    # the fast profile runs the n-gram part, not MiniLM's head on the student's vectors
    assert toxicity.model()["embedding_model"] == encoder.MODEL_NAME and not toxicity.uses_embeddings()
    assert toxicity.model_label() == f"{toxicity.MODEL_NAME}+ngram-only"
    monkeypatch.setattr(encoder._Use, "profile", "accurate")
    assert not textmodel.reads_this_encoder(fitted_on_student, "embedding_head")
    assert toxicity.uses_embeddings() and toxicity.model()["embedding_model"] == encoder.MODEL_NAME
    assert toxicity.model_label() == toxicity.MODEL_NAME
    assert propaganda.model()["embedding_model"] == encoder.MODEL_NAME
