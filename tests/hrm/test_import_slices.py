"""The slices a large file is checked and written in: small first (work starts early), small last (little is left
to write once the last one is checked), every row once and numbered as in the spreadsheet; and what the import
answers about them."""

from hrm.services.imports import planning
from hrm.services.imports.planning import Plan, PlanSummary, Row
from hrm.services.imports.reading import FIRST_ROW, StaffFile
from tests.hrm.test_import_support import staff_row, write_csv

ACTIONS = ["create", "update", "unchanged", "create"]


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


def test_the_summary_of_slices_counts_every_row_and_lists_the_first_changed_ones(monkeypatch):
    monkeypatch.setattr(planning, "LISTED_ACTIONS", 3)
    summary = PlanSummary()
    for first in (2, 6):
        rows = [Row(n, {}, {}, action=action) for n, action in zip(range(first, first + 4), ACTIONS, strict=True)]
        summary.add(Plan(rows))
    plan = summary.plan()
    assert plan.counts() == {"created": 4, "updated": 2, "unchanged": 2}
    assert summary.rows() == 8
    assert [(r.row, r.action) for r in plan.rows] == [(2, "create"), (3, "update"), (5, "create")]  # none unchanged
