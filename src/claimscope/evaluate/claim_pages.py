"""Real pages for the claims evaluation, rebuilt from the shared gold-text datasets.

A gold file names its page by dataset and id; the text is rebuilt here, the same way
every time, so gold offsets and quoted strings stay valid without copying any page
text into the repository:

- ``dragnet``: ``gold_main``, a blank line, then ``gold_comments`` (line ends made
  ``\\n``); the comments region starts at the first character of ``gold_comments``.
- ``page-signal``: the spans the annotators selected (classes ``x-nc-sel1`` title and
  ``x-nc-sel2`` body) in document order; spans inside one block are joined with a
  space, blocks with a blank line. No comments.
- ``samples``: a page of ``../shared/samples`` (state-aligned media with reader
  comments) as its file reads (UTF-8, line ends ``\n``); the gold file says where its
  comment thread starts (``comments_from``).
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalFormatError
from .files import jsonl_rows

__all__ = ["DATASETS", "GoldPage", "rebuild_page", "selected_text", "shared_data_dir"]

DATASETS = {
    "dragnet": "extraction-dragnet/dragnet.jsonl.gz",
    "page-signal": "extraction-page-signal-googlenews/page_signal.jsonl.gz",
    "samples": "../samples",
}
ARTICLE_CLASSES = "12"  # page-signal's title and body; 5 marks user comments
_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK = re.compile(r"</?(?:p|h\d|div|li|br|tr|td|blockquote|ul|ol|table)\b", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\xa0]+")


@dataclass(frozen=True, slots=True)
class GoldPage:
    dataset: str
    id: str
    text: str
    comments_start: int  # == len(text) when the page has no comments


def shared_data_dir() -> Path:
    """``../shared/data`` beside the repository, or $CLAIMSCOPE_SHARED_DATA."""
    import os

    override = os.environ.get("CLAIMSCOPE_SHARED_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[4] / "shared" / "data"


@functools.cache
def _records(dataset: str, root: str) -> dict[str, dict]:
    if dataset not in DATASETS:
        raise EvalFormatError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
    path = Path(root) / DATASETS[dataset]
    if not path.exists():
        raise EvalFormatError(f"{path}: shared dataset not found")
    return {str(row["id"]): row for _, row in jsonl_rows(path)}


def rebuild_page(dataset: str, page_id: str, root: Path | None = None) -> GoldPage:
    if dataset == "samples":
        path = Path(root or shared_data_dir()) / DATASETS["samples"] / Path(page_id).name
        if not path.is_file():
            raise EvalFormatError(f"{path}: shared sample not found")
        text = _lines(path.read_text(encoding="utf-8"))
        return GoldPage(dataset, str(page_id), text, len(text))
    record = _records(dataset, str(root or shared_data_dir())).get(str(page_id))
    if record is None:
        raise EvalFormatError(f"{dataset} has no page {page_id!r}")
    if dataset == "dragnet":
        main = _lines(record.get("gold_main") or "")
        comments = _lines(record.get("gold_comments") or "").strip("\n")
        if not comments:
            return GoldPage(dataset, str(page_id), main, len(main))
        head = main.rstrip("\n") + "\n\n"
        return GoldPage(dataset, str(page_id), head + comments, len(head))
    text = selected_text(record["gold"])
    return GoldPage(dataset, str(page_id), text, len(text))


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def selected_text(markup: str, classes: str = ARTICLE_CLASSES) -> str:
    """The text of a page-signal gold page's spans of the given annotation classes."""
    blocks: list[list[str]] = [[]]
    last = 0
    # only the wanted classes are matched: spans of other classes may hold them
    for match in re.finditer(rf'<span class="x-nc-sel[{classes}]">(.*?)</span>', markup, re.DOTALL):
        if _BLOCK.search(markup, last, match.start()) and blocks[-1]:
            blocks.append([])
        words = _SPACES.sub(" ", html.unescape(_TAG.sub("", match.group(1)))).strip()
        if words:
            blocks[-1].append(words)
        last = match.end()
    paragraphs = (re.sub(r" ([,.;:!?])", r"\1", " ".join(b)) for b in blocks if b)
    return "\n\n".join(p for p in paragraphs if p.strip(" |"))
