"""claimscope: from scraped pages of state-aligned media to a cited, searchable evidence base.

Library first: every CLI command is a thin call into one of these functions.
"""
__version__ = "0.1.0"

from .analysis import PageAnalysis  # noqa: E402
from .ingest import read_inputs  # noqa: E402
from .records import (  # noqa: E402
    Claim, DateMention, EntityMention, Flag, Link, Notice, Page, PageError, PlaceMention, Quantity, Segment,
)
from .runner import RunSummary, run  # noqa: E402
from .segment import segment_page  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402
from .store import Store  # noqa: E402

__all__ = [
    "__version__", "Page", "Segment", "Claim", "EntityMention", "PlaceMention", "Quantity",
    "DateMention", "Flag", "Link", "Notice", "PageError", "PageAnalysis", "Store", "Settings",
    "load_settings", "read_inputs", "segment_page", "run", "RunSummary",
]
