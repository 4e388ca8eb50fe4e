"""Shipped model files are the ones the artefact list pins (issue 16): a stage checks them
when it is built, and a swapped file stops the run instead of mislabelling its records."""
import shutil

import pytest

from claimscope import artefacts
from claimscope.errors import ArtefactMismatch


def test_every_listed_artefact_lies_where_listed_with_its_checksum():
    for artefact in artefacts.ARTEFACTS.values():
        assert artefacts.locate(artefact.name) == artefacts.PACKAGE / artefact.path
    assert set(artefacts.verify("extract")) == {a for a, x in artefacts.ARTEFACTS.items() if x.stage == "extract"}


def test_an_absent_artefact_is_none_and_a_swapped_one_raises(tmp_path):
    small = min(artefacts.ARTEFACTS.values(), key=lambda a: (artefacts.PACKAGE / a.path).stat().st_size)
    assert artefacts.locate(small.name, root=tmp_path) is None  # the stage falls back to its rules
    copy = tmp_path / small.path
    copy.parent.mkdir(parents=True)
    shutil.copyfile(artefacts.PACKAGE / small.path, copy)
    assert artefacts.locate(small.name, root=tmp_path) == copy
    copy.write_bytes(copy.read_bytes() + b"\0")
    with pytest.raises(ArtefactMismatch, match=small.name):
        artefacts.locate(small.name, root=tmp_path)
    with pytest.raises(ArtefactMismatch):
        artefacts.verify(small.stage, root=tmp_path)


def test_an_unlisted_model_file_is_refused(tmp_path):
    (tmp_path / "extract" / "models").mkdir(parents=True)
    assert artefacts.locate("cue_filter.json.gz", root=tmp_path) is None  # optional, not shipped
    (tmp_path / "extract" / "models" / "cue_filter.json.gz").write_bytes(b"x")
    with pytest.raises(ArtefactMismatch, match="not listed"):
        artefacts.locate("cue_filter.json.gz", root=tmp_path)
