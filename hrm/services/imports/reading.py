"""Reading staff files into frames of cleaned strings (common.text.clean_text), whole or slice by slice.

An xlsx is checked against the bounds and parsed by calamine at once (common.spreadsheets), but its rows become
Python values slice by slice, so a large import can check and write the first rows while the rest are converted.
A csv is read by pandas at once and handed out in the same slices.
"""

import logging
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pandas as pd
from django.utils.translation import gettext

from common.errors import ApplicationError
from common.spreadsheets import csv_check, csv_text_restore, xlsx_sheet_rows
from common.text import clean_text, clean_texts

logger = logging.getLogger(__name__)

SUFFIXES = (".xlsx", ".csv")
FIRST_ROW = 2  # spreadsheet row number of the first row of data: the header is row 1


def file_kind(name: str) -> str:
    suffix = Path(str(name)).suffix.lower()
    if suffix not in SUFFIXES:
        raise ApplicationError(gettext("Only .xlsx and .csv files can be imported."), field="file")
    return suffix[1:]


def _clean(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if hasattr(value, "strftime"):  # a real date cell typed in Excel
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def _unquoted(values: list[str]) -> list[str]:
    """The export neutralised texts that spreadsheets would run (a leading apostrophe): take it back."""
    return [csv_text_restore(v).strip() if v[:1] == "'" else v for v in values]


def _cleaned(values, kind: str) -> list[str]:
    """A column of cells as stripped strings: texts in one scan, numbers and dates converted once per distinct value."""
    if set(map(type, values)) <= {str}:
        texts = clean_texts(list(values))
        return _unquoted(texts) if kind == "csv" else texts
    table = {}
    for value in set(values):
        try:
            table[value] = _clean(value)
        except TypeError:  # not hashable: converted where it stands
            pass
    return [table[v] if v in table else _clean(v) for v in values]


def _frame(rows: list, header: list[str], first: int, kind: str) -> pd.DataFrame:
    """Rows (lists of cells, the width of the header or more) → a frame of cleaned strings indexed by spreadsheet row
    number; blank rows dropped."""
    width = len(header)
    columns = list(zip(*rows, strict=False))[:width] if rows else []
    cleaned = [_cleaned(column, kind) for column in columns]
    cleaned += [[""] * len(rows)] * (width - len(cleaned))  # rows shorter than the header
    filled = [i for i, cells in enumerate(zip(*cleaned, strict=True)) if any(cells)] if width else []
    if len(filled) != len(rows):
        cleaned = [[column[i] for i in filled] for column in cleaned]
    frame = pd.DataFrame(dict(enumerate(cleaned)), index=[first + i for i in filled], dtype=object)
    frame.columns = header
    return frame


class StaffFile:
    """An opened staff file: its header, how many rows of data it spans (blank ones counted), and its rows as
    frames, the whole file or slice by slice. Opening reads the file; a file that cannot be read is refused here."""

    def __init__(self, *, path):
        self.kind = file_kind(path)
        try:
            self._open(path)
        except ApplicationError:
            raise
        except UnicodeDecodeError as exc:
            message = gettext("The csv file is not in UTF-8: save it again as “CSV UTF-8” and import that file.")
            raise ApplicationError(message, field="file") from exc
        except (ValueError, OSError) as exc:  # the reader's own words stay in the log
            logger.info("unreadable %s upload: %s: %s", self.kind, type(exc).__name__, exc)
            message = gettext(
                "The file cannot be read: check that it is the staff template saved as .xlsx, or a csv file with "
                "its columns separated by commas."
            )
            raise ApplicationError(message, field="file") from exc

    def _open(self, path) -> None:
        if self.kind == "csv":
            csv_check(path=path)
            frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False, skip_blank_lines=False)
            self.header = [str(c).strip() for c in frame.columns]
            self.rows = len(frame)
            self._rows = iter(zip(*(frame[c].fillna("").tolist() for c in frame.columns), strict=True))
            return
        height, rows = xlsx_sheet_rows(source=str(path))
        self.header = [str(h).strip() for h in next(rows, [])]
        self.rows = max(height - 1, 0)
        self._rows = rows

    def slices(self, *, first: int, size: int) -> Iterator[pd.DataFrame]:
        """The rows as frames of `first` rows, then twice as many each time up to `size`, then at most half of what is
        left (never under half of `first`): the first ones small, so that work on them starts early, and the last
        ones small, so that little is left to write once the last is checked. A slice may be empty when all its rows
        are blank."""
        start, step, left, least = FIRST_ROW, max(first, 1), self.rows, max(first // 2, 1)
        while rows := list(islice(self._rows, step)):
            yield _frame(rows, self.header, start, self.kind)
            start, left = start + len(rows), left - len(rows)
            half = -(-left // 2) if left > 0 else size  # rounded up
            step = max(min(step * 2, size, half), least)

    def frame(self) -> pd.DataFrame:
        """Every row at once."""
        return _frame(list(self._rows), self.header, FIRST_ROW, self.kind)


def frame_read(*, path) -> pd.DataFrame:
    """All cells as stripped strings ('' when empty); blank rows dropped, row numbers kept in the index."""
    return StaffFile(path=path).frame()
