"""The only file formats django-import-export offers in the admin (settings.IMPORT_EXPORT_FORMATS).

Reading goes through the bounded reader of common.spreadsheets; writing never lets a text become a
formula. This module imports no model, so that the settings can name its classes.
"""

import io

import tablib
from django.conf import settings
from django.utils.translation import gettext
from import_export.formats import base_formats

from common.errors import ApplicationError
from common.spreadsheets import bounds_check, csv_text_restore, csv_text_safe, xlsx_row, xlsx_rows


class SafeCSV(base_formats.CSV):
    """CSV for the admin: bounded on import, texts neutralised on export and restored on import."""

    def create_dataset(self, in_stream, **kwargs):
        _size_check(in_stream)
        dataset = super().create_dataset(in_stream, **kwargs)
        bounds_check(rows=len(dataset) + 1, columns=dataset.width)
        return _mapped(dataset, lambda v: csv_text_restore(v) if isinstance(v, str) else v)

    def export_data(self, dataset, **kwargs):
        return super().export_data(_mapped(dataset, csv_text_safe), **kwargs)


class SafeXLSX(base_formats.XLSX):
    """XLSX for the admin: read through the bounded reader, written with every text as a text cell."""

    def create_dataset(self, in_stream):
        _size_check(in_stream)
        rows = xlsx_rows(source=io.BytesIO(in_stream))
        dataset = tablib.Dataset(headers=rows[0] if rows else None)
        for row in rows[1:]:
            if any(v not in ("", None) for v in row):
                dataset.append([None if v == "" else v for v in row])
        return dataset

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(dataset.title or "Sheet1")
        sheet.append(xlsx_row(sheet, dataset.headers or []))
        for row in dataset:
            sheet.append(xlsx_row(sheet, row))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _size_check(in_stream) -> None:
    limit = settings.CONGVU_UPLOAD_SPREADSHEET_MAX_BYTES
    if len(in_stream) > limit:
        raise ApplicationError(gettext("The file is too large: at most %(n)s MB.") % {"n": round(limit / 1024**2, 1)})


def _mapped(dataset, function):
    out = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        out.append([function(v) for v in row])
    return out
