"""Salary changes: the coefficient from the table in force, the history rows, the rules on raises and seniority."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import Rank, Reminder, SalaryGroup, SalaryRecord, SalaryStep
from hrm.services.reminders import reminders_refresh
from hrm.services.salary_changes import salary_change
from hrm.services.staff import employee_hire

pytestmark = pytest.mark.django_db
A1 = "01.003"  # chuyên viên: group A1, 9 steps, a raise every 36 months
A2 = "01.002"  # chuyên viên chính: group A2.1


@pytest.fixture
def hoa(province):
    """A1 step 3 since 01/01/2024: her next regular raise is due on 01/01/2027."""
    return employee_hire(
        code="CV001", staff_type="cong_chuc", unit=province["c1"], on=dt.date(2024, 1, 1), actor=None,
        person_fields={"full_name": "Nguyễn Thị Hoa", "date_of_birth": dt.date(1990, 3, 10), "sex": "female"},
        position="Chuyên viên", rank=Rank.objects.get(code=A1), step=3,
    )


def rows(employee):
    return list(SalaryRecord.objects.filter(employee=employee).order_by("valid_from").values_list(
        "rank__code", "step", "coefficient", "valid_from", "valid_to", "reason"))


def refused(field, **kwargs):
    with pytest.raises(ApplicationError) as caught:
        salary_change(**kwargs)
    assert caught.value.field == field, caught.value.messages
    return " ".join(caught.value.messages)


def test_a_regular_raise_on_its_due_date_closes_the_row_and_opens_the_next_step(hoa, hr_manager):
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular", decision_no="QĐ 5")
    assert rows(hoa) == [
        (A1, 3, Decimal("3.00"), dt.date(2024, 1, 1), dt.date(2027, 1, 1), "initial"),
        (A1, 4, Decimal("3.33"), dt.date(2027, 1, 1), None, "regular"),
    ]
    hoa.refresh_from_db()
    assert (hoa.salary_step, hoa.coefficient, hoa.step_since) == (4, Decimal("3.33"), dt.date(2027, 1, 1))
    entry = AuditEntry.objects.get(model="hrm.employee", object_id=str(hoa.pk), action="update")
    assert entry.changes["salary_step"] == [3, 4]


def test_a_regular_raise_before_it_is_due_is_refused_and_an_early_one_is_not(hoa, hr_manager, english):
    message = refused("on", employee=hoa, actor=hr_manager, on=dt.date(2026, 6, 1), reason="regular")
    assert "01/01/2027" in message and "early" in message
    assert len(rows(hoa)) == 1
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2026, 6, 1), reason="early")
    assert rows(hoa)[-1][:2] == (A1, 4)


def test_a_promotion_takes_the_new_ranks_coefficient_from_the_table_in_force(hoa, hr_manager):
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2026, 1, 1), reason="promotion",
                  rank=Rank.objects.get(code=A2), step=1)
    assert rows(hoa)[-1][:3] == (A2, 1, Decimal("4.40"))
    # A new table from 2027 (a decree changes the coefficients): a later change uses it, an earlier one not.
    old = SalaryGroup.objects.get(code="A2.1", table="civil", valid_to__isnull=True)
    new = SalaryGroup.objects.create(**{
        **{f.name: getattr(old, f.name) for f in SalaryGroup._meta.concrete_fields if f.name not in ("id",)},
        "valid_from": dt.date(2027, 7, 1),
    })
    SalaryGroup.objects.filter(pk=old.pk).update(valid_to=dt.date(2027, 7, 1))
    steps = [SalaryStep(group=new, step=n, coefficient=Decimal("5.00") + n) for n in range(1, 9)]
    SalaryStep.objects.bulk_create(steps)
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 7, 1), reason="correction", step=2)
    assert rows(hoa)[-1][:3] == (A2, 2, Decimal("7.00"))


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"on": dt.date(2023, 12, 31), "reason": "early"}, "on"),  # before the current row
        ({"on": dt.date(2026, 1, 1), "reason": "promotion"}, "rank"),  # no new rank
        ({"on": dt.date(2026, 1, 1), "reason": "promotion", "rank": A2}, "step"),
        ({"on": dt.date(2026, 1, 1), "reason": "early", "step": 6}, "step"),  # not the next step
        ({"on": dt.date(2026, 1, 1), "reason": "correction", "step": 12}, "step"),  # A1 has 9 steps
        ({"on": dt.date(2026, 1, 1), "reason": "seniority"}, "seniority_percent"),  # not at the last step
        ({"on": dt.date(2026, 1, 1), "reason": "correction"}, "reason"),  # changes nothing
        ({"on": dt.date(2026, 1, 1), "reason": "bonus"}, "reason"),
    ],
)
def test_refusals_name_their_field_and_write_nothing(hoa, hr_manager, kwargs, field):
    if isinstance(kwargs.get("rank"), str):
        kwargs = {**kwargs, "rank": Rank.objects.get(code=kwargs["rank"])}
    refused(field, employee=hoa, actor=hr_manager, **kwargs)
    assert len(rows(hoa)) == 1
    assert not AuditEntry.objects.filter(model="hrm.employee", action="update").exists()


def test_seniority_allowance_up_to_what_the_rules_give(province, hr_manager):
    top = employee_hire(
        code="CV009", staff_type="cong_chuc", unit=province["c1"], on=dt.date(2020, 1, 1), actor=None,
        person_fields={"full_name": "Trần Văn Lâm", "date_of_birth": dt.date(1968, 3, 10), "sex": "male"},
        rank=Rank.objects.get(code=A1), step=9,
    )
    refused("seniority_percent", employee=top, actor=hr_manager, on=dt.date(2025, 1, 1), reason="seniority",
            seniority_percent=9)  # 5 % after 36 months at the last step, +1 % a year: 7 % on 01/01/2025
    salary_change(employee=top, actor=hr_manager, on=dt.date(2025, 1, 1), reason="seniority")
    record = SalaryRecord.objects.get(employee=top, valid_to__isnull=True)
    assert (record.step, record.seniority_percent) == (9, 7)
    top.refresh_from_db()
    assert top.step_since == dt.date(2020, 1, 1)  # the step is unchanged: its date too


def test_a_leaver_gets_no_salary_change(hoa, hr_manager):
    hoa.status = "left"
    hoa.save()
    refused("reason", employee=hoa, actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular")


def test_the_raise_due_reminder_goes_once_the_raise_is_recorded(hoa, hr_manager, django_capture_on_commit_callbacks):
    reminders_refresh(today=dt.date(2026, 12, 1))  # due within the two-month window
    assert Reminder.objects.filter(employee=hoa, kind="raise_due").exists()
    with django_capture_on_commit_callbacks(execute=True):
        salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular")
    assert not Reminder.objects.filter(employee=hoa, kind="raise_due", due_date=dt.date(2027, 1, 1)).exists()


# --- page and API ---------------------------------------------------------------------------------
def test_the_page_records_a_raise_and_shows_errors_on_fields(client, hoa, hr_manager):
    url = reverse("hrm:salary-change", args=[hoa.pk])
    client.force_login(hr_manager)
    page = client.get(url)
    assert page.status_code == 200 and "01/01/2027" in page.content.decode()  # the due date, prefilled
    bad = client.post(url, {"reason": "regular", "on": "01/06/2026"})
    assert bad.status_code == 200 and bad.context["form"].errors.get("on")
    good = client.post(url, {"reason": "regular", "on": "01/01/2027", "decision_no": "QĐ 9"})
    assert good.status_code == 302
    assert rows(hoa)[-1][:2] == (A1, 4)
    profile = client.get(reverse("hrm:staff-detail", args=[hoa.pk])).content.decode()
    assert url in profile


def test_who_may_use_the_page_and_the_api(client, api_client, hoa, hr_manager, other_hr_manager, outsider):
    from tests.hrm.factories import UserFactory

    me = UserFactory(username="hoa", person=hoa.person)
    url = reverse("hrm:salary-change", args=[hoa.pk])
    api = reverse("hrm-api:salary-change", args=[hoa.pk])
    for user, code in ((other_hr_manager, 404), (outsider, 404), (me, 403)):
        client.force_login(user)
        assert client.get(url).status_code == code
        api_client.force_authenticate(user)
        assert api_client.post(api, {"reason": "early", "on": "2026-01-01"}).status_code == code
    assert len(rows(hoa)) == 1


def test_the_api_creates_with_201_and_refuses_with_400(api_client, hoa, hr_manager):
    api = reverse("hrm-api:salary-change", args=[hoa.pk])
    api_client.force_authenticate(hr_manager)
    early = api_client.post(api, {"reason": "regular", "on": "2026-06-01"})
    assert early.status_code == 400 and "on" in early.json()
    created = api_client.post(api, {"reason": "early", "on": "2026-06-01", "decision_no": "QĐ 1"})
    assert created.status_code == 201 and created.json()["step"] == 4 and created.json()["coefficient"] == "3.33"
    history = api_client.get(api).json()
    assert [r["step"] for r in history] == [3, 4]


def test_the_reminders_page_links_each_due_raise_to_the_form(client, hoa, hr_manager):
    reminders_refresh(today=dt.date(2026, 12, 1))
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:reminders")).content.decode()
    assert reverse("hrm:salary-change", args=[hoa.pk]) in page
