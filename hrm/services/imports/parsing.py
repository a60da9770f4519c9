"""Cell parsers, vectorised over a column: text in, typed Python values and a bad-cell mask out."""

import datetime as dt
import decimal
import functools

import numpy as np
import pandas as pd

from common.errors import ApplicationError
from common.phones import phone_normalize
from common.vietnamese import fold
from hrm.services.imports.columns import Column


def _by_unique(values: pd.Series, func) -> tuple[pd.Series, pd.Series]:
    """`func(text) → (value, bad)` once per distinct text (files repeat units, labels and dates a lot); returns
    (values, bad mask) in the rows of `values`."""
    return _by_uniques(values, lambda texts: list(map(func, texts)))


def _by_uniques(values: pd.Series, answer) -> tuple[pd.Series, pd.Series]:
    """`answer(distinct texts) → [(value, bad), …]` in their order, spread back over the rows of `values` in C
    (pandas finds the distinct texts, numpy puts each row's answer in place)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    answers = answer(uniques.tolist())
    parsed_values, bad_flags = zip(*answers, strict=True) if answers else ((), ())
    # fromiter: each value stays one element (np.array would spread a value numpy sees as a sequence)
    parsed = np.fromiter(parsed_values, dtype=object, count=len(answers))
    bad = np.fromiter(bad_flags, dtype=bool, count=len(answers))
    return (
        pd.Series(parsed[codes], index=values.index, dtype=object),
        pd.Series(bad[codes], index=values.index, dtype=bool),
    )


@functools.lru_cache(maxsize=100_000)
def _typed_date(text: str):
    """dd/mm/yyyy as the template and Excel write it: the date, False when there is no such day; None when the text
    has another shape (pandas decides those)."""
    digits = text[:2] + text[3:5] + text[6:]
    if len(text) != 10 or text[2] != "/" or text[5] != "/" or not (digits.isascii() and digits.isdigit()):
        return None
    try:
        return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        return False


def _dates(values: pd.Series) -> tuple[list, list[bool]]:
    parsed = pd.to_datetime(values, format="%d/%m/%Y", errors="coerce")
    retry = parsed.isna() & (values != "")
    if retry.any():
        parsed[retry] = pd.to_datetime(values[retry], format="ISO8601", errors="coerce")
    bad = parsed.isna() & (values != "")
    good = (parsed.notna() & ~bad).tolist()
    days = zip(parsed.dt.year.fillna(0), parsed.dt.month.fillna(0), parsed.dt.day.fillna(0), strict=True)
    dates = [dt.date(int(y), int(m), int(d)) if ok else None for ok, (y, m, d) in zip(good, days, strict=True)]
    return dates, bad.tolist()


def _in_years(answer: tuple) -> tuple:
    day, _bad = answer
    return (None, True) if day is not None and not 1900 <= day.year <= 2100 else answer


@functools.lru_cache(maxsize=100_000)
def _typed_answer(text: str) -> tuple | None:
    """(date or None, bad) of a dd/mm/yyyy text, the year within bounds; None for another shape."""
    day = _typed_date(text)
    return None if day is None else _in_years((day or None, day is False))


def _date_table(uniques: list[str]) -> dict[str, tuple]:
    """Each distinct text → (date or None, bad)."""
    table = dict(zip(uniques, map(_typed_answer, uniques), strict=True))
    others = [text for text, answer in table.items() if answer is None]
    if others:
        dates, bad = _dates(pd.Series(others, dtype=object))
        table.update(
            (text, _in_years(answer)) for text, answer in zip(others, zip(dates, bad, strict=True), strict=True)
        )
    return table


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """dd/mm/yyyy (or ISO) text → date objects; returns (values, bad mask). Each distinct text is parsed once."""
    return _by_uniques(values, lambda texts: list(map(_date_table(texts).__getitem__, texts)))


def choice_lookup(column: Column) -> dict:
    table = {fold(label): str(value) for label, value in column.label_aliases.items()}
    table.update({fold(label): str(value) for value, label in column.labels.items()})
    table.update({fold(str(value)): str(value) for value in column.labels})
    return table


def parse_choices(values: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    table = choice_lookup(column)

    def parse(text: str) -> tuple[str, bool]:
        value = table.get(fold(text), "") if text else ""
        return value, value == "" and text != ""

    return _by_unique(values, parse)


def _checked(value, blank=None) -> tuple:
    """(value, bad) from a parser's answer: False means a bad cell, which stores `blank`."""
    return (blank, True) if value is False else (value, False)


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
    return _by_unique(values, lambda text: _checked(_decimal(text, limit) if text else None))


def _integer(text: str):
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return False
    return int(number) if number.is_integer() and 0 < number < 100 else False


def parse_integers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    return _by_unique(values, lambda text: _checked(_integer(text) if text else None))


def _phone(text: str):
    try:
        return phone_normalize(text)
    except ApplicationError:
        return False


def parse_phones(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Phone numbers as typed (+84, spaces, dots, a lost leading 0) → the stored form; returns (values, bad mask)."""
    return _by_unique(values, lambda text: _checked(_phone(text), blank=""))
