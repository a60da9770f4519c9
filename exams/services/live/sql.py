"""Multi-row statements for the live exam's hot paths (the answer writer, the end of a shift), for PostgreSQL and
SQLite alike: one statement for many rows, where the ORM would send one per row or spend its time building CASEs."""

import json

from django.db import connection


def rows(rows: list[tuple], types: tuple[str, ...]) -> tuple[str, list]:
    """A row source for many rows (`INSERT INTO t (…) {source}`, `WITH v (…) AS ({source})`) and its parameters;
    `types` names each column's PostgreSQL type, and a "jsonb" column's values are dumped to JSON.

    PostgreSQL gets one array per column, `SELECT * FROM unnest(%s, …)`: a statement of a few parameters whatever
    the number of rows, so its text is short and the driver does not parse thousands of placeholders per batch
    (most of the answer writer's time went there). SQLite gets `VALUES (%s, …), …` (it stores JSON as text)."""
    jsonb = [i for i, kind in enumerate(types) if kind == "jsonb"]
    columns = [list(column) for column in zip(*rows, strict=True)]
    for i in jsonb:
        columns[i] = [json.dumps(v) for v in columns[i]]
    if connection.vendor == "postgresql":
        casts = [
            "CAST(CAST(%s AS text[]) AS jsonb[])" if kind == "jsonb" else f"CAST(%s AS {kind}[])" for kind in types
        ]
        return f"SELECT * FROM unnest({', '.join(casts)})", columns  # noqa: S608 (types: the callers' constants)
    row_sql = "(" + ", ".join(["%s"] * len(types)) + ")"
    params = [v for row in zip(*columns, strict=True) for v in row]
    return "VALUES " + ", ".join([row_sql] * len(rows)), params


def execute(sql: str, params: list) -> None:
    """Run one statement on the current connection (inside the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
