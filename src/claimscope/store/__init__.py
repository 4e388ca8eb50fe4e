"""Where records live: SQLite by default (``Store``), Parquet for exchange."""
from .read import open_existing
from .schema import register_table
from .sqlite import Store

__all__ = ["Store", "open_existing", "register_table"]
