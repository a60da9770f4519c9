import datetime as dt
from decimal import Decimal

import pytest

from hrm.models import Discipline, DisciplineForm, Employee, Person, Rank, RankGroup, SalaryRecord
from hrm.services.salary import (
    base_salary_on,
    coefficient_for,
    monthly_salary,
    next_regular_raise,
    salary_group_for,
    seniority_percent,
)

pytestmark = pytest.mark.django_db


def make_employee(
    unit, *, rank_code="01.003", step=3, since=dt.date(2024, 1, 1), coefficient=None, record=True, **extra
):
    person = Person.objects.create(full_name="Nguyễn Văn An", date_of_birth=dt.date(1985, 5, 5), sex="male")
    rank = Rank.objects.get(code=rank_code)
    coefficient = coefficient if coefficient is not None else coefficient_for(rank=rank, step=step, on=since)
    employee = Employee.objects.create(
        person=person,
        code=f"E{person.pk}",
        staff_type="cong_chuc",
        unit=unit,
        rank=rank,
        salary_step=step,
        coefficient=coefficient,
        step_since=since,
        **extra,
    )
    if record:
        SalaryRecord.objects.create(employee=employee, rank=rank, step=step, coefficient=coefficient, valid_from=since)
    return employee


def test_group_follows_the_rank_mapping_in_force():
    can_su = Rank.objects.get(code="01.004")
    assert salary_group_for(rank=can_su, on=dt.date(2020, 1, 1)).code == "B"
    assert salary_group_for(rank=can_su, on=dt.date(2022, 1, 1)).code == "A0"
    assert salary_group_for(rank=Rank.objects.get(code="01.006"), on=dt.date(2020, 1, 1)) is None


def test_coefficient_and_base_salary_from_rows():
    assert coefficient_for(rank=Rank.objects.get(code="01.003"), step=3, on=dt.date(2026, 11, 24)) == Decimal("3.00")
    assert coefficient_for(rank=Rank.objects.get(code="01.003"), step=10, on=dt.date(2026, 11, 24)) is None
    assert base_salary_on(on=dt.date(2026, 7, 1)) == 2_530_000
    assert base_salary_on(on=dt.date(2026, 6, 30)) == 2_340_000


def test_a1_step_3_in_november_2026(province):
    employee = make_employee(province["c1"])
    salary = monthly_salary(employee=employee, on=dt.date(2026, 11, 24))
    assert salary["coefficient"] == Decimal("3.00")
    assert salary["base_salary"] == 2_530_000
    assert salary["seniority_percent"] == 0
    assert salary["total"] == 7_590_000


def test_before_and_after_the_base_salary_change(province):
    employee = make_employee(province["c1"])
    assert monthly_salary(employee=employee, on=dt.date(2026, 6, 30))["total"] == 7_020_000
    assert monthly_salary(employee=employee, on=dt.date(2026, 7, 1))["total"] == 7_590_000


def test_allowances_are_added_to_the_coefficient(province):
    employee = make_employee(province["c1"], record=False, position_allowance=Decimal("0.20"))
    salary = monthly_salary(employee=employee, on=dt.date(2026, 11, 24))
    assert salary["total"] == 8_096_000  # (3.00 + 0.20) × 2,530,000


def test_the_record_in_force_on_the_date_is_used(province):
    employee = make_employee(province["c1"], step=3, since=dt.date(2021, 1, 1))
    SalaryRecord.objects.filter(employee=employee).update(valid_to=dt.date(2024, 1, 1))
    SalaryRecord.objects.create(
        employee=employee, rank=employee.rank, step=4, coefficient=Decimal("3.33"), valid_from=dt.date(2024, 1, 1)
    )
    assert monthly_salary(employee=employee, on=dt.date(2023, 12, 31))["coefficient"] == Decimal("3.00")
    assert monthly_salary(employee=employee, on=dt.date(2024, 1, 1))["coefficient"] == Decimal("3.33")


def test_regular_raise_every_36_months_for_a1(province):
    employee = make_employee(province["c1"], since=dt.date(2024, 3, 15))
    assert next_regular_raise(employee=employee, on=dt.date(2025, 1, 1)) == dt.date(2027, 3, 15)


def test_regular_raise_every_24_months_for_b(province):
    employee = make_employee(province["c1"], rank_code="06.032", step=2, since=dt.date(2024, 3, 15))
    assert next_regular_raise(employee=employee, on=dt.date(2025, 1, 1)) == dt.date(2026, 3, 15)


def test_regular_raise_every_60_months_for_senior_experts(province):
    rank = Rank.objects.create(code="99.001", name="Chuyên gia cao cấp")
    RankGroup.objects.create(rank=rank, group_code="CGCC", table="expert", valid_from=dt.date(2004, 10, 1))
    employee = make_employee(province["c1"], rank_code="99.001", step=1, since=dt.date(2022, 1, 1))
    assert next_regular_raise(employee=employee, on=dt.date(2023, 1, 1)) == dt.date(2027, 1, 1)
    employee_at_top = make_employee(province["c1"], rank_code="99.001", step=3, since=dt.date(2010, 1, 1))
    assert seniority_percent(employee=employee_at_top, on=dt.date(2026, 1, 1)) == 0


def test_discipline_in_the_period_delays_the_raise(province):
    employee = make_employee(province["c1"], since=dt.date(2024, 3, 15))
    Discipline.objects.create(
        employee=employee,
        form=DisciplineForm.objects.get(code="khien_trach"),
        valid_from=dt.date(2025, 5, 1),
        valid_to=dt.date(2026, 5, 1),
    )
    Discipline.objects.create(
        employee=employee, form=DisciplineForm.objects.get(code="cach_chuc"), valid_from=dt.date(2023, 5, 1)
    )  # before the step started: no effect
    assert next_regular_raise(employee=employee, on=dt.date(2025, 6, 1)) == dt.date(2027, 9, 15)


def test_discipline_during_the_delay_also_counts(province):
    employee = make_employee(province["c1"], since=dt.date(2024, 3, 15))
    warning = DisciplineForm.objects.get(code="khien_trach")
    Discipline.objects.create(employee=employee, form=warning, valid_from=dt.date(2026, 1, 1))
    Discipline.objects.create(employee=employee, form=warning, valid_from=dt.date(2027, 6, 1))
    assert next_regular_raise(employee=employee, on=dt.date(2027, 6, 2)) == dt.date(2028, 3, 15)


def test_no_raise_at_the_last_step(province):
    employee = make_employee(province["c1"], step=9, since=dt.date(2020, 1, 1))
    assert next_regular_raise(employee=employee, on=dt.date(2021, 1, 1)) is None


def test_seniority_5_percent_after_36_months_at_a1_step_9_then_plus_1_a_year(province):
    employee = make_employee(province["c1"], step=9, since=dt.date(2020, 1, 1))
    assert seniority_percent(employee=employee, on=dt.date(2022, 12, 31)) == 0
    assert seniority_percent(employee=employee, on=dt.date(2023, 1, 1)) == 5
    assert seniority_percent(employee=employee, on=dt.date(2024, 12, 31)) == 6
    assert seniority_percent(employee=employee, on=dt.date(2025, 1, 1)) == 7
    salary = monthly_salary(employee=employee, on=dt.date(2026, 11, 24))
    assert salary["seniority_percent"] == 8
    assert salary["total"] == 13_607_352  # 4.98 × 1.08 = 5.3784; × 2,530,000


def test_seniority_after_24_months_for_b(province):
    employee = make_employee(province["c1"], rank_code="06.032", step=12, since=dt.date(2020, 1, 1))
    assert seniority_percent(employee=employee, on=dt.date(2021, 12, 31)) == 0
    assert seniority_percent(employee=employee, on=dt.date(2022, 1, 1)) == 5


def test_step_start_spans_records_split_by_allowance_changes(province):
    employee = make_employee(province["c1"], step=9, since=dt.date(2020, 1, 1))
    first = SalaryRecord.objects.get(employee=employee)
    first.valid_to = dt.date(2022, 6, 1)
    first.save()
    SalaryRecord.objects.create(
        employee=employee,
        rank=first.rank,
        step=9,
        coefficient=first.coefficient,
        position_allowance=Decimal("0.15"),
        valid_from=dt.date(2022, 6, 1),
    )
    assert seniority_percent(employee=employee, on=dt.date(2023, 1, 1)) == 5


def test_without_a_record_in_force_nothing_is_paid(province):
    employee = make_employee(province["c1"], since=dt.date(2024, 1, 1))
    salary = monthly_salary(employee=employee, on=dt.date(2023, 1, 1))
    assert salary["total"] is None and salary["coefficient"] is None
