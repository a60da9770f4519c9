"""The edit and transfer pages of a staff record: prefilled, grouped, saved through the services, scoped."""

import datetime as dt

import pytest
from django.urls import reverse

from common.models import AuditEntry
from hrm.forms import STAFF_SECTIONS, StaffEditForm
from hrm.models import Assignment
from hrm.services.staff_update import EMPLOYEE_EDITABLE, PERSON_EDITABLE
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(employee, **changes) -> dict:
    """What the browser posts for the edit form as shown, with `changes` typed in."""
    data = {}
    for name, field in StaffEditForm(employee=employee).fields.items():
        value = StaffEditForm(employee=employee)[name].value()
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def edit_url(employee):
    return reverse("hrm:staff-edit", args=[employee.pk])


# --- edit page -----------------------------------------------------------------------------------
def test_sections_hold_every_editable_field_once():
    names = [name for _, fields in STAFF_SECTIONS for name in fields]
    assert sorted(names) == sorted([*PERSON_EDITABLE, *EMPLOYEE_EDITABLE])


def test_edit_page_is_prefilled_by_section_with_dates_day_first(client, hr_manager, mai, english):
    client.force_login(hr_manager)
    response = client.get(edit_url(mai))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="02/04/1985"' in page and 'value="Trần Thị Mai"' in page
    for title in ("Identity", "Addresses and contact", "Employment", "Education and training"):
        assert f"<legend>{title}</legend>" in page


def test_saving_redirects_to_the_profile_with_a_message_and_audits(client, hr_manager, mai):
    client.force_login(hr_manager)
    data = form_data(mai, phone="0909123456", date_of_birth="03/04/1985", main_duties="Văn thư")
    response = client.post(edit_url(mai), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("hrm:staff-detail", args=[mai.pk])
    page = response.content.decode()
    assert "0909123456" in page and "03/04/1985" in page
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    mai.refresh_from_db()
    assert (mai.person.phone, mai.person.date_of_birth, mai.main_duties) == (
        "0909123456",
        dt.date(1985, 4, 3),
        "Văn thư",
    )
    entry = AuditEntry.objects.get(model="hrm.person", object_id=str(mai.person_id), action="update")
    assert set(entry.changes) == {"phone", "date_of_birth"} and entry.actor == hr_manager


def test_a_wrong_cccd_shows_the_services_message_next_to_the_field_and_saves_nothing(client, hr_manager, mai):
    client.force_login(hr_manager)
    response = client.post(edit_url(mai), form_data(mai, cccd="083085000123", phone="0909123456"))  # male digit
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["cccd"]
    assert "giới tính" in " ".join(form.errors["cccd"]).lower()  # the Vietnamese message of the CCCD check
    page = response.content.decode()
    assert 'data-field="cccd"' in page and "has-error" in page
    mai.refresh_from_db()
    assert mai.person.cccd is None and mai.person.phone == ""
    assert not AuditEntry.objects.filter(model="hrm.person").exists()


def test_a_bad_date_is_refused_on_its_field(client, hr_manager, mai):
    client.force_login(hr_manager)
    response = client.post(edit_url(mai), form_data(mai, date_of_birth="31/02/1985", phone="1"))
    assert response.status_code == 200 and "date_of_birth" in response.context["form"].errors
    mai.refresh_from_db()
    assert mai.person.date_of_birth == dt.date(1985, 4, 2) and mai.person.phone == ""


def test_saving_without_changes_writes_nothing(client, hr_manager, mai):
    client.force_login(hr_manager)
    response = client.post(edit_url(mai), form_data(mai), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["info"]
    assert not AuditEntry.objects.filter(model__in=["hrm.person", "hrm.employee"]).exists()


def test_only_the_records_hr_officers_and_administrators_may_edit(client, mai, other_hr_manager, outsider, admin_user):
    client.force_login(other_hr_manager)
    assert client.get(edit_url(mai)).status_code == 404
    assert client.post(edit_url(mai), form_data(mai, phone="1")).status_code == 404
    client.force_login(outsider)
    assert client.get(edit_url(mai)).status_code == 404
    client.force_login(UserFactory(username="mai", person=mai.person))  # sees her record, cannot change it
    assert client.get(reverse("hrm:staff-detail", args=[mai.pk])).status_code == 200
    assert client.get(edit_url(mai)).status_code == 403
    assert client.post(edit_url(mai), form_data(mai, phone="1")).status_code == 403
    client.force_login(admin_user)
    assert client.get(edit_url(mai)).status_code == 200
    mai.refresh_from_db()
    assert mai.person.phone == ""


def test_anonymous_users_go_to_the_login_page(client, mai):
    response = client.get(edit_url(mai))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- transfer page -------------------------------------------------------------------------------
def transfer_url(employee):
    return reverse("hrm:staff-transfer", args=[employee.pk])


def test_transfer_offers_only_the_officers_units(client, hr_manager, mai, province):
    client.force_login(hr_manager)
    response = client.get(transfer_url(mai))
    assert response.status_code == 200
    offered = {unit.code for unit in response.context["form"].fields["unit"].queryset}
    assert offered == {"H831", "X28801"}
    assert response.context["form"]["position"].value() == "Chuyên viên"


def test_transfer_keeps_the_history_and_goes_back_to_the_profile(client, hr_manager, mai, province):
    client.force_login(hr_manager)
    data = {
        "unit": province["c1"].pk,
        "on": "01/03/2026",
        "reason": "transfer",
        "position": "Công chức Tư pháp",
        "decision_no": "12/QĐ-UBND",
    }
    response = client.post(transfer_url(mai), data, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/hrm/staff/{mai.pk}/#h-work-history")
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    rows = list(
        Assignment.objects.filter(employee=mai).order_by("valid_from").values_list("unit__code", "valid_to", "position")
    )
    assert rows == [("H831", dt.date(2026, 3, 1), ""), ("X28801", None, "Công chức Tư pháp")]
    assert "01/03/2026" in response.content.decode()


def test_transfer_refusals_are_shown_on_their_fields_and_write_nothing(client, hr_manager, mai, province):
    client.force_login(hr_manager)
    outside = client.post(transfer_url(mai), {"unit": province["c2"].pk, "on": "01/03/2026", "reason": "transfer"})
    assert outside.status_code == 200
    assert outside.context["form"].errors["unit"] == ["Đơn vị này không thuộc phạm vi bạn quản lý."]
    early = client.post(transfer_url(mai), {"unit": province["c1"].pk, "on": "01/03/2019", "reason": "transfer"})
    assert early.status_code == 200
    assert "on" in early.context["form"].errors  # before the current assignment began (01/01/2020)
    assert 'role="alert"' in early.content.decode()
    assert Assignment.objects.filter(employee=mai).count() == 1


def test_transfer_page_refuses_others(client, mai, other_hr_manager):
    client.force_login(other_hr_manager)
    assert client.get(transfer_url(mai)).status_code == 404
    client.force_login(UserFactory(username="mai", person=mai.person))
    assert client.post(transfer_url(mai), {"unit": mai.unit_id, "on": "01/03/2026"}).status_code == 403


# --- links on the profile ------------------------------------------------------------------------
def test_profile_links_to_the_edit_pages_only_for_those_who_may_write(client, hr_manager, mai):
    links = [
        edit_url(mai),
        transfer_url(mai),
        reverse("hrm:rating-add", args=[mai.pk]),
        reverse("hrm:reward-add", args=[mai.pk]),
        reverse("hrm:discipline-add", args=[mai.pk]),
    ]
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-detail", args=[mai.pk])).content.decode()
    assert all(link in page for link in links)
    client.force_login(UserFactory(username="mai", person=mai.person))
    page = client.get(reverse("hrm:staff-detail", args=[mai.pk])).content.decode()
    assert not any(link in page for link in links)
