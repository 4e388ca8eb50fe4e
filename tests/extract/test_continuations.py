"""Continuation claims (the ``claim_continuations`` setting): a sentence after a claim in the
same paragraph, with no cue of its own, is the speaker's only when it is quoted speech by
default; the writer's own next sentence is not put in the speaker's mouth."""
import sqlite3

import pytest

from claimscope import runner
from claimscope.errors import ClaimscopeError
from claimscope.settings import load_settings

from tests.conftest import needs

pytestmark = needs("extract")

PAGE = ("Bridge Will Reopen\n\n"
        "The mayor of Riverton, Anna Berg, said the bridge would reopen in May, after the repairs. "
        "Work on the old bridge began in 2019 and has cost four million euros so far. "
        "\"We will not wait any longer for the money,\" Berg said. "
        "\"The town needs the road back before the summer.\"\n")
WRITERS = "Work on the old bridge began in 2019 and has cost four million euros so far."
QUOTED = "\"The town needs the road back before the summer.\""


def _continuations(tmp_path, mode: str | None) -> dict[str, str]:
    page = tmp_path / "bridge.txt"
    page.write_text(PAGE, encoding="utf-8")
    db = tmp_path / f"{mode}.db"
    settings = load_settings() if mode is None else load_settings(claim_continuations=mode)
    runner.run([str(page)], str(db), stages=("segment", "extract"), jobs=1, settings=settings)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT content, source_entity, content_start, content_end FROM claims "
                            "WHERE quote_type = 'continuation'").fetchall()
    for content, _, start, end in rows:  # every one points at its own span of the page
        assert PAGE[start:end] == content
    return {content: speaker for content, speaker, _, _ in rows}


def test_setting_claim_continuations(tmp_path):
    default = _continuations(tmp_path, None)
    assert default == {QUOTED: "Anna Berg"}  # quoted speech goes on; the writer's sentence is not hers
    assert _continuations(tmp_path, "quoted") == default
    assert _continuations(tmp_path, "all") == {WRITERS: "Anna Berg", QUOTED: "Anna Berg"}
    assert _continuations(tmp_path, "none") == {}


def test_claim_continuations_takes_only_its_words():
    with pytest.raises(ClaimscopeError, match="claim_continuations must be one of quoted, all, none"):
        load_settings(claim_continuations="some")


def test_the_parse_tells_a_statement_from_a_noun_phrase():
    from claimscope.extract.textpass import parse_region, verb_finder

    text = "Rafer Alston added 20 points for Houston. The coach said the team played well."
    has_verb = verb_finder(parse_region(text))
    points = text.index("20 points")
    played = text.index("the team played well")
    assert not has_verb(points, points + len("20 points for Houston"))
    assert has_verb(played, played + len("the team played well"))


def test_regions_parsed_together_read_as_each_parsed_alone():
    from claimscope.extract.textpass import parse_region, parse_regions

    text = ("Officials said the bridge would reopen in May. Traffic was light on Monday.\n\n"
            "A reader wrote that the repairs were overdue. The sun set early.\n\n"
            "The mayor told reporters: \"We will not wait another year.\"")
    bounds = [(0, 75), (77, 141), (143, len(text))]
    together = parse_regions(text, bounds)

    def reading(parsed):
        return [(p.sentence.start, p.sentence.end, p.parsed, p.entities(),
                 [(t.text, t.pos_, t.dep_, t.head.i, t.lemma_) for t in p.doc]) for p in parsed]

    assert [reading(p) for p in together] == [reading(parse_region(text, s, e)) for s, e in bounds]
    assert [p.parsed for p in together[1]] == [True, False]  # a cue word sends a sentence to the parser
    assert together[2][0].sentence.start == 143
