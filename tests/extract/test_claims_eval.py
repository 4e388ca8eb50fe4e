"""The claims-on-pages scorer and gold loader on a page of our own (no models, no
shared data): matching, source checks, per-kind tallies, and loud gold errors."""
import json

import pytest

from claimscope.errors import EvalFormatError
from claimscope.evaluate import claim_gold
from claimscope.evaluate.claim_gold import GoldFile, _resolve
from claimscope.evaluate.claim_pages import GoldPage
from claimscope.evaluate.claims import _score_file, _Tally
from claimscope.records import Claim

TEXT = ("The mayor, Anna Berg, said the bridge was closed. She added it would reopen.\n\n"
        "Ann says:\nPolice said the fire started at night.\n")
PAGE = GoldPage("test", "1", TEXT, TEXT.index("Ann says"))


def _gold(labels):
    windows = ((0, len(TEXT)),)
    claims = tuple(_resolve(PAGE, windows, label, "test") for label in labels)
    return GoldFile("gold.json", PAGE, "dev", windows, claims)


def _claim(cue_at, cue, content, source=None, entity=None, kind="article", author=None):
    cue_start = TEXT.index(cue_at) + cue_at.index(cue)
    c_start = TEXT.index(content)
    s_start = TEXT.index(source) if source else None
    return Claim(id=cue_at, page_id="1", segment_index=0, start=0, end=1, line_start=1, line_end=1,
                 content=content, content_start=c_start, content_end=c_start + len(content),
                 producer="test", source=source, source_start=s_start,
                 source_end=s_start + len(source) if source else None, source_entity=entity,
                 cue=cue, cue_start=cue_start, cue_end=cue_start + len(cue),
                 segment_kind=kind, comment_author=author)


LABELS = [
    {"at": "Berg, said", "cue": "said", "source": "Anna Berg", "content": "the bridge was closed"},
    {"at": "She added", "cue": "added", "source": "She", "content": "it would reopen", "speaker": "Anna Berg"},
    {"at": "Police said", "cue": "said", "source": "Police", "content": "the fire started",
     "kind": "comment", "author": "Ann"},
]


def test_scores_matches_sources_and_kinds():
    tallies = {k: _Tally() for k in ("all", "article", "comment")}
    predicted = [
        _claim("Berg, said", "said", "the bridge was closed", "The mayor, Anna Berg", "Anna Berg"),
        _claim("She added", "added", "it would reopen", "She", "Police"),  # wrong person
        _claim("Ann says", "says", "Ann says", "Ann", kind="comment", author="Ann"),  # a header
        _claim("Police said", "said", "the fire started at night", "Police", "Police", "comment", "Ann"),
    ]
    notes = []
    _score_file(_gold(LABELS), predicted, tallies, notes)
    everything, comment = tallies["all"].result(), tallies["comment"].result()
    assert (everything["predicted"], everything["gold"], everything["matched"]) == (4, 3, 3)
    assert everything["precision"] == 0.75 and everything["recall"] == 1.0
    assert everything["source_right"] == round(2 / 3, 4)  # "She" is not Anna Berg's "Police"
    assert comment["precision"] == 0.5 and comment["author_right"] == 1.0
    assert sorted(n["error"] for n in notes) == ["false_positive", "wrong_source"]


def test_gold_strings_must_be_unambiguous_and_near_their_cue():
    with pytest.raises(EvalFormatError, match="exactly once"):
        _gold([{"at": "said", "cue": "said", "source": None, "content": "the bridge"}])
    with pytest.raises(EvalFormatError, match="lies in the comment"):
        _gold([dict(LABELS[2], kind="article")])
    with pytest.raises(EvalFormatError, match="not found near"):
        _gold([dict(LABELS[0], content="no such words")])


def test_a_changed_page_text_fails_loudly(tmp_path, monkeypatch):
    monkeypatch.setattr(claim_gold, "rebuild_page", lambda *a: PAGE)
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"dataset": "test", "id": "1", "split": "dev", "text_sha1": "0" * 40,
                                "claims": []}))
    with pytest.raises(EvalFormatError, match="text_sha1"):
        claim_gold.load_gold(path)
    path.write_text(json.dumps({"dataset": "test", "id": "1", "split": "dev",
                                "text_sha1": claim_gold.text_sha1(TEXT), "claims": LABELS}))
    assert len(claim_gold.load_gold(path).claims) == 3
