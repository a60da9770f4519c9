"""Salary changes after hiring: regular and early step raises, promotions and rank transfers, the seniority
allowance, corrections. The open salary row ends the day the new one starts (a row starting that very day
is corrected in place); the coefficient always comes from the salary table in force on that day, and the
rules decide when a regular raise is due and how much seniority allowance is earned.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from common.services import audit_record, snapshot
from hrm.models import Employee, Rank, SalaryRecord
from hrm.services import bounds
from hrm.services.bounds import allowances_check, rule_value, shift_months
from hrm.services.current import employee_current_refresh
from hrm.services.reminders import reminders_refresh_after_commit
from hrm.services.salary import coefficient_for, next_regular_raise, salary_group_for, seniority_percent, step_start
from hrm.services.salary_transfer import PromotionTransfer, placement, placement_check
from hrm.services.titles import rank_staff_type_check, title_promotion_check

Reason = SalaryRecord.Reason
STEP_RAISES = (Reason.REGULAR, Reason.EARLY)
RANK_CHANGES = (Reason.PROMOTION, Reason.TRANSFER)
REASONS = (*STEP_RAISES, *RANK_CHANGES, Reason.SENIORITY, Reason.CORRECTION)
PAY_FIELDS = ("rank", "step", "coefficient", "seniority_percent", "position_allowance", "other_allowance")


def _current(employee: Employee) -> SalaryRecord | None:
    return SalaryRecord.objects.select_for_update().open().filter(employee=employee).first()


def _step_raise(*, current: SalaryRecord | None, rank: Rank | None, step: int | None) -> tuple[Rank, int]:
    if current is None:
        raise ApplicationError(_("There is no salary to raise: record the first one as a correction."), field="reason")
    if rank is not None and rank.pk != current.rank_id:
        raise ApplicationError(_("A step raise keeps the rank; a new rank is a promotion."), field="rank")
    if step is not None and step != current.step + 1:
        message = _("A step raise goes to the next step, %(n)s.") % {"n": current.step + 1}
        raise ApplicationError(message, field="step")
    return current.rank, current.step + 1


def _target(
    *, employee: Employee, current: SalaryRecord | None, reason: str, rank: Rank | None, step: int | None, on
) -> tuple[Rank, int, PromotionTransfer | None]:
    """The rank and step the change leads to, as the reason allows (with a promotion's or transfer's placement)."""
    if reason in STEP_RAISES:
        return *_step_raise(current=current, rank=rank, step=step), None
    if reason in RANK_CHANGES:
        if rank is None or (current is not None and rank.pk == current.rank_id):
            raise ApplicationError(_("Choose the new rank."), field="rank")
        place = placement(employee=employee, rank=rank, on=on, promotion=reason == Reason.PROMOTION)
        return rank, place.step, place
    if reason == Reason.SENIORITY:
        if current is None:
            raise ApplicationError(_("There is no salary record yet."), field="reason")
        if (rank is not None and rank.pk != current.rank_id) or (step is not None and step != current.step):
            field = "step" if rank is None or rank.pk == current.rank_id else "rank"
            raise ApplicationError(_("The seniority allowance keeps the rank and the step."), field=field)
        return current.rank, current.step, None
    rank = rank or (current.rank if current else None)
    step = step if step is not None else (current.step if current else None)
    if rank is None or step is None:
        raise ApplicationError(_("Give the rank and the step."), field="rank" if rank is None else "step")
    return rank, step, None


def _coefficient(*, rank: Rank, step: int, on: dt.date) -> Decimal:
    """The coefficient of (rank, step) in the table in force on `on`; refused when the rules have none."""
    if salary_group_for(rank=rank, on=on) is None:
        message = _("Rank %(rank)s is not in any salary group on %(date)s.")
        raise ApplicationError(message % {"rank": rank.code, "date": short_date(on)}, field="rank")
    coefficient = coefficient_for(rank=rank, step=step, on=on)
    if coefficient is None:
        message = _("Rank %(rank)s has no step %(step)s in the salary table in force on %(date)s.")
        raise ApplicationError(message % {"rank": rank.code, "step": step, "date": short_date(on)}, field="step")
    return coefficient


def _check_due(*, employee: Employee, reason: str, on: dt.date) -> None:
    if reason != Reason.REGULAR:
        return
    due = next_regular_raise(employee=employee, on=on)
    if due is None:
        raise ApplicationError(_("No regular raise is due: the last step of the group is reached."), field="reason")
    if on < due:
        message = _("The regular raise is due on %(date)s; before that, record an early raise.")
        raise ApplicationError(message % {"date": short_date(due)}, field="on")


def _check_early(*, employee: Employee, reason: str, on: dt.date) -> None:
    """An early raise (nâng bậc lương trước thời hạn) comes at most `early_raise_max_months` before the regular one,
    and a unit gives at most `early_raise_quota_percent` of its staff one in a calendar year (rule values)."""
    if reason != Reason.EARLY:
        return
    due = next_regular_raise(employee=employee, on=on)
    if due is None:  # the last step: the step check refuses it, on its field
        return
    months = rule_value(bounds.EARLY_RAISE_MAX_MONTHS, on)
    if months is not None and on < shift_months(due, -int(months)):
        message = _("An early raise comes at most %(n)s months before the regular one, due on %(date)s.")
        raise ApplicationError(message % {"n": int(months), "date": short_date(due)}, field="on")
    percent = rule_value(bounds.EARLY_RAISE_QUOTA_PERCENT, on)
    if percent is None:
        return
    staff = Employee.objects.filter(unit_id=employee.unit_id, status=Employee.Status.ACTIVE).count()
    allowed = max(1, int(staff * percent / 100))  # rounded down, but a small unit may still give one
    given = SalaryRecord.objects.filter(
        reason=Reason.EARLY, valid_from__year=on.year, employee__unit_id=employee.unit_id
    ).exclude(employee=employee, valid_from=on)
    if given.count() >= allowed:
        message = _("The unit has given its %(n)s early raises of %(year)s (%(percent)s %% of its staff).")
        raise ApplicationError(
            message % {"n": allowed, "year": on.year, "percent": f"{percent.normalize():f}"}, field="reason"
        )


def _refuse_seniority(*, on: dt.date, earned: int) -> None:
    if earned == 0:
        message = _("No seniority allowance is earned on that date (last step of the group, held long enough).")
        raise ApplicationError(message, field="seniority_percent")
    message = _("On %(date)s the rules give at most %(n)s %%.")
    raise ApplicationError(message % {"date": short_date(on), "n": earned}, field="seniority_percent")


def _seniority(*, employee: Employee, reason: str, on: dt.date, given: int | None, current, moved: bool) -> int:
    """The seniority allowance of the new row, never above what the rules give on `on`.

    It is earned at the group's last step only, counted from the day that step began: a new rank or step
    starts again from 0 %, so only a change that keeps both may carry one.
    """
    earned = 0 if moved else seniority_percent(employee=employee, on=on)
    if reason == Reason.SENIORITY:
        percent = earned if given is None else given
        if earned == 0 or percent > earned:
            _refuse_seniority(on=on, earned=earned)
        if current is not None and percent <= current.seniority_percent:
            raise ApplicationError(_("The allowance must be higher than the current one."), field="seniority_percent")
        return percent
    if given is None:  # a correction of other fields keeps the recorded allowance; any move starts again at 0
        return current.seniority_percent if reason == Reason.CORRECTION and current and not moved else 0
    if given > earned:
        _refuse_seniority(on=on, earned=earned)
    return given


def _step_time(*, current, transfer: PromotionTransfer | None, rank: Rank, step: int, on: dt.date) -> dict:
    """The day the new row's step counts from and the difference it keeps: a promotion's or a transfer's by
    TT 02/2007/TT-BNV (hrm.services.salary_transfer); the current row's when the rank and step stay; else from
    `on`, and a difference is kept only in the same rank."""
    if transfer is not None:
        return {"step_since": transfer.counted_from, "kept_difference": transfer.kept_difference}
    same_rank = current is not None and current.rank_id == rank.pk
    return {
        "step_since": step_start(current) if same_rank and current.step == step else on,
        "kept_difference": current.kept_difference if same_rank else Decimal(0),
    }


def _store(
    *, employee: Employee, current: SalaryRecord | None, actor, on: dt.date, reason: str, decision_no: str, values: dict
) -> SalaryRecord:
    """Close the open row at `on` and open the new one, or correct in place the row that starts on `on`."""
    if current is not None and current.valid_from == on:
        before = snapshot(current)
        for name, value in values.items():
            setattr(current, name, value)
        current.reason, current.decision_no = reason, decision_no
        current.save()
        audit_record(
            actor=actor, action="update", obj=current, before=before, after=snapshot(current), unit_id=employee.unit_id
        )
        return current
    if current is not None:
        before = snapshot(current)
        current.valid_to = on
        current.save(update_fields=["valid_to"])
        audit_record(
            actor=actor, action="update", obj=current, before=before, after=snapshot(current), unit_id=employee.unit_id
        )
    record = SalaryRecord.objects.create(
        employee=employee, reason=reason, decision_no=decision_no, valid_from=on, **values
    )
    audit_record(actor=actor, action="create", obj=record, after=snapshot(record), unit_id=employee.unit_id)
    return record


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
    """Record a salary change from `on`; refusals name their field and write nothing; audited, reminders follow."""
    if reason not in REASONS:
        raise ApplicationError(_("Unknown reason."), field="reason")
    allowances_check(position_allowance=position_allowance, other_allowance=other_allowance, on=on)
    if employee.status != Employee.Status.ACTIVE:
        raise ApplicationError(_("Only working staff get salary changes."), field="reason")
    current = _current(employee)
    if current is not None and on < current.valid_from:
        message = _("The date is before the start of the current salary (%(date)s).")
        raise ApplicationError(message % {"date": short_date(current.valid_from)}, field="on")
    new_rank, new_step, transfer = _target(
        employee=employee, current=current, reason=reason, rank=rank, step=step, on=on
    )
    if current is None or new_rank.pk != current.rank_id:  # a new rank or title must fit the staff type
        rank_staff_type_check(rank=new_rank, staff_type=employee.staff_type)
    if reason == Reason.PROMOTION:  # for viên chức: thăng hạng, a higher grade of the same title series
        title_promotion_check(current=current.rank if current else None, new=new_rank, staff_type=employee.staff_type)
    if transfer is not None:
        placement_check(place=transfer, step=step, promotion=reason == Reason.PROMOTION)
    _check_due(employee=employee, reason=reason, on=on)
    _check_early(employee=employee, reason=reason, on=on)
    coefficient = _coefficient(rank=new_rank, step=new_step, on=on)
    moved = current is None or new_rank.pk != current.rank_id or new_step != current.step
    if transfer is not None and transfer.seniority_percent and seniority_percent in (None, transfer.seniority_percent):
        percent = transfer.seniority_percent  # a transfer to an equal or lower group carries the allowance over
    else:
        percent = _seniority(
            employee=employee, reason=reason, on=on, given=seniority_percent, current=current, moved=moved
        )
    given = {"position_allowance": position_allowance, "other_allowance": other_allowance}
    values = {"rank": new_rank, "step": new_step, "coefficient": coefficient, "seniority_percent": percent}
    values.update(_step_time(current=current, transfer=transfer, rank=new_rank, step=new_step, on=on))
    for name, value in given.items():
        values[name] = value if value is not None else (getattr(current, name) if current else Decimal(0))
    if current is not None and all(getattr(current, name) == values[name] for name in PAY_FIELDS):
        raise ApplicationError(_("This changes nothing in the current salary."), field="reason")
    record = _store(
        employee=employee,
        current=current,
        actor=actor,
        on=on,
        reason=reason,
        decision_no=decision_no or "",
        values=values,
    )
    employee_current_refresh(employee=employee, actor=actor)  # the record's pay moves once the change is in force
    reminders_refresh_after_commit(employee_id=employee.pk)  # a raise done is no longer due
    return record


def salary_change_from(*, employee: Employee, user, data: dict) -> SalaryRecord:
    """Record a change from checked input (the page's form or the API's serializer)."""
    return salary_change(
        employee=employee,
        actor=user,
        on=data["on"],
        reason=data["reason"],
        rank=data.get("rank"),
        step=data.get("step"),
        seniority_percent=data.get("seniority_percent"),
        position_allowance=data.get("position_allowance"),
        other_allowance=data.get("other_allowance"),
        decision_no=data.get("decision_no") or "",
    )


def _raise_refusal(*, user, employee: Employee, today: dt.date) -> tuple[str | None, dt.date | None]:
    """(why the due raise of `employee` cannot be recorded by `user`, or None; the date it is due)."""
    from hrm.selectors.edit import employee_writable
    from hrm.services.reminders import RAISE_WINDOW_DAYS

    if not employee_writable(user=user, employee=employee):
        return _("You may not change this record."), None
    due = next_regular_raise(employee=employee, on=today)
    if due is None:
        return _("No regular raise is due: the last step of the group is reached."), None
    if due > today + dt.timedelta(days=RAISE_WINDOW_DAYS):
        return _("The regular raise is due on %(date)s; before that, record an early raise.") % {
            "date": short_date(due)
        }, None
    return None, due


@transaction.atomic
def salary_raises_due_record(*, employees: list[Employee], actor, today: dt.date | None = None) -> dict:
    """Record the due regular raise of each of `employees` (each checked as one change), all or none.

    Returns {"done": [employee, ...], "refused": [(employee, reason), ...]}; any refusal writes nothing.
    """
    if not employees:
        raise ApplicationError(_("Select at least one staff member."), field="ids")
    today = today or timezone.localdate()
    done, refused = [], []
    for employee in employees:
        reason, due = _raise_refusal(user=actor, employee=employee, today=today)
        if reason is None:
            try:
                with transaction.atomic():
                    salary_change(employee=employee, actor=actor, on=due, reason=Reason.REGULAR)
            except ValidationError as exc:
                reason = " ".join(exc.messages)
        if reason is None:
            done.append(employee)
        else:
            refused.append((employee, reason))
    if refused:
        transaction.set_rollback(True)
        done = []
    return {"done": done, "refused": refused}
