"""Salary changes (hrm.services.salary_changes): the coefficient from the table in force, the history rows and
the record's current pay, the rules on raises and seniority, the refusals, the audit trail and the reminders."""

import datetime as dt
from decimal import Decimal

import pytest

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import Rank, Reminder, SalaryGroup, SalaryRecord, SalaryStep
from hrm.selectors.audit import audit_list_for_staff
from hrm.services import salary_change
from hrm.services.reminders import reminders_refresh
from hrm.services.staff import employee_hire

pytestmark = pytest.mark.django_db
A1 = "01.003"  # chuyên viên: group A1 (2.34, 2.67, 3.00, 3.33 …), 9 steps, a raise every 36 months
A2 = "01.002"  # chuyên viên chính: group A2.1 (4.40, 4.74 …)
CAN_SU = "01.004"  # cán sự: group B (1.86, 2.06, 2.26, 2.46 …) until 31/07/2021, A0 (2.10, 2.41, 2.72, 3.03 …) since
VAN_THU = "02.007"  # văn thư viên: group A1 since 01/08/2021


def hire(province, *, code="CV001", rank=A1, step=3, on=dt.date(2024, 1, 1), name="Nguyễn Thị Hoa", born=1990):
    return employee_hire(
        code=code,
        staff_type="cong_chuc",
        unit=province["c1"],
        on=on,
        actor=None,
        person_fields={"full_name": name, "date_of_birth": dt.date(born, 3, 10), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code=rank),
        step=step,
    )


@pytest.fixture
def hoa(province):
    """A1 step 3 since 01/01/2024: her next regular raise is due on 01/01/2027."""
    return hire(province)


def rows(employee):
    return list(
        SalaryRecord.objects.filter(employee=employee)
        .order_by("valid_from")
        .values_list("rank__code", "step", "coefficient", "valid_from", "valid_to", "reason")
    )


def pay(employee):
    employee.refresh_from_db()
    return (employee.rank.code, employee.salary_step, employee.coefficient, employee.step_since)


@pytest.fixture
def in_2027(monkeypatch):
    """Today is 01/01/2027: a change from that day is in force (from a later day it would be pending)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2027, 1, 1))


def refused(field, **kwargs):
    with pytest.raises(ApplicationError) as caught:
        salary_change(**kwargs)
    assert caught.value.field == field, caught.value.messages
    return " ".join(caught.value.messages)


# --- each reason ----------------------------------------------------------------------------------
def test_a_regular_raise_on_its_due_date_closes_the_row_and_opens_the_next_step(hoa, hr_manager, in_2027):
    record = salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular", decision_no="QĐ 5")
    assert rows(hoa) == [
        (A1, 3, Decimal("3.00"), dt.date(2024, 1, 1), dt.date(2027, 1, 1), "initial"),
        (A1, 4, Decimal("3.33"), dt.date(2027, 1, 1), None, "regular"),
    ]
    assert record.decision_no == "QĐ 5" and record.seniority_percent == 0
    assert pay(hoa) == (A1, 4, Decimal("3.33"), dt.date(2027, 1, 1))


def test_a_regular_raise_before_it_is_due_is_refused_and_an_early_one_is_not(hoa, hr_manager, english):
    message = refused("on", employee=hoa, actor=hr_manager, on=dt.date(2026, 6, 1), reason="regular")
    assert "01/01/2027" in message and "early" in message
    assert len(rows(hoa)) == 1
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2026, 6, 1), reason="early", step=4)
    assert rows(hoa)[-1] == (A1, 4, Decimal("3.33"), dt.date(2026, 6, 1), None, "early")
    assert pay(hoa) == (A1, 4, Decimal("3.33"), dt.date(2026, 6, 1))


def test_a_promotion_opens_the_new_rank_at_the_given_step(hoa, hr_manager):
    salary_change(
        employee=hoa,
        actor=hr_manager,
        on=dt.date(2026, 1, 1),
        reason="promotion",
        rank=Rank.objects.get(code=A2),
        step=1,
        decision_no="QĐ 12",
    )
    assert rows(hoa)[-1] == (A2, 1, Decimal("4.40"), dt.date(2026, 1, 1), None, "promotion")
    assert rows(hoa)[0][4] == dt.date(2026, 1, 1)
    assert pay(hoa) == (A2, 1, Decimal("4.40"), dt.date(2026, 1, 1))


def test_a_rank_transfer_takes_the_other_ranks_table(hoa, hr_manager):
    salary_change(
        employee=hoa,
        actor=hr_manager,
        on=dt.date(2025, 3, 1),
        reason="transfer",
        rank=Rank.objects.get(code=VAN_THU),
        step=3,
    )
    assert rows(hoa)[-1] == (VAN_THU, 3, Decimal("3.00"), dt.date(2025, 3, 1), None, "transfer")
    # the same group (A1): the same step, his time kept (TT 02/2007/TT-BNV Mục II.2.a)
    assert pay(hoa) == (VAN_THU, 3, Decimal("3.00"), dt.date(2024, 1, 1))


def test_a_correction_on_the_rows_first_day_corrects_that_row_in_place(hoa, hr_manager):
    salary_change(
        employee=hoa, actor=hr_manager, on=dt.date(2024, 1, 1), reason="correction", step=4, decision_no="QĐ 1b"
    )
    assert rows(hoa) == [(A1, 4, Decimal("3.33"), dt.date(2024, 1, 1), None, "correction")]
    assert pay(hoa) == (A1, 4, Decimal("3.33"), dt.date(2024, 1, 1))


def test_a_correction_of_the_allowances_keeps_the_step_and_its_date(hoa, hr_manager):
    salary_change(
        employee=hoa, actor=hr_manager, on=dt.date(2025, 5, 1), reason="correction", position_allowance=Decimal("0.20")
    )
    record = SalaryRecord.objects.get(employee=hoa, valid_to__isnull=True)
    assert (record.step, record.coefficient, record.position_allowance) == (3, Decimal("3.00"), Decimal("0.20"))
    assert pay(hoa) == (A1, 3, Decimal("3.00"), dt.date(2024, 1, 1))
    assert hoa.position_allowance == Decimal("0.20")
    # The run of step 3 goes on across the allowance change: the regular raise is still due on 01/01/2027.
    refused("on", employee=hoa, actor=hr_manager, on=dt.date(2026, 12, 31), reason="regular")
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular")
    assert SalaryRecord.objects.get(employee=hoa, valid_to__isnull=True).position_allowance == Decimal("0.20")


# --- the coefficient comes from the rules in force on the date ------------------------------------
def test_the_same_raise_before_and_after_the_2021_rank_table_change(province, hr_manager):
    """Cán sự was paid in group B until 31/07/2021 and in A0 from 01/08/2021 (TT 2/2021, in the seed)."""
    from hrm.models import RuleValue

    RuleValue.objects.filter(key="early_raise_quota_percent").delete()  # two early raises in a unit of two
    before = hire(province, code="CS001", rank=CAN_SU, step=3, on=dt.date(2019, 1, 1), name="Lê Văn An")
    after = hire(province, code="CS002", rank=CAN_SU, step=3, on=dt.date(2019, 1, 1), name="Lê Văn Bình")
    assert rows(before)[0][2] == Decimal("2.26")  # B step 3
    salary_change(employee=before, actor=hr_manager, on=dt.date(2021, 7, 31), reason="early")
    salary_change(employee=after, actor=hr_manager, on=dt.date(2021, 8, 1), reason="early")
    assert rows(before)[-1][:3] == (CAN_SU, 4, Decimal("2.46"))  # B step 4
    assert rows(after)[-1][:3] == (CAN_SU, 4, Decimal("3.03"))  # A0 step 4
    assert pay(after)[2] == Decimal("3.03")


def test_a_later_salary_table_applies_from_its_first_day(hoa, hr_manager):
    salary_change(
        employee=hoa,
        actor=hr_manager,
        on=dt.date(2026, 1, 1),
        reason="promotion",
        rank=Rank.objects.get(code=A2),
        step=1,
    )
    # A new table from 2027 (a decree changes the coefficients): a later change uses it, an earlier one not.
    old = SalaryGroup.objects.get(code="A2.1", table="civil", valid_to__isnull=True)
    new = SalaryGroup.objects.create(
        **{
            **{f.name: getattr(old, f.name) for f in SalaryGroup._meta.concrete_fields if f.name not in ("id",)},
            "valid_from": dt.date(2027, 7, 1),
        }
    )
    SalaryGroup.objects.filter(pk=old.pk).update(valid_to=dt.date(2027, 7, 1))
    SalaryStep.objects.bulk_create(
        [SalaryStep(group=new, step=n, coefficient=Decimal("5.00") + n) for n in range(1, 9)]
    )
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 6, 30), reason="correction", step=2)
    assert rows(hoa)[-1][:3] == (A2, 2, Decimal("4.74"))
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 7, 1), reason="correction", step=3)
    assert rows(hoa)[-1][:3] == (A2, 3, Decimal("8.00"))


# --- refusals -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"on": dt.date(2023, 12, 31), "reason": "early"}, "on"),  # before the current row
        ({"on": dt.date(2026, 1, 1), "reason": "promotion"}, "rank"),  # no new rank
        ({"on": dt.date(2026, 1, 1), "reason": "promotion", "rank": A1, "step": 4}, "rank"),  # the same rank
        ({"on": dt.date(2026, 1, 1), "reason": "promotion", "rank": A2, "step": 2}, "step"),  # the rules give step 1
        ({"on": dt.date(2026, 1, 1), "reason": "promotion", "rank": "NO-GROUP"}, "rank"),  # no salary group
        ({"on": dt.date(2026, 1, 1), "reason": "promotion", "rank": A2, "step": 9}, "step"),  # A2.1 has 8 steps
        ({"on": dt.date(2026, 1, 1), "reason": "early", "step": 6}, "step"),  # not the next step
        ({"on": dt.date(2026, 1, 1), "reason": "early", "rank": A2}, "rank"),  # a raise keeps the rank
        ({"on": dt.date(2026, 1, 1), "reason": "correction", "step": 12}, "step"),  # A1 has 9 steps
        ({"on": dt.date(2026, 1, 1), "reason": "correction", "rank": "NO-GROUP"}, "rank"),  # no salary group
        ({"on": dt.date(2026, 1, 1), "reason": "seniority"}, "seniority_percent"),  # not at the last step
        ({"on": dt.date(2026, 1, 1), "reason": "correction", "seniority_percent": 5}, "seniority_percent"),
        ({"on": dt.date(2027, 1, 1), "reason": "regular", "seniority_percent": 5}, "seniority_percent"),
        ({"on": dt.date(2026, 1, 1), "reason": "correction"}, "reason"),  # changes nothing
        ({"on": dt.date(2026, 1, 1), "reason": "correction", "step": 3}, "reason"),  # changes nothing either
        ({"on": dt.date(2026, 1, 1), "reason": "bonus"}, "reason"),
    ],
)
def test_refusals_name_their_field_and_write_nothing(hoa, hr_manager, kwargs, field):
    Rank.objects.create(code="NO-GROUP", name="Ngạch chưa xếp lương")
    if isinstance(kwargs.get("rank"), str):
        kwargs = {**kwargs, "rank": Rank.objects.get(code=kwargs["rank"])}
    refused(field, employee=hoa, actor=hr_manager, **kwargs)
    assert rows(hoa) == [(A1, 3, Decimal("3.00"), dt.date(2024, 1, 1), None, "initial")]
    assert pay(hoa) == (A1, 3, Decimal("3.00"), dt.date(2024, 1, 1))
    assert not AuditEntry.objects.filter(model__in=["hrm.employee", "hrm.salaryrecord"], action="update").exists()


def test_no_regular_raise_at_the_last_step(province, hr_manager, english):
    top = hire(province, code="CV009", step=9, on=dt.date(2020, 1, 1), name="Trần Văn Lâm", born=1968)
    message = refused("reason", employee=top, actor=hr_manager, on=dt.date(2025, 1, 1), reason="regular")
    assert "last step" in message
    refused("step", employee=top, actor=hr_manager, on=dt.date(2025, 1, 1), reason="early")


def test_a_leaver_gets_no_salary_change(hoa, hr_manager):
    for status in ("left", "retired", "deceased"):
        hoa.status = status
        hoa.save()
        refused("reason", employee=hoa, actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular")
    assert len(rows(hoa)) == 1


# --- the seniority allowance ----------------------------------------------------------------------
def test_seniority_allowance_up_to_what_the_rules_give(province, hr_manager, english):
    top = hire(province, code="CV009", step=9, on=dt.date(2020, 1, 1), name="Trần Văn Lâm", born=1968)
    # 5 % after 36 months at the last step, +1 % a year: none before 01/01/2023, 7 % on 01/01/2025.
    refused("seniority_percent", employee=top, actor=hr_manager, on=dt.date(2022, 12, 31), reason="seniority")
    message = refused(
        "seniority_percent",
        employee=top,
        actor=hr_manager,
        on=dt.date(2025, 1, 1),
        reason="seniority",
        seniority_percent=9,
    )
    assert "01/01/2025" in message and "7" in message
    salary_change(employee=top, actor=hr_manager, on=dt.date(2025, 1, 1), reason="seniority")
    record = SalaryRecord.objects.get(employee=top, valid_to__isnull=True)
    assert (record.step, record.coefficient, record.seniority_percent, record.reason) == (
        9,
        Decimal("4.98"),
        7,
        "seniority",
    )
    assert pay(top) == (A1, 9, Decimal("4.98"), dt.date(2020, 1, 1))  # the step is unchanged: its date too
    # The next year brings one more percent, never less than what he has, and keeps the step.
    refused("seniority_percent", employee=top, actor=hr_manager, on=dt.date(2025, 6, 1), reason="seniority")
    refused("step", employee=top, actor=hr_manager, on=dt.date(2026, 1, 1), reason="seniority", step=8)
    salary_change(employee=top, actor=hr_manager, on=dt.date(2026, 1, 1), reason="seniority", seniority_percent=8)
    assert rows(top)[-1][3:] == (dt.date(2026, 1, 1), None, "seniority")
    # A correction of the allowances keeps the recorded percent.
    salary_change(
        employee=top, actor=hr_manager, on=dt.date(2026, 2, 1), reason="correction", other_allowance=Decimal("0.10")
    )
    assert SalaryRecord.objects.get(employee=top, valid_to__isnull=True).seniority_percent == 8


def test_a_promotion_from_the_last_step_ends_the_seniority_allowance(province, hr_manager):
    top = hire(province, code="CV009", step=9, on=dt.date(2020, 1, 1), name="Trần Văn Lâm", born=1968)
    salary_change(employee=top, actor=hr_manager, on=dt.date(2025, 1, 1), reason="seniority")
    salary_change(
        employee=top,
        actor=hr_manager,
        on=dt.date(2025, 7, 1),
        reason="promotion",
        rank=Rank.objects.get(code=A2),
        step=4,
    )
    record = SalaryRecord.objects.get(employee=top, valid_to__isnull=True)
    assert (record.rank.code, record.step, record.seniority_percent) == (A2, 4, 0)


# --- audit and reminders --------------------------------------------------------------------------
def test_the_change_is_audited_as_the_records_pay_and_its_salary_rows(hoa, hr_manager, in_2027):
    record = salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular", decision_no="QĐ 5")
    entry = AuditEntry.objects.get(model="hrm.employee", object_id=str(hoa.pk), action="update")
    assert entry.actor == hr_manager and entry.unit_id == hoa.unit_id
    assert entry.changes["salary_step"] == [3, 4]
    assert entry.changes["coefficient"] == ["3.00", "3.33"]
    assert entry.changes["step_since"] == ["2024-01-01", "2027-01-01"]
    opened = AuditEntry.objects.get(model="hrm.salaryrecord", object_id=str(record.pk), action="create")
    assert opened.changes["step"] == [None, 4] and opened.changes["decision_no"] == [None, "QĐ 5"]
    closed = AuditEntry.objects.get(model="hrm.salaryrecord", action="update")
    assert closed.changes == {"valid_to": [None, "2027-01-01"]}
    assert {e.pk for e in (entry, opened, closed)} <= {
        e.pk for e in audit_list_for_staff(user=hr_manager, employee=hoa)
    }


def test_the_raise_due_reminder_goes_once_the_raise_is_recorded(
    hoa, hr_manager, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 1))
    reminders_refresh(today=dt.date(2026, 12, 1))  # due on 01/01/2027: within the two-month window
    assert Reminder.objects.filter(employee=hoa, kind="raise_due", due_date=dt.date(2027, 1, 1)).exists()
    with django_capture_on_commit_callbacks() as callbacks:
        salary_change(employee=hoa, actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular")
    assert Reminder.objects.filter(employee=hoa, kind="raise_due").exists()  # only after commit
    assert len(callbacks) >= 1
    for callback in callbacks:
        callback()
    assert not Reminder.objects.filter(employee=hoa, kind="raise_due").exists()


def test_a_refused_change_refreshes_nothing(hoa, hr_manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(ApplicationError):
            salary_change(employee=hoa, actor=hr_manager, on=dt.date(2026, 6, 1), reason="regular")
    assert callbacks == []


def test_an_early_raise_more_than_twelve_months_early_is_refused(hoa, hr_manager, english):
    # her regular raise is due on 01/01/2027: 01/12/2025 is 13 months early
    message = refused("on", employee=hoa, actor=hr_manager, on=dt.date(2025, 12, 1), reason="early", step=4)
    assert "12 months" in message and "01/01/2027" in message
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2026, 1, 1), reason="early", step=4)
    assert rows(hoa)[-1][5] == "early"


def test_a_unit_gives_early_raises_to_at_most_its_quota_in_a_year(hoa, hr_manager, province, english):
    from hrm.models import RuleValue

    colleagues = [
        employee_hire(
            code=f"CV1{n:02d}",
            staff_type="cong_chuc",
            unit=province["c1"],
            on=dt.date(2024, 1, 1),
            actor=None,
            person_fields={"full_name": f"Trần Văn {n}", "date_of_birth": dt.date(1990, 1, n), "sex": "male"},
            rank=Rank.objects.get(code=A1),
            step=3,
        )
        for n in range(1, 20)
    ]  # 20 staff in the unit: 10 % is two early raises a year
    salary_change(employee=hoa, actor=hr_manager, on=dt.date(2026, 6, 1), reason="early", step=4)
    salary_change(employee=colleagues[0], actor=hr_manager, on=dt.date(2026, 6, 1), reason="early", step=4)
    message = refused(
        "reason", employee=colleagues[1], actor=hr_manager, on=dt.date(2026, 6, 1), reason="early", step=4
    )
    assert "2026" in message
    salary_change(employee=colleagues[1], actor=hr_manager, on=dt.date(2027, 1, 1), reason="regular")  # not counted
    RuleValue.objects.filter(key="early_raise_quota_percent").update(value=15)  # the rule is data
    salary_change(employee=colleagues[2], actor=hr_manager, on=dt.date(2026, 6, 1), reason="early", step=4)
