"""The salary change page /hrm/staff/<id>/salary/ and its API /api/hrm/staff/<id>/salary/: prefilled, saved
through the service, refusals on their fields, linked from the profile and the raise-due reminders, scoped."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hrm.models import Rank, Reminder, SalaryRecord
from hrm.services.current import staff_current_refresh
from hrm.services.staff import employee_hire
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db
A1, A2 = "01.003", "01.002"


@pytest.fixture
def hoa(province):
    """A1 step 3 (coefficient 3.00) since 01/01/2024: her next regular raise is due on 01/01/2027."""
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


@pytest.fixture
def me(hoa):
    """Hoa herself (self-service): she reads her record, never changes it."""
    return UserFactory(username="hoa", person=hoa.person)


def page_url(employee):
    return reverse("hrm:salary-change", args=[employee.pk])


def api_url(employee):
    return reverse("hrm-api:salary-change", args=[employee.pk])


def steps(employee):
    return list(SalaryRecord.objects.filter(employee=employee).order_by("valid_from").values_list("step", flat=True))


# --- the page -------------------------------------------------------------------------------------
def test_the_page_shows_the_current_pay_and_prefills_the_regular_raise(client, hoa, hr_manager, english):
    client.force_login(hr_manager)
    response = client.get(page_url(hoa))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["reason"].value() == "regular" and form["on"].value() == dt.date(2027, 1, 1)
    assert form["step"].value() == 4
    page = response.content.decode()
    assert 'value="01/01/2027"' in page  # the due date, dd/mm/yyyy
    assert "data-current-pay" in page and "01.003" in page and "3.00" in page
    assert response.context["next_raise"] == dt.date(2027, 1, 1)
    assert response.context["pay"]["total"] > 0  # coefficient × the base salary in force today
    assert "js/salary-change.js" in page


def test_the_page_records_a_regular_raise_and_returns_to_the_salary_history(client, hoa, hr_manager):
    client.force_login(hr_manager)
    data = {"reason": "regular", "on": "01/01/2027", "step": "4", "decision_no": "QĐ 9"}
    response = client.post(page_url(hoa), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("hrm:staff-detail", args=[hoa.pk]) + "#h-salary-history"
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert steps(hoa) == [3, 4]
    hoa.refresh_from_db()
    expected = (4, Decimal("3.33"), dt.date(2027, 1, 1))
    if timezone.localdate() < dt.date(2027, 1, 1):  # recorded ahead: pending until its day (hrm.services.current)
        assert (hoa.salary_step, hoa.coefficient, hoa.step_since) == (3, Decimal("3.00"), dt.date(2024, 1, 1))
        staff_current_refresh(today=dt.date(2027, 1, 1))
        hoa.refresh_from_db()
    assert (hoa.salary_step, hoa.coefficient, hoa.step_since) == expected


def test_the_page_records_a_promotion_with_its_rank(client, hoa, hr_manager):
    client.force_login(hr_manager)
    a2 = Rank.objects.get(code=A2)
    response = client.post(
        page_url(hoa),
        {"reason": "promotion", "on": "01/03/2026", "rank": a2.pk, "step": "1", "position_allowance": "0,15"},
    )
    assert response.status_code == 302
    record = SalaryRecord.objects.get(employee=hoa, valid_to__isnull=True)
    assert (record.rank_id, record.step, record.coefficient, record.position_allowance) == (
        a2.pk,
        1,
        Decimal("4.40"),
        Decimal("0.15"),
    )


@pytest.mark.parametrize(
    "data, field",
    [
        ({"reason": "regular", "on": "01/06/2026"}, "on"),  # not due yet
        ({"reason": "early", "on": "31/12/2023"}, "on"),  # before the current salary
        ({"reason": "early", "on": "01/06/2026", "step": "6"}, "step"),
        ({"reason": "promotion", "on": "01/06/2026"}, "rank"),
        ({"reason": "seniority", "on": "01/06/2026"}, "seniority_percent"),
        ({"reason": "correction", "on": "01/06/2026"}, "reason"),  # changes nothing
        ({"reason": "early", "on": "2026-13-01"}, "on"),  # not a date
    ],
)
def test_refusals_show_on_their_field_and_save_nothing(client, hoa, hr_manager, data, field):
    client.force_login(hr_manager)
    response = client.post(page_url(hoa), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    assert 'class="field has-error' in response.content.decode()
    assert steps(hoa) == [3]


def test_the_profile_links_the_page_for_its_officers_only(client, hoa, hr_manager, me):
    profile = reverse("hrm:staff-detail", args=[hoa.pk])
    client.force_login(hr_manager)
    assert page_url(hoa) in client.get(profile).content.decode()
    client.force_login(me)
    response = client.get(profile)
    assert response.status_code == 200 and page_url(hoa) not in response.content.decode()
    hoa.status = "retired"
    hoa.save()
    client.force_login(hr_manager)
    assert page_url(hoa) not in client.get(profile).content.decode()


def test_the_reminders_page_links_only_the_raises_due_to_the_form(client, hoa, hr_manager, province):
    other = employee_hire(
        code="CV002",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=dt.date(2024, 1, 1),
        actor=None,
        person_fields={"full_name": "Phạm Văn Tâm", "date_of_birth": dt.date(1985, 5, 5), "sex": "male"},
    )
    Reminder.objects.create(kind="raise_due", employee=hoa, unit=province["c1"], due_date=dt.date(2027, 1, 1))
    Reminder.objects.create(
        kind="record_incomplete", employee=other, unit=province["c1"], due_date=dt.date(2026, 12, 1)
    )
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:reminders")).content.decode()
    assert page.count("data-record-raise") == 1
    assert page_url(hoa) in page and page_url(other) not in page


# --- who may -------------------------------------------------------------------------------------
def test_officers_of_the_unit_and_administrators_use_the_page(client, hoa, hr_manager, admin_user):
    for user in (hr_manager, admin_user):
        client.force_login(user)
        assert client.get(page_url(hoa)).status_code == 200


def test_the_staff_member_gets_403_and_everyone_else_404(
    client, api_client, hoa, me, other_hr_manager, outsider, examiner, trainer, candidate
):
    for user, code in (
        (me, 403),
        (other_hr_manager, 404),
        (outsider, 404),
        (examiner, 404),
        (trainer, 404),
        (candidate, 404),
    ):
        client.force_login(user)
        assert client.get(page_url(hoa)).status_code == code, user
        assert client.post(page_url(hoa), {"reason": "early", "on": "01/06/2026"}).status_code == code, user
        api_client.force_authenticate(user)
        assert api_client.post(api_url(hoa), {"reason": "early", "on": "2026-06-01"}).status_code == code, user
    assert steps(hoa) == [3]


def test_anonymous_visitors_are_sent_to_the_login(client, api_client, hoa):
    response = client.get(page_url(hoa))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert api_client.post(api_url(hoa), {"reason": "early", "on": "2026-06-01"}).status_code in (401, 403)


# --- the API -------------------------------------------------------------------------------------
def test_the_api_records_a_change_with_201_and_the_new_row(api_client, hoa, hr_manager):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(api_url(hoa), {"reason": "early", "on": "01/06/2026", "decision_no": "QĐ 1"})
    assert response.status_code == 201
    body = response.json()
    assert {
        k: body[k]
        for k in ("rank", "step", "coefficient", "seniority_percent", "reason", "decision_no", "valid_from", "valid_to")
    } == {
        "rank": A1,
        "step": 4,
        "coefficient": "3.33",
        "seniority_percent": 0,
        "reason": "early",
        "decision_no": "QĐ 1",
        "valid_from": "2026-06-01",
        "valid_to": None,
    }
    assert body["id"] == SalaryRecord.objects.get(employee=hoa, valid_to__isnull=True).pk


def test_the_api_takes_the_new_rank_by_id(api_client, hoa, admin_user):
    api_client.force_authenticate(admin_user)
    a2 = Rank.objects.get(code=A2)
    response = api_client.post(
        api_url(hoa), {"reason": "promotion", "on": "2026-03-01", "rank": a2.pk}, format="json"
    )  # the step is the rules': 3.00 → the next higher 4.40
    assert response.status_code == 201 and (response.json()["rank"], response.json()["coefficient"]) == (A2, "4.40")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"reason": "regular", "on": "2026-06-01"}, "on"),  # the service: not due yet
        ({"reason": "early", "on": "2026-06-01", "step": 7}, "step"),  # the service: not the next step
        ({"reason": "promotion", "on": "2026-06-01", "rank": 999999, "step": 1}, "rank"),  # no such rank
        ({"reason": "bonus", "on": "2026-06-01"}, "reason"),
        ({"reason": "early"}, "on"),
        ({"reason": "early", "on": "2026-06-01", "coefficient": "9.99", "seniority_percent": -1}, "seniority_percent"),
    ],
)
def test_the_api_refuses_with_400_naming_the_field(api_client, hoa, hr_manager, data, field):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(api_url(hoa), data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field], response.json()
    assert steps(hoa) == [3]


def test_the_api_lists_the_salary_history_to_whoever_may_see_the_record(
    api_client, hoa, hr_manager, me, other_hr_manager
):
    api_client.force_authenticate(hr_manager)
    api_client.post(api_url(hoa), {"reason": "early", "on": "2026-06-01"})
    for user in (hr_manager, me):
        api_client.force_authenticate(user)
        response = api_client.get(api_url(hoa))
        assert response.status_code == 200
        assert [(r["step"], r["valid_from"], r["valid_to"]) for r in response.json()] == [
            (3, "2024-01-01", "2026-06-01"),
            (4, "2026-06-01", None),
        ]
    api_client.force_authenticate(other_hr_manager)
    assert api_client.get(api_url(hoa)).status_code == 404


def test_the_page_names_each_allowance_as_a_vietnamese_decimal_or_a_dash(client, hoa, hr_manager):
    SalaryRecord.objects.filter(employee=hoa).update(other_allowance=Decimal("0.25"))
    client.force_login(hr_manager)
    page = client.get(page_url(hoa), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "<dt>Phụ cấp chức vụ</dt><dd>—</dd>" in page
    assert "<dt>Phụ cấp khác</dt><dd>0,25</dd>" in page and " + " not in page.split("<dl", 1)[1].split("</dl>", 1)[0]
