"""Set-based writes: COPY on PostgreSQL (ids taken from the sequence first), bulk_create/bulk_update elsewhere.

On PostgreSQL an insert is made in two steps that may run in different threads: `copy_rows_make` takes the
ids and formats the rows into COPY text (pure Python, no transaction needed), `copy_rows_run` sends them.
"""

import datetime as dt
import decimal
import json
from dataclasses import dataclass
from itertools import islice, repeat
from operator import itemgetter

from django.db import connection, models, transaction
from django.utils import timezone

BATCH = 2000
COPY_ROWS = 5000  # rows per chunk of COPY text
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = ("\\", "\t", "\n", "\r")


class RawJson(str):
    """A value of a JSON field that is already encoded (built column-wise by the caller)."""


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


def ids_reserve(*, model, count: int) -> list[int]:
    """A block of `count` new ids from the table's sequence (PostgreSQL), inside the caller's transaction.

    The table is locked against other writers until that transaction ends, so that nobody takes an id
    between nextval and setval; ids of a block that ends up unused (rolled back) are simply never used.
    """
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
            [table, pk, table, pk, count],
        )
        last = cursor.fetchone()[0]
    return list(range(last - count + 1, last + 1))


class IdPool:
    """Ids taken ahead, in a short transaction of their own, for a long import written by another thread.

    Taking them up front (as many as the file has rows, per table) means the import's own writer never
    waits for the lock `ids_reserve` takes, and other writers of these tables wait only a moment.
    """

    def __init__(self, *, counts: dict):
        with transaction.atomic():
            self._free = {model: iter(ids_reserve(model=model, count=n)) for model, n in counts.items()}

    def take(self, *, model, count: int) -> list[int]:
        ids = list(islice(self._free[model], count))
        if len(ids) != count:
            raise RuntimeError(f"IdPool: {model.__name__} ran out of ids")
        return ids


# --- COPY text ------------------------------------------------------------------------------------
def _text(value) -> str:
    """One value in COPY's text format, before escaping (the slow path, for mixed columns)."""
    if value is None:
        return NULL
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return str(value)


_FORMATS = {int: str, dt.date: dt.date.isoformat, dt.datetime: dt.datetime.isoformat, decimal.Decimal: str}


def _column_text(values: list) -> list[str]:
    """A column in COPY text format. Columns hold one type (plus None): format them with that type's method."""
    kinds = set(map(type, values))
    has_null = type(None) in kinds
    kinds.discard(type(None))
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is not None and issubclass(kind, str):
        texts = values
        joined = "".join(filter(None, values))  # C speed; None and '' dropped
        if any(c in joined for c in _SPECIAL):
            texts = [v if v is None else v.translate(_ESCAPES) for v in values]
        return [NULL if v is None else v for v in texts] if has_null else list(texts)
    if kind in _FORMATS:
        form = _FORMATS[kind]
        distinct = set(values)
        if len(distinct) * 4 < len(values):  # units, ranks, dates, coefficients: each formatted once
            table = {v: NULL if v is None else form(v) for v in distinct}
            return list(map(table.__getitem__, values))
        return [NULL if v is None else form(v) for v in values] if has_null else list(map(form, values))
    if kind is bool:
        return [NULL if v is None else ("t" if v else "f") for v in values]
    if not kinds and kind is None:  # all None
        return [NULL] * len(values)
    texts = list(map(_text, values))  # mixed or other types
    return [t if t == NULL and v is None else t.translate(_ESCAPES) for v, t in zip(values, texts, strict=True)]


def _chunks(columns: list[list], suffix: str | None = None) -> list[bytes]:
    """Whole columns (lists of Python values, all of one length) → COPY text, encoded, in chunks of COPY_ROWS rows;
    `suffix`, when given, is the already formatted text of trailing columns that hold one value in every row. Encoded
    here, so that the thread that sends them only sends."""
    count = len(columns[0]) if columns else 0
    out = []
    for start in range(0, count, COPY_ROWS):
        texts = [_column_text(column[start : start + COPY_ROWS]) for column in columns]
        if suffix is not None:
            texts.append(repeat(suffix, len(texts[0])))
        out.append(("\n".join(map("\t".join, zip(*texts, strict=True))) + "\n").encode())
    return out


def _copy(table: str, columns: list[str], chunks: list[bytes]) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for chunk in chunks:
                copy.write(chunk)


def _json_fields(model) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}


def _json_column(values: list) -> list:
    return [v if isinstance(v, RawJson) else json.dumps(v, default=str) for v in values]


def _constant_text(model, defaults: dict, names: list[str]) -> str:
    """The columns every row leaves at their default, formatted once and joined."""
    json_fields = _json_fields(model)
    values = [json.dumps(defaults[n], default=str) if n in json_fields else defaults[n] for n in names]
    return "\t".join(_column_text([v])[0] for v in values)


@dataclass
class CopyRows:
    """New rows of one table, with their ids, formatted and ready to send."""

    table: str
    columns: list[str]
    chunks: list[bytes]
    ids: list[int]


def copy_rows_make(
    *, model, rows: list[dict], pool: IdPool | None = None, columns: dict[str, list] | None = None
) -> CopyRows:
    """Take ids for `rows` (attname → value dicts, every row with the keys of the first; the rest from field defaults)
    and format them (PostgreSQL). `columns` (attname → one value per row) adds whole columns, and saves merging them
    into every row's dict.

    Ids come from `pool` when given, else from the sequence inside the caller's transaction."""
    given = [n for n in rows[0] if n not in (columns or {})] if rows else []
    made = {n: list(map(itemgetter(n), rows)) for n in given}
    return copy_columns_make(model=model, columns={**made, **(columns or {})}, count=len(rows), pool=pool)


def copy_columns_make(*, model, columns: dict[str, list], count: int, pool: IdPool | None = None) -> CopyRows:
    """Take ids for `count` new rows given as columns (attname → one value per row; the other fields from their
    defaults) and format them (PostgreSQL): the rows are never made into dicts.

    Ids come from `pool` when given, else from the sequence inside the caller's transaction."""
    ids = pool.take(model=model, count=count) if pool is not None else ids_reserve(model=model, count=count)
    if not count:
        return CopyRows(model._meta.db_table, [], [], [])
    defaults, json_fields = _defaults(model), _json_fields(model)
    given = [n for n in defaults if n in columns]
    left = [n for n in defaults if n not in columns]  # the same in every row: formatted once
    fields = {f.attname: f for f in model._meta.concrete_fields}
    names = [model._meta.pk.column] + [fields[n].column for n in given + left]
    values = [ids, *(_json_column(columns[n]) if n in json_fields else columns[n] for n in given)]
    suffix = _constant_text(model, defaults, left) if left else None
    return CopyRows(model._meta.db_table, names, _chunks(values, suffix), ids)


def _insert_select(*, model, values: dict[str, str], source: str, params: dict, prefix: str = "") -> str:
    """The text of INSERT INTO the model's table SELECT … FROM `source`; adds the defaults' parameters to `params`
    (named with `prefix`, so that several statements can share one parameter set)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    json_fields = {name for name, f in fields.items() if isinstance(f, models.JSONField)}
    columns, exprs = [], []
    for name, default in _defaults(model).items():
        columns.append(connection.ops.quote_name(fields[name].column))
        if name in values:
            exprs.append(values[name])
        else:
            key = f"{prefix}default_{name}"
            params[key] = json.dumps(default, default=str) if name in json_fields else default
            exprs.append(f"CAST(%({key})s AS {fields[name].db_type(connection)})")
    table = connection.ops.quote_name(model._meta.db_table)
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {source}"  # noqa: S608


def rows_insert_select(*, model, values: dict[str, str], source: str, params: dict) -> None:
    """INSERT INTO the model's table SELECT …: one statement makes the rows on the server (PostgreSQL), nothing is
    formatted in Python. `values`: attname → SQL expression over `source` (a FROM clause); the other columns get
    their field defaults; `params` are the named parameters of the expressions and of `source`."""
    params = dict(params)
    sql = _insert_select(model=model, values=values, source=source, params=params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@dataclass
class InsertSelect:
    """One INSERT … SELECT of `rows_insert_select_shared`: attname → SQL expression over `source`."""

    model: type
    values: dict[str, str]
    source: str


def rows_insert_select_shared(*, name: str, shared: str, inserts: list[InsertSelect], params: dict) -> None:
    """Several INSERT … SELECT in one statement (PostgreSQL), their sources reading the rows of the query `shared`
    by `name`: the rows they are made from are looked up once, not once per table."""
    if not inserts:
        return
    params, texts = dict(params), []
    for number, insert in enumerate(inserts):
        texts.append(
            _insert_select(
                model=insert.model, values=insert.values, source=insert.source, params=params, prefix=f"i{number}_"
            )
        )
    *first, last = texts
    steps = [f"{name} AS MATERIALIZED ({shared})"] + [f"i{n} AS ({text})" for n, text in enumerate(first)]
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(steps)} {last}", params)


def copy_rows_run(rows: CopyRows) -> None:
    if rows.ids:
        _copy(rows.table, rows.columns, rows.chunks)


def rows_insert(*, model, rows: list[dict]) -> list[int]:
    """Insert plain dicts (attname → value, the rest from field defaults); returns the new ids in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        defaults = _defaults(model)
        objs = [model(**{**defaults, **{k: _decoded(v) for k, v in row.items()}}) for row in rows]
        return [o.pk for o in model.objects.bulk_create(objs, batch_size=BATCH)]
    batch = copy_rows_make(model=model, rows=rows)
    copy_rows_run(batch)
    return batch.ids


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
    values = [[pk for pk, _ in items], *([v[f] for _, v in items] for f in fields)]
    _copy("_import_rows", [meta.pk.column, *columns], _chunks(values))
    sets = ", ".join(f"{quote(c)} = s.{quote(c)}" for c in columns)
    update = f"UPDATE {table} t SET {sets} FROM _import_rows s WHERE t.{pk} = s.{pk}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(update)
        cursor.execute("DROP TABLE _import_rows")
