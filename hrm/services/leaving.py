"""Leaving and coming back: a staff record's status, its leaving date and the open rows that end with it.

A leaving ends the open assignment and salary rows on the leaving date; one dated later is pending until that day
(`leaving_state`), and hrm.services.current moves the record then. Used by hrm.services.staff_update (the profile's
form and the API) and by the import (hrm.services.imports), which store a leaving by the same rule.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from hrm.models import Assignment, Employee, SalaryRecord
from hrm.services.current import employee_leaving_restore
from hrm.services.staff import WORKING


def _rows_end(*, employee: Employee, on: dt.date) -> None:
    """End the open assignment and salary rows on `on` (a leaving date)."""
    for model in (Assignment, SalaryRecord):
        row = model.objects.select_for_update().open().filter(employee=employee).first()
        if row is None:
            continue
        if row.valid_from >= on:
            message = _("The leaving date must be after the start of the current assignment (%(date)s).")
            raise ApplicationError(message % {"date": short_date(row.valid_from)}, field="left_on")
        row.valid_to = on
        row.save(update_fields=["valid_to"])


def leaving_state(*, status: str, left_on: dt.date | None, today: dt.date | None = None) -> tuple[str, str]:
    """(status, leaving_status) a record is stored with when it leaves with `status` on `left_on`: a leaving dated
    later is pending, so he works on (status active) until that day and `leaving_status` keeps how he leaves
    (hrm.services.current moves him on that day). The one rule for the profile's form, the API and the import."""
    today = today or timezone.localdate()
    if status != Employee.Status.ACTIVE and left_on is not None and left_on > today:
        return Employee.Status.ACTIVE, status
    return status, ""


def _leaving_pending(employee: Employee) -> None:
    employee.status, employee.leaving_status = leaving_state(status=employee.status, left_on=employee.left_on)


def _pending_leaving_change(*, employee: Employee, before: dict) -> None:  # before: the leaving's status and date
    """The form of a record whose leaving is pending: working again with no date cancels the leaving; another
    leaving status or date replaces it (the rows end on the new date)."""
    if employee.status == Employee.Status.ACTIVE and employee.left_on is None:
        employee_leaving_restore(employee=employee, left_on=before["left_on"])
        return
    if employee.status in WORKING:
        raise ApplicationError(_("Choose how the staff member leaves, or clear the leaving date."), field="status")
    if employee.left_on is None:
        raise ApplicationError(_("Give the date the staff member left."), field="left_on")
    status, left_on = employee.status, employee.left_on
    if left_on != before["left_on"]:
        employee_leaving_restore(employee=employee, left_on=before["left_on"])
        _rows_end(employee=employee, on=left_on)
    employee.status, employee.leaving_status, employee.left_on = status, "", left_on
    _leaving_pending(employee)


def status_change(*, employee: Employee, before: dict) -> None:  # before: status, leaving_status, left_on
    """Leaving ends the open assignment and salary rows on the leaving date; coming back opens new ones today.
    A leaving dated later is pending: he works on until that day (hrm.services.current moves him then).

    So "who worked in unit X on date D" and the reports never count someone after he left.
    """
    active, was = Employee.Status.ACTIVE, before["status"]
    if Employee.Status.PENDING in (was, employee.status) and was != employee.status:
        message = _("A record hired from a later date starts on that day: to undo the hire, cancel it on the profile.")
        raise ApplicationError(message, field="status")
    if before["leaving_status"]:
        _pending_leaving_change(employee=employee, before=before)
        return
    if was == active and employee.status != active:
        if employee.left_on is None:
            raise ApplicationError(_("Give the date the staff member left."), field="left_on")
        _rows_end(employee=employee, on=employee.left_on)
        _leaving_pending(employee)
    elif was != active and employee.status == active:  # taken back: works again in his unit from today
        today = timezone.localdate()
        employee.left_on = None
        open_rows = {
            model: model.objects.open().filter(employee=employee).exists() for model in (Assignment, SalaryRecord)
        }
        paid = employee.rank_id and employee.salary_step and employee.coefficient is not None
        if not open_rows[Assignment]:
            Assignment.objects.create(
                employee=employee,
                unit=employee.unit,
                position=employee.position,
                reason=Assignment.Reason.RECRUITMENT,
                valid_from=today,
            )
        if not open_rows[SalaryRecord] and paid:
            SalaryRecord.objects.create(
                employee=employee,
                rank_id=employee.rank_id,
                step=employee.salary_step,
                coefficient=employee.coefficient,
                position_allowance=employee.position_allowance or 0,
                reason=SalaryRecord.Reason.INITIAL,
                valid_from=today,
            )
