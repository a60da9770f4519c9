"""A hire and a leaving dated later are pending (issue #13), as transfers and salary changes are: nothing read as
"today" changes before their day, the profile marks them "từ dd/mm/yyyy, chờ hiệu lực", they can be cancelled
before that day, and the hourly task moves the record on the day.

Thu is hired into Thị trấn Châu Thành (c1, under `hr_manager`'s Huyện Châu Thành) from SOON, ten days from today.
Hoa works in c1 and retires from SOON.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from common.dated import short_date
from common.models import AuditEntry
from hrm.models import Assignment, Employee, Person, Reminder, SalaryRecord
from hrm.services.current import staff_current_refresh
from hrm.services.exports import staff_export
from hrm.services.reports import quality_report
from tests.hrm import test_pending_changes
from tests.hrm.test_hire import form as hire_form
from tests.hrm.test_staff_edit_pages import edit_url, form_data

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


SOON = today() + dt.timedelta(days=10)
MARK = f"từ {short_date(SOON)}, chờ hiệu lực"
hoa = test_pending_changes.hoa  # the fixture: Hoa, chuyên viên in c1 for two years


@pytest.fixture
def thu(client, hr_manager, province):
    """Hired through the page from SOON."""
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:staff-hire"), hire_form(province, on=short_date(SOON)), follow=True)
    assert response.status_code == 200
    assert MARK in response.content.decode()  # the officer is told when the hire takes effect
    return Employee.objects.get(code="TD0001")


@pytest.fixture
def retiring(client, hoa, hr_manager):
    """Hoa's retirement from SOON, recorded today through the edit page."""
    client.force_login(hr_manager)
    response = client.post(edit_url(hoa), form_data(hoa, status="retired", left_on=short_date(SOON)))
    assert response.status_code == 302, response.content.decode()[:2000]
    hoa.refresh_from_db()
    return hoa


def list_ids(api_client, user, **params) -> list[int]:
    api_client.force_authenticate(user)
    return [row["id"] for row in api_client.get(reverse("hrm-api:staff-list"), params).json()["results"]]


def exported_codes(user) -> set[str]:
    out = io.BytesIO()
    staff_export(user=user, filters={}, fmt="csv", out=out)
    return {row["Số hiệu CBCCVC"] for row in csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig")))}


def counted(province, on) -> int:
    return quality_report(unit=province["root"], on=on)["total"]["values"]["total"]


# --- a hire from a later date --------------------------------------------------------------------
def test_a_hire_from_a_later_date_is_in_no_list_report_or_export_of_today(
    thu, api_client, hr_manager, admin_user, province, client
):
    assert thu.status == Employee.Status.PENDING and thu.recruited_on == SOON
    assert thu.pk not in list_ids(api_client, hr_manager) and thu.pk not in list_ids(api_client, admin_user)
    assert "TD0001" not in exported_codes(hr_manager) and "TD0001" not in exported_codes(admin_user)
    assert counted(province, today()) == 0 and counted(province, SOON) == 1  # a report on a date: that date's truth
    assert not Reminder.objects.filter(employee=thu).exists()
    # the bulk print of form 2C takes rows of the list only
    response = client.post(reverse("hrm:staff-bulk"), {"action": "form2c", "ids": [thu.pk]})
    assert response.status_code == 404


def test_his_units_officer_sees_him_arriving_and_opens_his_record_marked(
    thu, client, api_client, hr_manager, other_hr_manager
):
    page = client.get(reverse("hrm:staff-list")).content.decode()
    assert "data-incoming-hire" in page and "Lê Thị Thu" in page and "Tuyển dụng mới" in page
    api_client.force_authenticate(hr_manager)
    rows = api_client.get(reverse("hrm-api:staff-incoming")).json()["results"]
    assert [(r["id"], r["valid_from"], r["hire"], r["from_unit"]) for r in rows] == [
        (thu.pk, SOON.isoformat(), True, "")
    ]
    profile = client.get(reverse("hrm:staff-detail", args=[thu.pk])).content.decode()
    assert "Chờ nhận việc" in profile and "Tuyển dụng vào Thị trấn Châu Thành" in profile and MARK in profile
    assert reverse("hrm:pending-cancel", args=[thu.pk, "hire", thu.pk]) in profile
    # another district's officer: no arrival, no record
    api_client.force_authenticate(other_hr_manager)
    assert api_client.get(reverse("hrm-api:staff-incoming")).json()["results"] == []
    assert api_client.get(reverse("hrm-api:staff-detail", args=[thu.pk])).status_code == 404
    assert api_client.delete(reverse("hrm-api:pending-cancel", args=[thu.pk, "hire", thu.pk])).status_code == 404
    assert Employee.objects.filter(pk=thu.pk).exists()


def test_the_task_makes_him_working_on_his_day_audited_and_once(thu, api_client, hr_manager, province):
    assert staff_current_refresh(today=SOON - dt.timedelta(days=1)) == []
    assert staff_current_refresh(today=SOON) == [thu.pk]
    thu.refresh_from_db()
    assert thu.status == Employee.Status.ACTIVE
    entry = AuditEntry.objects.filter(model="hrm.employee", object_id=str(thu.pk)).latest("id")
    assert entry.actor is None and entry.changes["status"] == ["pending", "active"]
    assert staff_current_refresh(today=SOON) == []


def test_the_page_cancels_the_hire_before_its_day(thu, client, hr_manager):
    url = reverse("hrm:pending-cancel", args=[thu.pk, "hire", thu.pk])
    assert "Tuyển dụng vào Thị trấn Châu Thành" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("hrm:staff-list")
    assert not Employee.objects.filter(pk=thu.pk).exists()
    assert not Assignment.objects.filter(employee_id=thu.pk).exists()
    assert not SalaryRecord.objects.filter(employee_id=thu.pk).exists()
    assert Person.objects.filter(full_name="Lê Thị Thu").exists()  # the person stays, found again by CCCD
    assert AuditEntry.objects.filter(model="hrm.employee", object_id=str(thu.pk), action="delete").exists()


def test_a_person_starting_later_cannot_be_hired_twice_nor_made_working_by_hand(thu, client, province):
    response = client.post(reverse("hrm:staff-hire"), hire_form(province, code="TD0002"))
    assert "Người này đã có hồ sơ CBCCVC đang công tác" in response.content.decode()
    assert Employee.objects.filter(person=thu.person).count() == 1
    response = client.post(edit_url(thu), form_data(thu, status="active"))
    assert "hãy hủy trên trang hồ sơ" in response.content.decode()
    thu.refresh_from_db()
    assert thu.status == Employee.Status.PENDING


def test_a_hire_from_today_works_at_once(client, hr_manager, province, api_client):
    client.force_login(hr_manager)
    client.post(reverse("hrm:staff-hire"), hire_form(province, on=short_date(today())))
    employee = Employee.objects.get(code="TD0001")
    assert employee.status == Employee.Status.ACTIVE and employee.pk in list_ids(api_client, hr_manager)


# --- a leaving dated later ------------------------------------------------------------------------
def test_a_leaving_dated_later_keeps_him_working_and_marked_until_then(
    retiring, client, api_client, hr_manager, province
):
    assert (retiring.status, retiring.leaving_status, retiring.left_on) == ("active", "retired", SOON)
    assert retiring.pk in list_ids(api_client, hr_manager)
    rows = api_client.get(reverse("hrm-api:staff-list")).json()["results"]
    assert [r["pending_from"] for r in rows if r["id"] == retiring.pk] == [SOON.isoformat()]
    assert "CV001" in exported_codes(hr_manager)
    assert counted(province, today()) == 1 and counted(province, SOON) == 0
    profile = client.get(reverse("hrm:staff-detail", args=[retiring.pk])).content.decode()
    assert "Nghỉ: Đã nghỉ hưu" in profile and MARK in profile
    # the edit form shows the leaving as recorded, and says it is pending
    assert form_data(retiring)["status"] == "retired"
    edit = client.get(edit_url(retiring)).content.decode()
    assert f"{MARK}; muốn hủy, chọn “Đang công tác” và xóa ngày nghỉ." in edit


def test_saving_the_form_again_or_another_field_keeps_the_leaving(retiring, client):
    response = client.post(edit_url(retiring), form_data(retiring, phone="0909111222"))
    assert response.status_code == 302
    retiring.refresh_from_db()
    assert (retiring.status, retiring.leaving_status, retiring.left_on) == ("active", "retired", SOON)
    assert Assignment.objects.get(employee=retiring).valid_to == SOON


def test_the_task_retires_him_on_his_day(retiring, province):
    assert staff_current_refresh(today=SOON) == [retiring.pk]
    retiring.refresh_from_db()
    assert (retiring.status, retiring.leaving_status) == ("retired", "")
    entry = AuditEntry.objects.filter(model="hrm.employee", object_id=str(retiring.pk)).latest("id")
    assert entry.changes["status"] == ["active", "retired"] and entry.actor is None
    assert staff_current_refresh(today=SOON) == []


def test_another_date_moves_the_end_of_his_rows(retiring, client):
    later = SOON + dt.timedelta(days=20)
    response = client.post(edit_url(retiring), form_data(retiring, left_on=short_date(later)))
    assert response.status_code == 302
    retiring.refresh_from_db()
    assert (retiring.status, retiring.leaving_status, retiring.left_on) == ("active", "retired", later)
    assert Assignment.objects.get(employee=retiring).valid_to == later
    assert SalaryRecord.objects.get(employee=retiring).valid_to == later


def test_cancelling_the_leaving_on_the_profile_or_in_the_form(retiring, client, hoa):
    url = reverse("hrm:pending-cancel", args=[retiring.pk, "leaving", retiring.pk])
    assert client.post(url).status_code == 302
    retiring.refresh_from_db()
    assert (retiring.status, retiring.leaving_status, retiring.left_on) == ("active", "", None)
    assert Assignment.objects.get(employee=retiring).valid_to is None
    assert SalaryRecord.objects.get(employee=retiring).valid_to is None
    assert client.post(url).status_code == 404  # nothing pending any more
    # again, and undone from the form: working, no leaving date
    client.post(edit_url(retiring), form_data(retiring, status="left", left_on=short_date(SOON)))
    retiring.refresh_from_db()
    assert retiring.leaving_status == "left"
    assert client.post(edit_url(retiring), form_data(retiring, status="active", left_on="")).status_code == 302
    retiring.refresh_from_db()
    assert (retiring.status, retiring.leaving_status, retiring.left_on) == ("active", "", None)
    assert Assignment.objects.get(employee=retiring).valid_to is None


def test_another_officer_cannot_cancel_the_leaving(retiring, api_client, other_hr_manager):
    api_client.force_authenticate(other_hr_manager)
    url = reverse("hrm-api:pending-cancel", args=[retiring.pk, "leaving", retiring.pk])
    assert api_client.delete(url).status_code == 404
    retiring.refresh_from_db()
    assert retiring.leaving_status == "retired"


def test_a_leaving_from_today_or_earlier_takes_effect_at_once(client, hoa, hr_manager):
    client.force_login(hr_manager)
    response = client.post(edit_url(hoa), form_data(hoa, status="left", left_on=short_date(today())))
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert (hoa.status, hoa.leaving_status) == ("left", "")
