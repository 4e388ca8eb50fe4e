"""The student encoder: a small convolutional network distilled from all-MiniLM-L6-v2 that
gives the same things the transformer pass gives (``encoder.forward``): each word piece's
layer-4 and layer-6 states and the text's mean-pooled, normalised vector. It runs in numpy.

Why: MiniLM reads every article paragraph and comment once (the cue tagger, the propaganda
and hate heads share the pass), at about 1,600 word pieces a second on one core; that pass
alone was more than the whole time the naive composite takes. The student does roughly a
tenth of the arithmetic per piece and needs neither torch nor the weights package.

What it is: MiniLM's word-piece table (fine-tuned), a layer norm, ``Config.blocks`` residual
blocks (a depthwise convolution over ``Config.kernel`` neighbouring pieces, a layer norm, a
two-layer GELU feed-forward), and one linear read-out per teacher layer. The read-outs are
trained to reproduce the teacher's states piece by piece (``scripts/distill_student.py``:
standardised squared error on unlabelled news paragraphs and reader comments); what it
reaches on text kept out of training is in its model card (docs/models/student-minilm.md).

A text is read from its first ``encoder.MAX_TOKENS`` pieces, [CLS] and [SEP] included, as the
teacher reads it. Texts of one call are laid end to end with ``Config.kernel // 2`` empty
positions between them: no convolution reaches across two texts, and a page's comments go
through a handful of large matrix products instead of one small one each.
"""
from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import artefacts
from .errors import ClaimscopeError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["NAME", "MODEL_FILE", "LAYERS", "Config", "Student", "load", "read", "installed", "save", "TorchStudent"]

NAME = "student-minilm-v1"
MODEL_FILE = f"{NAME}.npz"
LAYERS = (4, 6)  # the teacher layers it reproduces, in the order of its read-outs
GELU_C = 0.7978845608028654  # sqrt(2 / pi), the tanh form of GELU (the same in training)
ROWS_PER_PRODUCT = 16_384  # pieces in one matrix product (≈ 25 MB of float32 at 384 wide)


@dataclass(frozen=True)
class Config:
    dim: int = 384
    blocks: int = 2
    kernel: int = 5
    hidden: int = 384
    dilations: tuple[int, ...] = ()  # each block's dilation (1 for every block when empty)

    def dilation(self, block: int) -> int:
        return self.dilations[block] if self.dilations else 1

    @property
    def reach(self) -> int:
        """How many positions either side of a piece its state depends on."""
        return sum((self.kernel // 2) * self.dilation(b) for b in range(self.blocks))


class Student:
    """The numpy forward pass over a loaded archive's arrays."""

    def __init__(self, arrays: dict, config: Config, tokenizer_json: str, max_pieces: int) -> None:
        from tokenizers import Tokenizer

        self.a = dict(arrays)
        self.a["readout.w_scaled"] = arrays["readout.w"] * arrays["target_std"]
        self.a["readout.b_scaled"] = arrays["readout.b"] * arrays["target_std"] + arrays["target_mean"]
        self.config = config
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.enable_truncation(max_pieces)
        self.tokenizer.no_padding()

    def forward(self, texts: list[str], layers: tuple[int, ...] | None = None):
        """What ``encoder.forward`` gives for ``texts``: (normalised vector, TokenStates of
        ``layers`` or None) per text."""
        import numpy as np

        from .encoder import TokenStates

        for layer in layers or ():
            if layer not in LAYERS:
                raise ClaimscopeError(f"the student encoder gives layers {LAYERS}, not {layer}")
        encodings = self.tokenizer.encode_batch(list(texts))
        gap = max((self.config.kernel // 2) * self.config.dilation(b) for b in range(self.config.blocks))
        out: list = []
        # a few thousand texts at a time: one product per block, bounded memory
        for lo in range(0, len(encodings), 256):
            chunk = encodings[lo:lo + 256]
            ids, starts, total = [], [], gap
            for enc in chunk:
                starts.append(total)
                ids.append(np.asarray(enc.ids, np.int64))
                total += len(enc.ids) + gap
            flat = np.zeros(total, np.int64)
            mask = np.zeros(total, bool)
            for start, piece_ids in zip(starts, ids):
                flat[start:start + len(piece_ids)] = piece_ids
                mask[start:start + len(piece_ids)] = True
            states = self._states(flat, mask, np.asarray(starts), np.asarray([len(i) for i in ids]))
            for k, enc in enumerate(chunk):
                s, n = starts[k], len(enc.ids)
                own = states[s:s + n]
                layer6 = own[:, self.config.dim:]
                pooled = layer6.mean(axis=0) if n else np.zeros(self.config.dim, np.float32)
                pooled = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
                tokens = None
                if layers:
                    spans = np.asarray(enc.offsets, np.int32)
                    real = (np.asarray(enc.special_tokens_mask) == 0) & (spans[:, 0] < spans[:, 1])
                    picked = np.concatenate([own[:, LAYERS.index(layer) * self.config.dim:
                                                 (LAYERS.index(layer) + 1) * self.config.dim] for layer in layers],
                                            axis=1)
                    tokens = TokenStates(np.ascontiguousarray(picked[real], np.float32), spans[real])
                out.append((pooled.astype(np.float32), tokens))
        return out

    def _states(self, ids: np.ndarray, mask: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """(positions, dim × len(LAYERS)) float32 for one laid-out sequence of texts that
        begin at ``starts`` and are ``lengths`` pieces long."""
        import numpy as np

        a, c = self.a, self.config
        keep = mask[:, None].astype(np.float32)
        # which text each position belongs to (gaps get the next text's: their rows are zero)
        owner = np.searchsorted(starts, np.arange(len(ids)), side="right") - 1
        owner = np.maximum(owner, 0)
        sizes = np.maximum(lengths, 1)[:, None].astype(np.float32)
        x = _norm(np.take(a["embeddings"], ids, axis=0), a["norm0.g"], a["norm0.b"]) * keep
        half = c.kernel // 2
        for b in range(c.blocks):
            weights = a[f"block{b}.conv"]  # (kernel, dim)
            step = c.dilation(b)
            mixed = weights[half] * x
            mixed += a[f"block{b}.conv_b"]
            for k in range(c.kernel):
                shift = (k - half) * step  # position k of the kernel reads the piece this far away
                if shift > 0:
                    mixed[:-shift] += weights[k] * x[shift:]
                elif shift < 0:
                    mixed[-shift:] += weights[k] * x[:shift]
            means = np.add.reduceat(x, starts, axis=0) / sizes if len(starts) else x[:0]
            mixed += (means @ a[f"block{b}.glob"])[owner]
            h = _norm(mixed, a[f"block{b}.norm.g"], a[f"block{b}.norm.b"]) @ a[f"block{b}.w1"]
            h += a[f"block{b}.b1"]
            h = _gelu(h) @ a[f"block{b}.w2"]
            h += a[f"block{b}.b2"]
            x += h
            x *= keep
        # the standardisation folded into the read-out: one product, one addition
        return x @ a["readout.w_scaled"] + a["readout.b_scaled"]


def _norm(x, g, b, eps: float = 1e-5):
    """Layer norm over the last axis; the two means are matrix products (BLAS), which is
    about twice as fast as numpy's reductions at these shapes."""
    import numpy as np

    average = np.full((x.shape[-1], 1), 1.0 / x.shape[-1], dtype=np.float32)
    centred = x - x @ average
    scale = (centred * centred) @ average
    scale += eps
    np.sqrt(scale, out=scale)
    np.reciprocal(scale, out=scale)
    centred *= scale
    centred *= g
    centred += b
    return centred


def _gelu(x):
    """GELU in its tanh form, in place (``x`` is a fresh product no one else holds)."""
    import numpy as np

    inner = x * x
    inner *= 0.044715 * GELU_C
    inner += GELU_C
    inner *= x
    np.tanh(inner, out=inner)
    inner += 1.0
    x *= inner
    x *= 0.5
    return x


@functools.cache  # the package's files do not come or go while the process runs
def installed() -> bool:
    """True when the shipped archive and the tokenizer library are there."""
    import importlib.util

    return importlib.util.find_spec("tokenizers") is not None and artefacts.locate(MODEL_FILE) is not None


@functools.cache
def load() -> Student:
    """The shipped student, read once per process."""
    path = artefacts.locate(MODEL_FILE)
    if path is None:
        raise ClaimscopeError(f"the student encoder's weights ({MODEL_FILE}) are not installed")
    return read(path)


def read(path: Path) -> Student:
    """A student from its archive (numpy arrays, no pickle)."""
    import numpy as np

    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k].astype(np.float32) for k in z.files if k not in ("config", "tokenizer", "provenance")}
        fields = json.loads(str(z["config"]))
        config = Config(**{**fields, "dilations": tuple(fields.get("dilations", ()))})
        tokenizer_json = str(z["tokenizer"])
    from .encoder import MAX_TOKENS

    return Student(arrays, config, tokenizer_json, MAX_TOKENS)


def TorchStudent(config: Config, embeddings):
    """The same network in torch, for training (``scripts/distill_student.py``): its
    parameter names are the archive's keys."""
    import torch
    from torch import nn

    class _Student(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.config = config
            d = config.dim
            self.embeddings = nn.Parameter(torch.from_numpy(embeddings).float())
            self.norm0 = nn.LayerNorm(d)
            self.convs = nn.ModuleList(nn.Conv1d(d, d, config.kernel, padding=(config.kernel // 2) * config.dilation(b),
                                                 dilation=config.dilation(b), groups=d)
                                       for b in range(config.blocks))
            self.norms = nn.ModuleList(nn.LayerNorm(d) for _ in range(config.blocks))
            # each block also reads the mean of the text's states: the teacher's top layers
            # carry the whole sentence in every piece, which no local window can see
            self.glob = nn.ModuleList(nn.Linear(d, d, bias=False) for _ in range(config.blocks))
            self.w1 = nn.ModuleList(nn.Linear(d, config.hidden) for _ in range(config.blocks))
            self.w2 = nn.ModuleList(nn.Linear(config.hidden, d) for _ in range(config.blocks))
            self.readout = nn.Linear(d, d * len(LAYERS))
            self.register_buffer("target_mean", torch.zeros(d * len(LAYERS)))
            self.register_buffer("target_std", torch.ones(d * len(LAYERS)))

        def forward(self, ids, mask):
            keep = mask[..., None].float()
            x = self.norm0(self.embeddings[ids]) * keep
            count = keep.sum(1, keepdim=True).clamp(min=1)
            for conv, glob, norm, w1, w2 in zip(self.convs, self.glob, self.norms, self.w1, self.w2):
                mixed = conv(x.transpose(1, 2)).transpose(1, 2) + glob(x.sum(1, keepdim=True) / count)
                h = nn.functional.gelu(w1(norm(mixed)), approximate="tanh")
                x = (x + w2(h)) * keep
            return self.readout(x) * self.target_std + self.target_mean

        def arrays(self) -> dict:
            out: dict[str, Any] = {"embeddings": self.embeddings, "norm0.g": self.norm0.weight, "norm0.b": self.norm0.bias,
                   "readout.w": self.readout.weight.T, "readout.b": self.readout.bias,
                   "target_mean": self.target_mean, "target_std": self.target_std}
            for b in range(config.blocks):
                conv, glob = cast(nn.Conv1d, self.convs[b]), cast(nn.Linear, self.glob[b])
                norm, w1, w2 = cast(nn.LayerNorm, self.norms[b]), cast(nn.Linear, self.w1[b]), cast(nn.Linear, self.w2[b])
                # torch's depthwise kernel is (dim, 1, kernel) and cross-correlates: position k
                # of the kernel reads the piece k - kernel // 2 places away
                out[f"block{b}.conv"], out[f"block{b}.conv_b"] = conv.weight[:, 0, :].T, conv.bias
                out[f"block{b}.glob"] = glob.weight.T
                out[f"block{b}.norm.g"], out[f"block{b}.norm.b"] = norm.weight, norm.bias
                out[f"block{b}.w1"], out[f"block{b}.b1"] = w1.weight.T, w1.bias
                out[f"block{b}.w2"], out[f"block{b}.b2"] = w2.weight.T, w2.bias
            return {k: v.detach().cpu().numpy() for k, v in out.items()}

    return _Student()


def save(model, path: Path, provenance: dict) -> None:
    """The trained network as a float16 archive with its config, tokenizer and provenance."""
    import numpy as np

    from .encoder import model as teacher

    tokenizer_json = teacher().tokenizer.backend_tokenizer.to_str()
    arrays = {k: v.astype(np.float16) for k, v in model.arrays().items()}
    np.savez_compressed(path, **arrays, tokenizer=np.array(tokenizer_json),
                        config=np.array(json.dumps(asdict(model.config))),
                        provenance=np.array(json.dumps(provenance)))
