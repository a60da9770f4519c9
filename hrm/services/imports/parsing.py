"""Cell parsers, vectorised over a column: text in, typed Python values and a bad-cell mask out."""

import datetime as dt
import decimal

import pandas as pd

from common.errors import ApplicationError
from common.phones import phone_normalize
from common.vietnamese import fold
from hrm.services.imports.columns import Column


def _by_unique(values: pd.Series, func) -> pd.Series:
    """Apply `func` once per distinct value (files repeat units, labels and names a lot)."""
    uniques = values.unique()
    table = dict(zip(uniques, map(func, uniques), strict=True))
    return pd.Series([table[v] for v in values], index=values.index, dtype=object)


def _dates(values: pd.Series) -> tuple[list, list[bool]]:
    parsed = pd.to_datetime(values, format="%d/%m/%Y", errors="coerce")
    retry = parsed.isna() & (values != "")
    if retry.any():
        parsed[retry] = pd.to_datetime(values[retry], format="ISO8601", errors="coerce")
    bad = parsed.isna() & (values != "")
    bad |= parsed.notna() & ((parsed.dt.year < 1900) | (parsed.dt.year > 2100))
    good = (parsed.notna() & ~bad).tolist()
    days = zip(parsed.dt.year.fillna(0), parsed.dt.month.fillna(0), parsed.dt.day.fillna(0), strict=True)
    return [
        dt.date(int(y), int(m), int(d)) if ok else None for ok, (y, m, d) in zip(good, days, strict=True)
    ], bad.tolist()


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """dd/mm/yyyy (or ISO) text → date objects; returns (values, bad mask). Each distinct text is parsed once."""
    uniques = pd.Series(values.unique(), dtype=object)
    dates, bad = _dates(uniques)
    table = dict(zip(uniques.tolist(), zip(dates, bad, strict=True), strict=True))
    found = [table[v] for v in values.tolist()]
    return (
        pd.Series([f[0] for f in found], index=values.index, dtype=object),
        pd.Series([f[1] for f in found], index=values.index, dtype=bool),
    )


def choice_lookup(column: Column) -> dict:
    table = {fold(label): str(value) for value, label in column.labels.items()}
    table.update({fold(str(value)): str(value) for value in column.labels})
    return table


def parse_choices(values: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    table = choice_lookup(column)
    parsed = _by_unique(values, lambda text: table.get(fold(text), "") if text else "")
    return parsed, (parsed == "") & (values != "")


def _decimal(text: str, limit: int):
    try:
        value = decimal.Decimal(text.replace(",", "."))
    except decimal.InvalidOperation:
        return False
    if not value.is_finite() or value < 0 or value >= limit or value != value.quantize(decimal.Decimal("0.01")):
        return False
    return value.quantize(decimal.Decimal("0.01"))


def parse_decimals(values: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    field = column.model._meta.get_field(column.field)
    limit = 10 ** (field.max_digits - field.decimal_places)
    parsed = _by_unique(values, lambda text: _decimal(text, limit) if text else None)
    bad = pd.Series([v is False for v in parsed], index=parsed.index, dtype=bool)
    parsed[bad] = None
    return parsed, bad


def _integer(text: str):
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return False
    return int(number) if number.is_integer() and 0 < number < 100 else False


def parse_integers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    parsed = _by_unique(values, lambda text: _integer(text) if text else None)
    bad = pd.Series([v is False for v in parsed], index=parsed.index, dtype=bool)
    parsed[bad] = None
    return parsed, bad


def _phone(text: str):
    try:
        return phone_normalize(text)
    except ApplicationError:
        return False


def parse_phones(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Phone numbers as typed (+84, spaces, dots, a lost leading 0) → the stored form; returns (values, bad mask)."""
    parsed = _by_unique(values, _phone)
    bad = parsed.map(lambda v: v is False)
    return parsed.where(~bad, ""), bad
