"""Where records live: SQLite by default (``Store``), Parquet for exchange."""
from .schema import register_table
from .sqlite import Store

__all__ = ["Store", "register_table"]
