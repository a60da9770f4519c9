"""The profile's "History of changes": the trail of one staff member's record, for his HR officers only."""

import datetime as dt

import pytest
from django.urls import reverse

from common.models import AuditEntry
from hrm.services import reward_create, reward_delete
from hrm.services.staff import employee_transfer
from hrm.services.staff_update import employee_update
from tests.hrm.factories import EmployeeFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile(client, employee):
    return client.get(reverse("hrm:staff-detail", args=[employee.pk]))


def history(response) -> list[dict]:
    return response.context["audit_history"]


def test_an_edit_through_the_api_shows_before_and_after(client, api_client, hr_manager, mai, english):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-detail", args=[mai.pk])
    response = api_client.patch(url, {"phone": "0909123456", "main_duties": "Văn thư", "education_level": "dai_hoc"})
    assert response.status_code == 200, response.json()
    client.force_login(hr_manager)
    response = profile(client, mai)
    rows = history(response)
    assert {row["model"] for row in rows} == {"Person", "Staff member"}
    changes = {c["field"]: (c["before"], c["after"]) for row in rows for c in row["changes"]}
    assert changes["Phone"] == ("—", "0909123456")
    assert changes["Main duties"] == ("—", "Văn thư")
    assert changes["Highest professional level"] == ("—", "University")
    assert all(row["actor"] == "hr_chau_thanh" and row["action"] == "Changed" for row in rows)
    page = response.content.decode()
    assert "data-audit-history" in page and "History of changes" in page
    assert "0909123456" in page and "→" in page


def test_the_section_lists_the_records_histories_and_nobody_elses(client, hr_manager, mai, province, english):
    other = EmployeeFactory(unit=province["d1"], person=PersonFactory(full_name="Võ Minh Đức", sex="male"))
    employee_update(employee=other, actor=hr_manager, person_fields={"phone": "0911000111"}, employee_fields={})
    kept = reward_create(employee=mai, date=dt.date(2025, 5, 1), form="Giấy khen", actor=hr_manager)
    gone = reward_create(employee=mai, date=dt.date(2024, 5, 1), form="Bằng khen", actor=hr_manager)
    gone_id = str(gone.pk)
    reward_delete(reward=gone, actor=hr_manager)
    closed = mai.assignments.get()
    opened = employee_transfer(
        employee=mai, unit=province["c1"], on=dt.date(2026, 1, 1), reason="transfer", actor=hr_manager
    )
    client.force_login(hr_manager)
    rows = history(profile(client, mai))
    listed = [(row["entry"].model, row["entry"].object_id, row["entry"].action) for row in rows]
    assert listed == [  # newest first
        ("hrm.employee", str(mai.pk), "update"),
        ("hrm.assignment", str(opened.pk), "create"),
        ("hrm.assignment", str(closed.pk), "update"),
        ("hrm.reward", gone_id, "delete"),  # found although the row is gone
        ("hrm.reward", gone_id, "create"),
        ("hrm.reward", str(kept.pk), "create"),
    ]
    transfer = {c["field"]: (c["before"], c["after"]) for c in rows[0]["changes"]}
    assert transfer["Unit"] == ("Huyện Châu Thành", "Thị trấn Châu Thành")
    deleted = {c["field"]: (c["before"], c["after"]) for c in rows[3]["changes"] + rows[3]["more_changes"]}
    assert deleted["Form"] == ("Bằng khen", "—")
    assert deleted["Staff member"] == (f"Trần Thị Mai ({mai.code})", "—")
    assert "Decision number" not in deleted  # blank before and after: nothing to tell


def test_only_the_last_fifty_are_shown_with_links_to_the_whole_trail(client, hr_manager, mai):
    for n in range(55):
        employee_update(employee=mai, actor=hr_manager, person_fields={"phone": f"09{n:08d}"}, employee_fields={})
    client.force_login(hr_manager)
    response = profile(client, mai)
    rows = history(response)
    assert len(rows) == 50 and rows[0]["changes"][0]["after"] == "0900000054"
    page = response.content.decode()
    person_link = f"{reverse('common:audit')}?model=hrm.person&amp;object_id={mai.person_id}"
    assert person_link in page
    assert f"{reverse('common:audit')}?model=hrm.employee&amp;object_id={mai.pk}" in page
    whole = client.get(reverse("common:audit"), {"model": "hrm.person", "object_id": mai.person_id})
    assert whole.context["page"].paginator.count == 55


def test_the_record_keeps_its_trail_when_the_person_moves_to_another_officer(
    client, hr_manager, other_hr_manager, admin_user, province
):
    binh = EmployeeFactory(unit=province["d2"], person=PersonFactory(full_name="Lê Văn Bình", sex="male"))
    employee_update(employee=binh, actor=other_hr_manager, person_fields={"phone": "0922000222"}, employee_fields={})
    earlier = AuditEntry.objects.get(model="hrm.person", object_id=str(binh.person_id))
    employee_transfer(employee=binh, unit=province["d1"], on=dt.date(2026, 1, 1), reason="transfer", actor=admin_user)
    client.force_login(hr_manager)
    assert earlier.pk in {row["entry"].pk for row in history(profile(client, binh))}
    # The record's own trail on the audit page too, but not in the list of his units' entries.
    audit = reverse("common:audit")
    by_record = client.get(audit, {"model": "hrm.person", "object_id": binh.person_id})
    assert earlier.pk in {row["entry"].pk for row in by_record.context["rows"]}
    assert earlier.pk not in {row["entry"].pk for row in client.get(audit).context["rows"]}
    # Ba Tri's officer no longer sees Bình: his profile is a 404.
    client.force_login(other_hr_manager)
    assert profile(client, binh).status_code == 404


def test_the_section_is_for_the_records_hr_officers_and_administrators(
    client, hr_manager, other_hr_manager, admin_user, mai
):
    employee_update(employee=mai, actor=hr_manager, person_fields={"phone": "0909000909"}, employee_fields={})
    client.force_login(admin_user)
    assert len(history(profile(client, mai))) == 1
    client.force_login(other_hr_manager)
    assert profile(client, mai).status_code == 404


def test_self_service_does_not_show_the_trail(client, hr_manager, mai):
    employee_update(employee=mai, actor=hr_manager, person_fields={"phone": "0909000909"}, employee_fields={})
    client.force_login(UserFactory(username="mai", person=mai.person))
    response = client.get(reverse("hrm:my-record"), follow=True)
    assert response.status_code == 200 and response.context["employee"] == mai
    assert response.context["audit_history"] is None
    assert "data-audit-history" not in response.content.decode()
    assert client.get(reverse("common:audit")).status_code == 403
