"""Set-based inserts: COPY on PostgreSQL (ids taken from the sequence first), bulk_create elsewhere."""

import json
from operator import itemgetter

from django.db import connection, models
from django.utils import timezone

BATCH = 2000


def _defaults(model) -> dict:
    now = timezone.now()
    out = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            out[f.attname] = now
        else:
            out[f.attname] = f.get_default()  # '' for text and file fields, None for nullable ones
    return out


def _next_ids(model, count: int) -> list[int]:
    """A block of `count` ids: other writers of the table wait for our commit, so nobody takes ids in between."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
            [table, pk, table, pk, count],
        )
        last = cursor.fetchone()[0]
    return list(range(last - count + 1, last + 1))


def _copy_into(table: str, columns: list[str], rows) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


class RawJson(str):
    """A value of a JSON field that is already encoded (built column-wise by the caller)."""


def _encoder(model):
    json_fields = {f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}

    def encode(name, value):
        if name not in json_fields or isinstance(value, RawJson):
            return value
        return json.dumps(value, default=str)

    return encode if json_fields else None


def _tuples(model, names: list[str], defaults: dict, ids: list[int], rows: list[dict]):
    """Rows as tuples in `names` order; every row has the keys of the first (callers build them alike)."""
    given = [n for n in names if n in rows[0]]
    missing = tuple(defaults[n] for n in names if n not in rows[0])
    getter = itemgetter(*given)
    encode = _encoder(model)
    for pk, row in zip(ids, rows, strict=True):
        values = getter(row) if len(given) > 1 else (getter(row),)
        if encode is not None:
            values = tuple(encode(n, v) for n, v in zip(given, values, strict=True))
        yield (pk, *values, *missing)


def rows_insert(*, model, rows: list[dict]) -> list[int]:
    """Insert plain dicts (attname → value, the rest from field defaults); returns the new ids in order."""
    if not rows:
        return []
    defaults = _defaults(model)
    names = list(defaults)
    if connection.vendor != "postgresql":
        objs = [model(**{**defaults, **{k: _decoded(v) for k, v in row.items()}}) for row in rows]
        return [o.pk for o in model.objects.bulk_create(objs, batch_size=BATCH)]
    ids = _next_ids(model, len(rows))
    fields = {f.attname: f for f in model._meta.concrete_fields}
    order = [n for n in names if n in rows[0]] + [n for n in names if n not in rows[0]]
    columns = [model._meta.pk.column] + [fields[n].column for n in order]
    _copy_into(model._meta.db_table, columns, _tuples(model, names, defaults, ids, rows))
    return ids


def _decoded(value):
    return json.loads(value) if isinstance(value, RawJson) else value


def rows_update(*, model, items: list[tuple[int, dict]], fields: list[str]) -> None:
    """Set `fields` (attnames) of many rows, each to its own values: one COPY and one UPDATE on PostgreSQL."""
    if not items or not fields:
        return
    if connection.vendor != "postgresql":
        objs = [model(pk=pk, **{f: values[f] for f in fields}) for pk, values in items]
        model.objects.bulk_update(objs, [model._meta.get_field(f).name for f in fields], batch_size=BATCH)
        return
    meta, quote = model._meta, connection.ops.quote_name
    columns = [meta.get_field(f).column for f in fields]
    names = ", ".join(quote(c) for c in [meta.pk.column, *columns])
    table, pk = quote(meta.db_table), quote(meta.pk.column)  # identifiers from model meta, never user input
    create = f"CREATE TEMP TABLE _import_rows AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS _import_rows")
        cursor.execute(create)
    _copy_into("_import_rows", [meta.pk.column, *columns], ((pk, *[v[f] for f in fields]) for pk, v in items))
    sets = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in columns)
    update = f"UPDATE {table} t SET {sets} FROM _import_rows s WHERE t.{pk} = s.{pk}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(update)
        cursor.execute("DROP TABLE _import_rows")
