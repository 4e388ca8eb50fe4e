"""The shipped attribution models: small, loadable, and sensible on plain news sentences."""
from pathlib import Path

import claimscope.extract as extract_pkg
from claimscope.extract import contentmodel, cuemodel, sourcemodel
from claimscope.extract.attribution import find_attributions

MODELS = Path(extract_pkg.__file__).parent / "models"


def _parts(text):
    out = []
    for a in find_attributions(text):
        source = text[a.source[0]:a.source[1]] if a.source else None
        out.append((text[a.cue[0]:a.cue[1]], source, text[a.content[0]:a.content[1]]))
    return out


def test_models_ship_and_are_small():
    for name in (cuemodel.MODEL_FILE, sourcemodel.MODEL_FILE, contentmodel.MODEL_FILE):
        path = MODELS / name
        assert path.is_file() and path.stat().st_size < 50_000_000
    assert sourcemodel.load_picker() is not None and contentmodel.load_picker() is not None


def test_subject_source_and_clause_content():
    text = "The mayor of Lakeport, Anna Berg, said on Monday that about 300 people were evacuated."
    parts = _parts(text)
    said = next(p for p in parts if p[0].endswith("said"))
    assert "Berg" in said[1] or "mayor" in said[1]
    assert "300 people were evacuated" in said[2]


def test_content_before_the_cue_and_pronoun_source():
    text = "“We expect the water to recede by Thursday,” she said."
    cue, source, content = next(p for p in _parts(text) if p[0] == "said")
    assert source == "she"
    assert "recede by Thursday" in content


def test_interview_labels_are_sources():
    text = "Q: Did the service take care of you?\n\nA: No, no one checked up on me after that."
    sources = {p[1] for p in _parts(text) if p[0] == ":"}
    assert {"Q", "A"} <= sources


def test_source_span_cuts_relative_clause_with_the_cue():
    from claimscope.extract.nlp import load_nlp

    doc = load_nlp()("Officials who said the plan would fail were ignored.")
    said = next(t for t in doc if t.text == "said")
    officials = doc[0]
    start, end = sourcemodel.source_span(officials, {said.i})
    assert doc.text[start:end] == "Officials"
    assert sourcemodel.dep_path(officials, said).endswith("vrelcl")


def test_a_cue_verb_joined_by_and_speaks_for_the_first_verbs_subject():
    # the second verb has no subject of its own: it shares the first verb's, not the subject
    # of a clause inside the first verb's report
    cases = [
        ("Police said the man was armed when officers arrived, and added that he had fled.", "added", "Police"),
        (("The ministry said the drills were routine exercises, and warned that any provocation "
          "would be answered."), "warned", "The ministry"),
        (("Washington has described the laboratories as public health institutions that help partner "
          "countries detect outbreaks, and has accused Moscow of spreading disinformation."), "has accused",
         "Washington"),
    ]
    for text, cue, speaker in cases:
        assert any(p[0] == cue and p[1] == speaker for p in _parts(text)), (text, _parts(text))
    # a second verb with a subject of its own keeps it
    parts = _parts("The ministry denied the report, and officials said the drills were routine.")
    assert ("said", "officials") in {(p[0], p[1]) for p in parts}
