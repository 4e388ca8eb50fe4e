"""The learned artefacts the stages ship with, each pinned by its SHA-256, and the one
place that finds and checks them.

Why checksums: a record names the producer that made it, and a model file swapped
under an unchanged version name (a retrained tagger copied in, a truncated download)
would make the store claim a producer it was not made by. A stage checks its artefacts
when it is built (``verify``), so a wrong file stops the run before any page; the
loaders then find them with ``locate``.

A retrained artefact gets a new name (``-v5``) or, for a bug-fix rebuild, a new
checksum here, in the same commit as the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ArtefactMismatch
from .fingerprint import file_digest

__all__ = ["Artefact", "ARTEFACTS", "PACKAGE", "locate", "verify", "checksums"]

PACKAGE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class Artefact:
    name: str  # the file's name, what a loader asks for
    path: str  # where it lies, relative to the claimscope package
    sha256: str
    stage: str  # the stage that reads it


# Every shipped model file. The cue filter (cue_filter.json.gz) is optional and not
# shipped: the extract stage runs without it.
ARTEFACTS: dict[str, Artefact] = {a.name: a for a in (
    Artefact("segment-lines-v4.npz", "segment/models/segment-lines-v4.npz",
             "795b75169a818a3397a0e7b6e261879c40e9c41d176d858aa8f67004934c5072", "segment"),
    Artefact("claimscope-toxicity-v5.joblib", "classify/models/claimscope-toxicity-v5.joblib",
             "9bb32b5c25aae7250c360999701f42e727b4722baa5ec95eb824afbe51c77550", "classify"),
    Artefact("claimscope-propaganda-v5.joblib", "classify/models/claimscope-propaganda-v5.joblib",
             "4bf4a1788f2bebf9dd0e36d94668b1c8fe3d736da296e5e510c5333ea407c55f", "classify"),
    Artefact("claimscope-propaganda-v5.student-minilm-v1.joblib",
             "classify/models/claimscope-propaganda-v5.student-minilm-v1.joblib",
             "4c68d45454700e25395b78b67c8b1de88614028e89dcb7325ea8fc3863e82d02", "classify"),
    Artefact("cue_tagger.json.gz", "extract/models/cue_tagger.json.gz",
             "df55920e87ffd7e30bc5addee6daad73885a95fd3fc0139c37617b9122848730", "extract"),
    # the fast profile's encoder (claimscope.student); the stages read it through claimscope.encoder
    Artefact("student-minilm-v1.npz", "models/student-minilm-v1.npz",
             "350e9cb003f2215e277886202afcf77f26e76bada29d1a328928483b2ca36d7b", "extract"),
    Artefact("cue_tagger_states.npz", "extract/models/cue_tagger_states.npz",
             "bd3892bfdd829c5738d8e1f19a4c598350708125c42882e234acf393b2c1e1af", "extract"),
    Artefact("cue_tagger_states.student-minilm-v1.npz", "extract/models/cue_tagger_states.student-minilm-v1.npz",
             "7e6e39159c941d6ccac5f30abd5d4be32c7e32e0e56a4c5d938a20544eb8772b", "extract"),
    Artefact("source_picker.json.gz", "extract/models/source_picker.json.gz",
             "bb0a1482bf029cd54bd322b4fac4cbbd06e5e8537cf43c9f5207cb4253ad0dda", "extract"),
    Artefact("place_ranker.json", "extract/models/place_ranker.json",
             "6af5e6589a8e230e0c3c2e6d6a08889435a6af4005598c9b8bbc56ea8ca1eeff", "extract"),
    Artefact("claim_check.json", "extract/models/claim_check.json",
             "9a76168730c6cb3f6baf2a99e0d673977e3f59e4b245ce662aa7951c25f9c485", "extract"),
    Artefact("content_picker.json.gz", "extract/models/content_picker.json.gz",
             "2ce030a613f7b28ced836e8e568ad88087565940a7969fa4bf06a6d643c18af3", "extract"),
    # read by ``claimscope eval claim-matching`` only: the link stage does not run them
    Artefact("claim_ranker_v2.json", "evaluate/models/claim_ranker_v2.json",
             "06b6aa931f67c811dba06c3ef1226a65f9ea3d25ceec7e465de3f9375737b2c2", "evaluate"),
    Artefact("claim_encoder_top_v1.npz", "evaluate/models/claim_encoder_top_v1.npz",
             "9cb49b9797566facbf9ceab489c815d1d93b6a5923e10d8161a3b723bbc60b27", "evaluate"),
)}


def _checked(artefact: Artefact, root: Path) -> Path | None:
    path = root / artefact.path
    if not path.is_file():
        return None
    found = file_digest(path)
    if found != artefact.sha256:
        raise ArtefactMismatch(f"{path} has SHA-256 {found}, not the {artefact.sha256} that "
                               f"claimscope.artefacts lists for {artefact.name}: restore the file, "
                               f"or give a rebuilt one a new name or checksum there")
    return path


def locate(name: str, root: Path = PACKAGE) -> Path | None:
    """The checked path of the artefact ``name``, or None when its file is absent (the
    stage then falls back to what needs no model). A file that is there but not the one
    listed raises ``ArtefactMismatch``."""
    artefact = ARTEFACTS.get(name)
    if artefact is None:
        stray = [p for p in root.glob(f"*/models/{name}") if p.is_file()]
        if stray:
            raise ArtefactMismatch(f"{stray[0]} is not listed in claimscope.artefacts: add it with its checksum")
        return None
    return _checked(artefact, root)


def verify(stage: str, root: Path = PACKAGE) -> dict[str, str]:
    """Check every artefact of ``stage`` that is present (when the stage is built);
    {name: sha256} of those found."""
    return {a.name: a.sha256 for a in ARTEFACTS.values()
            if a.stage == stage and _checked(a, root) is not None}


def checksums(stage: str) -> dict[str, str]:
    """{name: sha256} of every artefact ``stage`` ships with, as listed (nothing is read)."""
    return {a.name: a.sha256 for a in ARTEFACTS.values() if a.stage == stage}
