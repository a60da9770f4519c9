"""The extent of an xlsx before any reader sees it: zip entries, the declared `<dimension>` and the farthest cell of
every sheet, found by streaming the XML (a quick pass for plain sheets, a careful one otherwise), against the bounds of
the settings. `common.spreadsheets.xlsx_check` is the entry point."""

import functools
import queue
import re
import threading
import zipfile
from xml.etree.ElementTree import XMLPullParser

import numpy as np
from django.conf import settings
from django.utils.translation import gettext

from common.errors import ApplicationError

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


def _refuse(message: str):
    raise ApplicationError(message, field="file")


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
    # All that can matter: comments/CDATA (<!), prefixed tags, cells and rows whose position is not their first
    # attribute, and positions with many row digits or column letters. A plain sheet has none but its last rows;
    # it is tried only where _candidates finds something that may match.
    return re.compile(
        rb'<(?:!|[A-Za-z_][\w.\-]*:|c(?=[\s>/])(?! r=")|row(?=[\s>/])(?! r=")'
        + rb'|c r="(?:[A-Za-z]{%d,}\d+|[A-Za-z]+\d{%d,})"|row r="\d{%d,}")' % (letters, digits, digits)
    )


_QUICK_CELL = re.compile(rb'<c r="([A-Za-z]+)(\d+)"')
_QUICK_ROW = re.compile(rb'<row r="(\d+)"')


def _quick_extent(stream) -> tuple[int, int, int | None] | None:
    """The farthest row and column for a plain sheet (positions first on every row and cell, no prefixes, no
    comments), in one pass, and the widest column any cell names (the bounds only need it past a threshold, a reader
    of the sheet in parts needs it exactly; None when the rows are not written in order, which such a reader cannot
    follow); None when the sheet is not plain and the careful scan must decide."""
    digits, letters = _thresholds()
    pattern = _quick_pattern(digits, letters)
    max_row = max_col = widest = last = 0
    ordered, tail = True, b""
    while chunk := stream.read(CHUNK):
        data = tail + chunk
        if not tail:
            _declared_check(data[:65536])
            data = data[data.find(b"?>") + 2 :] if data.startswith(b"<?") else data  # the XML declaration
        cut = data.rfind(b"<")
        data, tail = data[:cut], data[cut:]
        found = _quick_scan(data, pattern, digits, letters)
        if found is None:
            return None
        last_row = _QUICK_ROW.search(data, data.rfind(b"<row "))
        max_row = max(max_row, found[0], int(last_row.group(1)) if last_row else 0)
        max_col, widest = max(max_col, found[1]), max(widest, found[2])
        ordered, last = _rising(found[3], last, ordered)
        bounds_check(rows=max_row, columns=max_col)
    found = _quick_scan(tail + b" ", pattern, digits, letters)
    if found is None:
        return None
    ordered, last = _rising(found[3], last, ordered)
    return max(max_row, found[0]), max(max_col, found[1]), max(widest, found[2]) if ordered else None


def _rising(numbers: np.ndarray, last: int, ordered: bool) -> tuple[bool, int]:
    """Whether the rows are still in order after these row numbers, and the last number seen."""
    if not len(numbers):
        return ordered, last
    return ordered and numbers[0] > last and bool((np.diff(numbers) > 0).all()), int(numbers[-1])


def _quick_scan(data: bytes, pattern: re.Pattern, digits: int, letters: int) -> tuple[int, int, int, np.ndarray] | None:
    """(farthest row, farthest column of the long positions, widest column of all cells, the row numbers in the order
    written) of a plain piece of sheet, or None."""
    max_row = max_col = 0
    candidates, widest, numbers = _candidates(data, digits, letters)
    for start in candidates.tolist():  # the order does not matter: a maximum, or None
        if not pattern.match(data, start):
            continue
        cell = _QUICK_CELL.match(data, start)
        row = _QUICK_ROW.match(data, start)
        if cell:
            max_col, max_row = max(max_col, _column_number(cell.group(1))), max(max_row, int(cell.group(2)))
        elif row:
            max_row = max(max_row, int(row.group(1)))
        else:
            return None
    return max_row, max_col, max(widest, max_col), numbers


def _byte_table(chars: bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[np.frombuffer(chars, np.uint8)] = True
    return table


_LETTER = _byte_table(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGIT = _byte_table(b"0123456789")
_AFTER_NAME = _byte_table(b" \t\n\r\f\v>/")  # what may follow a tag's name: \s, > or /


def _pairs(data: bytes, pair: bytes) -> np.ndarray:
    """Where the two bytes `pair` start in `data` (unordered): compared two at a time, at even then at odd offsets."""
    n, value = len(data), int.from_bytes(pair, "little")
    if n < 2:
        return np.zeros(0, dtype=np.intp)
    even = np.flatnonzero(np.frombuffer(data, "<u2", count=n // 2) == value) * 2
    odd = np.flatnonzero(np.frombuffer(data, "<u2", count=(n - 1) // 2, offset=1) == value) * 2 + 1
    return np.concatenate((even, odd))


def _followed(arr: np.ndarray, positions: np.ndarray, text: bytes) -> np.ndarray:
    ok = np.ones(len(positions), dtype=bool)
    for offset, byte in enumerate(text):
        ok &= arr[positions + offset] == byte
    return ok


def _candidates(data: bytes, digits: int, letters: int) -> tuple[np.ndarray, int, np.ndarray]:
    """Every position where the quick pattern may match, found with numpy (a few passes in C over the bytes, not
    one regular-expression attempt per tag): `<!`, the `<` before each colon (a prefixed tag), cells and rows whose
    position is not their first attribute or has `digits` row digits or `letters` column letters, and whatever lies
    too close to the end to look at. The pattern decides at each; a plain sheet has a few dozen. Also returns the
    widest column named by the other cells (those with fewer letters) and the numbers of the rows in the order
    written."""
    arr = np.frombuffer(data, np.uint8)
    edge = len(data) - (8 + digits + letters)
    found = [_pairs(data, b"<!")]
    colons = np.flatnonzero(arr == ord(":"))
    if len(colons):  # a prefixed name holds no "<": its tag starts at the last one before the colon
        opens = np.flatnonzero(arr == ord("<"))
        before = np.searchsorted(opens, colons) - 1
        found.append(opens[before[before >= 0]])
    cells, rows = _pairs(data, b"<c"), _pairs(data, b"<r")
    numbers = _row_numbers(arr, np.sort(rows))
    near = cells[cells >= edge]
    found += [near, rows[rows >= edge]]
    cells, rows = cells[cells < edge], rows[rows < edge]
    cells = cells[_AFTER_NAME[arr[cells + 2]]]
    refs = cells + 6  # after <c r="
    long = _LETTER[arr[refs + letters - 1]]  # that many letters, or row digits after fewer letters
    for offset in range(digits, digits + letters - 1):
        long |= _DIGIT[arr[refs + offset]]
    rows = rows[_followed(arr, rows + 2, b"ow") & _AFTER_NAME[arr[rows + 4]]]
    long_rows = _DIGIT[arr[rows + 8 + digits - 1]]
    positioned = _followed(arr, cells + 2, b' r="')
    found.append(cells[~positioned | long])
    found.append(rows[~_followed(arr, rows + 4, b' r="') | long_rows])
    near_widest = [_column_number(m.group(1)) for p in near.tolist() if (m := _QUICK_CELL.match(data, p))]
    return np.concatenate(found), max(_widest(arr, refs[positioned], letters), *near_widest, 0), numbers


def _row_numbers(arr: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The numbers of the rows written `<row r="N"` at `starts` (positions of `<r`, in order; others left out)."""

    def at(positions: np.ndarray, offset: int) -> np.ndarray:
        index = positions + offset
        return np.where(index < len(arr), arr[np.minimum(index, len(arr) - 1)], 0).astype(np.int64)

    marker = np.ones(len(starts), dtype=bool)
    for offset, byte in enumerate(b'<row r="'):
        marker &= at(starts, offset) == byte
    starts = starts[marker]
    number, going = np.zeros(len(starts), dtype=np.int64), np.ones(len(starts), dtype=bool)
    for offset in range(8, 18):  # up to ten digits
        byte = at(starts, offset)
        going &= _DIGIT[byte]
        number = np.where(going, number * 10 + byte - 48, number)
    return number


def _widest(arr: np.ndarray, refs: np.ndarray, letters: int) -> int:
    """The widest column named at `refs` by its first letters, fewer than `letters` (the pattern reads longer ones)."""
    number, going = np.zeros(len(refs), dtype=np.int64), np.ones(len(refs), dtype=bool)
    for offset in range(letters - 1):
        byte = arr[refs + offset].astype(np.int64)
        going &= _LETTER[byte]
        number = np.where(going, number * 26 + (byte & 0xDF) - 64, number)  # & 0xDF: upper case
    return int(number.max()) if len(number) else 0


def queue_put_unless_stopped(into: queue.Queue, item, stop: threading.Event) -> None:
    """Put `item` into a bounded queue, waiting for room, unless `stop` is set meanwhile (its reader is gone)."""
    while not stop.is_set():
        try:
            into.put(item, timeout=0.1)
            return
        except queue.Full:
            continue


class _Inflated:
    """A zip entry read ahead by a thread of its own, CHUNK bytes at a time, for one pass of `read(CHUNK)` calls:
    zlib lets go of the GIL while it inflates, so the next megabyte is unpacked while the caller scans this one.
    Closing stops the thread, also when the caller stops early (a sheet refused half way)."""

    def __init__(self, book: zipfile.ZipFile, entry: zipfile.ZipInfo, kept: list[bytes] | None = None):
        self.kept = kept  # every chunk read is also added here, when given
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
        queue_put_unless_stopped(self._chunks, item, self._stop)

    def read(self, size: int = CHUNK) -> bytes:
        if self._ended:
            return b""
        item = self._chunks.get()
        if isinstance(item, Exception):
            self._ended = True
            raise item
        self._ended = not item
        if self.kept is not None and item:
            self.kept.append(item)
        return item

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
