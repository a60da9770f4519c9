"""Spreadsheets in and out: bounded reading of uploads (zip, declared and real extent), no formula in exports."""

import io
import re
import subprocess
import sys
import textwrap
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from common.errors import ApplicationError
from common.spreadsheets import (
    csv_rows_write,
    csv_text_restore,
    csv_text_safe,
    xlsx_check,
    xlsx_row,
    xlsx_rows,
    xlsx_sheet_rows,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):  # the messages matched below are the English source strings
        yield


def sheet_file(path, cells: dict) -> Path:
    book = Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    book.save(path)
    return path


def rewritten(path, change) -> Path:
    """The same workbook with its sheet XML passed through `change` (bytes → bytes)."""
    out = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for entry in src.infolist():
            data = src.read(entry)
            dst.writestr(entry.filename, change(data) if entry.filename == "xl/worksheets/sheet1.xml" else data)
    return out


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1", "-5", "@SUM(A1)", "\tcmd", "\r=1", "'=already quoted", "''-x"],
)
def test_csv_text_that_would_run_gets_an_apostrophe_and_comes_back_unchanged(text):
    safe = csv_text_safe(text)
    assert safe == "'" + text
    assert csv_text_restore(safe) == text


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "'plain", "", "3.00", -5, -1.5, Decimal("-2.00"), None])
def test_plain_texts_and_numbers_are_written_as_they_are(value):
    assert csv_text_safe(value) == value
    if isinstance(value, str):
        assert csv_text_restore(value) == value


def test_csv_writer_neutralises_only_texts():
    out = io.BytesIO()
    csv_rows_write(rows=[["name", "n"], ["=1+1", -5]], out=out)
    assert out.getvalue().decode("utf-8-sig").splitlines() == ["name,n", "'=1+1,-5"]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_texts_are_text_cells_never_formulas(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    values = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "-5", "#N/A", -5]
    sheet.append(xlsx_row(sheet, values))
    out = io.BytesIO()
    book.save(out)
    cells = next(load_workbook(io.BytesIO(out.getvalue())).worksheets[0].iter_rows())
    assert [c.data_type for c in cells] == ["s", "s", "s", "s", "n"]
    assert [c.value for c in cells] == values


@pytest.mark.parametrize("ref", ["XFD1048576", "A1048576", "XFD2", "A200002"])
def test_a_cell_far_away_is_refused_before_reading(tmp_path, ref):
    path = sheet_file(tmp_path / "far.xlsx", {"A1": "Số hiệu", "A2": "CB1", ref: "x"})
    assert path.stat().st_size < 10_000
    with pytest.raises(ApplicationError) as caught:
        xlsx_rows(source=str(path))
    assert "file" in caught.value.message_dict


def test_the_bounds_themselves_are_accepted(tmp_path, settings):
    settings.CONGVU_IMPORT_MAX_ROWS, settings.CONGVU_IMPORT_MAX_COLUMNS = 3, 2
    path = sheet_file(tmp_path / "ok.xlsx", {"A1": "h", "B1": "h2", "A4": "last"})
    assert xlsx_check(source=str(path)) == 4
    assert [r[0] for r in xlsx_rows(source=str(path))] == ["h", "", "", "last"]
    with pytest.raises(ApplicationError, match="at most 3 rows"):
        xlsx_rows(source=str(sheet_file(tmp_path / "rows.xlsx", {"A1": "h", "A5": "x"})))
    with pytest.raises(ApplicationError, match="at most 2"):
        xlsx_rows(source=str(sheet_file(tmp_path / "cols.xlsx", {"A1": "h", "C1": "x"})))


def test_a_lying_dimension_is_refused(tmp_path):
    path = sheet_file(tmp_path / "d.xlsx", {"A1": "h", "A2": "x"})
    lying = rewritten(path, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))
    with pytest.raises(ApplicationError, match="rows"):
        xlsx_check(source=str(lying))


def test_cells_and_rows_without_positions_are_counted_like_the_reader_does(tmp_path, settings):
    settings.CONGVU_IMPORT_MAX_ROWS, settings.CONGVU_IMPORT_MAX_COLUMNS = 3, 5
    path = sheet_file(tmp_path / "n.xlsx", {"A1": "h"})
    rows = b"".join(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' for _ in range(6))

    def unnamed(xml):
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        return re.sub(rb"<sheetData>.*</sheetData>", b"<sheetData>" + rows + b"</sheetData>", xml, flags=re.S)

    with pytest.raises(ApplicationError, match="at most 3 rows"):
        xlsx_check(source=str(rewritten(path, unnamed)))


@pytest.mark.parametrize(
    "far_cell",
    [
        b'<c s="0" r="XFD1048576"><v>1</v></c>',  # the position not first: the careful scan decides
        b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1048576"><x:v>1</x:v></x:c>',
        b'<!-- a comment --><c r="XFD1048576"><v>1</v></c>',
        b'<c r="XFD1048576"><v>1</v></c>',  # plain: the quick scan finds it
        b'<c r="AB200002"><v>1</v></c>',
    ],
)
def test_far_cells_are_found_however_the_sheet_is_written(tmp_path, far_cell):
    path = sheet_file(tmp_path / "p.xlsx", {"A1": "h", "A2": "x"})
    changed = rewritten(
        path, lambda xml: xml.replace(b"</row></sheetData>", b'</row><row r="3">' + far_cell + b"</row></sheetData>")
    )
    with pytest.raises(ApplicationError):
        xlsx_check(source=str(changed))


def test_a_plain_sheet_in_bounds_counts_its_rows_in_one_quick_pass(tmp_path, settings, monkeypatch):
    from common import spreadsheets

    path = sheet_file(tmp_path / "q.xlsx", {"A1": "h", "Z1": "last column", "A150000": "far but allowed"})
    careful = []
    monkeypatch.setattr(spreadsheets.extent, "_explicit_extent", lambda stream: careful.append(1) or (0, 0, False))
    assert xlsx_check(source=str(path)) == 150000
    assert careful == []


def test_a_zip_bomb_is_refused(tmp_path):
    path = sheet_file(tmp_path / "z.xlsx", {"A1": "h"})
    bomb = rewritten(path, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 30_000_000))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(ApplicationError, match="xlsx"):
        xlsx_check(source=str(bomb))


def test_not_a_workbook_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ApplicationError) as caught:
        xlsx_rows(source=str(path))
    assert "file" in caught.value.message_dict


def test_reading_the_attack_files_stays_under_a_memory_bound(tmp_path):
    """Before the fix calamine asked for 512 GiB (XFD1048576) and aborted the process."""
    files = [sheet_file(tmp_path / f"{ref}.xlsx", {"A1": "h", ref: "x"}) for ref in ("XFD1048576", "A1048576")]
    script = textwrap.dedent(f"""
        import os, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))
        sys.path.insert(0, {str(ROOT)!r})
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django
        django.setup()
        from common.errors import ApplicationError
        from hrm.services.imports.reading import frame_read
        for path in sys.argv[1:]:
            try:
                frame_read(path=path)
                print("read")
            except ApplicationError:
                print("refused")
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, files)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    *answers, peak_mb = done.stdout.split()
    assert answers == ["refused", "refused"]
    assert int(peak_mb) < 512  # about 160 MB alone; 403 MB seen once under a loaded machine


def test_sheet_rows_start_at_a1_and_are_made_one_by_one(tmp_path):
    path = sheet_file(tmp_path / "offset.xlsx", {"C3": "h1", "D3": "h2", "C4": 1, "D5": "x"})
    height, rows = xlsx_sheet_rows(source=str(path))
    assert height == 5 and not isinstance(rows, list)
    assert next(rows) == ["", "", "", ""]
    assert list(rows)[1:] == [["", "", "h1", "h2"], ["", "", 1.0, ""], ["", "", "", "x"]]


def test_sheet_rows_keep_the_bomb_checks(tmp_path, settings):
    settings.CONGVU_IMPORT_MAX_ROWS = 3
    with pytest.raises(ApplicationError):
        xlsx_sheet_rows(source=str(sheet_file(tmp_path / "rows.xlsx", {"A1": "h", "A5": "x"})))


def _inflating_threads() -> list:
    import threading

    return [t for t in threading.enumerate() if t.name == "xlsx-inflate"]


def test_a_sheet_refused_half_way_stops_the_thread_that_reads_it_ahead(tmp_path):
    path = sheet_file(tmp_path / "h.xlsx", {"A1": "h"})
    far = b'<row r="9000000"><c r="A9000000"><v>1</v></c></row>'
    changed = rewritten(path, lambda xml: xml.replace(b"</row>", b"</row>" + far + b" " * 6_000_000, 1))
    with pytest.raises(ApplicationError, match="row"):
        xlsx_check(source=str(changed))
    assert _inflating_threads() == []


def test_a_damaged_sheet_read_ahead_is_refused_as_unreadable(tmp_path):
    path = sheet_file(tmp_path / "d.xlsx", {"A1": "h", "A2": "x"})
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as dst:
        for entry in src.infolist():
            dst.writestr(entry.filename, src.read(entry))
    data = stored.read_bytes()
    assert data.count(b"<sheetData>") == 1
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(data.replace(b"<sheetData>", b"<sheetDatA>"))  # the zip's checksum no longer matches
    with pytest.raises(ApplicationError) as caught:
        xlsx_check(source=str(damaged))
    assert "file" in caught.value.message_dict
    assert _inflating_threads() == []


def _quick_scan_by_pattern(data: bytes, digits: int, letters: int):
    """The quick scan as one regular-expression pass over every tag: what the numpy candidates must agree with."""
    from common.spreadsheets import extent

    max_row = max_col = 0
    for match in extent._quick_pattern(digits, letters).finditer(data):
        cell, row = extent._QUICK_CELL.match(data, match.start()), extent._QUICK_ROW.match(data, match.start())
        if cell:
            max_col, max_row = max(max_col, extent._column_number(cell.group(1))), max(max_row, int(cell.group(2)))
        elif row:
            max_row = max(max_row, int(row.group(1)))
        else:
            return None
    return max_row, max_col


QUICK_PIECES = [
    b'<row r="2">',
    b'<row r="123456">',
    b'<row r="99999" spans="1:3">',
    b"<row>",
    b'<row\tr="7">',
    b'<row s="1" r="3">',
    b"</row>",
    b'<c r="A2" t="s"><v>1</v></c>',
    b'<c r="Z99999"><v>1</v></c>',
    b'<c r="A123456"><v>1</v></c>',
    b'<c r="AB2"><v>1</v></c>',
    b'<c r="ab12"/>',
    b'<c t="s" r="B2"><v>1</v></c>',
    b"<c><v>1</v></c>",
    b'<c\nr="C3"/>',
    b'<c r="C"/>',
    b'<cols><col min="1" max="2"/></cols>',
    '<is><t>08:30 giờ: a<b, "c r=" \\t tab</t></is>'.encode(),
    b"<x:c/>",
    b'<x_y.z-1:row r="1">',
    b"<!-- note -->",
    b"<![CDATA[x]]>",
    b"<:c/>",
    b"<c",
    b'<c r="',
    b"<row",
    b"text with no tags",
]


@pytest.mark.parametrize("digits,letters", [(6, 2), (1, 1), (3, 3)])
def test_the_quick_scan_finds_what_one_pattern_pass_finds(digits, letters):
    import random

    from common.spreadsheets import extent

    rng = random.Random(digits * 10 + letters)
    pattern = extent._quick_pattern(digits, letters)
    for _ in range(3000):
        data = b"".join(rng.choice(QUICK_PIECES) for _ in range(rng.randrange(0, 12)))
        found, expected = (
            extent._quick_scan(data, pattern, digits, letters),
            _quick_scan_by_pattern(data, digits, letters),
        )
        assert (found if found is None else found[:2]) == expected, data
        if found is not None:  # the widest column: at least every well-formed position, at most every letters run
            named = [extent._column_number(m) for m in re.findall(rb'<c r="([A-Za-z]+)\d+"', data)]
            runs = [extent._column_number(m) for m in re.findall(rb'<c r="([A-Za-z]+)', data)]
            assert max(named, default=0) <= found[2] <= max(runs, default=0), data
