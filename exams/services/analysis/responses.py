"""Reading a response file from any source (columns candidate,item,response,correct) into the statistics' table.

All or nothing: every bad row is named by its line (the header is line 1) and column, in Vietnamese, and nothing
is computed. `response` holds the chosen option labels, separated by commas, semicolons, spaces or "|" when more
than one ("A", "A,C"); empty when the item was skipped.
"""

from __future__ import annotations

import re

import pandas as pd
from django.utils.translation import gettext as _

from common.errors import ApplicationError

COLUMNS = ("candidate", "item", "response", "correct")
MAX_ERRORS = 50
_SEPARATORS = re.compile(r"[,;|\s]+")


def labels_parse(value: str) -> tuple[str, ...]:
    """The option labels of one response, in the order given, without empties or repeats."""
    return tuple(dict.fromkeys(part for part in _SEPARATORS.split(value.strip()) if part))


def responses_frame(source) -> tuple[pd.DataFrame, list[dict]]:
    """(the frame with `response` as label tuples and `correct` as 0/1, errors [{line, column, message}])."""
    try:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, skipinitialspace=True, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ApplicationError(_("The file is not a readable CSV file: %(error)s") % {"error": exc}) from exc
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise ApplicationError(
            _("The file lacks the columns: %(columns)s (expected: %(expected)s).")
            % {"columns": ", ".join(missing), "expected": ",".join(COLUMNS)}
        )
    frame = frame[list(COLUMNS)].apply(lambda column: column.str.strip())
    errors: list[dict] = []

    def refuse(rows, column: str, message: str) -> None:
        for row in rows:
            if len(errors) < MAX_ERRORS:
                errors.append({"line": int(row) + 2, "column": column, "message": message})

    refuse(frame.index[frame["candidate"] == ""], "candidate", _("The candidate is empty."))
    refuse(frame.index[frame["item"] == ""], "item", _("The item is empty."))
    bad_correct = ~frame["correct"].isin(["0", "1"])
    refuse(frame.index[bad_correct], "correct", _("The value must be 1 (correct) or 0 (not correct)."))
    repeated = frame.duplicated(subset=["candidate", "item"], keep="first") & (frame["candidate"] != "")
    refuse(frame.index[repeated], "item", _("This candidate already has a row for this item."))
    if errors:
        return frame, sorted(errors, key=lambda error: (error["line"], error["column"]))
    frame["response"] = frame["response"].map(labels_parse)
    frame["correct"] = frame["correct"].astype(int)
    return frame, []
