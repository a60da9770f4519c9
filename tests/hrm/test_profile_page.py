import datetime as dt

import pytest
from django.urls import reverse

from hrm.models import Rank
from hrm.services.staff import employee_hire

pytestmark = pytest.mark.django_db


@pytest.fixture
def chuyen_vien(province):
    return employee_hire(
        code="CV001",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=dt.date(2024, 1, 1),
        actor=None,
        person_fields={"full_name": "Nguyễn Thị Hoa", "date_of_birth": dt.date(1990, 3, 10), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code="01.003"),
        step=3,
    )


def test_profile_shows_salary_and_retirement_from_the_rules_in_force(client, hr_manager, chuyen_vien):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:staff-detail", args=[chuyen_vien.pk]))
    assert response.status_code == 200
    computed = response.context["computed"]
    assert computed["salary"]["coefficient"] == 3
    assert computed["salary"]["total"] == 3 * computed["salary"]["base_salary"]
    assert computed["next_raise"] == dt.date(2027, 1, 1)  # A1: 36 months after 01/01/2024
    assert computed["retirement"]["retirement_date"].year >= 2049
    page = response.content.decode()
    assert "Nguyễn Thị Hoa" in page and reverse("hrm:form2c", args=[chuyen_vien.pk]) in page


def test_own_record_through_self_service(client, chuyen_vien):
    from tests.hrm.factories import UserFactory

    user = UserFactory(username="hoa", person=chuyen_vien.person)
    client.force_login(user)
    response = client.get(reverse("hrm:my-record"))
    assert response.status_code == 302 and response["Location"] == reverse("hrm:staff-detail", args=[chuyen_vien.pk])
    assert client.get(response["Location"]).status_code == 200


def test_user_without_a_record_gets_404_on_my_record(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("hrm:my-record")).status_code == 404


def test_a_record_without_rank_shows_dashes_not_none(client, hr_manager, province):
    from tests.hrm.factories import EmployeeFactory, PersonFactory

    employee = EmployeeFactory(
        unit=province["d1"],
        rank=None,
        salary_step=None,
        coefficient=None,
        person=PersonFactory(full_name="Võ Thị Nga", sex="female", date_of_birth=dt.date(1985, 4, 2)),
    )
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-detail", args=[employee.pk])).content.decode()
    assert "None" not in page
    salary = page.split("data-monthly-salary>")[1].split("</dd>")[0]
    assert salary.strip() == "—"
