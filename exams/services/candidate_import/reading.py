"""Reading a candidate file (xlsx or csv) through the bounded readers of common.spreadsheets."""

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.spreadsheets import csv_check, csv_text_restore, xlsx_rows
from common.text import clean_text
from common.vietnamese import fold
from exams.services.candidate_import.columns import HEADERS, Column


def file_kind(name: str) -> str:
    suffix = Path(str(name)).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ApplicationError(_("Only .xlsx and .csv files can be imported."), field="file")
    return suffix[1:]


def _cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def _raw_rows(path: str) -> list[list]:
    if file_kind(path) == "xlsx":
        return xlsx_rows(source=path)
    import csv

    csv_check(path=path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return [[csv_text_restore(v) for v in row] for row in csv.reader(handle)]
    except UnicodeDecodeError as exc:
        message = _("The csv file is not in UTF-8: save it again as “CSV UTF-8” and import that file.")
        raise ApplicationError(message, field="file") from exc


def rows_read(*, path: str) -> tuple[list[Column | None], list[tuple[int, dict]]]:
    """The columns of the header row and every filled row as (spreadsheet row number, {key: value})."""
    raw = _raw_rows(path)
    if not raw:
        return [], []
    columns = [HEADERS.get(fold(str(h or ""))) for h in raw[0]]
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append((number, {c.key: v for c, v in zip(columns, cells, strict=False) if c is not None}))
    return columns, rows
