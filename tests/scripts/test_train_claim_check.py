"""scripts/train_claim_check.py: every labelled claim is found again on its page as ingested
today, and the script rebuilds the shipped model (weights and threshold) from the labels."""
import json

from tests.conftest import load_script

train = load_script("train_claim_check")


def test_the_script_rebuilds_the_shipped_check(shared_dir, tmp_path, monkeypatch, capsys):
    from claimscope.extract import claim_check

    out = tmp_path / "claim_check.json"
    monkeypatch.setattr("sys.argv", ["train_claim_check.py", "--shared", str(shared_dir), "--out", str(out)])
    assert train.main() == 0
    report = json.loads(capsys.readouterr().out)
    assert report["left_out_unreadable"] == 0 and report["labelled"] > 1800
    rebuilt = json.loads(out.read_text(encoding="utf-8"))
    shipped = json.loads(claim_check.locate(claim_check.MODEL_NAME).read_text(encoding="utf-8"))
    assert rebuilt["threshold"] == shipped["threshold"] == report["threshold"]
    assert rebuilt["weights"].keys() == shipped["weights"].keys()
    assert max(abs(rebuilt["weights"][k] - shipped["weights"][k]) for k in shipped["weights"]) < 1e-3
