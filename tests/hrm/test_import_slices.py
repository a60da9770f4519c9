"""The slices a large file is checked and written in: small first (work starts early), small last (little is left
to write once the last one is checked), every row once and numbered as in the spreadsheet."""

from hrm.services.imports.reading import FIRST_ROW, StaffFile
from tests.hrm.test_import_support import staff_row, write_csv


def test_slices_grow_then_shrink_and_cover_every_row_once(tmp_path):
    path = write_csv(tmp_path / "staff.csv", [staff_row(n) for n in range(1, 101)])
    frames = list(StaffFile(path=path).slices(first=4, size=16))
    sizes = [len(frame) for frame in frames]
    assert sizes == [4, 8, 16, 16, 16, 16, 12, 6, 3, 2, 1]  # half of what is left, never under half of `first`
    rows = [row for frame in frames for row in frame.index]
    assert rows == list(range(FIRST_ROW, FIRST_ROW + 100))


def test_a_file_smaller_than_a_slice_is_one_slice(tmp_path):
    path = write_csv(tmp_path / "staff.csv", [staff_row(n) for n in range(1, 4)])
    assert [len(frame) for frame in StaffFile(path=path).slices(first=4, size=16)] == [3]
