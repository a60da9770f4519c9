"""HR officers change their own staff's details and transfer them between their units, audited."""

import datetime as dt

import pytest
from django.urls import reverse

from common.models import AuditEntry
from hrm.models import Assignment
from tests.hrm.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_hr_officer_changes_details_and_the_change_is_audited(api_client, hr_manager, mai):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-detail", args=[mai.pk])
    response = api_client.patch(url, {"cccd": "083185000123", "phone": "0909123456", "main_duties": "Văn thư"})
    assert response.status_code == 200, response.json()
    mai.refresh_from_db()
    assert (mai.person.cccd, mai.person.phone, mai.main_duties) == ("083185000123", "0909123456", "Văn thư")
    entry = AuditEntry.objects.get(model="hrm.person", object_id=str(mai.person_id), action="update")
    assert entry.changes["phone"] == ["", "0909123456"] and entry.actor == hr_manager


def test_a_wrong_cccd_is_a_400_on_that_field_and_changes_nothing(api_client, hr_manager, mai):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-detail", args=[mai.pk])
    response = api_client.patch(url, {"cccd": "083085000123", "phone": "0909123456"})  # digit 4 says male
    assert response.status_code == 400 and "cccd" in response.json()
    mai.refresh_from_db()
    assert mai.person.cccd is None and mai.person.phone == ""


def test_reactivating_a_record_of_someone_active_elsewhere_is_a_400_on_status(api_client, hr_manager, mai, province):
    left = EmployeeFactory(unit=province["d1"], person=mai.person, code="OLD-1", status="left")
    api_client.force_authenticate(hr_manager)
    response = api_client.patch(reverse("hrm-api:staff-detail", args=[left.pk]), {"status": "active"})
    assert response.status_code == 400 and "status" in response.json()
    left.refresh_from_db()
    assert left.status == "left"


def test_dated_fields_cannot_be_patched(api_client, hr_manager, mai, province):
    api_client.force_authenticate(hr_manager)
    response = api_client.patch(reverse("hrm-api:staff-detail", args=[mai.pk]), {"unit": province["c1"].pk})
    assert response.status_code == 400 and "unit" in response.json()


def test_transfer_keeps_history_and_stays_within_scope(api_client, hr_manager, mai, province):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-transfer", args=[mai.pk])
    refused = api_client.post(url, {"unit": province["c2"].pk, "on": "2026-01-01"})
    assert refused.status_code == 400 and "unit" in refused.json()
    moved = api_client.post(url, {"unit": province["c1"].pk, "on": "2026-01-01", "position": "Công chức Tư pháp"})
    assert moved.status_code == 200, moved.json()
    rows = list(Assignment.objects.filter(employee=mai).order_by("valid_from").values_list("unit__code", "valid_to"))
    assert rows == [("H831", dt.date(2026, 1, 1)), ("X28801", None)]


def test_other_officers_and_the_staff_member_cannot_edit(api_client, other_hr_manager, mai):
    from tests.hrm.factories import UserFactory

    url = reverse("hrm-api:staff-detail", args=[mai.pk])
    api_client.force_authenticate(other_hr_manager)
    assert api_client.patch(url, {"phone": "1"}).status_code == 404
    api_client.force_authenticate(UserFactory(username="mai", person=mai.person))
    assert api_client.get(url).status_code == 200
    assert api_client.patch(url, {"phone": "1"}).status_code == 403


def test_leaving_ends_the_assignment_and_salary_on_the_leaving_date(api_client, hr_manager, province):
    from hrm.models import Rank, SalaryRecord
    from hrm.selectors.restructure import staff_in_unit_on
    from hrm.services.staff import employee_hire

    hoa = employee_hire(
        code="CV009",
        staff_type="cong_chuc",
        unit=province["d1"],
        on=dt.date(2020, 1, 1),
        actor=None,
        person_fields={"full_name": "Nguyễn Thị Hoa", "date_of_birth": dt.date(1966, 3, 10), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code="01.003"),
        step=3,
    )
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-detail", args=[hoa.pk])
    missing = api_client.patch(url, {"status": "retired"})
    assert missing.status_code == 400 and "left_on" in missing.json()
    too_early = api_client.patch(url, {"status": "retired", "left_on": "2019-12-31"})
    assert too_early.status_code == 400 and "left_on" in too_early.json()
    assert Assignment.objects.get(employee=hoa).valid_to is None  # nothing changed by the refusals

    assert api_client.patch(url, {"status": "retired", "left_on": "2026-04-01"}).status_code == 200
    assert Assignment.objects.get(employee=hoa).valid_to == dt.date(2026, 4, 1)
    assert SalaryRecord.objects.get(employee=hoa).valid_to == dt.date(2026, 4, 1)
    assert hoa in staff_in_unit_on(unit=province["d1"], on=dt.date(2026, 3, 31))
    assert hoa not in staff_in_unit_on(unit=province["d1"], on=dt.date(2026, 4, 1))

    back = api_client.patch(url, {"status": "active"})  # taken back: works there again from today
    assert back.status_code == 200
    hoa.refresh_from_db()
    assert hoa.left_on is None
    assert Assignment.objects.filter(employee=hoa, valid_to__isnull=True).count() == 1
    assert SalaryRecord.objects.filter(employee=hoa, valid_to__isnull=True).count() == 1
