"""Spreadsheets in and out, safely: bounded reading of uploads, and text that never becomes a formula.

Reading: an xlsx is a zip whose sheet XML names cells by position, and the reader (calamine) allocates
the whole rectangle from A1 to the farthest cell. One cell at XFD1048576 asks for hundreds of GiB, so
the zip entries, the declared `<dimension>` and the real extent of every sheet are checked first by
streaming the XML, and only a sheet inside the bounds reaches calamine.

Writing (OWASP "CSV injection"): in xlsx every text is a text cell, never a formula; in csv a text that
starts with = + - @ tab or CR gets a leading apostrophe, which `csv_text_restore` takes back on import.
"""

import csv
import functools
import io
import logging
import queue
import re
import threading
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from xml.etree.ElementTree import XMLPullParser

from django.conf import settings
from django.utils.translation import gettext

from common.errors import ApplicationError

logger = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_DECIMAL = "#,##0.00"  # shown by the reader's own locale: 3,00 in a Vietnamese Excel
XLSX_INTEGER = "0"
QUOTE = "'"
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_UNZIPPED = 1024**3  # every entry together, as declared
ZIP_MAX_RATIO = 200  # an entry over ZIP_RATIO_FROM bytes may expand at most this much
ZIP_RATIO_FROM = 10 * 1024**2
CHUNK = 1024**2
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"')
_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]+)(\d+)"')
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_ANY_C = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ANY_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


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


def _refuse(message: str):
    raise ApplicationError(message, field="file")


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


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def bounds_check(*, rows: int, columns: int) -> None:
    """Refuse a sheet whose extent from A1 to (rows, columns) is beyond the bounds; `rows` counts the header."""
    max_rows, max_columns = settings.CONGVU_IMPORT_MAX_ROWS, settings.CONGVU_IMPORT_MAX_COLUMNS
    if rows - 1 > max_rows:
        _refuse(gettext("The file has too many rows: at most %(n)s rows of data.") % {"n": max_rows})
    if columns > max_columns:
        _refuse(gettext("The file has too many columns: at most %(n)s.") % {"n": max_columns})
    if rows * columns > settings.CONGVU_IMPORT_MAX_CELLS:
        message = gettext("The sheet spans too many cells: at most %(n)s (rows × columns, counted from A1).")
        _refuse(message % {"n": settings.CONGVU_IMPORT_MAX_CELLS})


def _zip_check(book: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    entries = book.infolist()
    not_xlsx = gettext("This file is not a usable .xlsx workbook (damaged, or packed to expand far beyond its size).")
    if len(entries) > ZIP_MAX_ENTRIES or sum(e.file_size for e in entries) > ZIP_MAX_UNZIPPED:
        _refuse(not_xlsx)
    for entry in entries:
        if entry.file_size > ZIP_RATIO_FROM and entry.file_size > ZIP_MAX_RATIO * max(entry.compress_size, 1):
            _refuse(not_xlsx)
    sheets = [e for e in entries if _SHEET.fullmatch(e.filename)]
    if not sheets:
        _refuse(not_xlsx)
    return sheets


def _declared_check(head: bytes) -> None:
    found = _DIMENSION.search(head)
    if found is None:
        return  # no declaration: the real extent decides
    last = found.group(1).split(b":")[-1].replace(b"$", b"")
    ref = re.fullmatch(rb"([A-Za-z]+)(\d+)", last)
    if ref:
        bounds_check(rows=int(ref.group(2)), columns=_column_number(ref.group(1)))


def _explicit_extent(stream) -> tuple[int, int, bool]:
    """Farthest row and column named in the sheet XML, and whether some rows or cells name no position."""
    max_row = max_col = 0
    unnamed = False
    tail = b""
    first = True
    while chunk := stream.read(CHUNK):
        data = tail + chunk
        if first:
            _declared_check(data[:65536])
            first = False
        cut = data.rfind(b"<")
        data, tail = data[:cut], data[cut:]
        max_row, max_col, unnamed = _scan(data, max_row, max_col, unnamed)
        bounds_check(rows=max_row, columns=max_col)  # stop reading as soon as the sheet is too large
    max_row, max_col, unnamed = _scan(tail, max_row, max_col, unnamed)
    return max_row, max_col, unnamed


def _scan(data: bytes, max_row: int, max_col: int, unnamed: bool) -> tuple[int, int, bool]:
    refs = _REF.findall(data)
    rows = _ROW.findall(data)
    if refs:
        max_col = max(max_col, max(map(_column_number, {r[0] for r in refs})))
        max_row = max(max_row, max(int(r[1]) for r in refs))
    if rows:
        max_row = max(max_row, max(map(int, rows)))
    unnamed = unnamed or len(refs) != len(_ANY_C.findall(data)) or len(rows) != len(_ANY_ROW.findall(data))
    return max_row, max_col, unnamed


def _counted_extent(stream) -> tuple[int, int]:
    """The extent as the reader computes it when positions are left out: each row or cell after the last one."""
    parser = XMLPullParser(events=("start", "end"))
    row = col = max_row = max_col = 0
    while chunk := stream.read(CHUNK):
        parser.feed(chunk)
        for event, element in parser.read_events():
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start" and tag in ("row", "c"):
                ref = re.fullmatch(r"([A-Za-z]+)?(\d+)", element.get("r", ""))
                if tag == "row":
                    row, col = (int(ref.group(2)) if ref else row + 1), 0
                else:
                    col = _column_number(ref.group(1).encode()) if ref and ref.group(1) else col + 1
                max_row, max_col = max(max_row, row), max(max_col, col)
            elif event == "end":
                element.clear()
        bounds_check(rows=max_row, columns=max_col)
    return max_row, max_col


def _thresholds() -> tuple[int, int]:
    """(digits, letters): a cell reference with fewer row digits and fewer column letters lies within every bound
    whatever its exact value, so the quick scan only needs to look closely at the others."""
    max_rows, max_columns = settings.CONGVU_IMPORT_MAX_ROWS, settings.CONGVU_IMPORT_MAX_COLUMNS
    digits, letters = len(str(max_rows)), 1
    while 26**letters <= max_columns:
        letters += 1
    while digits > 1 and (10 ** (digits - 1)) * 26 ** (letters - 1) > settings.CONGVU_IMPORT_MAX_CELLS:
        digits -= 1
    return digits, letters


@functools.cache
def _quick_pattern(digits: int, letters: int) -> re.Pattern:
    # One pass finds all that can matter: comments/CDATA (<!), prefixed tags, cells and rows whose position is not
    # their first attribute, and positions with many row digits or column letters. A plain sheet has none but
    # its last rows, so the scan costs one regular-expression pass.
    return re.compile(
        rb'<(?:!|[A-Za-z_][\w.\-]*:|c(?=[\s>/])(?! r=")|row(?=[\s>/])(?! r=")'
        + rb'|c r="(?:[A-Za-z]{%d,}\d+|[A-Za-z]+\d{%d,})"|row r="\d{%d,}")' % (letters, digits, digits)
    )


_QUICK_CELL = re.compile(rb'<c r="([A-Za-z]+)(\d+)"')
_QUICK_ROW = re.compile(rb'<row r="(\d+)"')


def _quick_extent(stream) -> tuple[int, int] | None:
    """The farthest row and column for a plain sheet (positions first on every row and cell, no prefixes, no
    comments), in one pass; None when the sheet is not plain and the careful scan must decide."""
    digits, letters = _thresholds()
    pattern = _quick_pattern(digits, letters)
    max_row = max_col = 0
    tail = b""
    while chunk := stream.read(CHUNK):
        data = tail + chunk
        if not tail:
            _declared_check(data[:65536])
            data = data[data.find(b"?>") + 2 :] if data.startswith(b"<?") else data  # the XML declaration
        cut = data.rfind(b"<")
        data, tail = data[:cut], data[cut:]
        found = _quick_scan(data, pattern)
        if found is None:
            return None
        last_row = _QUICK_ROW.search(data, data.rfind(b"<row "))
        max_row = max(max_row, found[0], int(last_row.group(1)) if last_row else 0)
        max_col = max(max_col, found[1])
        bounds_check(rows=max_row, columns=max_col)
    found = _quick_scan(tail + b" ", pattern)
    return None if found is None else (max(max_row, found[0]), max(max_col, found[1]))


def _quick_scan(data: bytes, pattern: re.Pattern) -> tuple[int, int] | None:
    max_row = max_col = 0
    for match in pattern.finditer(data):
        cell = _QUICK_CELL.match(data, match.start())
        row = _QUICK_ROW.match(data, match.start())
        if cell:
            max_col, max_row = max(max_col, _column_number(cell.group(1))), max(max_row, int(cell.group(2)))
        elif row:
            max_row = max(max_row, int(row.group(1)))
        else:
            return None
    return max_row, max_col


class _Inflated:
    """A zip entry read ahead by a thread of its own, CHUNK bytes at a time, for one pass of `read(CHUNK)` calls:
    zlib lets go of the GIL while it inflates, so the next megabyte is unpacked while the caller scans this one.
    Closing stops the thread, also when the caller stops early (a sheet refused half way)."""

    def __init__(self, book: zipfile.ZipFile, entry: zipfile.ZipInfo):
        self._chunks: queue.Queue = queue.Queue(maxsize=4)
        self._stop = threading.Event()
        self._ended = False
        self._thread = threading.Thread(target=self._inflate, args=(book, entry), name="xlsx-inflate", daemon=True)
        self._thread.start()

    def _inflate(self, book: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
        try:
            with book.open(entry) as stream:
                while not self._stop.is_set():
                    chunk = stream.read(CHUNK)
                    self._put(chunk)
                    if not chunk:
                        return
        except Exception as exc:  # noqa: BLE001 - raised in the reading thread by read()
            self._put(exc)

    def _put(self, item) -> None:
        while not self._stop.is_set():
            try:
                self._chunks.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def read(self, size: int = CHUNK) -> bytes:
        if self._ended:
            return b""
        item = self._chunks.get()
        if isinstance(item, Exception):
            self._ended = True
            raise item
        self._ended = not item
        return item

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def xlsx_check(*, source) -> int:
    """Refuse an xlsx (path or binary file) whose zip or sheets exceed the bounds, reading its XML as a stream.

    Returns the farthest row of any sheet (the header row included).
    """
    farthest = 0
    try:
        with zipfile.ZipFile(source) as book:
            for entry in _zip_check(book):
                with _Inflated(book, entry) as stream:
                    quick = _quick_extent(stream)
                if quick is not None:
                    rows, columns, unnamed = *quick, False
                else:
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
    return farthest


def xlsx_sheet_rows(*, source) -> tuple[int, Iterator[list]]:
    """The first sheet of an xlsx (path or binary file), after `xlsx_check`: how many rows it spans from A1 and an
    iterator of its rows from A1, each padded to start at column A and made Python values only when reached (a
    caller can work on the first rows while the rest wait as the reader's compact cells)."""
    from python_calamine import CalamineError, CalamineWorkbook

    xlsx_check(source=source)
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
