"""The whole pipeline on two small pages of our own: a statement with a comment thread,
and a blog that reposts it. Needs every extra; skips without them."""
import json

import pytest

from claimscope.cli import main
from claimscope.store import Store

pytest.importorskip("spacy")
pytest.importorskip("sklearn")
pytest.importorskip("sentence_transformers")

STATEMENT = """Ministry Says Shelling Killed 12 Civilians Near Aleppo

Posted by EXAMPLE NEWS on

The defence ministry spokesman Ivan Petrov said on Tuesday that shelling by militants killed about 12 civilians in the western suburbs of Aleppo and wounded more than 30 others.

According to the ministry, the attacks came from positions near Idlib that are controlled by armed groups backed by Ankara.


Notify of
Newest Most Voted
View all comments
Desert Fox

They always lie about the numbers, nobody can check anything there.

Plain Observer

Could the ministry publish the names of the victims?
"""

REPOST = """Aleppo Suburbs Shelled Again, Ministry Reports Twelve Dead

Translated by Staff

The defence ministry spokesman Ivan Petrov said on Tuesday that shelling by militants killed about 12 civilians in the western suburbs of Aleppo and wounded more than 30 others.

Residents said the shelling continued into the night.
"""


def test_all_stages_end_to_end(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "statement.txt").write_text(STATEMENT, encoding="utf-8")
    (folder / "repost.txt").write_text(REPOST, encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert main(["run", str(folder), "--db", db, "--quiet"]) == 0
    capsys.readouterr()
    with Store(db, readonly=True) as store:
        stats = store.stats()
        assert stats["segments_by_kind"]["comment"] == 2
        assert stats["claims"] >= 2 and stats["places"] >= 1
        claims = list(store.records("claims"))
        petrov = [c for c in claims if c.source_entity and "Petrov" in c.source_entity]
        assert petrov, [(c.source, c.source_entity) for c in claims]
        for c in claims:  # every claim cites an exact span of its page
            page = store.page(c.page_id)
            assert page.text[c.content_start:c.content_end] == c.content
        links = store.links()
        assert any(link.kind in ("near_duplicate", "same_claim") and link.a_page_id != link.b_page_id
                   for link in links)
    assert main(["export", "claims", "--db", db]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"page_id", "source", "source_entity", "cue", "content", "char_start", "char_end",
            "line_start", "line_end", "quantities", "places", "dates"} <= set(rows[0])
