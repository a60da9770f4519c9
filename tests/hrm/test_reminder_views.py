import datetime as dt

import pytest
from django.urls import reverse

from hrm.models import Reminder
from tests.hrm.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminders(province):
    mine = EmployeeFactory(unit=province["c1"])
    theirs = EmployeeFactory(unit=province["c2"])
    return [
        Reminder.objects.create(kind="raise_due", employee=mine, unit=mine.unit, due_date=dt.date(2026, 12, 1)),
        Reminder.objects.create(
            kind="retirement_due", employee=theirs, unit=theirs.unit, due_date=dt.date(2027, 1, 31)
        ),
    ]


def test_hr_officer_sees_only_his_units_reminders(client, api_client, hr_manager, reminders):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:reminders"))
    assert page.status_code == 200
    assert reminders[0].employee.code in page.content.decode()
    assert reminders[1].employee.code not in page.content.decode()
    api_client.force_authenticate(hr_manager)
    rows = api_client.get(reverse("hrm-api:reminders")).json()["results"]
    assert [r["id"] for r in rows] == [reminders[0].pk]


def test_kind_filter_and_bad_kind(api_client, admin_user, reminders):
    api_client.force_authenticate(admin_user)
    rows = api_client.get(reverse("hrm-api:reminders"), {"kind": "retirement_due"}).json()["results"]
    assert [r["id"] for r in rows] == [reminders[1].pk]
    assert "kind" in api_client.get(reverse("hrm-api:reminders"), {"kind": "holiday"}).json()


def test_outsider_is_refused(client, api_client, outsider, reminders):
    client.force_login(outsider)
    assert client.get(reverse("hrm:reminders")).status_code == 403
    api_client.force_authenticate(outsider)
    assert api_client.get(reverse("hrm-api:reminders")).status_code == 403


def test_overdue_reminders_are_marked_on_the_page_and_in_the_api(client, api_client, hr_manager, province):
    from django.utils import timezone

    employee = EmployeeFactory(unit=province["c1"])
    today = timezone.localdate()
    late = Reminder.objects.create(
        kind="raise_due", employee=employee, unit=employee.unit, due_date=today - dt.timedelta(days=3)
    )
    Reminder.objects.create(kind="rating_missing", employee=employee, unit=employee.unit, due_date=today)
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:reminders")).content.decode()
    assert html.count("data-overdue") == 1 and "Quá hạn" in html
    api_client.force_authenticate(hr_manager)
    rows = api_client.get(reverse("hrm-api:reminders")).json()["results"]
    assert {r["id"]: r["overdue"] for r in rows} == {late.pk: True, rows[1]["id"]: False}
