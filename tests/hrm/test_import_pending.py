"""A staff file with a recruitment or a leaving dated after the import date (issue #13): stored as the hire form
and the profile's form store them (pending until their day, "từ dd/mm/yyyy, chờ hiệu lực", applied by the hourly
refresh), through the import command, the page and the API; what a file cannot do to a pending change is refused
row by row, and then nothing is written.

Files are xlsx written by openpyxl (tests.hrm.test_import_support). `hr_manager` manages Huyện Châu Thành (H831)
and its Thị trấn Châu Thành (X28801); Hoa (CV001) works in X28801 (tests.hrm.test_pending_changes).
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from common.dated import short_date
from hrm.models import Assignment, Employee, Person, SalaryRecord
from hrm.services.current import staff_current_refresh
from hrm.services.imports import staff_import
from hrm.services.staff_update import employee_update
from tests.hrm import test_pending_changes
from tests.hrm.test_import_support import staff_row, write_xlsx
from tests.hrm.test_pending_hire_leaving import exported_codes, list_ids

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SOON = TODAY + dt.timedelta(days=10)
MARK = f"từ {short_date(SOON)}, chờ hiệu lự"
hoa = test_pending_changes.hoa


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def hoa_row(hoa, **overrides) -> dict:
    """Hoa's row as the export writes it (her staff number, person and unit)."""
    person = hoa.person
    return staff_row(
        1,
        unit="X28801",
        **{
            "Số hiệu CBCCVC": hoa.code,
            "Họ và tên": person.full_name,
            "Ngày sinh": short_date(person.date_of_birth),
            "Giới tính": "Nữ",
            "Số CCCD": "",
            "Mã ngạch / chức danh": hoa.rank.code,
            "Bậc lương": str(hoa.salary_step),
            "Hệ số": str(hoa.coefficient),
            "Ngày hưởng bậc lương": short_date(hoa.step_since),
            "Ngày tuyển dụng": short_date(hoa.recruited_on),
            "Dân tộc": "",
            "Tôn giáo": "",
            "Quê quán": "",
            "Trình độ chuyên môn": "",
            "Lý luận chính trị": "",
            "Quản lý nhà nước": "",
            "Ngoại ngữ": "",
            "Tin học": "",
            **overrides,
        },
    )


def later_hire(n: int = 2, **overrides) -> dict:
    return staff_row(n, unit="X28801", **{"Ngày tuyển dụng": short_date(SOON), "Ngày hưởng bậc lương": "", **overrides})


# --- a recruitment dated later: a pending hire ----------------------------------------------------
def test_the_page_imports_a_later_recruitment_as_a_pending_hire(client, hr_manager, api_client, province, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1, unit="X28801"), later_hire()])
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:import"), {"file": upload(path)})
    assert response.status_code == 200 and "data-import-errors" not in response.content.decode()
    arriving = Employee.objects.get(code="CB00002")
    assert (arriving.status, arriving.recruited_on) == (Employee.Status.PENDING, SOON)  # as the hire form stores him
    assert Assignment.objects.get(employee=arriving).valid_from == SOON
    assert SalaryRecord.objects.get(employee=arriving).valid_from == SOON
    # in no list of today; his officer sees him arriving, his profile waits for the day
    assert arriving.pk not in list_ids(api_client, hr_manager)
    assert "CB00002" not in exported_codes(hr_manager)
    api_client.force_authenticate(hr_manager)
    incoming = api_client.get(reverse("hrm-api:staff-incoming")).json()["results"]
    assert [(r["id"], r["valid_from"], r["hire"]) for r in incoming] == [(arriving.pk, SOON.isoformat(), True)]
    profile = client.get(reverse("hrm:staff-detail", args=[arriving.pk])).content.decode()
    assert "Chờ nhận việc" in profile and MARK in profile
    # the hourly refresh makes him working on his day, once
    assert staff_current_refresh(today=SOON - dt.timedelta(days=1)) == []
    assert staff_current_refresh(today=SOON) == [arriving.pk]
    arriving.refresh_from_db()
    assert arriving.status == Employee.Status.ACTIVE


def test_the_same_file_again_changes_nothing_and_a_file_without_status_column_too(hr_manager, province, tmp_path):
    rows = [later_hire(2), later_hire(3)]
    assert staff_import(path=write_xlsx(tmp_path / "a.xlsx", rows), user=hr_manager)["created"] == 2
    again = staff_import(path=write_xlsx(tmp_path / "b.xlsx", rows), user=hr_manager)
    assert (again["errors"], again["updated"], again["unchanged"]) == ([], 0, 2)
    headers = [h for h in rows[0] if h != "Trạng thái"]
    result = staff_import(path=write_xlsx(tmp_path / "c.xlsx", [later_hire(4)], headers=headers), user=hr_manager)
    assert result["errors"] == [] and Employee.objects.get(code="CB00004").status == Employee.Status.PENDING
    assert set(Employee.objects.values_list("status", flat=True)) == {Employee.Status.PENDING}


def test_the_api_imports_a_pending_hire_and_the_command_too(api_client, hr_manager, province, tmp_path):
    api_client.force_authenticate(hr_manager)
    path = write_xlsx(tmp_path / "s.xlsx", [later_hire(2)])
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 1, response.content
    call_command("import_staff", str(write_xlsx(tmp_path / "t.xlsx", [later_hire(3)])))
    assert list(Employee.objects.order_by("code").values_list("code", "status")) == [
        ("CB00002", "pending"),
        ("CB00003", "pending"),
    ]


def test_refusals_of_a_later_recruitment_name_row_and_column_and_write_nothing(
    hoa, client, hr_manager, province, tmp_path
):
    """Not working yet cannot be retired; a working record cannot be recruited later; a pending hire's date is
    changed on the profile. Each is listed; nothing of the file is written."""
    path = write_xlsx(tmp_path / "s.xlsx", [later_hire(2), later_hire(3)])
    assert staff_import(path=path, user=hr_manager)["created"] == 2
    before = (Employee.objects.count(), Assignment.objects.count(), Person.objects.count())
    rows = [
        staff_row(5, unit="X28801"),
        later_hire(6, **{"Trạng thái": "Đã nghỉ hưu"}),
        hoa_row(hoa, **{"Ngày tuyển dụng": short_date(SOON)}),
        later_hire(2, **{"Ngày tuyển dụng": short_date(SOON + dt.timedelta(days=1))}),
        later_hire(3, **{"Trạng thái": "Đã nghỉ việc"}),
    ]
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:import"), {"file": upload(write_xlsx(tmp_path / "bad.xlsx", rows))})
    page = response.content.decode()
    assert "<td>3</td><td>Trạng thái</td><td>Ngày tuyển dụng sau ngày nhập" in page
    assert "<td>4</td><td>Ngày tuyển dụng</td><td>Số hiệu này đang công tác" in page
    assert f"<td>5</td><td>Ngày tuyển dụng</td><td>Hồ sơ này chờ nhận việc từ {short_date(SOON)}" in page
    assert "<td>6</td><td>Trạng thái</td><td>Hồ sơ tuyển dụng từ một ngày sau" in page
    assert (Employee.objects.count(), Assignment.objects.count(), Person.objects.count()) == before
    assert not Employee.objects.filter(code="CB00005").exists()


# --- a leaving dated later: he works on until that day --------------------------------------------
def test_a_leaving_dated_later_in_a_file_is_pending_as_on_the_profile(
    hoa, client, hr_manager, api_client, province, tmp_path
):
    path = write_xlsx(
        tmp_path / "s.xlsx", [hoa_row(hoa, **{"Trạng thái": "Đã nghỉ hưu", "Ngày nghỉ việc": short_date(SOON)})]
    )
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:import"), {"file": upload(path)})
    assert "data-import-errors" not in response.content.decode()
    hoa.refresh_from_db()
    assert (hoa.status, hoa.leaving_status, hoa.left_on) == ("active", "retired", SOON)  # as the form stores it
    assert Assignment.objects.get(employee=hoa).valid_to == SOON
    assert SalaryRecord.objects.get(employee=hoa).valid_to == SOON
    assert hoa.pk in list_ids(api_client, hr_manager)  # works on until then
    profile = client.get(reverse("hrm:staff-detail", args=[hoa.pk])).content.decode()
    assert "Nghỉ: Đã nghỉ hưu" in profile and MARK in profile
    # the export writes the leaving as the import reads it: that file again changes nothing
    again = staff_import(path=path, user=hr_manager)
    assert (again["errors"], again["unchanged"]) == ([], 1)
    assert staff_current_refresh(today=SOON) == [hoa.pk]
    hoa.refresh_from_db()
    assert (hoa.status, hoa.leaving_status) == ("retired", "")


def test_a_leaving_dated_today_or_earlier_takes_effect_and_ends_the_rows_on_its_date(hoa, hr_manager, tmp_path):
    day = TODAY - dt.timedelta(days=5)
    path = write_xlsx(
        tmp_path / "s.xlsx", [hoa_row(hoa, **{"Trạng thái": "Đã nghỉ việc", "Ngày nghỉ việc": short_date(day)})]
    )
    result = staff_import(path=path, user=hr_manager)
    assert result["errors"] == [] and result["updated"] == 1
    hoa.refresh_from_db()
    assert (hoa.status, hoa.leaving_status, hoa.left_on) == ("left", "", day)
    assert Assignment.objects.get(employee=hoa).valid_to == day


def test_a_new_record_leaving_later_is_created_working_until_then(hr_manager, province, tmp_path):
    row = staff_row(2, unit="X28801", **{"Trạng thái": "Đã nghỉ hưu", "Ngày nghỉ việc": short_date(SOON)})
    assert staff_import(path=write_xlsx(tmp_path / "s.xlsx", [row]), user=hr_manager)["created"] == 1
    record = Employee.objects.get(code="CB00002")
    assert (record.status, record.leaving_status, record.left_on) == ("active", "retired", SOON)
    assert Assignment.objects.get(employee=record).valid_to == SOON


def test_refusals_of_leaving_dates_name_row_and_column_and_write_nothing(hoa, client, hr_manager, province, tmp_path):
    """A leaving date without how he leaves, one before recruitment or before the current assignment; a pending
    leaving changed or cancelled by a file (the profile does that)."""
    employee_update(employee=hoa, actor=None, person_fields={}, employee_fields={"status": "retired", "left_on": SOON})
    before = (Employee.objects.count(), list(Assignment.objects.values_list("valid_to", flat=True)))
    rows = [
        staff_row(2, unit="X28801", **{"Ngày nghỉ việc": short_date(SOON)}),
        staff_row(3, unit="X28801", **{"Trạng thái": "Đã nghỉ việc", "Ngày nghỉ việc": "01/01/2001"}),
        hoa_row(hoa, **{"Trạng thái": "Đang công tác", "Ngày nghỉ việc": ""}),
    ]
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:import"), {"file": upload(write_xlsx(tmp_path / "b.xlsx", rows))})
    page = response.content.decode()
    assert "<td>2</td><td>Ngày nghỉ việc</td><td>Chỉ người đã thôi làm việc mới có ngày nghỉ" in page
    assert "<td>3</td><td>Ngày nghỉ việc</td><td>Ngày nghỉ trước ngày tuyển dụng" in page
    assert f"<td>4</td><td>Trạng thái</td><td>Việc nghỉ từ {short_date(SOON)} của cán bộ này đang chờ hiệu lực" in page
    assert (Employee.objects.count(), list(Assignment.objects.values_list("valid_to", flat=True))) == before


def test_a_leaving_before_the_current_assignment_is_refused_as_on_the_profile(hoa, hr_manager, province, tmp_path):
    start = Assignment.objects.get(employee=hoa).valid_from
    row = hoa_row(hoa, **{"Trạng thái": "Đã nghỉ việc", "Ngày nghỉ việc": short_date(start)})
    result = staff_import(path=write_xlsx(tmp_path / "s.xlsx", [row]), user=hr_manager)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "Ngày nghỉ việc")]
    hoa.refresh_from_db()
    assert hoa.status == "active" and Assignment.objects.get(employee=hoa).valid_to is None


def test_the_command_refuses_a_cancelled_pending_leaving(hoa, hr_manager, tmp_path, capsys):
    employee_update(employee=hoa, actor=None, person_fields={}, employee_fields={"status": "retired", "left_on": SOON})
    path = write_xlsx(tmp_path / "s.xlsx", [hoa_row(hoa, **{"Trạng thái": "Đang công tác"})])
    with pytest.raises(CommandError):
        call_command("import_staff", str(path))
    assert "column Trạng thái" in capsys.readouterr().err
    hoa.refresh_from_db()
    assert (hoa.status, hoa.leaving_status) == ("active", "retired")


def test_the_import_page_says_how_changes_dated_later_are_stored(client, hr_manager):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:import")).content.decode()
    assert "ngày tuyển dụng sau ngày nhập ghi nhận một hồ sơ tuyển dụng bắt đầu từ ngày đó (“Chờ nhận việc”)" in page
    assert "Ngày nghỉ việc" in page  # the column, among the others


def test_a_person_starting_later_is_not_hired_again_by_another_row(hr_manager, province, tmp_path):
    """His record is "working" already (one per person, a database rule): a new staff number with his CCCD, name and
    birth date is refused on the CCCD, as the hire form refuses it, and nothing is written."""
    first = later_hire(2)
    assert staff_import(path=write_xlsx(tmp_path / "a.xlsx", [first]), user=hr_manager)["created"] == 1
    again = {**first, "Số hiệu CBCCVC": "CB00099"}
    result = staff_import(path=write_xlsx(tmp_path / "b.xlsx", [again]), user=hr_manager)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "Số CCCD")]
    assert not Employee.objects.filter(code="CB00099").exists()
