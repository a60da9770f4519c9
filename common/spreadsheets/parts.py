"""A large plain sheet read in parts, each parsed ahead in a thread of its own.

The reader (calamine) parses a whole sheet before it hands out a row, about 1.7 s for 100,000 rows, and the caller
waits. Cut at row boundaries into workbooks of a few thousand rows each, the first rows are ready after a small part
is parsed, and the reader parses the next parts while the caller works on these (it lets go of the GIL while it
parses). Only for what `common.spreadsheets._extent` found safe to cut: a one-sheet workbook, its sheet plain (every
row and cell names its position first; no prefixes, comments or CDATA), already within the bounds. Every part parses
the shared strings again: a workbook with many of them (as Excel saves one) is read in parts only when the parts
together parse no more of them than the sheet's own XML.
"""

import io
import queue
import re
import threading
import zipfile
from collections.abc import Iterator

from common.spreadsheets.extent import _SHEET, CHUNK, queue_put_unless_stopped

PART_ROWS = 10_000  # rows of a part, after smaller first ones (FIRST_PART_ROWS, then twice as many)
FIRST_PART_ROWS = 2_500
SHARED_STRINGS_MAX = 1024**2  # unzipped bytes of shared strings that every part may parse again, whatever the sheet
_END = object()
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_ROW = b'<row r="'
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_SHEET_DATA, _SHEET_DATA_END = b"<sheetData>", b"</sheetData>"
_OTHER_SHEETS = ("xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")


def parts_fit(*, path, rows: int) -> bool:
    """Whether a one-sheet plain workbook of `rows` rows (the header included) gains from being read in parts: enough
    rows, and shared strings few, or fewer, parsed once per part, than the sheet's XML."""
    if rows - 1 < 2 * PART_ROWS:
        return False
    with zipfile.ZipFile(path) as book:
        entries = book.infolist()
    strings = sum(e.file_size for e in entries if e.filename.lower().endswith("sharedstrings.xml"))
    sheet = sum(e.file_size for e in entries if _SHEET.fullmatch(e.filename))
    other_sheets = any(e.filename.lower().startswith(_OTHER_SHEETS) for e in entries)  # the reader's first sheet
    return not other_sheets and (strings <= SHARED_STRINGS_MAX or strings * part_count(rows) <= sheet)


def part_count(rows: int) -> int:
    """How many parts a sheet of `rows` rows is cut into (FIRST_PART_ROWS, twice as many, then PART_ROWS each)."""
    count, size = 0, FIRST_PART_ROWS
    while rows > 0:
        count, rows, size = count + 1, rows - size, min(size * 2, PART_ROWS)
    return count


def sheet_rows_in_parts(*, path, xml: list[bytes], rows: int, width: int) -> Iterator[list]:
    """The rows of the workbook's one sheet (its XML as the bounds check read it, in chunks, let go as they are cut;
    `rows` rows as it numbers them) from A1, each `width` cells wide, as the whole sheet's reader gives them; the
    parts are parsed ahead by a thread that stops when the rows are no longer read."""
    parts = _Parts(path, xml, rows)
    try:
        following = 0  # the index (from 0) of the next row to hand out
        while (part := parts.get()) is not _END:
            start, rows = part
            while following < start:  # blank rows between parts
                yield [""] * width
                following += 1
            if rows and min(map(len, rows)) < width:  # a part narrower than the widest column
                rows = [row + [""] * (width - len(row)) for row in rows]
            yield from rows
            following += len(rows)
    finally:
        parts.close()


def _rows(data: bytes, first: int, following: int | None) -> tuple[int, list[list]]:
    """(index of its first row with a value, its rows from there padded to start at column A) of one part, which
    holds the rows from index `first` to before `following`: a cell placed outside them (only a sheet written out of
    order has one) makes it unreadable, since the parts would no longer add up to the sheet."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_object(io.BytesIO(data)).get_sheet_by_index(0)
    if sheet.start is None:
        return 0, []
    row, column = sheet.start
    if row < first or (following is not None and sheet.end[0] >= following):
        raise ValueError("the sheet's rows are not in order")
    rows = sheet.to_python(skip_empty_area=True)
    return row, ([[""] * column + r for r in rows] if column else rows)


def _workbook(others: dict[str, bytes], name: str, sheet: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
        for entry, data in others.items():
            book.writestr(entry, data)
        book.writestr(name, sheet)
    return out.getvalue()


def _pieces(stream, bytes_per_row: float) -> Iterator[tuple[bytes, int, int | None]]:
    """The sheet's XML cut at row boundaries into sheets of their own: the head (up to <sheetData>, without the
    declared dimension, which would no longer be true), some rows, and the end of the sheet data; each with the
    index of its first row and of the next part's (None for the last), from the positions of the rows it is cut at."""
    data, ended = bytearray(), False
    while _SHEET_DATA not in data and not ended:
        chunk = stream.read(CHUNK)
        data += chunk
        ended = not chunk
    if _SHEET_DATA not in data:
        raise ValueError("no sheet data")
    cut = data.index(_SHEET_DATA) + len(_SHEET_DATA)
    head, data, rows_wanted = _DIMENSION.sub(b"", bytes(data[:cut])), data[cut:], FIRST_PART_ROWS
    end, first = b"</sheetData></worksheet>", 0
    while True:
        size = int(rows_wanted * bytes_per_row)
        cut = data.find(_ROW, size)
        while cut < 0 and not ended:  # a row starting past `size`, or the end of the XML
            chunk = stream.read(CHUNK)
            data += chunk
            ended, cut = not chunk, data.find(_ROW, size)
        stop = data.find(_SHEET_DATA_END)
        if cut < 0 or 0 <= stop < cut:
            yield head + data[: stop if stop >= 0 else len(data)] + end, first, None
            return
        number = _ROW_NUMBER.match(data, cut)
        following = int(number.group(1)) - 1 if number else first
        if following <= first:
            raise ValueError("the sheet's rows are not in order")
        yield head + data[:cut] + end, first, following
        del data[:cut]
        first, rows_wanted = following, min(rows_wanted * 2, PART_ROWS)


class _Parts:
    """The thread that cuts, packs and parses the parts, at most two ahead of the reader."""

    def __init__(self, path, xml: list[bytes], rows: int):
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(path, xml, rows), name="xlsx-parts", daemon=True)
        self._thread.start()

    def _run(self, path, xml: list[bytes], rows: int) -> None:
        try:
            with zipfile.ZipFile(path) as book:
                entry = next(e for e in book.infolist() if _SHEET.fullmatch(e.filename))
                others = {e.filename: book.read(e) for e in book.infolist() if e is not entry}
            for piece, first, following in _pieces(_Chunks(xml), entry.file_size / max(rows, 1)):
                if self._stop.is_set():
                    return
                self._put(_rows(_workbook(others, entry.filename, piece), first, following))
            self._put(_END)
        except Exception as exc:  # noqa: BLE001 - raised in the reading thread by get()
            self._put(exc)

    def _put(self, item) -> None:
        queue_put_unless_stopped(self._queue, item, self._stop)

    def get(self):
        item = self._queue.get()
        if isinstance(item, Exception):
            raise item
        return item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class _Chunks:
    """The kept chunks of the sheet's XML read as a stream, each let go once read."""

    def __init__(self, chunks: list[bytes]):
        self._chunks = chunks
        chunks.reverse()

    def read(self, size: int = CHUNK) -> bytes:
        return self._chunks.pop() if self._chunks else b""
