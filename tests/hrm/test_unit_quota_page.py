"""The quota page of a unit: its decisions by period for HR officers who see it; administrators record new ones."""

import datetime as dt

import pytest
from django.urls import reverse

from common.models import AuditEntry
from hrm.models import StaffQuota
from hrm.services import staff_quota_set

pytestmark = pytest.mark.django_db

Y2023, Y2024 = dt.date(2023, 1, 1), dt.date(2024, 1, 1)


def url(unit) -> str:
    return reverse("hrm:unit-quotas", args=[unit.pk])


def periods(unit):
    return list(
        StaffQuota.objects.filter(unit=unit)
        .order_by("valid_from")
        .values_list("quota", "valid_from", "valid_to", "decision_no")
    )


@pytest.fixture
def c1_quotas(province):
    staff_quota_set(unit=province["c1"], quota=9, valid_from=Y2023, decision_no="QĐ 1/2023", actor=None)
    staff_quota_set(unit=province["c1"], quota=8, valid_from=Y2024, decision_no="QĐ 7/2024", actor=None)
    return province["c1"]


def test_administrator_records_a_decision_from_the_page(client, admin_user, c1_quotas):
    client.force_login(admin_user)
    page = client.get(url(c1_quotas))
    assert page.status_code == 200 and page.context["form"]["quota"].value() == 8  # the quota in force
    response = client.post(
        url(c1_quotas), {"quota": "12", "valid_from": "01/07/2025", "decision_no": " QĐ  3/2025 "}, follow=True
    )
    assert response.redirect_chain[-1][0] == url(c1_quotas)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert periods(c1_quotas) == [
        (9, Y2023, Y2024, "QĐ 1/2023"),
        (8, Y2024, dt.date(2025, 7, 1), "QĐ 7/2024"),
        (12, dt.date(2025, 7, 1), None, "QĐ 3/2025"),
    ]
    created = AuditEntry.objects.filter(model="hrm.staffquota", action="create").latest("id")
    assert created.actor == admin_user and created.unit_id == c1_quotas.pk
    html = response.content.decode()
    assert "01/07/2025" in html and "QĐ 3/2025" in html and 'aria-current="true"' in html


def test_the_history_is_dated_day_first_newest_first(client, hr_manager, c1_quotas):
    client.force_login(hr_manager)
    response = client.get(url(c1_quotas))
    assert [row.quota for row in response.context["quotas"]] == [8, 9]
    assert response.context["current"].quota == 8
    html = response.content.decode()
    assert html.index("01/01/2024") < html.index("01/01/2023")
    assert "QĐ 7/2024" in html and "QĐ 1/2023" in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"quota": "-1", "valid_from": "01/07/2025"}, "quota"),  # the service's refusal
        ({"quota": "5", "valid_from": "01/06/2023"}, "valid_from"),  # before the quota in force (01/01/2024)
        ({"quota": "5", "valid_from": "31/02/2025"}, "valid_from"),  # no such day
        ({"quota": "", "valid_from": "01/07/2025"}, "quota"),
        ({"quota": "5", "valid_from": "01/07/2025", "decision_no": "x" * 61}, "decision_no"),
    ],
)
def test_a_refused_decision_is_shown_on_its_field_and_nothing_is_written(client, admin_user, c1_quotas, data, field):
    before = periods(c1_quotas)
    audit = AuditEntry.objects.count()
    client.force_login(admin_user)
    response = client.post(url(c1_quotas), data)
    assert response.status_code == 200 and list(response.context["form"].errors) == [field]
    assert 'role="alert"' in response.content.decode()
    assert periods(c1_quotas) == before and AuditEntry.objects.count() == audit


def test_the_refusal_names_the_date_in_force(client, admin_user, c1_quotas):
    client.force_login(admin_user)
    response = client.post(url(c1_quotas), {"quota": "5", "valid_from": "01/06/2023"})
    assert "01/01/2024" in " ".join(response.context["form"].errors["valid_from"])


def test_hr_officers_read_the_history_without_a_form_and_cannot_post(client, hr_manager, c1_quotas):
    client.force_login(hr_manager)
    page = client.get(url(c1_quotas))
    assert page.status_code == 200 and page.context["form"] is None and not page.context["can_record"]
    assert "data-quota-form" not in page.content.decode()
    assert client.post(url(c1_quotas), {"quota": "50", "valid_from": "01/07/2025"}).status_code == 403
    assert [row[0] for row in periods(c1_quotas)] == [9, 8]


@pytest.mark.parametrize("persona", ["other_hr_manager", "outsider", "examiner"])
def test_others_get_404(client, request, persona, c1_quotas):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(c1_quotas)).status_code == 404
    assert client.post(url(c1_quotas), {"quota": "50", "valid_from": "01/07/2025"}).status_code == 404
    assert [row[0] for row in periods(c1_quotas)] == [9, 8]


def test_anonymous_users_go_to_the_login_page(client, c1_quotas):
    response = client.get(url(c1_quotas))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_missing_unit_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("hrm:unit-quotas", args=[999999])).status_code == 404


def test_a_unit_without_quota_says_so_and_the_first_can_be_recorded(client, admin_user, province, english):
    client.force_login(admin_user)
    page = client.get(url(province["d2"]))
    assert "No staff quota has been recorded" in page.content.decode() and page.context["current"] is None
    assert client.post(url(province["d2"]), {"quota": "40", "valid_from": "01/01/2024"}).status_code == 302
    assert periods(province["d2"]) == [(40, Y2024, None, "")]


def test_the_units_page_links_the_quota_column_to_the_history(client, hr_manager, c1_quotas, province):
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:units")).content.decode()
    assert f'href="{url(c1_quotas)}"' in html and f'href="{url(province["d1"])}"' in html
    assert f'href="{url(province["d2"])}"' not in html  # not his
