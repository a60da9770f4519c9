"""A large plain sheet read in parts (common.spreadsheets.parts) gives the rows the whole sheet's reader gives."""

import re
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from common.errors import ApplicationError
from common.spreadsheets import xlsx_sheet_rows
from tests.common.test_spreadsheets import rewritten, sheet_file


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):  # the messages matched below are the English source strings
        yield


@pytest.fixture
def small_parts(monkeypatch):
    from common.spreadsheets import parts

    monkeypatch.setattr(parts, "FIRST_PART_ROWS", 5)
    monkeypatch.setattr(parts, "PART_ROWS", 20)


def _whole_sheet_rows(path, monkeypatch) -> list:
    from common import spreadsheets

    with monkeypatch.context() as patched:
        patched.setattr(spreadsheets, "parts_fit", lambda **kwargs: False)
        return list(xlsx_sheet_rows(source=str(path))[1])


def test_a_large_plain_sheet_is_read_in_parts_as_the_whole_sheet_reads(tmp_path, small_parts, monkeypatch):
    import datetime as dt

    from common.spreadsheets import parts

    cells = {"A1": "Số hiệu", "B1": "Họ và tên", "C1": "Ngày sinh"}
    for row in range(2, 120):
        if 30 <= row < 58:  # blank rows across parts
            continue
        first = "B" if 70 <= row < 95 else "A"  # parts whose column A is empty
        cells[f"{first}{row}"] = f"CB{row}\t\\ x\ny" if first == "A" else "Nguyễn Văn Ân"
        cells[f"C{row}"] = dt.datetime(1980, 1, 1) + dt.timedelta(days=row)
    cells["F101"] = "a value under no header, in a later part only"
    path = sheet_file(tmp_path / "parts.xlsx", cells)
    height, rows = xlsx_sheet_rows(source=str(path))
    assert height == 119 and parts.parts_fit(path=str(path), rows=height)
    read = list(rows)
    assert read == _whole_sheet_rows(path, monkeypatch)
    assert {len(r) for r in read} == {6} and read[100][5].startswith("a value")


def test_a_sheet_read_in_parts_stops_its_reading_thread_when_left_half_way(tmp_path, small_parts):
    import threading

    path = sheet_file(tmp_path / "left.xlsx", {f"A{row}": row for row in range(1, 200)})
    rows = xlsx_sheet_rows(source=str(path))[1]
    assert next(rows) == [1.0] and next(rows) == [2.0]
    rows.close()
    assert [t for t in threading.enumerate() if t.name == "xlsx-parts"] == []


def test_small_sheets_many_shared_strings_and_several_sheets_are_read_whole(tmp_path, small_parts, monkeypatch):
    from common.spreadsheets import parts

    assert not parts.parts_fit(path=str(sheet_file(tmp_path / "s.xlsx", {"A1": "h", "A30": "x"})), rows=30)
    path = sheet_file(tmp_path / "strings.xlsx", {f"A{row}": f"text {row}" for row in range(1, 200)})
    assert parts.parts_fit(path=str(path), rows=199)
    with zipfile.ZipFile(path, "a") as book:  # every part would parse them again: more than the sheet's XML
        book.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>x</t></si>" * 2000 + b"</sst>")
    assert parts.parts_fit(path=str(path), rows=199)
    monkeypatch.setattr(parts, "SHARED_STRINGS_MAX", 100)
    assert not parts.parts_fit(path=str(path), rows=199)
    book = Workbook()
    for row in range(1, 200):
        book.active[f"A{row}"] = row
    book.create_sheet("second")["A1"] = "x"
    book.save(tmp_path / "two.xlsx")
    rows = xlsx_sheet_rows(source=str(tmp_path / "two.xlsx"))[1]
    assert not isinstance(rows, list) and type(rows).__name__ != "generator"  # the reader's own iterator


def test_the_parts_count_as_the_sheet_is_cut():
    from common.spreadsheets import parts

    assert [parts.part_count(n) for n in (0, 1, 2500, 2501, 7500, 7501, 17500, 100_001)] == [0, 1, 1, 2, 2, 3, 3, 12]


def test_many_shared_strings_are_read_in_parts_when_the_parts_parse_fewer_than_the_sheet(
    tmp_path, small_parts, monkeypatch
):
    """As Excel saves a staff file: texts in a shared strings table larger than SHARED_STRINGS_MAX, but the sheet's
    XML larger still than the table parsed once per part."""
    from bench.shared_strings import shared_strings_rewrite
    from common.spreadsheets import parts

    monkeypatch.setattr(parts, "SHARED_STRINGS_MAX", 10)
    cells = {"A1": "Số hiệu", "B1": "Họ và tên", "C1": "Giới tính", "D1": "Ghi chú"}
    for row in range(2, 400):
        cells.update({f"A{row}": f"CB{row % 7}", f"B{row}": "Nguyễn Văn Ân", f"C{row}": ["Nam", "Nữ"][row % 2]})
        if row % 3:
            cells[f"D{row}"] = " có khoảng trắng "  # xml:space="preserve"
    path = sheet_file(tmp_path / "shared.xlsx", cells)
    shared_strings_rewrite(path)
    with zipfile.ZipFile(path) as book:
        assert book.getinfo("xl/sharedStrings.xml").file_size > 10 and b't="s"' in book.read("xl/worksheets/sheet1.xml")
    assert parts.parts_fit(path=str(path), rows=399)
    read = list(xlsx_sheet_rows(source=str(path))[1])
    assert read == _whole_sheet_rows(path, monkeypatch) and read[3] == [
        "CB4",
        "Nguyễn Văn Ân",
        "Nam",
        " có khoảng trắng ",
    ]
    unique = sheet_file(tmp_path / "unique.xlsx", {f"A{row}": f"văn bản {row:05d} {'x' * 40}" for row in range(1, 400)})
    shared_strings_rewrite(unique)
    assert not parts.parts_fit(path=str(unique), rows=399)  # every text its own: each part would parse them all


def test_a_sheet_written_out_of_order_is_read_whole(tmp_path, small_parts, monkeypatch):
    from common import spreadsheets

    path = sheet_file(tmp_path / "order.xlsx", {f"A{row}": row for row in range(1, 200)})

    def moved(xml):  # row 3 written last: the reader places it by its position all the same
        third = re.search(rb'<row r="3".*?</row>', xml).group(0)
        return xml.replace(third, b"").replace(b"</sheetData>", third + b"</sheetData>")

    changed = rewritten(path, moved)
    assert spreadsheets._extent(str(changed))[1] is None and spreadsheets._extent(str(path))[1] == 1
    rows = list(xlsx_sheet_rows(source=str(changed))[1])
    assert [r[0] for r in rows] == [float(n) for n in range(1, 200)]


def test_a_cell_placed_outside_its_part_refuses_the_file_as_unreadable(tmp_path, small_parts):
    path = sheet_file(tmp_path / "stray.xlsx", {f"A{row}": row for row in range(1, 200)})
    stray = rewritten(path, lambda xml: xml.replace(b'<c r="A150"', b'<c r="B5"'))  # in row 150, a cell of row 5
    rows = xlsx_sheet_rows(source=str(stray))[1]
    with pytest.raises(ApplicationError) as caught:
        list(rows)
    assert "file" in caught.value.message_dict
