"""The staff import service: all rows or none, idempotent, scoped to the importer's units."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from common.models import AuditEntry
from hrm.models import Assignment, Employee, Person, SalaryRecord
from hrm.services.imports import staff_import
from hrm.services.imports.columns import RANK, STAFF_TYPE
from tests.hrm.test_import_support import staff_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 3, 1)


def run(path, user, **kwargs):
    return staff_import(path=path, user=user, on=ON, **kwargs)


def test_good_file_creates_people_staff_and_open_histories(tmp_path, province, admin_user):
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(1), staff_row(2, unit="X28801", **{"Hệ số": ""})])
    result = run(path, admin_user)
    assert result["errors"] == []
    assert (result["created"], result["updated"], result["unchanged"]) == (2, 0, 0)
    first = Employee.objects.select_related("person").get(code="CB00001")
    assert first.person.full_name == "Nguyễn Văn Thử 1"
    assert first.person.name_search == "nguyen van thu 1"
    assert first.unit == province["d1"] and first.rank.code == "01.003" and first.coefficient == Decimal("3.00")
    assert Employee.objects.get(code="CB00002").coefficient == Decimal("3.00")  # filled from the step
    assert Assignment.objects.filter(valid_to__isnull=True).count() == 2
    assert SalaryRecord.objects.get(employee=first, valid_to__isnull=True).step == 3
    assert AuditEntry.objects.filter(action="import", model="hrm.employee").count() == 2
    entry = AuditEntry.objects.get(action="import", object_id=str(first.pk))  # made by the server on PostgreSQL
    assert (entry.object_repr, entry.unit_id, entry.changes) == ("Nguyễn Văn Thử 1 (CB00001)", first.unit_id, {})
    assert (entry.actor, entry.actor_name) == (admin_user, admin_user.username)
    salary = SalaryRecord.objects.get(employee=first)
    assert (salary.valid_from, salary.reason, salary.position_allowance) == (dt.date(2022, 1, 1), "import", 0)
    assignment = Assignment.objects.get(employee=first)
    assert (assignment.valid_from, assignment.position, assignment.reason) == (
        dt.date(2010, 6, 1),
        "Chuyên viên",
        "import",
    )


def test_bad_rows_write_nothing_and_each_is_listed(tmp_path, province, admin_user):
    rows = [
        staff_row(1),
        staff_row(2, **{"Ngày sinh": "31/02/1980"}),
        staff_row(3, **{"Giới tính": "Khác", "Mã đơn vị": "NOPE"}),
        staff_row(4, **{"Bậc lương": "12"}),
        staff_row(5, **{"Hệ số": "9,99"}),
        staff_row(6, **{"Số hiệu CBCCVC": "CB00001"}),
        staff_row(7, **{"Họ và tên": ""}),
    ]
    result = run(write_csv(tmp_path / "staff.csv", rows), admin_user)
    found = {(e["row"], e["column"]) for e in result["errors"]}
    assert {
        (3, "Ngày sinh"),
        (4, "Giới tính"),
        (4, "Mã đơn vị"),
        (5, "Bậc lương"),
        (6, "Hệ số"),
        (7, "Số hiệu CBCCVC"),
        (8, "Họ và tên"),
    } <= found
    assert 2 not in {row for row, _ in found}
    assert result["created"] == 0
    assert not Employee.objects.exists() and not Person.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()


def test_a_public_employee_is_paid_by_a_title_and_a_civil_servant_by_a_rank(tmp_path, province, admin_user):
    rows = [
        staff_row(1, **{STAFF_TYPE: "Viên chức", RANK: "V.07.03.29"}),  # a teacher: his title, group A1
        staff_row(2, **{STAFF_TYPE: "Viên chức", RANK: "06.031", "Hệ số": ""}),  # a ngạch only
        staff_row(3, **{STAFF_TYPE: "Công chức", RANK: "V.08.05.12"}),  # a nurse's title
        staff_row(4, **{STAFF_TYPE: "Viên chức", RANK: "01.003"}),  # chuyên viên: rank and title
        staff_row(5, **{STAFF_TYPE: "Cán bộ", RANK: "V.08.05.12"}),  # cadres may hold either
        staff_row(6, **{STAFF_TYPE: "Viên chức", RANK: "06.031", "Hệ số": ""}),  # refused once per row
    ]
    with translation.override("vi"):
        result = run(write_xlsx(tmp_path / "s.xlsx", rows), admin_user)
    errors = [(e["row"], e["column"]) for e in result["errors"]]
    assert errors == [(3, RANK), (4, RANK), (7, RANK)]
    assert "06.031" in result["errors"][0]["message"] and "chức danh nghề nghiệp" in result["errors"][0]["message"]
    assert "V.08.05.12" in result["errors"][1]["message"]
    assert not Employee.objects.exists() and not Person.objects.exists()


def test_cccd_cells_as_spreadsheets_and_people_write_them_are_stored_as_twelve_digits(tmp_path, province, admin_user):
    rows = [staff_row(n) for n in (1, 2, 3)]
    numbers = [row["Số CCCD"] for row in rows]
    rows[0]["Số CCCD"] = numbers[0].lstrip("0")  # a number cell: Excel dropped the province code's leading zero
    rows[1]["Số CCCD"] = f"{numbers[1][:3]} {numbers[1][3:6]} {numbers[1][6:]}"  # typed in groups
    rows[2]["Số CCCD"] = numbers[2].translate(str.maketrans("0123456789", "０１２３４５６７８９"))  # full-width
    result = run(write_xlsx(tmp_path / "s.xlsx", rows), admin_user)
    assert result["errors"] == [] and result["created"] == 3
    assert sorted(Person.objects.values_list("cccd", flat=True)) == sorted(numbers)


def test_cccd_that_does_not_fit_the_person_is_refused(tmp_path, province, admin_user):
    row = staff_row(1, **{"Giới tính": "Nữ"})  # the CCCD was made for a man
    result = run(write_xlsx(tmp_path / "s.xlsx", [row]), admin_user)
    assert [e["column"] for e in result["errors"]] == ["Số CCCD"]


def test_duplicate_cccd_in_file_and_cccd_of_another_person(tmp_path, province, admin_user):
    run(write_xlsx(tmp_path / "a.xlsx", [staff_row(1)]), admin_user)
    taken = staff_row(1)["Số CCCD"]
    rows = [staff_row(2, **{"Số CCCD": taken}), staff_row(3), staff_row(4, **{"Số CCCD": staff_row(3)["Số CCCD"]})]
    result = run(write_xlsx(tmp_path / "b.xlsx", rows), admin_user)
    assert {(e["row"], e["column"]) for e in result["errors"]} >= {(2, "Số CCCD"), (4, "Số CCCD")}


def test_importing_twice_changes_nothing(tmp_path, province, admin_user):
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(n) for n in range(1, 6)])
    run(path, admin_user)
    audit_count = AuditEntry.objects.count()
    again = run(path, admin_user)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)
    assert AuditEntry.objects.count() == audit_count
    assert Assignment.objects.count() == 5 and SalaryRecord.objects.count() == 5


def test_changed_row_updates_record_and_rolls_history(tmp_path, province, admin_user):
    run(write_xlsx(tmp_path / "a.xlsx", [staff_row(1)]), admin_user)
    changed = staff_row(1, **{"Mã đơn vị": "X28801", "Bậc lương": "4", "Hệ số": "", "Họ và tên": "nguyễn  văn MỚI"})
    result = run(write_xlsx(tmp_path / "b.xlsx", [changed]), admin_user)
    assert (result["created"], result["updated"]) == (0, 1)
    employee = Employee.objects.select_related("person").get(code="CB00001")
    assert employee.unit == province["c1"] and employee.salary_step == 4 and employee.coefficient == Decimal("3.33")
    assert employee.person.full_name == "Nguyễn Văn Mới" and employee.person.name_search == "nguyen van moi"
    assert Assignment.objects.get(employee=employee, valid_to__isnull=True).unit == province["c1"]
    assert Assignment.objects.filter(employee=employee).count() == 2
    assert SalaryRecord.objects.get(employee=employee, valid_to__isnull=True).step == 4
    entry = AuditEntry.objects.filter(action="import").first()
    assert set(entry.changes) == {"full_name", "unit_id", "salary_step", "coefficient"}


def test_dry_run_writes_nothing_and_lists_actions(tmp_path, province, admin_user):
    run(write_xlsx(tmp_path / "a.xlsx", [staff_row(1)]), admin_user)
    rows = [staff_row(1, **{"Chức vụ": "Phó phòng"}), staff_row(2)]
    result = run(write_csv(tmp_path / "b.csv", rows), admin_user, dry_run=True)
    assert result["dry_run"] and (result["created"], result["updated"]) == (1, 1)
    assert {(a["row"], a["action"]) for a in result["actions"]} == {(2, "update"), (3, "create")}
    assert Employee.objects.count() == 1 and Employee.objects.get().position == "Chuyên viên"


def test_csv_and_xlsx_give_the_same_records(tmp_path, province, admin_user):
    run(write_csv(tmp_path / "a.csv", [staff_row(1)]), admin_user)
    again = run(write_xlsx(tmp_path / "a.xlsx", [staff_row(1)]), admin_user)
    assert again["unchanged"] == 1


def test_officer_of_d2_cannot_import_into_d1(tmp_path, province, other_hr_manager):
    result = run(
        write_xlsx(tmp_path / "a.xlsx", [staff_row(1, unit="H831"), staff_row(2, unit="X29062")]), other_hr_manager
    )
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "Mã đơn vị")]
    assert not Employee.objects.exists()


def test_officer_cannot_take_over_staff_of_another_unit_by_number(tmp_path, province, admin_user, other_hr_manager):
    run(write_xlsx(tmp_path / "a.xlsx", [staff_row(1, unit="H831")]), admin_user)
    result = run(write_xlsx(tmp_path / "b.xlsx", [staff_row(1, unit="X29062")]), other_hr_manager)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "Số hiệu CBCCVC")]


def test_missing_required_column_is_reported_on_row_one(tmp_path, province, admin_user):
    headers = ["Số hiệu CBCCVC", "Họ và tên", "Ngày sinh"]
    result = run(write_xlsx(tmp_path / "a.xlsx", [staff_row(1)], headers=headers), admin_user)
    assert {e["column"] for e in result["errors"]} == {"Giới tính", "Mã đơn vị", "Đối tượng"}
    assert {e["row"] for e in result["errors"]} == {1}


def test_blank_lines_and_padded_cells_are_ignored(tmp_path, province, admin_user):
    path = write_csv(tmp_path / "staff.csv", [staff_row(1, unit="X28801"), staff_row(2, unit="X28801")])
    text = path.read_text(encoding="utf-8-sig").splitlines()
    padded = text[1].replace(",X28801,", ",  X28801  ,")
    assert padded != text[1]
    path.write_text("\n".join([text[0], padded, "", text[2], ""]) + "\n", encoding="utf-8-sig")
    result = staff_import(path=path, user=admin_user)
    assert result["errors"] == [] and result["created"] == 2
    assert Employee.objects.filter(unit__code="X28801").count() == 2


def test_leavers_are_not_counted_in_a_unit_after_the_import_date(tmp_path, province, admin_user):
    from hrm.selectors.restructure import staff_in_unit_on

    after = ON + dt.timedelta(days=1)
    rows = [staff_row(1), staff_row(2, **{"Trạng thái": "Đã nghỉ hưu"})]
    assert run(write_xlsx(tmp_path / "a.xlsx", rows), admin_user)["created"] == 2
    retired = Employee.objects.get(code="CB00002")
    assert Assignment.objects.get(employee=retired).valid_to == ON
    assert SalaryRecord.objects.get(employee=retired).valid_to == ON
    assert list(staff_in_unit_on(unit=province["d1"], on=after).values_list("code", flat=True)) == ["CB00001"]

    rows = [staff_row(1, **{"Trạng thái": "Đã nghỉ việc"}), staff_row(2)]  # one leaves, one is taken back
    later = ON + dt.timedelta(days=30)
    result = staff_import(path=write_xlsx(tmp_path / "b.xlsx", rows), user=admin_user, on=later)
    assert result["errors"] == [] and result["updated"] == 2
    first = Employee.objects.get(code="CB00001")
    assert not Assignment.objects.filter(employee=first, valid_to__isnull=True).exists()
    assert Assignment.objects.get(employee=first).valid_to == later
    back = Assignment.objects.filter(employee=retired).order_by("valid_from")
    assert [(a.valid_from, a.valid_to) for a in back][-1] == (later, None)
    assert SalaryRecord.objects.filter(employee=retired, valid_to__isnull=True).get().valid_from == later
    on_day = staff_in_unit_on(unit=province["d1"], on=later)
    assert list(on_day.values_list("code", flat=True)) == ["CB00002"]
