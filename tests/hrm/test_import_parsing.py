"""The import's column parsers: each distinct text answered once, the answers back on every row in order."""

import datetime as dt

import pandas as pd

from hrm.services.imports.parsing import parse_dates, parse_integers


def test_dates_of_every_shape_come_back_on_their_rows_with_the_bad_ones_flagged():
    texts = ["31/01/2000", "", "31/02/2000", "2000-01-31", "01/01/1800", "junk", "31/01/2000", "1/2/2001"]
    values, bad = parse_dates(pd.Series(texts, index=range(2, 10), dtype=object))
    assert values.index.tolist() == list(range(2, 10))
    assert values.tolist() == [
        dt.date(2000, 1, 31),
        None,
        None,
        dt.date(2000, 1, 31),
        None,
        None,
        dt.date(2000, 1, 31),
        dt.date(2001, 2, 1),
    ]
    assert bad.tolist() == [False, False, True, False, True, True, False, False]


def test_repeated_numbers_are_parsed_once_and_keep_their_rows():
    values, bad = parse_integers(pd.Series(["3", "x", "3", "", "120"], index=[5, 6, 7, 8, 9], dtype=object))
    assert values.tolist() == [3, None, 3, None, None]
    assert bad.tolist() == [False, True, False, False, True]
    assert values.dtype == object and type(values[5]) is int
