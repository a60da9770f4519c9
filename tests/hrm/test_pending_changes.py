"""Future-dated changes are pending (issue #13): a transfer or raise recorded today from a later date changes nothing
that is read as "today" until that date; every view reads what is in force on the date it is about."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hrm.models import Employee, Rank
from hrm.services import salary_change
from hrm.services.staff import employee_hire, employee_transfer

pytestmark = pytest.mark.django_db
A1 = "01.003"


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def hoa(province):
    """Chuyên viên A1 step 3 in Thị trấn Châu Thành (c1, under d1) since 01/01/2024."""
    return employee_hire(
        code="CV001",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=dt.date(2024, 1, 1),
        actor=None,
        person_fields={"full_name": "Nguyễn Thị Hoa", "date_of_birth": dt.date(1990, 3, 10), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code=A1),
        step=3,
    )


def test_defect_a_future_transfer_shows_as_current_in_the_list_today(api_client, admin_user, hoa, province):
    soon = today() + dt.timedelta(days=1)
    employee_transfer(employee=hoa, unit=province["c2"], on=soon, reason="transfer", actor=admin_user)
    api_client.force_authenticate(admin_user)
    rows = api_client.get(reverse("hrm-api:staff-list")).json()["results"]
    assert [r["unit"] for r in rows if r["id"] == hoa.pk] == ["Thị trấn Châu Thành"]


def test_defect_a_future_raise_shows_as_current_on_the_record_today(admin_user, hoa):
    soon = today() + dt.timedelta(days=1)
    salary_change(employee=hoa, actor=admin_user, on=soon, reason="early")
    assert Employee.objects.get(pk=hoa.pk).salary_step == 3
