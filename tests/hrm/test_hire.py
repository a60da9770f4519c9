"""A new staff record from the page and the API: person, staff record, open histories; refusals write nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from common.models import AuditEntry
from hrm.models import Assignment, Employee, Person, Rank, Reminder, SalaryRecord
from hrm.services.cccd import cccd_make
from tests.hrm.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db
BORN = dt.date(1995, 6, 15)


def form(province, **overrides) -> dict:
    data = {
        "code": "TD0001", "staff_type": "cong_chuc", "unit": province["c1"].pk, "position": "Chuyên viên",
        "on": "01/03/2025", "rank": Rank.objects.get(code="01.003").pk, "step": "2", "decision_no": "QĐ 12",
        "full_name": "lê  thị   thu", "date_of_birth": "15/06/1995", "sex": "female",
        "cccd": cccd_make(province_code="083", sex="female", date_of_birth=BORN, serial=7),
        "ethnicity": "Kinh", "religion": "Không", "native_place": "Bến Tre", "phone": "0909000111",
    }
    data.update(overrides)
    return data


def test_the_page_hires_with_open_histories_and_an_audit_entry(
    client, hr_manager, province, django_capture_on_commit_callbacks
):
    client.force_login(hr_manager)
    assert "data-staff-hire-link" in client.get(reverse("hrm:staff-list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hrm:staff-hire"), form(province))
    employee = Employee.objects.get(code="TD0001")
    assert response.status_code == 302 and response["Location"] == reverse("hrm:staff-detail", args=[employee.pk])
    assert employee.person.full_name == "Lê Thị Thu" and employee.unit == province["c1"]
    assert employee.recruited_on == dt.date(2025, 3, 1) and employee.salary_step == 2
    assignment = Assignment.objects.get(employee=employee)
    salary = SalaryRecord.objects.get(employee=employee)
    assert (assignment.valid_from, assignment.valid_to, assignment.unit) == (dt.date(2025, 3, 1), None, province["c1"])
    assert salary.coefficient == Decimal("2.67") and salary.valid_to is None  # A1 step 2, from the rules
    assert AuditEntry.objects.filter(action="create", model="hrm.employee", object_id=str(employee.pk)).exists()


def test_a_record_without_cccd_is_flagged_incomplete_at_once(
    client, hr_manager, province, django_capture_on_commit_callbacks
):
    client.force_login(hr_manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("hrm:staff-hire"), form(province, cccd=""))
    assert Reminder.objects.filter(employee__code="TD0001").exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"code": "USED"}, "code"),
        ({"cccd": "083095000007"}, "cccd"),  # the sex digit says male
        ({"step": "40"}, "step"),
        ({"on": "31/02/2025"}, "on"),
        ({"unit": "other"}, "unit"),
    ],
)
def test_refusals_show_on_their_field_and_write_nothing(client, hr_manager, province, overrides, field):
    EmployeeFactory(code="USED", unit=province["d1"])
    if overrides.get("unit") == "other":
        overrides = {"unit": province["d2"].pk}  # another officer's district
    before = (Person.objects.count(), Employee.objects.count(), Assignment.objects.count())
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:staff-hire"), form(province, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert (Person.objects.count(), Employee.objects.count(), Assignment.objects.count()) == before


def test_a_known_former_staff_member_is_hired_again_and_an_active_one_is_refused(client, hr_manager, province):
    cccd = cccd_make(province_code="083", sex="female", date_of_birth=BORN, serial=7)
    former = PersonFactory(full_name="Lê Thị Thu", sex="female", date_of_birth=BORN, cccd=cccd)
    old = EmployeeFactory(person=former, unit=province["c1"], code="OLD1", status="left")
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:staff-hire"), form(province), follow=True)
    assert Employee.objects.get(code="TD0001").person == former and Person.objects.filter(cccd=cccd).count() == 1
    assert "CCCD" in response.content.decode()
    old.status = "active"
    Employee.objects.filter(code="TD0001").update(status="left")
    old.save()
    again = client.post(reverse("hrm:staff-hire"), form(province, code="TD0002"))
    assert again.context["form"].errors.get("cccd") and not Employee.objects.filter(code="TD0002").exists()


def test_the_api_creates_with_201_and_refuses_with_400_naming_the_field(api_client, hr_manager, province):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-list")
    created = api_client.post(url, form(province, on="2025-03-01", date_of_birth="1995-06-15"))
    assert created.status_code == 201, created.json()
    assert created.json()["code"] == "TD0001" and created.json()["unit_id"] == province["c1"].pk
    duplicate = api_client.post(url, form(province))
    assert duplicate.status_code == 400 and "code" in duplicate.json()
    outside = api_client.post(url, form(province, code="TD0009", unit=province["d2"].pk))
    assert outside.status_code == 400 and "unit" in outside.json()


def test_people_without_an_hr_role_cannot_hire(client, api_client, province, candidate, examiner, outsider):
    for user in (candidate, examiner, outsider):
        client.force_login(user)
        assert client.get(reverse("hrm:staff-hire")).status_code == 403
        assert client.post(reverse("hrm:staff-hire"), form(province)).status_code == 403
        api_client.force_authenticate(user)
        assert api_client.post(reverse("hrm-api:staff-list"), form(province)).status_code == 403
    assert not Employee.objects.filter(code="TD0001").exists()
