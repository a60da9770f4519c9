import datetime as dt
import re

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


def test_the_salary_card_names_each_allowance_and_each_retirement_deadline(client, hr_manager, chuyen_vien):
    from hrm.models import SalaryRecord

    SalaryRecord.objects.filter(employee=chuyen_vien).update(position_allowance="0.30")
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:staff-detail", args=[chuyen_vien.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    page, retirement = response.content.decode(), response.context["computed"]["retirement"]
    assert "<dt>Phụ cấp chức vụ</dt><dd data-position-allowance>0,30</dd>" in page
    assert "<dt>Phụ cấp khác</dt><dd data-other-allowance>—</dd>" in page  # not "0.30 + 0"
    notice, decision = (retirement[k].strftime("%d/%m/%Y") for k in ("notice_date", "decision_date"))
    assert f"<dt>Hạn thông báo nghỉ hưu</dt><dd data-retirement-notice>{notice}</dd>" in page
    assert f"<dt>Hạn quyết định nghỉ hưu</dt><dd data-retirement-decision>{decision}</dd>" in page


def test_the_header_says_who_he_is_at_work_today(client, hr_manager, chuyen_vien, province):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-detail", args=[chuyen_vien.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    summary = page.split("data-summary>", 1)[1].split("</p>", 1)[0]
    unit = province["c1"].name
    assert summary == f"Chuyên viên · {unit} · 01.003 Chuyên viên · Công chức · Đang công tác"


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


def _panels(html: str) -> dict[str, str]:
    """Each tab panel's HTML, by its id."""
    parts = re.split(r'<section class="tab-panel" id="([\w-]+)"', html)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_profile_has_the_issues_eight_tabs_in_order(client, hr_manager, chuyen_vien):
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:staff-detail", args=[chuyen_vien.pk])).content.decode()
    nav = re.search(r'<nav class="tabs-nav[^>]*>(.*?)</nav>', html, re.S).group(1)
    targets = re.findall(r'<a href="#([\w-]+)">', nav)
    expected = ["personal", "work", "salary", "training", "family", "rewards-discipline", "documents", "history"]
    assert targets == expected
    assert list(_panels(html)) == expected  # every tab has its panel, in the same order


def test_each_action_sits_in_the_tab_of_what_it_changes(client, hr_manager, chuyen_vien):
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:staff-detail", args=[chuyen_vien.pk])).content.decode()
    head, panels = html.split('<nav class="tabs-nav', 1)[0], _panels(html)
    pk = chuyen_vien.pk
    where = {
        "personal": [f"/hrm/staff/{pk}/edit/"],
        "work": [f"/hrm/staff/{pk}/transfer/", f"/hrm/staff/{pk}/career/add/"],
        "salary": [f"/hrm/staff/{pk}/salary/"],
        "training": [f"/hrm/staff/{pk}/training/add/"],
        "family": [f"/hrm/staff/{pk}/family/add/"],
        "rewards-discipline": [f"/hrm/staff/{pk}/rewards/add/", f"/hrm/staff/{pk}/ratings/add/"],
    }
    for tab, urls in where.items():
        for url in urls:
            assert f'href="{url}"' in panels[tab], (tab, url)
            assert url not in head
