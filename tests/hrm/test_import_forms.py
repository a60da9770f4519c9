"""The history rows and audit entries of new staff records are made by the server on PostgreSQL
(writing.rows_of_new) and in Python elsewhere (history.assignment_new, salary_new, closed_for_leavers,
writing._audit_rows): both forms give the same rows, leavers, pending hires and staff paid by no rank included."""

import datetime as dt

import pytest
from django.db import connection

from common.models import AuditEntry
from hrm.models import Assignment, Employee, SalaryRecord
from hrm.services.imports import history, staff_import
from hrm.services.imports.lookups import joined
from hrm.services.imports.planning import Plan, Row
from hrm.services.imports.writing import _audit_common, _audit_rows, rows_of_new
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only: runs in the services pass of .ci/run"
    ),
]
ON = dt.date(2025, 3, 1)
NO_PAY = {"Mã ngạch / chức danh": "", "Bậc lương": "", "Hệ số": "", "Ngày hưởng bậc lương": ""}
ROWS = [
    staff_row(1),
    staff_row(2, **{"Trạng thái": "Đã nghỉ hưu"}),  # retired: his rows end on the import date
    staff_row(3, **{"Trạng thái": "Đã nghỉ việc", "Ngày nghỉ việc": "01/01/2024"}),  # ended on his leaving day
    staff_row(4, **NO_PAY),  # an assignment, no salary row
    staff_row(5, **{"Ngày tuyển dụng": "01/04/2025"}),  # a pending hire: his rows start on his day
]
KEYS = ["unit_id", "position", "rank_id", "salary_step", "coefficient", "position_allowance", "step_since"]
KEYS += ["recruited_on", "status", "leaving_status", "left_on", "code"]


def python_form(employee: dict) -> tuple:
    """(assignment, salary, audit) as the Python form makes them for a stored record."""
    row = Row(0, {"full_name": employee.pop("person__full_name")}, employee, employee_id=employee.pop("id"))
    row.action = "create"
    assignment, salary = (history.closed_for_leavers([row], [made], ON) for made in history_of(row))
    audit = _audit_rows(Plan([row]), user=None)[0]
    return assignment, salary, {k: audit[k] for k in ("object_id", "unit_id", "object_repr", "action", "model")}


def history_of(row: Row) -> tuple:
    return history.assignment_new(row, ON), history.salary_new(row, ON)


def stored(model, employee_id: int, names: list[str]) -> list[dict]:
    return list(model.objects.filter(employee_id=employee_id).values(*names))


def test_the_server_makes_the_rows_the_python_form_makes(tmp_path, province, admin_user):
    result = staff_import(path=write_xlsx(tmp_path / "staff.xlsx", ROWS), user=admin_user, on=ON)
    assert result["errors"] == [] and result["created"] == len(ROWS)
    records = Employee.objects.order_by("code").values("id", "person__full_name", *KEYS)
    made = {}
    for employee in records:
        pk = employee["id"]
        assignment, salary, audit = python_form(dict(employee))
        assert stored(Assignment, pk, [*assignment[0]] if assignment else ["id"]) == assignment
        assert stored(SalaryRecord, pk, [*salary[0]] if salary else ["id"]) == salary
        entry = AuditEntry.objects.filter(object_id=str(pk), model="hrm.employee").values(*audit).get()
        assert entry == audit
        made[employee["code"]] = (len(assignment), len(salary))
    assert made == {  # each case above made the rows it should
        "CB00001": (1, 1),
        "CB00002": (1, 1),
        "CB00003": (1, 1),
        "CB00004": (1, 0),
        "CB00005": (1, 1),
    }


@pytest.mark.parametrize("name", ["Nguyễn\x1fVăn A", ""])
def test_names_that_cannot_travel_as_one_text_still_reach_the_audit_entries(tmp_path, province, admin_user, name):
    """rows_of_new sends ids and names as two texts cut at lookups.SEPARATOR; a name holding it goes as an array,
    and a lone empty name (string_to_array gives no element) still names the record."""
    staff_import(path=write_xlsx(tmp_path / "staff.xlsx", ROWS[:1]), user=admin_user, on=ON)
    employee = Employee.objects.get(code="CB00001")
    for model in (Assignment, SalaryRecord):
        model.objects.filter(employee=employee).delete()
    AuditEntry.objects.filter(model="hrm.employee").delete()
    common = _audit_common(admin_user)
    rows_of_new(employee_ids=[employee.pk], names=[name], on=ON, common=common)
    assert Assignment.objects.filter(employee=employee).count() == 1
    assert SalaryRecord.objects.filter(employee=employee).count() == 1
    assert AuditEntry.objects.get(model="hrm.employee").object_repr == f"{name} (CB00001)"


def test_joined_refuses_values_holding_the_separator():
    assert joined([1, 22, 333]) == "1\x1f22\x1f333"
    assert joined([]) == ""
    assert joined(["a\x1fb"]) is None
