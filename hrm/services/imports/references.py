"""New rows of an import with their foreign keys checked once per slice, not once per row (PostgreSQL).

PostgreSQL checks a foreign key with a query per inserted row and key: for a 100,000-row staff file, 700,000
queries (the staff record's person, unit and rank; the assignment's record and unit; the salary row's record and
rank), about 3.7 s of the writer's 8.5 s of server time, and the writer is what the import waits for last. An
import knows its references as sets. Here the new rows are written with the session's triggers off
(`session_replication_role = replica`, as `pg_restore --disable-triggers` loads), switched back at once; then every
key they hold is checked set by set: a key to a row created in the same transaction (a new person, a new staff
record) is known to exist; any other is locked FOR KEY SHARE, as the per-row check locks it, so that it cannot be
deleted or have its key changed until the import commits, and a key to a row that is gone raises IntegrityError,
which rolls the whole import back, as a failed per-row check does.

Only where it is allowed and safe: the role is a superuser or was granted `SET ON PARAMETER
session_replication_role` (PostgreSQL 15), and the tables written have no trigger but the foreign keys' own (a
trigger added later turns this off by itself). Anywhere else every row is checked by the server, as before.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, connection


@dataclass(frozen=True)
class Written:
    """Rows of `model` written with the triggers off, as an SQL condition on alias `c` (and its parameters)."""

    model: type
    where: str
    params: tuple


def ids_condition(column: str, ids: list[int]) -> tuple[str, tuple]:
    """An SQL condition on alias `c`: `column` is one of `ids` (taken from a sequence in a block: a range, which
    the server tests without a list of ids being sent)."""
    if ids and ids[-1] - ids[0] + 1 == len(ids) and all(a < b for a, b in zip(ids, ids[1:], strict=False)):
        return f"c.{column} BETWEEN %s AND %s", (ids[0], ids[-1])
    return f"c.{column} = ANY(%s)", (list(ids),)


def _allowed(models) -> bool:
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('is_superuser') = 'on', current_setting('server_version_num')::int, "
            "EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal)",
            [tables],
        )
        superuser, version, triggers = cursor.fetchone()
        if triggers or (not superuser and version < 150000):
            return False
        if superuser:
            return True
        cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        return cursor.fetchone()[0]


def _keys(model):
    return [f for f in model._meta.concrete_fields if f.is_relation and f.db_constraint]


def _check(cursor, written: Written, created: dict) -> None:
    """Every key of the written rows: to a row created here, or to an existing row, locked; else IntegrityError."""
    quote, table = connection.ops.quote_name, connection.ops.quote_name(written.model._meta.db_table)
    for field in _keys(written.model):
        column = quote(field.column)
        where, params = f"({written.where}) AND c.{column} IS NOT NULL", written.params
        if ids := created.get(field.related_model):
            mine, mine_params = ids_condition(column, ids)
            where, params = f"{where} AND NOT ({mine})", (*params, *mine_params)
        cursor.execute(f"SELECT DISTINCT c.{column} FROM {table} c WHERE {where}", params)  # noqa: S608 - model names
        keys = {key for (key,) in cursor.fetchall()}
        if not keys:
            continue
        parent, target = quote(field.related_model._meta.db_table), quote(field.target_field.column)
        cursor.execute(
            f"SELECT p.{target} FROM {parent} p WHERE p.{target} = ANY(%s) FOR KEY SHARE",  # noqa: S608 - model names
            [sorted(keys)],
        )
        missing = keys - {key for (key,) in cursor.fetchall()}
        if missing:
            raise IntegrityError(
                f"{written.model._meta.db_table}.{field.column} refers to rows of {field.related_model._meta.db_table} "
                f"that are not there: {sorted(missing)[:10]}"
            )


def _origin_quietly() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = origin")
    except DatabaseError:  # the transaction failed: its rollback restores the setting
        pass


@contextmanager
def keys_checked_by_set(*, written: list[Written], created: dict) -> Iterator[None]:
    """Write new rows inside the block; their keys are checked when it ends, set by set where allowed (module
    docstring), else by the server row by row. `written`: every row the block writes; `created`: model → ids of the
    rows of that model the block creates (keys to them need no check). Inside the caller's transaction, which an
    error in the block or a missing key rolls back (the setting with it)."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block or not _allowed(w.model for w in written):
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    except BaseException:
        _origin_quietly()  # a caller that goes on in this transaction checks row by row again
        raise
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = origin")
        for rows in written:
            _check(cursor, rows, created)
