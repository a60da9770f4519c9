"""Salary computed from effective-dated rules: group of a rank, coefficient, base salary, raises, seniority.

Every answer is "as on date `on`": the rows in force that day, and the staff member's SalaryRecord in
force that day (the Employee's current fields only when he has no salary history at all).
"""

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max

from common.dated import in_force_q
from hrm.models import BaseSalary, Discipline, Employee, Rank, RankGroup, SalaryGroup, SalaryRecord, SalaryStep

HUNDRED = Decimal(100)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day (31/01 + 1 month = 28/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_between(start: dt.date, end: dt.date) -> int:
    """Full months from `start` to `end` (negative if `end` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def salary_group_for(*, rank: Rank, on: dt.date) -> SalaryGroup | None:
    """The salary group a rank is paid in on `on` (RankGroup in force → SalaryGroup in force), or None."""
    link = RankGroup.objects.filter(rank=rank).in_force_one(on)
    if link is None:
        return None
    return SalaryGroup.objects.filter(code=link.group_code, table=link.table).in_force_one(on)


def coefficient_for(*, rank: Rank, step: int, on: dt.date) -> Decimal | None:
    """The coefficient of `step` in the group `rank` is paid in on `on`, or None."""
    group = salary_group_for(rank=rank, on=on)
    if group is None:
        return None
    return SalaryStep.objects.filter(group=group, step=step).values_list("coefficient", flat=True).first()


def base_salary_on(*, on: dt.date) -> int | None:
    """The base salary (lương cơ sở, VND per month) in force on `on`, or None."""
    row = BaseSalary.objects.in_force_one(on)
    return row.amount if row else None


def step_start(record: SalaryRecord) -> dt.date:
    """The day `record`'s step counts from: its stored `step_since` (a promotion that kept the old step's time
    stores an earlier day), else the start of the unbroken run of records with its rank and step."""
    if record.step_since is not None:
        return record.step_since
    start = record.valid_from
    earlier = (
        SalaryRecord.objects.filter(employee_id=record.employee_id, valid_from__lt=record.valid_from)
        .order_by("-valid_from")
        .values("valid_from", "valid_to", "rank_id", "step", "step_since")
    )
    for row in earlier:
        if row["valid_to"] != start or row["rank_id"] != record.rank_id or row["step"] != record.step:
            break
        start = row["valid_from"]
        if row["step_since"] is not None:
            return row["step_since"]
    return start


NO_POSITION = {
    "rank": None,
    "step": None,
    "coefficient": None,
    "step_since": None,
    "recorded_seniority": 0,
    "position_allowance": Decimal(0),
    "other_allowance": Decimal(0),
    "kept_difference": Decimal(0),
}


def _position_of(source, *, rank: Rank | None, step: int | None, step_since: dt.date | None, recorded: int) -> dict:
    return {
        "rank": rank,
        "step": step,
        "coefficient": source.coefficient,
        "step_since": step_since,
        "recorded_seniority": recorded,
        "position_allowance": source.position_allowance,
        "other_allowance": source.other_allowance,
        "kept_difference": getattr(source, "kept_difference", Decimal(0)),
    }


def salary_position(*, employee: Employee, on: dt.date) -> dict:
    """Rank, step, coefficient, allowances and step start of `employee` on `on` (from his salary history)."""
    records = SalaryRecord.objects.filter(in_force_q(on), employee=employee).select_related("rank")
    record = records.order_by("valid_from").last()
    if record is not None:
        start = step_start(record)
        return _position_of(
            record, rank=record.rank, step=record.step, step_since=start, recorded=record.seniority_percent
        )
    if employee.salary_records.exists():
        return dict(NO_POSITION)  # not paid on that date (before recruitment, after leaving)
    return _position_of(
        employee, rank=employee.rank, step=employee.salary_step, step_since=employee.step_since, recorded=0
    )


def _last_step(group: SalaryGroup) -> int | None:
    return group.steps.aggregate(last=Max("step"))["last"]


def seniority_for(*, group: SalaryGroup, months_at_last_step: int) -> int:
    """Seniority allowance (%) after `months_at_last_step` at a group's last step: 0 before the threshold."""
    after = group.seniority_after_months
    if after is None or months_at_last_step < after:
        return 0
    return group.seniority_first_percent + group.seniority_yearly_percent * ((months_at_last_step - after) // 12)


def _seniority(position: dict, group: SalaryGroup | None, on: dt.date) -> int:
    if group is None:
        return position["recorded_seniority"]
    if position["step"] is None or position["step_since"] is None or position["step"] < (_last_step(group) or 0):
        return 0
    return seniority_for(group=group, months_at_last_step=months_between(position["step_since"], on))


def seniority_percent(*, employee: Employee, on: dt.date) -> int:
    """Seniority allowance (phụ cấp thâm niên vượt khung, %) of `employee` on `on`, from the group's rules."""
    position = salary_position(employee=employee, on=on)
    group = salary_group_for(rank=position["rank"], on=on) if position["rank"] else None
    return _seniority(position, group, on)


def raise_due_date(*, start: dt.date, months: int, delays: list[tuple[dt.date, int]]) -> dt.date:
    """`start` + `months`, pushed back by each (discipline start, delay) that starts before the raise is due."""
    due = add_months(start, months)
    while True:
        extra = sum(delay for begins, delay in delays if start <= begins < due)
        pushed = add_months(start, months + extra)
        if pushed == due:
            return due
        due = pushed


def next_regular_raise(*, employee: Employee, on: dt.date) -> dt.date | None:
    """Date of the next regular step raise of `employee` as on `on`; None at the last step or without data."""
    position = salary_position(employee=employee, on=on)
    if position["rank"] is None or position["step"] is None or position["step_since"] is None:
        return None
    group = salary_group_for(rank=position["rank"], on=on)
    if group is None or position["step"] >= (_last_step(group) or 0):
        return None
    delays = Discipline.objects.filter(employee=employee, valid_from__gte=position["step_since"]).values_list(
        "valid_from", "form__raise_delay_months"
    )
    return raise_due_date(start=position["step_since"], months=group.regular_raise_months, delays=list(delays))


def salary_total(
    *, coefficient: Decimal, seniority: int, allowances: Decimal, base: int, kept: Decimal = Decimal(0)
) -> int:
    """(coefficient × (1 + seniority%) + kept difference + allowance coefficients) × base salary, rounded to the
    VND (the kept difference, hệ số chênh lệch bảo lưu, is paid with the salary: TT 02/2007/TT-BNV Mục II.1.c)."""
    amount = (coefficient * (1 + Decimal(seniority) / HUNDRED) + kept + allowances) * base
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def monthly_salary(*, employee: Employee, on: dt.date) -> dict:
    """Monthly salary of `employee` on `on`: coefficient, seniority %, allowances, base salary, total VND."""
    position = salary_position(employee=employee, on=on)
    group = salary_group_for(rank=position["rank"], on=on) if position["rank"] else None
    coefficient = position["coefficient"]
    if coefficient is None and group is not None and position["step"]:
        coefficient = coefficient_for(rank=position["rank"], step=position["step"], on=on)
    seniority = _seniority(position, group, on)
    base = base_salary_on(on=on)
    allowances = position["position_allowance"] + position["other_allowance"]
    total = None
    if coefficient is not None and base is not None:
        total = salary_total(
            coefficient=coefficient,
            seniority=seniority,
            allowances=allowances,
            base=base,
            kept=position["kept_difference"],
        )
    return {
        "on": on,
        "rank": position["rank"],
        "group": group,
        "step": position["step"],
        "step_since": position["step_since"],
        "coefficient": coefficient,
        "seniority_percent": seniority,
        "position_allowance": position["position_allowance"],
        "other_allowance": position["other_allowance"],
        "kept_difference": position["kept_difference"],
        "base_salary": base,
        "total": total,
    }
