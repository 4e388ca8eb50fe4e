"""Read the SemEval-2023 Task 3 subtask-3 formats (articles and paragraph labels).

ARTICLES is either a JSONL file of ``{"article_id", "text"}`` (as in
../shared/data/semeval2023-task3-en-train) or a folder of ``article<ID>.txt`` files
(the organisers' layout). LABELS is a TSV of ``article_id<TAB>line<TAB>techniques``
where ``line`` is the 1-based line of the article and techniques are comma-separated
(empty when the paragraph has none).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import EvalFormatError

__all__ = ["read_articles", "read_paragraph_labels", "labelled_paragraphs"]

_ARTICLE_FILE = re.compile(r"article(\w+)\.txt$")


def read_articles(path: str | Path) -> dict[str, str]:
    path = Path(path)
    if path.is_dir():
        found = {}
        for file in sorted(path.iterdir()):
            match = _ARTICLE_FILE.search(file.name)
            if match:
                found[match.group(1)] = file.read_text(encoding="utf-8")
        return found
    try:
        with open(path, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        return {str(r["article_id"]): r["text"] for r in rows}
    except (json.JSONDecodeError, KeyError) as exc:
        raise EvalFormatError(f"{path}: expected JSONL of {{article_id, text}}: {exc}") from exc


def read_paragraph_labels(path: str | Path) -> dict[tuple[str, int], list[str]]:
    labels = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[1].strip().isdigit():
                raise EvalFormatError(f"{path}:{number}: expected article_id, line, techniques")
            techniques = parts[2].split(",") if len(parts) > 2 else []
            labels[(parts[0], int(parts[1]))] = [t.strip() for t in techniques if t.strip()]
    return labels


def labelled_paragraphs(articles: dict[str, str], labels: dict) -> list[tuple[str, int, str, list[str]]]:
    """(article_id, line, paragraph text, techniques) for each labelled line."""
    rows = []
    for (article_id, line), techniques in sorted(labels.items()):
        if article_id not in articles:
            raise EvalFormatError(f"labels name article {article_id}, which ARTICLES lacks")
        lines = articles[article_id].split("\n")
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        rows.append((article_id, line, text, techniques))
    return rows
