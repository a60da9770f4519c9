"""Check every row of a staff file before anything is written; errors name the row and the column."""

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from django.utils.translation import gettext

from common.dated import short_date
from common.vietnamese import normalize_name
from hrm.services import bounds
from hrm.services.cccd import cccd_normalize, cccd_restore_zeros
from hrm.services.imports import lookups
from hrm.services.imports.columns import (
    ALIASES,
    CCCD,
    CODE,
    COEFFICIENT,
    COLUMNS,
    HEADERS,
    IGNORED,
    RANK,
    STEP,
    Column,
)
from hrm.services.imports.parsing import parse_choices, parse_dates, parse_decimals, parse_integers, parse_phones
from hrm.services.imports.pending import pending_check

SALARY_HEADERS = (RANK, STEP, COEFFICIENT)


@dataclass
class Checked:
    """The typed values of a file (columns = field names, index = spreadsheet rows) and its errors."""

    values: pd.DataFrame
    present: list[Column]
    errors: list[dict] = field(default_factory=list)
    allowed_unit_ids: set | None = None

    def flag(self, mask: pd.Series, header: str, message: str) -> None:
        for row in mask.index[mask.to_numpy(dtype=bool)]:
            self.errors.append({"row": int(row), "column": header, "message": message})


def _unnamed(header: str) -> bool:
    return header == "" or re.fullmatch(r"Unnamed: \d+", header) is not None  # csv readers name a blank header so


def _letter(position: int) -> str:
    """The spreadsheet letter of the column at `position` (0 → A, 26 → AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def frame_headers(*, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], list[dict]]:
    """The file's header row read as the template's columns: older names (columns.ALIASES) renamed, the export's
    unit name and blank empty columns dropped. Returns the frame, each column's header as the file writes it (to name
    it in errors), and the errors of the header row: a header that is no column, two headers for one column, values
    under no header. Nothing can be read while there are such errors."""
    errors, keep, written = [], [], {}
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if _unnamed(name):
            if column.ne("").any():
                message = gettext("This column has values but no header; give it one of the template's headers.")
                errors.append(
                    {
                        "row": 1,
                        "column": gettext("column %(letter)s") % {"letter": _letter(position)},
                        "message": message,
                    }
                )
            continue
        if name in IGNORED:
            continue
        header = ALIASES.get(name, name)
        if header not in HEADERS:
            message = gettext("Unknown column: the file's headers must be those of the staff template.")
            errors.append({"row": 1, "column": name, "message": message})
        elif header in written:
            message = gettext("Two columns of the file are this column (“%(first)s” and “%(second)s”): keep one.")
            errors.append({"row": 1, "column": header, "message": message % {"first": written[header], "second": name}})
        else:
            written[header] = name
            keep.append(position)
    if errors:
        return frame, written, errors
    frame = frame.iloc[:, keep]
    frame.columns = [ALIASES.get(name, name) for name in frame.columns]
    return frame, written, []


def _header_errors(frame: pd.DataFrame) -> list[dict]:
    missing = [c.header for c in COLUMNS if c.required and c.header not in frame.columns]
    if any(h in frame.columns for h in SALARY_HEADERS):
        missing += [h for h in SALARY_HEADERS if h not in frame.columns]
    message = gettext("This column is missing; the first row must hold the column headers of the template.")
    return [{"row": 1, "column": header, "message": message} for header in missing]


def _parse_column(checked: Checked, column: Column, raw: pd.Series) -> pd.Series:
    if column.kind == "date":
        values, bad = parse_dates(raw)
        checked.flag(bad, column.header, gettext("Not a date: write it as dd/mm/yyyy."))
    elif column.kind == "choice":
        values, bad = parse_choices(raw, column)
        allowed = ", ".join(column.labels.values())
        checked.flag(bad, column.header, gettext("Unknown value; use one of: %(allowed)s.") % {"allowed": allowed})
    elif column.kind == "decimal":
        values, bad = parse_decimals(raw, column)
        checked.flag(bad, column.header, gettext("Not a valid number (at most two decimals)."))
    elif column.kind == "int":
        values, bad = parse_integers(raw)
        checked.flag(bad, column.header, gettext("Not a whole number between 1 and 99."))
    elif column.kind == "phone":
        values, bad = parse_phones(raw)
        checked.flag(bad, column.header, gettext("Not a Vietnamese phone number (e.g. 0912 345 678 or 0275 3822 123)."))
    else:
        values = raw
        if column.max_length:
            limit, texts = column.max_length, raw.tolist()
            if texts and max(map(len, texts)) > limit:  # nearly never: one pass in C first
                too_long = pd.Series([len(v) > limit for v in texts], index=raw.index, dtype=bool)
                checked.flag(too_long, column.header, gettext("Too long: at most %(n)s characters.") % {"n": limit})
    if column.required:
        checked.flag(raw == "", column.header, gettext("This cell is required."))
    return values


_normal_name = functools.lru_cache(maxsize=100_000)(normalize_name)  # a file repeats names across its slices


def _cccd_clean(value: str) -> str:
    if len(value) == 12 and value.isascii() and value.isdigit():  # nearly every cell: nothing to normalise
        return value
    return cccd_restore_zeros(cccd_normalize(value))


def _normalise_text(frame: pd.DataFrame) -> None:
    if "Họ và tên" in frame:
        names = frame["Họ và tên"]
        uniques = names.unique()
        frame["Họ và tên"] = names.map(dict(zip(uniques, map(_normal_name, uniques), strict=True)))
    if CCCD in frame:  # full-width digits, spaces; and Excel drops the leading zeros when the cell is a number
        cccd = frame[CCCD]
        uniques = cccd.unique()
        clean = dict(zip(uniques, map(_cccd_clean, uniques), strict=True))
        frame[CCCD] = cccd.map(clean)


def frame_prepare(*, frame: pd.DataFrame, repeats: lookups.Repeats | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Work on rows before they are checked: normalised text, missing headers, values repeated across rows (across
    the slices given before when `repeats` is passed along)."""
    frame = frame.copy()
    _normalise_text(frame)
    errors = _header_errors(frame)
    if not errors:
        found = Checked(values=pd.DataFrame(index=frame.index), present=[])
        (repeats or lookups.Repeats()).check(checked=found, frame=frame)
        errors = found.errors
    return frame, errors


def rows_check(*, frame: pd.DataFrame, user, on: dt.date) -> Checked:
    """Parse and check every cell of prepared rows against the registry (any slice of a file); nothing is written."""
    present = [c for c in COLUMNS if c.header in frame.columns]
    checked = Checked(values=pd.DataFrame(index=frame.index), present=present)
    for column in present:
        checked.values[column.field] = _parse_column(checked, column, frame[column.header])
    _check_bounds(checked)
    _check_ages(checked)
    lookups.check_references(checked=checked, frame=frame, user=user, on=on)
    lookups.check_cccd(checked=checked)
    pending_check(checked=checked, on=on)  # hires and leavings dated later, stored as the pages store them
    return checked


def _outside(values: pd.Series, low, high) -> pd.Series:
    return pd.Series([v is not None and not low <= v <= high for v in values], index=values.index, dtype=bool)


def _check_bounds(checked: Checked) -> None:
    """The registry's bounds (hrm.services.bounds) on the cells that have them."""
    values, headers = checked.values, {c.field: c.header for c in checked.present}
    message = gettext("Must be between %(start)s and %(end)s.")
    for name, (low, high) in (
        ("date_of_birth", bounds.birth_date_range()),
        ("recruited_on", bounds.recruitment_date_range()),
        ("party_joined_on", (bounds.EARLIEST_RECRUITMENT, bounds.birth_date_range()[1])),
        ("position_allowance", (0, bounds.rule_value(bounds.MAX_POSITION_ALLOWANCE) or Decimal("99.99"))),
    ):
        if name in headers:
            text = (
                {"start": low, "end": high}
                if name == "position_allowance"
                else {"start": short_date(low), "end": short_date(high)}
            )
            checked.flag(_outside(values[name], low, high), headers[name], message % text)


def _check_ages(checked: Checked) -> None:
    """The ages the rules ask for: at recruitment and on joining the Party (each row against its own birth date)."""
    values, headers = checked.values, {c.field: c.header for c in checked.present}
    if "date_of_birth" not in headers:
        return
    for name, key, message in (
        ("recruited_on", bounds.MIN_AGE_AT_RECRUITMENT, gettext("Younger than the law allows on this date.")),
        ("party_joined_on", bounds.MIN_AGE_PARTY, gettext("Younger than the law allows on this date.")),
    ):
        if name not in headers:
            continue
        young = bounds.too_young(dates_of_birth=values["date_of_birth"], days=values[name], key=key)
        checked.flag(young, headers[name], message)


def errors_sort(errors: list[dict]) -> list[dict]:
    return sorted(errors, key=lambda e: (e["row"], HEADERS.index(e["column"]) if e["column"] in HEADERS else 99))


def frame_check(*, frame: pd.DataFrame, user, on: dt.date) -> Checked:
    """Parse and check every cell and every cross-row rule; nothing is written."""
    frame, errors = frame_prepare(frame=frame)
    if any(e["row"] == 1 for e in errors):  # headers missing: the cells cannot be read
        return Checked(values=pd.DataFrame(index=frame.index), present=[], errors=errors)
    checked = rows_check(frame=frame, user=user, on=on)
    checked.errors = errors_sort(errors + checked.errors)
    return checked


def header_of(field_name: str) -> str:
    return next((c.header for c in COLUMNS if c.field == field_name), CODE)
