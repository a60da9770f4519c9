"""Salary changes after hiring: regular and early step raises, promotions and rank transfers, the seniority
allowance, corrections. The open salary row ends the day the new one starts (a row starting that very day
is corrected in place); the coefficient always comes from the salary table in force on that day, and the
rules decide when a regular raise is due and how much seniority allowance is earned.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record, snapshot
from hrm.models import Employee, Rank, SalaryRecord
from hrm.services.reminders import reminders_refresh_after_commit
from hrm.services.salary import coefficient_for, next_regular_raise, seniority_percent

Reason = SalaryRecord.Reason
STEP_RAISES = (Reason.REGULAR, Reason.EARLY)
RANK_CHANGES = (Reason.PROMOTION, Reason.TRANSFER)
REASONS = (*STEP_RAISES, *RANK_CHANGES, Reason.SENIORITY, Reason.CORRECTION)


def _short(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _current(employee: Employee) -> SalaryRecord | None:
    return SalaryRecord.objects.select_for_update().filter(employee=employee, valid_to__isnull=True).first()


def _target(*, current: SalaryRecord | None, reason: str, rank: Rank | None, step: int | None) -> tuple[Rank, int]:
    """The rank and step the change leads to, as the reason allows."""
    if reason in STEP_RAISES:
        if current is None:
            message = _("There is no salary to raise: record the first one as a correction.")
            raise ApplicationError(message, field="reason")
        if rank is not None and rank.pk != current.rank_id:
            raise ApplicationError(_("A step raise keeps the rank; a new rank is a promotion."), field="rank")
        if step is not None and step != current.step + 1:
            message = _("A step raise goes to the next step, %(n)s.") % {"n": current.step + 1}
            raise ApplicationError(message, field="step")
        return current.rank, current.step + 1
    if reason in RANK_CHANGES:
        if rank is None or (current is not None and rank.pk == current.rank_id):
            raise ApplicationError(_("Choose the new rank."), field="rank")
        if step is None:
            raise ApplicationError(_("Give the step in the new rank."), field="step")
        return rank, step
    if reason == Reason.SENIORITY:
        if current is None:
            raise ApplicationError(_("There is no salary record yet."), field="reason")
        return current.rank, current.step
    rank = rank or (current.rank if current else None)
    step = step if step is not None else (current.step if current else None)
    if rank is None or step is None:
        raise ApplicationError(_("Give the rank and the step."), field="rank" if rank is None else "step")
    return rank, step


def _check_due(*, employee: Employee, reason: str, on: dt.date) -> None:
    if reason != Reason.REGULAR:
        return
    due = next_regular_raise(employee=employee, on=on)
    if due is None:
        raise ApplicationError(_("No regular raise is due: the last step of the group is reached."), field="reason")
    if on < due:
        message = _("The regular raise is due on %(date)s; before that, record an early raise.")
        raise ApplicationError(message % {"date": _short(due)}, field="on")


def _seniority(*, employee: Employee, reason: str, on: dt.date, given: int | None, current) -> int:
    """The seniority allowance of the new row: earned by the rules, never more."""
    earned = seniority_percent(employee=employee, on=on) if reason == Reason.SENIORITY else 0
    if reason == Reason.CORRECTION:
        return given if given is not None else (current.seniority_percent if current else 0)
    if reason != Reason.SENIORITY:
        return 0
    if earned == 0:
        raise ApplicationError(
            _("No seniority allowance is earned on that date (last step of the group, held long enough)."),
            field="seniority_percent",
        )
    percent = earned if given is None else given
    if percent > earned:
        message = _("On %(date)s the rules give at most %(n)s %%.")
        raise ApplicationError(message % {"date": _short(on), "n": earned}, field="seniority_percent")
    if current is not None and percent <= current.seniority_percent:
        raise ApplicationError(_("The allowance must be higher than the current one."), field="seniority_percent")
    return percent


@transaction.atomic
def salary_change(
    *,
    employee: Employee,
    actor,
    on: dt.date,
    reason: str,
    rank: Rank | None = None,
    step: int | None = None,
    seniority_percent: int | None = None,
    position_allowance: Decimal | None = None,
    other_allowance: Decimal | None = None,
    decision_no: str = "",
) -> SalaryRecord:
    """Record a salary change from `on`; refusals name their field and write nothing; audited."""
    if reason not in REASONS:
        raise ApplicationError(_("Unknown reason."), field="reason")
    if employee.status != Employee.Status.ACTIVE:
        raise ApplicationError(_("Only working staff get salary changes."), field="reason")
    current = _current(employee)
    if current is not None and on < current.valid_from:
        message = _("The date is before the start of the current salary (%(date)s).")
        raise ApplicationError(message % {"date": _short(current.valid_from)}, field="on")
    new_rank, new_step = _target(current=current, reason=reason, rank=rank, step=step)
    coefficient = coefficient_for(rank=new_rank, step=new_step, on=on)
    if coefficient is None:
        message = _("Rank %(rank)s has no step %(step)s in the salary table in force on %(date)s.")
        raise ApplicationError(message % {"rank": new_rank.code, "step": new_step, "date": _short(on)}, field="step")
    _check_due(employee=employee, reason=reason, on=on)
    percent = _seniority(employee=employee, reason=reason, on=on, given=seniority_percent, current=current)
    allowances = ("position_allowance", "other_allowance")
    keep = {name: getattr(current, name) if current else Decimal(0) for name in allowances}
    values = {
        "rank": new_rank,
        "step": new_step,
        "coefficient": coefficient,
        "seniority_percent": percent,
        "position_allowance": keep["position_allowance"] if position_allowance is None else position_allowance,
        "other_allowance": keep["other_allowance"] if other_allowance is None else other_allowance,
    }
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        raise ApplicationError(_("This changes nothing in the current salary."), field="reason")
    before = snapshot(employee)
    if current is not None and current.valid_from == on:  # the same day: correct that row
        for name, value in values.items():
            setattr(current, name, value)
        current.reason, current.decision_no = reason, decision_no
        current.save()
        record = current
    else:
        if current is not None:
            current.valid_to = on
            current.save(update_fields=["valid_to"])
        record = SalaryRecord.objects.create(
            employee=employee, reason=reason, decision_no=decision_no, valid_from=on, **values
        )
    pay_moved = current is None or new_rank.pk != current.rank_id or new_step != current.step
    employee.rank, employee.salary_step, employee.coefficient = new_rank, new_step, coefficient
    employee.position_allowance, employee.other_allowance = values["position_allowance"], values["other_allowance"]
    if pay_moved:
        employee.step_since = on
    employee.save(update_fields=[
        "rank", "salary_step", "coefficient", "position_allowance", "other_allowance", "step_since", "updated_at",
    ])
    audit_record(actor=actor, action="update", obj=employee, before=before, after=snapshot(employee),
                 unit_id=employee.unit_id)
    reminders_refresh_after_commit(employee_id=employee.pk)  # a raise done is no longer due
    return record
