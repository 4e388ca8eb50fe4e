"""Structured record filters: what ``Store.records`` accepts instead of raw SQL.

A filter is a keyword ``column`` (equals) or ``column__op``; the column must be a field
of the table's record type, so no caller text ever reaches the SQL but values, which
travel as parameters.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from ..errors import ClaimscopeError

__all__ = ["FilterError", "where_clause"]

# op -> (SQL with {col} for the quoted column, whether it takes the value as a parameter)
OPERATORS = {
    "eq": ("{col} = ?", True),
    "ge": ("{col} >= ?", True),
    "le": ("{col} <= ?", True),
    "prefix": ("{col} LIKE ? ESCAPE '\\'", True),
    "isnull": ("{col} IS NULL", False),
    "notnull": ("{col} IS NOT NULL", False),
}


class FilterError(ClaimscopeError, ValueError):
    """A filter names a column the records do not have, or an unknown operator."""


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _column(name: str, columns: set[str]) -> str:
    if name not in columns:
        raise FilterError(f"no column {name!r}; known: {', '.join(sorted(columns))}")
    return f'"{name}"'


def where_clause(record_type: type, filters: Mapping[str, object],
                 order_by: Sequence[str] = ()) -> tuple[str, tuple]:
    """(" WHERE … ORDER BY …", params) for ``filters`` on a table of ``record_type``;
    ``order_by`` names columns, a leading "-" sorts one descending."""
    columns = {f.name for f in dataclasses.fields(record_type)}
    conditions, params = [], []
    for key, value in filters.items():
        name, _, op = key.partition("__")
        template, takes_value = OPERATORS.get(op or "eq", (None, False))
        if template is None:
            raise FilterError(f"unknown filter operator {op!r}; known: {', '.join(OPERATORS)}")
        conditions.append(template.format(col=_column(name, columns)))
        if takes_value:
            params.append(_escape_like(str(value)) + "%" if op == "prefix" else value)
    sql = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    if order_by:
        keys = [_column(k.lstrip("-"), columns) + (" DESC" if k.startswith("-") else "") for k in order_by]
        sql += f" ORDER BY {', '.join(keys)}"
    return sql, tuple(params)
