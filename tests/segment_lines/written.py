"""What the comment-layout tests share: a short story written for them, the page's segments
and comments, and where a line is. Each test adds a thread in one platform's layout below
the story."""
from claimscope.records import Page
from claimscope.segment import evidence_of, segment_page

STORY = ("The city council voted on Tuesday to close the old bridge to heavy traffic after "
         "engineers found cracks in two of its supports during a routine inspection.\n\n"
         "Repairs are expected to take most of next year, the council said in a statement.\n\n")


def segments(text: str):
    """The segments of ``text`` read as one page that is its own corpus."""
    page = Page(id="p", source="p", format="text", raw=text.encode(), text=text)
    return segment_page(page, evidence_of([page]))


def comments(text: str) -> list[tuple[int, str | None]]:
    """(first line, author) of each comment segment."""
    return [(s.line_start, s.author) for s in segments(text) if s.kind == "comment"]


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of ``text`` starting with ``needle``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(needle))
