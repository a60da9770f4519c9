"""Multi-row statements for the live exam's hot paths (the answer writer, the end of a shift), for PostgreSQL and
SQLite alike: one statement for many rows, where the ORM would send one per row or spend its time building CASEs."""

import datetime as dt
import json
from decimal import Decimal

from django.db import connection


def _json_value(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not a row value")


def rows(rows: list[tuple], types: tuple[str, ...]) -> tuple[str, list]:
    """A row source for many rows (`INSERT INTO t (…) {source}`, `WITH v (…) AS ({source})`) and its parameters;
    `types` names each column's PostgreSQL type; a "jsonb" column's values are Python values stored as JSON.

    PostgreSQL gets the rows as ONE JSON parameter, each row an array, cast column by column: the statement's text
    is the same whatever the number of rows (the driver parses it once), and the whole batch is encoded by one
    json.dumps in C (arrays of parameters were dumped element by element in Python: a tenth of a server process's
    time under the answer storm). SQLite gets `VALUES (%s, …), …` (it stores JSON as text)."""
    if connection.vendor == "postgresql":
        columns = [
            f"(r->{i})::jsonb" if kind == "jsonb" else f"CAST(r->>{i} AS {kind})" for i, kind in enumerate(types)
        ]
        source = f"SELECT {', '.join(columns)} FROM json_array_elements(CAST(%s AS json)) AS r"  # noqa: S608 (types: the callers' constants)
        return source, [json.dumps(rows, default=_json_value)]
    jsonb = [i for i, kind in enumerate(types) if kind == "jsonb"]
    params = []
    for row in rows:
        params += [json.dumps(v) if i in jsonb else v for i, v in enumerate(row)]
    row_sql = "(" + ", ".join(["%s"] * len(types)) + ")"
    return "VALUES " + ", ".join([row_sql] * len(rows)), params


def execute(sql: str, params: list) -> None:
    """Run one statement on the current connection (inside the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
