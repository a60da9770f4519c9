"""Staff quotas (biên chế) by period: the service, its refusals, the API, the admin inline and the units page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEntry
from hrm.models import OrgUnit, StaffQuota
from hrm.services.org import staff_quota_set, unit_create
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db

Y2023, Y2024, Y2025 = dt.date(2023, 1, 1), dt.date(2024, 1, 1), dt.date(2025, 1, 1)


def periods(unit):
    rows = StaffQuota.objects.filter(unit=unit).order_by("valid_from")
    return list(rows.values_list("quota", "valid_from", "valid_to"))


def refused(field, **kwargs):
    with pytest.raises(ValidationError) as caught:
        staff_quota_set(**kwargs)
    assert field in caught.value.message_dict
    return caught.value.message_dict[field][0]


# --- service ---------------------------------------------------------------------------------------
def test_a_new_decision_closes_the_quota_in_force_and_opens_its_own(province, admin_user):
    d1 = province["d1"]
    staff_quota_set(unit=d1, quota=40, valid_from=Y2023, decision_no="QĐ 1/2023", actor=admin_user)
    row = staff_quota_set(unit=d1, quota=36, valid_from=Y2024, decision_no=" QĐ  5/2024 ", actor=admin_user)
    assert periods(d1) == [(40, Y2023, Y2024), (36, Y2024, None)]
    assert row.decision_no == "QĐ 5/2024"
    assert StaffQuota.objects.in_force(dt.date(2023, 12, 31)).get(unit=d1).quota == 40
    entries = AuditEntry.objects.filter(model="hrm.staffquota").order_by("id")
    assert [e.action for e in entries] == ["create", "update", "create"]
    assert entries[1].changes == {"valid_to": [None, "2024-01-01"]} and entries[2].actor == admin_user


def test_a_second_decision_on_the_same_day_corrects_that_days_row(province, admin_user):
    staff_quota_set(unit=province["d1"], quota=40, valid_from=Y2024, decision_no="QĐ 1", actor=admin_user)
    staff_quota_set(unit=province["d1"], quota=42, valid_from=Y2024, decision_no="QĐ 2", actor=admin_user)
    assert periods(province["d1"]) == [(42, Y2024, None)]
    assert StaffQuota.objects.get(unit=province["d1"]).decision_no == "QĐ 2"


def test_negative_quotas_are_refused_and_nothing_is_written(province, admin_user, english):
    message = refused("quota", unit=province["d1"], quota=-1, valid_from=Y2024, actor=admin_user)
    assert "zero or more" in message
    assert not StaffQuota.objects.exists() and not AuditEntry.objects.filter(model="hrm.staffquota").exists()


def test_a_date_before_the_quota_in_force_is_refused(province, admin_user):
    staff_quota_set(unit=province["d1"], quota=40, valid_from=Y2024, actor=admin_user)
    message = refused("valid_from", unit=province["d1"], quota=30, valid_from=Y2023, actor=admin_user)
    assert "01/01/2024" in message
    assert periods(province["d1"]) == [(40, Y2024, None)]


def test_dates_outside_the_units_life_are_refused(province, admin_user):
    message = refused("valid_from", unit=province["d1"], quota=5, valid_from=dt.date(2014, 12, 31), actor=admin_user)
    assert "01/01/2015" in message
    closed = province["c2"]
    OrgUnit.objects.filter(pk=closed.pk).update(valid_to=Y2024)
    refused("valid_from", unit=closed, quota=5, valid_from=Y2025, actor=admin_user)
    assert not StaffQuota.objects.exists()


def test_a_unit_closing_later_gets_rows_that_end_with_it(province, admin_user):
    OrgUnit.objects.filter(pk=province["c2"].pk).update(valid_to=Y2025)
    staff_quota_set(unit=province["c2"], quota=8, valid_from=Y2023, actor=admin_user)
    staff_quota_set(unit=province["c2"], quota=7, valid_from=Y2024, actor=admin_user)
    assert periods(province["c2"]) == [(8, Y2023, Y2024), (7, Y2024, Y2025)]


def test_the_database_keeps_one_open_row_per_unit(province):
    StaffQuota.objects.create(unit=province["d1"], quota=1, valid_from=Y2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffQuota.objects.create(unit=province["d1"], quota=2, valid_from=Y2024)


def test_unit_create_records_its_first_quota(province, admin_user):
    unit = unit_create(
        code="PNV",
        name="Phòng Nội vụ",
        kind="division",
        parent=province["d1"],
        valid_from=Y2024,
        actor=admin_user,
        staff_quota=6,
        quota_decision_no="QĐ 9/2024",
    )
    assert periods(unit) == [(6, Y2024, None)]
    assert unit.staff_quota == 6


def test_staff_quota_is_the_quota_in_force_today(province, admin_user):
    today = timezone.localdate()
    staff_quota_set(unit=province["d1"], quota=40, valid_from=Y2023, actor=admin_user)
    staff_quota_set(unit=province["d1"], quota=99, valid_from=today + dt.timedelta(days=30), actor=admin_user)
    assert OrgUnit.objects.get(pk=province["d1"].pk).staff_quota == 40
    listed = {u.pk: u.staff_quota for u in OrgUnit.objects.with_quota_today()}
    assert listed[province["d1"].pk] == 40 and listed[province["d2"].pk] is None


# --- API -------------------------------------------------------------------------------------------
def url(unit):
    return reverse("hrm-api:unit-quotas", args=[unit.pk])


def test_hr_officer_reads_the_quota_history_of_his_units_only(api_client, hr_manager, province, admin_user):
    staff_quota_set(unit=province["c1"], quota=9, valid_from=Y2023, decision_no="QĐ 1", actor=admin_user)
    staff_quota_set(unit=province["c1"], quota=8, valid_from=Y2024, decision_no="QĐ 2", actor=admin_user)
    api_client.force_authenticate(hr_manager)
    response = api_client.get(url(province["c1"]))
    assert response.status_code == 200
    assert [(r["quota"], r["valid_from"], r["valid_to"]) for r in response.json()] == [
        (9, "2023-01-01", "2024-01-01"),
        (8, "2024-01-01", None),
    ]
    assert api_client.get(url(province["c2"])).status_code == 404


def test_only_province_administrators_record_quotas(api_client, hr_manager, outsider, province):
    api_client.force_authenticate(hr_manager)
    body = {"quota": 12, "valid_from": "2024-01-01", "decision_no": "QĐ 3"}
    assert api_client.post(url(province["c1"]), body, format="json").status_code == 403
    api_client.force_authenticate(outsider)
    assert api_client.get(url(province["c1"])).status_code == 403
    assert not StaffQuota.objects.exists()


def test_administrator_records_a_quota_and_bad_input_is_a_400_naming_the_field(api_client, admin_user, province):
    api_client.force_authenticate(admin_user)
    response = api_client.post(url(province["d1"]), {"quota": 30, "valid_from": "2024-01-01", "decision_no": "QĐ 3"})
    assert response.status_code == 201, response.json()
    assert response.json()["quota"] == 30 and response.json()["valid_to"] is None
    negative = api_client.post(url(province["d1"]), {"quota": -3, "valid_from": "2025-01-01"})
    assert negative.status_code == 400 and "quota" in negative.json()
    early = api_client.post(url(province["d1"]), {"quota": 25, "valid_from": "2023-06-01"})
    assert early.status_code == 400 and "valid_from" in early.json()
    assert periods(province["d1"]) == [(30, Y2024, None)]
    assert (
        api_client.post(
            reverse("hrm-api:unit-quotas", args=[999999]), {"quota": 1, "valid_from": "2024-01-01"}
        ).status_code
        == 404
    )


def test_unit_list_shows_the_quota_in_force_today(api_client, hr_manager, province, admin_user):
    staff_quota_set(unit=province["c1"], quota=9, valid_from=Y2023, actor=admin_user)
    api_client.force_authenticate(hr_manager)
    rows = {row["code"]: row for row in api_client.get(reverse("hrm-api:unit-list")).json()["results"]}
    assert rows["X28801"]["staff_quota"] == 9 and rows["H831"]["staff_quota"] is None


# --- units page and admin ---------------------------------------------------------------------------
def test_units_page_shows_todays_quota_in_a_fixed_number_of_queries(
    client, hr_manager, province, admin_user, django_assert_max_num_queries
):
    staff_quota_set(unit=province["c1"], quota=9, valid_from=Y2023, actor=admin_user)
    staff_quota_set(unit=province["d1"], quota=417, valid_from=Y2023, actor=admin_user)
    client.force_login(hr_manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("hrm:units"))
    page = response.content.decode()
    assert response.status_code == 200 and ">417<" in page and ">9<" in page


@pytest.fixture
def superuser_client(client):
    user = UserFactory(username="root_admin", is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def _unit_form(unit, **quota):
    data = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "gso_code": unit.gso_code,
        "parent": unit.parent_id or "",
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": "",
        "successor": "",
        "sort_order": unit.sort_order,
    }
    rows = list(unit.quotas.order_by("valid_from"))
    data.update(
        {
            "quotas-TOTAL_FORMS": len(rows) + (1 if quota else 0),
            "quotas-INITIAL_FORMS": len(rows),
            "quotas-MIN_NUM_FORMS": 0,
            "quotas-MAX_NUM_FORMS": 1000,
        }
    )
    for i, row in enumerate(rows):
        data.update({f"quotas-{i}-id": row.pk, f"quotas-{i}-unit": unit.pk})
    if quota:
        data.update({f"quotas-{len(rows)}-{key}": value for key, value in quota.items()})
        data[f"quotas-{len(rows)}-unit"] = unit.pk
    return data


def test_admin_inline_records_a_quota_through_the_service(superuser_client, province):
    unit = province["d1"]
    staff_quota_set(unit=unit, quota=40, valid_from=Y2023, actor=None)
    change = reverse("admin:hrm_orgunit_change", args=[unit.pk])
    assert superuser_client.get(change).status_code == 200
    assert superuser_client.get(reverse("admin:hrm_orgunit_add")).status_code == 200
    data = _unit_form(unit, quota=35, decision_no="QĐ 12/2024", valid_from="2024-01-01")
    response = superuser_client.post(change, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert periods(unit) == [(40, Y2023, Y2024), (35, Y2024, None)]
    assert AuditEntry.objects.filter(model="hrm.staffquota", action="create", actor__username="root_admin").exists()


def test_admin_inline_refuses_what_the_service_refuses(superuser_client, province):
    unit = province["d1"]
    staff_quota_set(unit=unit, quota=40, valid_from=Y2024, actor=None)
    change = reverse("admin:hrm_orgunit_change", args=[unit.pk])
    response = superuser_client.post(change, _unit_form(unit, quota=35, valid_from="2023-01-01"))
    assert response.status_code == 200  # the form again, with the error
    assert "01/01/2024" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert periods(unit) == [(40, Y2024, None)]


def test_hr_officers_see_the_quota_history_but_cannot_add(hr_manager, province, rf):
    from django.contrib import admin

    from hrm.admin import StaffQuotaInline
    from hrm.services.access import user_admin_access_sync

    user_admin_access_sync(user=hr_manager)
    request = rf.get("/")
    request.user = type(hr_manager).objects.get(pk=hr_manager.pk)  # fresh permission cache
    inline = StaffQuotaInline(OrgUnit, admin.site)
    assert inline.has_view_permission(request, province["d1"])
    assert not inline.has_add_permission(request, province["d1"])
    assert not inline.has_change_permission(request, province["d1"])
