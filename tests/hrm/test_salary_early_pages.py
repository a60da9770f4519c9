"""Early raises (nâng bậc lương trước thời hạn) through the salary change page and its API: refused when more
than 12 months early and over the unit's yearly quota, in Vietnamese, on the right field, saving nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from hrm.models import Rank, SalaryRecord
from hrm.services import salary_change
from hrm.services.staff import employee_hire

pytestmark = pytest.mark.django_db
A1 = "01.003"
TOO_EARLY = "chỉ được sớm tối đa 12 tháng so với kỳ nâng thường xuyên, đến hạn ngày 01/01/2027"
QUOTA_USED = "Đơn vị đã dùng hết 2 suất nâng bậc lương trước thời hạn của năm 2026"


def hire(province, n: int):
    """A1 step 3 since 01/01/2024 in the same unit: the next regular raise is due on 01/01/2027."""
    return employee_hire(
        code=f"CV{n:03d}",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=dt.date(2024, 1, 1),
        actor=None,
        person_fields={"full_name": f"Trần Văn {n}", "date_of_birth": dt.date(1990, 1, 1 + n % 28), "sex": "male"},
        rank=Rank.objects.get(code=A1),
        step=3,
    )


@pytest.fixture
def hoa(province):
    return hire(province, 0)


@pytest.fixture
def quota_used(province, hoa, hr_manager):
    """20 staff in the unit (10 %: two early raises a year), both given in 2026; the third is refused."""
    staff = [hoa] + [hire(province, n) for n in range(1, 20)]
    for employee in staff[:2]:
        salary_change(employee=employee, actor=hr_manager, on=dt.date(2026, 6, 1), reason="early", step=4)
    return staff[2]


def steps(employee):
    return list(SalaryRecord.objects.filter(employee=employee).order_by("valid_from").values_list("step", flat=True))


def page_post(client, user, employee, data):
    client.force_login(user)
    response = client.post(reverse("hrm:salary-change", args=[employee.pk]), data)
    assert response.status_code == 200
    return response


def api_post(api_client, user, employee, data):
    api_client.force_authenticate(user)
    response = api_client.post(reverse("hrm-api:salary-change", args=[employee.pk]), data, format="json")
    assert response.status_code == 400
    return response.json()


def test_the_page_refuses_an_early_raise_more_than_12_months_early(client, hoa, hr_manager):
    response = page_post(client, hr_manager, hoa, {"reason": "early", "on": "01/12/2025", "step": "4"})
    assert list(response.context["form"].errors) == ["on"]
    assert TOO_EARLY in response.content.decode()
    assert steps(hoa) == [3]


def test_the_api_refuses_an_early_raise_more_than_12_months_early(api_client, hoa, hr_manager):
    body = api_post(api_client, hr_manager, hoa, {"reason": "early", "on": "2025-12-01", "step": 4})
    assert list(body) == ["on"] and TOO_EARLY in body["on"][0]
    assert steps(hoa) == [3]


def test_the_page_refuses_an_early_raise_over_the_units_yearly_quota(client, quota_used, hr_manager):
    response = page_post(client, hr_manager, quota_used, {"reason": "early", "on": "01/09/2026", "step": "4"})
    assert list(response.context["form"].errors) == ["reason"]
    assert QUOTA_USED in response.content.decode()
    assert steps(quota_used) == [3]


def test_the_api_refuses_an_early_raise_over_the_units_yearly_quota(api_client, quota_used, hr_manager):
    body = api_post(api_client, hr_manager, quota_used, {"reason": "early", "on": "2026-09-01", "step": 4})
    assert list(body) == ["reason"] and QUOTA_USED in body["reason"][0]
    assert steps(quota_used) == [3]
