"""Spreadsheets in and out, safely: bounded reading of uploads, and text that never becomes a formula.

Reading: an xlsx is a zip whose sheet XML names cells by position, and the reader (calamine) allocates
the whole rectangle from A1 to the farthest cell. One cell at XFD1048576 asks for hundreds of GiB, so
the zip entries, the declared `<dimension>` and the real extent of every sheet are checked first by
streaming the XML, and only a sheet inside the bounds reaches calamine.

Writing (OWASP "CSV injection"): in xlsx every text is a text cell, never a formula; in csv a text that
starts with = + - @ tab or CR gets a leading apostrophe, which `csv_text_restore` takes back on import.
"""

import csv
import io
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from os import PathLike

from django.conf import settings
from django.utils.translation import gettext

from common.errors import ApplicationError
from common.spreadsheets.extent import (
    CHUNK,
    _counted_extent,
    _explicit_extent,
    _Inflated,
    _quick_extent,
    _refuse,
    _zip_check,
    bounds_check,
)
from common.spreadsheets.parts import parts_fit, sheet_rows_in_parts

logger = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_DECIMAL = "#,##0.00"  # shown by the reader's own locale: 3,00 in a Vietnamese Excel
XLSX_INTEGER = "0"
QUOTE = "'"


# --- Writing ----------------------------------------------------------------------------------


def csv_text_safe(value):
    """A text a spreadsheet would run as a formula, with an apostrophe in front; numbers and the rest unchanged."""
    if isinstance(value, str) and value.lstrip(QUOTE)[:1] in FORMULA_STARTS and value.lstrip(QUOTE):
        return QUOTE + value
    return value


def csv_text_restore(value: str) -> str:
    """Undo `csv_text_safe` on a text read from a csv: exactly the one apostrophe it added goes."""
    if value.startswith(QUOTE) and value.lstrip(QUOTE)[:1] in FORMULA_STARTS and value.lstrip(QUOTE):
        return value[1:]
    return value


def csv_rows_write(*, rows, out) -> None:
    """Write rows (the header first) to the binary stream `out` as csv, UTF-8 with BOM for Excel, texts neutralised."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerows([csv_text_safe(v) for v in row] for row in rows)
    text.detach()


def xlsx_text(cell):
    """Keep a text cell text: openpyxl would store '=…' as a formula and '#N/A' as an error."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def xlsx_number(cell):
    """A number stays a numeric cell, with a number format: two decimals for a Decimal or a float, none for an int."""
    value = cell.value
    if isinstance(value, bool):
        return cell
    if isinstance(value, Decimal | float):
        cell.number_format = XLSX_DECIMAL
    elif isinstance(value, int):
        cell.number_format = XLSX_INTEGER
    return cell


def xlsx_row(sheet, values) -> list:
    """Cells to `sheet.append`: texts as text cells, numbers as formatted numbers (write-only and normal sheets)."""
    from openpyxl.cell import WriteOnlyCell

    return [xlsx_number(xlsx_text(WriteOnlyCell(sheet, value=v))) for v in values]


# --- Reading ----------------------------------------------------------------------------------


def _refuse_unreadable_xlsx(exc: Exception):
    """The reader's own words (English, about zip entries and XML) go to the log; the user reads what to do."""
    logger.info("unreadable xlsx upload: %s: %s", type(exc).__name__, exc)
    _refuse(
        gettext(
            "The file cannot be read as an Excel workbook (.xlsx): it may be damaged, protected by a password or saved "
            "in another format. Open it in Excel or LibreOffice Calc and save it again as .xlsx."
        )
    )


def upload_size_check(*, upload, limit: int | None = None) -> None:
    """Refuse a spreadsheet upload over the size limit before a byte of it is read."""
    limit = limit or settings.CONGVU_UPLOAD_SPREADSHEET_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        _refuse(gettext("The file is too large: at most %(n)s MB.") % {"n": round(limit / 1024**2, 1)})


def upload_saved(*, upload, suffix: str) -> str:
    """A spreadsheet upload, its size checked first, written to a temporary file ending in `suffix` (".xlsx"); returns
    its path, which the caller removes."""
    upload_size_check(upload=upload)
    handle, path = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(handle, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def xlsx_check(*, source) -> int:
    """Refuse an xlsx (path or binary file) whose zip or sheets exceed the bounds, reading its XML as a stream.

    Returns the farthest row of any sheet (the header row included).
    """
    return _extent(source)[0]


def _extent(source, *, keep: bool = False) -> tuple[int, int | None, list[bytes]]:
    """xlsx_check's answer, and when the workbook has one sheet and it is plain (what reading it in parts needs; None
    and [] otherwise): its widest column and, if `keep`, its XML as checked, in chunks."""
    farthest, widest, kept = 0, None, []
    try:
        with zipfile.ZipFile(source) as book:
            sheets = _zip_check(book)
            for entry in sheets:
                with _Inflated(book, entry, kept if keep and len(sheets) == 1 else None) as stream:
                    quick = _quick_extent(stream)
                if quick is not None:
                    rows, columns, unnamed = *quick[:2], False
                    widest = quick[2] if len(sheets) == 1 else None
                else:
                    kept.clear()
                    with book.open(entry) as stream:
                        rows, columns, unnamed = _explicit_extent(stream)
                if unnamed:
                    with book.open(entry) as stream:
                        rows, columns = _counted_extent(stream)
                bounds_check(rows=rows, columns=columns)
                farthest = max(farthest, rows)
    except ApplicationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, SyntaxError, ValueError) as exc:
        _refuse_unreadable_xlsx(exc)
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    return farthest, widest, kept if widest is not None else []


def xlsx_sheet_rows(*, source) -> tuple[int, Iterator[list]]:
    """The first sheet of an xlsx (path or binary file), after `xlsx_check`: how many rows it spans from A1 and an
    iterator of its rows from A1, each padded to start at column A and made Python values only when reached (a
    caller can work on the first rows while the rest wait as the reader's compact cells). A large plain sheet of a
    one-sheet file given by path is read in parts, each parsed ahead in a thread of its own (common.spreadsheets.parts):
    its first rows are ready long before the whole sheet would be parsed."""
    from python_calamine import CalamineError, CalamineWorkbook

    parts = isinstance(source, str | PathLike)
    farthest, widest, xml = _extent(source, keep=parts)
    if widest is not None and parts and parts_fit(path=source, rows=farthest):
        rows = sheet_rows_in_parts(path=source, xml=xml, rows=farthest, width=widest)
        return farthest, _refusing_unreadable(rows)
    xml.clear()
    try:
        sheet = CalamineWorkbook.from_object(source).get_sheet_by_index(0)
    except CalamineError as exc:
        _refuse_unreadable_xlsx(exc)
    # The sheet's extent is within the bounds (checked above); checked again as the reader sees it.
    height = sheet.end[0] + 1 if sheet.end else 0
    if height > settings.CONGVU_IMPORT_MAX_ROWS + 1:
        bounds_check(rows=height, columns=0)
    pad = [""] * (sheet.start[1] if sheet.start else 0)  # the reader pads the rows above, not the columns left
    rows = sheet.iter_rows()
    return height, (map(pad.__add__, rows) if pad else rows)


def _refusing_unreadable(rows: Iterator[list]) -> Iterator[list]:
    """Rows of a sheet read in parts: a part the reader cannot read refuses the file as a whole sheet would."""
    from python_calamine import CalamineError

    try:
        yield from rows
    except (CalamineError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        _refuse_unreadable_xlsx(exc)


def xlsx_rows(*, source) -> list[list]:
    """Every row of the first sheet from A1 (path or binary file), after `xlsx_check`; never more than the bounds."""
    from python_calamine import CalamineError

    _height, rows = xlsx_sheet_rows(source=source)
    try:
        return list(rows)
    except CalamineError as exc:
        _refuse_unreadable_xlsx(exc)


def csv_check(*, path) -> None:
    """Refuse a csv with too many columns in its header or too many lines, reading it as a stream."""
    with open(path, "rb") as handle:
        header = handle.readline(CHUNK)
        columns = len(next(csv.reader([header.decode("utf-8-sig", errors="replace")]), []))
        lines = 1 + sum(1 for line in handle if line.strip())
    bounds_check(rows=lines, columns=min(columns, settings.CONGVU_IMPORT_MAX_COLUMNS + 1))
