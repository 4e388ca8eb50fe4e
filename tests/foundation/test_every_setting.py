"""Issue 16: every setting is read. Each row of ``SETTINGS`` has a test here (or, for the
link thresholds, in tests/link/test_link_settings.py) named ``test_setting_<name>`` that
changes it and sees the behaviour change on real input; and every row, and every
environment variable the package reads, is documented in docs/settings.md."""
import os
import re
import sqlite3
from pathlib import Path

import pytest

from claimscope import runner
from claimscope.pipeline import build_stages
from claimscope.segment import CorpusEvidence
from claimscope.settings import SETTINGS, load_settings

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "settings.md"


# -- the table and its documentation ---------------------------------------------------------

def test_every_setting_has_a_behaviour_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("test_*.py"))
    missing = [name for name, _, _ in SETTINGS if f"def test_setting_{name}(" not in tests]
    assert not missing, f"settings no test changes: {missing}"


def test_every_setting_is_documented_with_its_default():
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `(\w+)` \| `(.*?)` \|", line)
        if found:
            rows[found.group(1)] = found.group(2)
    for name, default, help_ in SETTINGS:
        assert help_.strip(), name
        assert name in rows, f"{name} is missing from docs/settings.md"
        shown = str(default).lower() if isinstance(default, bool) else default
        if isinstance(default, tuple):
            shown = "[" + ", ".join(f'"{v}"' for v in default) + "]"
        elif isinstance(default, str):
            shown = f'"{default}"'
        assert rows[name] == str(shown), name


def test_every_environment_variable_read_is_documented():
    """No hidden settings: a variable the package reads is listed in docs/settings.md."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src").rglob("*.py"))
    read = set(re.findall(r"(?:environ\.get|getenv)\(\s*[\"'](\w+)[\"']", source))
    read |= set(re.findall(r"environ\[[\"'](\w+)[\"']\]", source))
    assert "CLAIMSCOPE_TOXICITY_MODEL" not in source
    documented = DOCS.read_text(encoding="utf-8").split("## Environment variables", 1)[1]
    assert read and all(f"`{name}`" in documented for name in read), read


def test_a_config_file_reaches_every_setting_and_checks_types(tmp_path):
    config = tmp_path / "run.toml"
    config.write_text('[claimscope]\nclassify_kinds = ["comment"]\nhate_threshold = 1\n'
                      'propaganda_on_comments = true\nspark_driver_memory = "4g"\n', encoding="utf-8")
    settings = load_settings(config)
    assert settings.classify_kinds == ("comment",) and settings.hate_threshold == 1.0
    assert settings.propaganda_on_comments is True and settings.spark_driver_memory == "4g"
    config.write_text('[claimscope]\nboilerplate_min_pages = "three"\n', encoding="utf-8")
    from claimscope.errors import ClaimscopeError

    with pytest.raises(ClaimscopeError, match="boilerplate_min_pages must be int"):
        load_settings(config)


# -- ingest and segment ------------------------------------------------------------------------

BODIES = (
    ("Rebels said on Monday that they had taken the hill above the town after a night of heavy "
     "shelling, and that the road to the north was open again."),
    ("The ministry said the talks in Geneva would resume next week, and that both delegations had "
     "agreed to a ceasefire around the airport until then."),
    ("Prices of bread rose by a third in the capital this month, traders said, as the currency lost "
     "value against the dollar for a fifth week in a row."),
)


def _corpus(tmp_path) -> list[str]:
    """Three pages of one site: the same strap line on each, then news."""
    paths = []
    for i, body in enumerate(BODIES):
        path = tmp_path / f"page{i}.txt"
        path.write_text(f"Latest news from our correspondents in the region\n\n{body}\n\nSecond paragraph {i} "
                        "says more about what happened, as officials and witnesses described it.\n",
                        encoding="utf-8")
        paths.append(str(path))
    return paths


def _kinds_of_first_lines(db) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {kind for (kind,) in conn.execute("SELECT kind FROM segments WHERE line_start = 1")}


def test_setting_boilerplate_min_pages(tmp_path):
    inputs = _corpus(tmp_path)
    runner.run(inputs, str(tmp_path / "a.db"), stages=("segment",), settings=load_settings())
    assert _kinds_of_first_lines(tmp_path / "a.db") == {"boilerplate"}  # on all 3 pages: chrome
    runner.run(inputs, str(tmp_path / "b.db"), stages=("segment",),
               settings=load_settings(boilerplate_min_pages=4))
    assert _kinds_of_first_lines(tmp_path / "b.db") == {"article"}  # 3 pages are too few now


def test_setting_max_page_bytes(tmp_path):
    inputs = _corpus(tmp_path)[:1]
    kept = runner.run(inputs, str(tmp_path / "a.db"), stages=("segment",), settings=load_settings())
    assert (kept.pages_new, kept.errors) == (1, [])
    refused = runner.run(inputs, str(tmp_path / "b.db"), stages=("segment",),
                         settings=load_settings(max_page_bytes=100), on_error=lambda e: None)
    assert refused.pages_new == 0
    [error] = refused.errors
    assert error.stage == "ingest" and "100" in error.reason


def test_setting_max_analysed_chars(tmp_path):
    text = "".join(f"Officials said on day {i} that the talks had failed again.\n\n" for i in range(400))
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    whole = runner.run([str(tmp_path / "long.txt")], str(tmp_path / "a.db"), stages=("segment",),
                       settings=load_settings())
    cut = runner.run([str(tmp_path / "long.txt")], str(tmp_path / "b.db"), stages=("segment",),
                     settings=load_settings(max_analysed_chars=2_000))
    assert whole.ok and cut.ok

    def last_segment_end(db):
        with sqlite3.connect(db) as conn:
            return conn.execute('SELECT max("end") FROM segments').fetchone()[0]

    assert last_segment_end(tmp_path / "a.db") > 20_000
    assert last_segment_end(tmp_path / "b.db") <= 2_000
    with sqlite3.connect(tmp_path / "b.db") as conn:
        [(stage, analysed)] = conn.execute("SELECT stage, chars_analysed FROM notices").fetchall()
    assert stage == "segment" and last_segment_end(tmp_path / "b.db") <= analysed <= 2_000


# -- engines ---------------------------------------------------------------------------------------

def test_setting_worker_threads(monkeypatch):
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(variable, "7")  # restored after the test
    torch = __import__("sys").modules.get("torch")
    before = torch.get_num_threads() if torch else None
    try:
        build_stages(["segment"], {"evidence": CorpusEvidence(), "settings": load_settings(worker_threads=0)})
        assert os.environ["OMP_NUM_THREADS"] == "7"  # 0 leaves the libraries alone
        build_stages(["segment"], {"evidence": CorpusEvidence(), "settings": load_settings(worker_threads=2)})
        assert {os.environ[v] for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")} == {"2"}
    finally:
        if torch is not None:
            torch.set_num_threads(before)


def test_setting_spark_driver_memory():
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from claimscope.engines import spark_io

    if SparkSession.getActiveSession() is not None:
        pytest.skip("a Spark session is already running in this process")
    spark, owned = spark_io.session("local[1]", "claimscope-settings-test", driver_memory="1200m")
    try:
        assert owned and spark.conf.get("spark.driver.memory") == "1200m"
    finally:
        spark.stop()
