"""Bulk actions of the staff list (hrm.views.staff.StaffBulkView): export, form 2C, the due raises."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import Rank, SalaryRecord
from hrm.services.salary import add_months
from hrm.services.salary_changes import salary_raises_due_record
from hrm.services.staff import employee_hire
from tests.hrm.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def hire(unit, *, code, name, months_ago=36, step=3):
    return employee_hire(
        code=code,
        staff_type="cong_chuc",
        unit=unit,
        on=add_months(timezone.localdate(), -months_ago),
        actor=None,
        person_fields={"full_name": name, "date_of_birth": dt.date(1990, 3, 10), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code="01.003"),
        step=step,
    )


@pytest.fixture
def staff(province):
    return {
        "hoa": hire(province["c1"], code="CV001", name="Nguyễn Thị Hoa"),
        "lan": hire(province["d1"], code="CV002", name="Trần Thị Lan"),
        "new": hire(province["d1"], code="CV003", name="Lê Thị Mới", months_ago=6),
        "outside": EmployeeFactory(code="BT001", unit=province["d2"], person=PersonFactory(full_name="Phạm Văn Bình")),
    }


def bulk(client, action, *employees, query="sort=code"):
    data = {"action": action, "ids": [e.pk for e in employees], "query": query}
    return client.post(reverse("hrm:staff-bulk"), data)


def steps(*employees):
    return [SalaryRecord.objects.open().get(employee=e).step for e in employees]


def test_service_records_every_due_raise(staff, hr_manager):
    result = salary_raises_due_record(employees=[staff["hoa"], staff["lan"]], actor=hr_manager)
    assert result["refused"] == [] and len(result["done"]) == 2
    assert steps(staff["hoa"], staff["lan"]) == [4, 4]


def test_service_records_nothing_when_one_is_refused(staff, hr_manager, english):
    result = salary_raises_due_record(employees=[staff["hoa"], staff["new"]], actor=hr_manager)
    assert result["done"] == []
    assert [(e.code, "due on" in reason) for e, reason in result["refused"]] == [("CV003", True)]
    assert steps(staff["hoa"], staff["new"]) == [3, 3]
    assert not AuditEntry.objects.filter(model="hrm.salaryrecord").exists()


def test_service_refuses_a_record_the_actor_may_not_change(staff, other_hr_manager, english):
    result = salary_raises_due_record(employees=[staff["hoa"]], actor=other_hr_manager)
    assert [reason for _e, reason in result["refused"]] == ["You may not change this record."]


def test_service_refuses_an_empty_selection(hr_manager):
    with pytest.raises(ApplicationError) as caught:
        salary_raises_due_record(employees=[], actor=hr_manager)
    assert caught.value.field == "ids"


def test_page_records_the_due_raises_and_goes_back_to_the_list(client, hr_manager, staff):
    client.force_login(hr_manager)
    response = bulk(client, "raises", staff["hoa"], staff["lan"], query="party=no&sort=code")
    assert response.status_code == 302
    assert response["Location"] == reverse("hrm:staff-list") + "?party=no&sort=code"
    assert steps(staff["hoa"], staff["lan"]) == [4, 4]


def test_page_reports_what_was_refused_and_changes_nothing(client, hr_manager, staff, english):
    client.force_login(hr_manager)
    response = bulk(client, "raises", staff["hoa"], staff["new"])
    page = client.get(response["Location"]).content.decode()
    assert "No raise was recorded" in page and "CV003" in page
    assert steps(staff["hoa"], staff["new"]) == [3, 3]


def test_page_exports_only_the_selected_rows(client, hr_manager, staff):
    client.force_login(hr_manager)
    response = bulk(client, "xlsx", staff["lan"], staff["hoa"])
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["CV001", "CV002"]
    assert AuditEntry.objects.filter(action="export", note__contains="2 selected").exists()


def test_page_prints_form_2c_of_the_selected_in_one_pdf(client, hr_manager, staff):
    from pypdf import PdfReader

    client.force_login(hr_manager)
    one = bulk(client, "form2c", staff["hoa"])
    two = bulk(client, "form2c", staff["hoa"], staff["lan"])
    assert two["Content-Type"] == "application/pdf"
    pages_one = len(PdfReader(io.BytesIO(one.content)).pages)
    assert len(PdfReader(io.BytesIO(two.content)).pages) == 2 * pages_one  # each form starts on its own page
    assert AuditEntry.objects.filter(action="view", note="form 2C PDF").count() == 3


def test_a_selected_row_outside_the_scope_is_404_and_does_nothing(client, hr_manager, staff):
    client.force_login(hr_manager)
    assert bulk(client, "raises", staff["hoa"], staff["outside"]).status_code == 404
    assert steps(staff["hoa"]) == [3]


def test_no_selection_is_said_on_the_list(client, hr_manager, staff, english):
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:staff-bulk"), {"action": "csv", "query": ""}, follow=True)
    assert "Select at least one staff member." in response.content.decode()


def test_outsider_is_refused(client, outsider, staff):
    client.force_login(outsider)
    assert bulk(client, "csv", staff["hoa"]).status_code == 403
