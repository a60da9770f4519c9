"""Reading staff files into a frame of cleaned strings (common.text.clean_text; pandas with the calamine engine)."""

import logging
from pathlib import Path

import numpy as np
import pandas as pd
from django.utils.translation import gettext

from common.errors import ApplicationError
from common.spreadsheets import csv_check, csv_text_restore, xlsx_rows
from common.text import clean_text, clean_texts

logger = logging.getLogger(__name__)

SUFFIXES = (".xlsx", ".csv")


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


def _xlsx_frame(path) -> pd.DataFrame:
    """The first sheet, bounded (common.spreadsheets), straight into a frame (skips pandas' per-cell conversion)."""
    rows = xlsx_rows(source=str(path))
    if not rows:
        return pd.DataFrame()
    header = [str(h) for h in rows[0]]
    return pd.DataFrame(rows[1:], columns=header, dtype=object)


def frame_read(*, path) -> pd.DataFrame:
    """All cells as stripped strings ('' when empty); blank rows dropped, row numbers kept in the index."""
    kind = file_kind(path)
    try:
        if kind == "csv":
            csv_check(path=path)
            frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False, skip_blank_lines=False)
        else:
            frame = _xlsx_frame(path)
    except ApplicationError:
        raise
    except UnicodeDecodeError as exc:
        message = gettext("The csv file is not in UTF-8: save it again as “CSV UTF-8” and import that file.")
        raise ApplicationError(message, field="file") from exc
    except (ValueError, OSError) as exc:  # the reader's own words stay in the log
        logger.info("unreadable %s upload: %s: %s", kind, type(exc).__name__, exc)
        message = gettext(
            "The file cannot be read: check that it is the staff template saved as .xlsx, or a csv file with "
            "its columns separated by commas."
        )
        raise ApplicationError(message, field="file") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, len(frame) + 2)  # spreadsheet row numbers: the header is row 1
    frame = _strings(frame, kind)
    filled = np.fromiter(map(any, frame.itertuples(index=False, name=None)), dtype=bool, count=len(frame))
    return frame[filled]


def _unquoted(values: list[str]) -> list[str]:
    """The export neutralised texts that spreadsheets would run (a leading apostrophe): take it back."""
    return [csv_text_restore(v).strip() if v[:1] == "'" else v for v in values]


def _strings(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    out = {}  # by position: a header may repeat (two blank ones, or one column twice; validating names them)
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        column = column.fillna("") if kind == "csv" else column  # a blank csv line reads as NaN
        if kind == "csv" or pd.api.types.infer_dtype(column, skipna=False) == "string":
            values = clean_texts(list(column.to_numpy()))
            if kind == "csv":
                values = _unquoted(values)
            out[position] = pd.Series(values, index=column.index, dtype=object)
        else:  # numbers and dates typed into cells: convert each distinct value once
            column = column.astype(object).where(column.notna(), None)
            uniques = column.unique()
            table = dict(zip(uniques, map(_clean, uniques), strict=True))
            out[position] = pd.Series([table[v] for v in column], index=column.index, dtype=object)
    strings = pd.DataFrame(out, index=frame.index, columns=range(frame.shape[1]))
    strings.columns = frame.columns
    return strings
