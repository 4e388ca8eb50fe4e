"""The stages stand on a shared floor and never on each other (issue 16): a stage package
imports the records, the floor (text units, encoder, artefacts) and the settings, never
another stage and never a layer above the stages (pipeline, engines, CLI, evaluation)."""
import ast
from pathlib import Path

import claimscope

PACKAGE = Path(claimscope.__file__).parent
STAGES = ("segment", "extract", "classify", "link")
ABOVE = ("pipeline", "runner", "cli", "engines", "serve", "evaluate", "export", "progress", "ingest")


def imported(path: Path) -> set[str]:
    """The claimscope modules ``path`` imports, as dotted names under claimscope."""
    module = path.relative_to(PACKAGE).with_suffix("").parts
    package = module[:-1] if module[-1] != "__init__" else module[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[:len(package) - (node.level - 1)])
                head = ".".join(["claimscope", *base, *(node.module.split(".") if node.module else [])])
                # "from .. import encoder" names modules too
                names = [head] + [f"{head}.{alias.name}" for alias in node.names]
            else:
                names = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(n.removeprefix("claimscope.") for n in names if n.startswith("claimscope."))
    return found


def top_level(name: str) -> str:
    return name.split(".")[0]


def test_the_walker_reads_relative_and_absolute_imports(tmp_path):
    names = imported(PACKAGE / "link" / "__init__.py")
    assert "store" in {top_level(n) for n in names} and "records.Cluster" in names


def test_no_stage_imports_another_stage_or_a_layer_above():
    crossing = []
    for stage in STAGES:
        for path in sorted((PACKAGE / stage).rglob("*.py")):
            for name in imported(path):
                top = top_level(name)
                if (top in STAGES and top != stage) or top in ABOVE:
                    crossing.append(f"{path.relative_to(PACKAGE)} imports claimscope.{name}")
    assert crossing == []


SQL_CALLS = {"execute", "executemany", "executescript"}


def test_only_the_store_speaks_sql():
    """One writer: the stages hand records and state to ``claimscope.store`` and never
    run SQL of their own (the link step's tables included)."""
    speaking = []
    for stage in STAGES:
        for path in sorted((PACKAGE / stage).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and (node.attr in SQL_CALLS or node.attr == "conn"):
                    speaking.append(f"{path.relative_to(PACKAGE)}:{node.lineno} .{node.attr}")
                if isinstance(node, ast.Import) and any(a.name == "sqlite3" for a in node.names):
                    speaking.append(f"{path.relative_to(PACKAGE)}:{node.lineno} import sqlite3")
    assert speaking == []
