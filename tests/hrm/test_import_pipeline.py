"""Large imports on PostgreSQL: slices are checked and written at the same time, still all rows or none."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import Assignment, Employee, Person, SalaryRecord
from hrm.services.imports import pipeline, staff_import
from hrm.services.imports.columns import CCCD, CODE
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: runs in the services pass of .ci/run"
)
committed = pytest.mark.django_db(transaction=True)  # the writer thread has its own connection
ON = dt.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def small_slices(settings):
    settings.CONGVU_IMPORT_SLICE_ROWS = 3


def run(path, user):
    marks = []
    result = staff_import(path=path, user=user, on=ON, progress=lambda percent, message: marks.append(percent))
    return result, marks


@committed
def test_a_file_of_several_slices_is_written_whole_with_its_history_and_audit(tmp_path, province, admin_user):
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(n) for n in range(1, 11)])
    assert pipeline.pipeline_fits(rows=10, dry_run=False)
    result, marks = run(path, admin_user)
    assert result["errors"] == [] and result["created"] == 10
    assert Employee.objects.count() == 10 and Person.objects.count() == 10
    assert Assignment.objects.filter(valid_to__isnull=True).count() == 10
    assert SalaryRecord.objects.filter(valid_to__isnull=True).count() == 10
    assert AuditEntry.objects.filter(action="import", model="hrm.employee").count() == 10
    assert marks == sorted(marks) and max(marks) <= 100  # progress only moves forward
    again, _ = run(path, admin_user)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 10)


@committed
def test_a_bad_row_in_the_last_slice_undoes_the_slices_already_written(tmp_path, province, admin_user):
    rows = [staff_row(n) for n in range(1, 10)] + [staff_row(10, **{"Ngày sinh": "31/02/1980"})]
    rows[1]["Mã đơn vị"] = "NOPE"  # and one in the first slice: every bad row is listed
    result, _ = run(write_xlsx(tmp_path / "staff.xlsx", rows), admin_user)
    assert {(e["row"], e["column"]) for e in result["errors"]} == {(3, "Mã đơn vị"), (11, "Ngày sinh")}
    assert result["created"] == 0
    assert not Employee.objects.exists() and not Person.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()


@committed
def test_a_value_repeated_in_a_later_slice_names_the_row_it_first_appeared_in(tmp_path, province, admin_user):
    rows = [staff_row(n) for n in range(1, 11)]
    rows[8][CODE] = rows[0][CODE].lower()  # row 10 repeats row 2 (case aside), slices apart
    rows[9] = staff_row(3, **{CODE: "CB99999"})  # row 11 repeats the CCCD of row 4
    result, _ = run(write_xlsx(tmp_path / "staff.xlsx", rows), admin_user)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(10, CODE), (11, CCCD)]
    assert "2" in result["errors"][0]["message"] and "4" in result["errors"][1]["message"]
    assert not Employee.objects.exists() and not Person.objects.exists()


@committed
def test_blank_rows_between_slices_keep_the_row_numbers(tmp_path, province, admin_user):
    rows = [staff_row(n) for n in range(1, 5)] + [{}, {}, {}, {}] + [staff_row(n) for n in range(5, 9)]
    rows[-1]["Ngày sinh"] = "31/02/1980"
    result, _ = run(write_xlsx(tmp_path / "staff.xlsx", rows), admin_user)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(13, "Ngày sinh")]
    rows[-1] = staff_row(8)
    result, _ = run(write_xlsx(tmp_path / "staff.xlsx", rows), admin_user)
    assert (result["errors"], result["created"], result["rows"]) == ([], 8, 8)


@committed
def test_a_failure_of_the_writer_writes_nothing_and_says_why(tmp_path, province, admin_user, monkeypatch):
    calls = []
    real = pipeline.prepared_write

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(**kwargs)

    monkeypatch.setattr(pipeline, "prepared_write", failing)
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(n) for n in range(1, 11)])
    with pytest.raises(ApplicationError, match="nhập lại"):
        run(path, admin_user)
    assert not Employee.objects.exists() and not Person.objects.exists()


def test_small_files_dry_runs_and_open_transactions_take_the_simple_path(settings):
    assert not pipeline.pipeline_fits(rows=3, dry_run=False)
    assert not pipeline.pipeline_fits(rows=10, dry_run=True)
    settings.CONGVU_IMPORT_SLICE_ROWS = 0
    assert not pipeline.pipeline_fits(rows=10, dry_run=False)


@committed
def test_a_crash_while_checking_rolls_back_the_slices_already_sent(tmp_path, province, admin_user, monkeypatch):
    real, calls = pipeline.rows_check, []

    def crashing(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("lost the connection")
        return real(**kwargs)

    monkeypatch.setattr(pipeline, "rows_check", crashing)
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(n) for n in range(1, 11)])
    with pytest.raises(RuntimeError):
        run(path, admin_user)
    assert len(calls) == 3
    assert not Employee.objects.exists() and not Person.objects.exists()


@committed
def test_a_sheet_read_in_parts_keeps_row_numbers_and_writes_every_row(tmp_path, province, admin_user, monkeypatch):
    from common.spreadsheets import parts

    monkeypatch.setattr(parts, "FIRST_PART_ROWS", 2)
    monkeypatch.setattr(parts, "PART_ROWS", 4)
    rows = [staff_row(n) for n in range(1, 7)] + [{}, {}, {}, {}, {}] + [staff_row(n) for n in range(7, 13)]
    rows[4]["Mã đơn vị"], rows[-1]["Ngày sinh"] = "NOPE", "31/02/1980"
    path = write_xlsx(tmp_path / "staff.xlsx", rows)
    assert parts.parts_fit(path=str(path), rows=len(rows) + 1)
    result, _ = run(path, admin_user)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(6, "Mã đơn vị"), (18, "Ngày sinh")]
    assert not Employee.objects.exists()
    rows[4], rows[-1] = staff_row(5), staff_row(12)
    result, _ = run(write_xlsx(tmp_path / "staff.xlsx", rows), admin_user)
    assert (result["errors"], result["created"], result["rows"]) == ([], 12, 12)
    assert Employee.objects.count() == 12
