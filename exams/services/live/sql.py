"""Multi-row statements for the live exam's hot paths (the answer writer, the end of a shift), for PostgreSQL and
SQLite alike: one statement for many rows, where the ORM would send one per row or spend its time building CASEs."""

import json

from django.db import connection


def values(rows: list[tuple], *, casts: dict[int, str] | None = None) -> tuple[str, list]:
    """`(%s, …), (%s, …)` for a multi-row statement and its flat parameters. `casts` names the PostgreSQL type of
    some columns (by position); a "jsonb" column's values are dumped to JSON (SQLite stores it as text)."""
    casts = casts or {}
    postgres = connection.vendor == "postgresql"
    row_sql = ", ".join(f"CAST(%s AS {casts[i]})" if postgres and i in casts else "%s" for i in range(len(rows[0])))
    params = [json.dumps(v) if casts.get(i) == "jsonb" else v for row in rows for i, v in enumerate(row)]
    return ", ".join([f"({row_sql})"] * len(rows)), params


def execute(sql: str, params: list) -> None:
    """Run one statement on the current connection (inside the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
