"""Hiring and transfers: the staff record, its open assignment and its open salary record move together."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record, snapshot
from hrm.models import Assignment, Employee, OrgUnit, Person, Rank, SalaryRecord
from hrm.services.salary import coefficient_for


def _coefficient(*, rank: Rank, step: int, on: dt.date) -> Decimal:
    coefficient = coefficient_for(rank=rank, step=step, on=on)
    if coefficient is None:
        raise ApplicationError(
            _("Rank %(rank)s has no step %(step)s in a salary group in force on that date.")
            % {"rank": rank.code, "step": step},
            field="step",
        )
    return coefficient


def _check_unit_open(unit: OrgUnit, on: dt.date, field: str = "unit") -> None:
    if unit.valid_from > on or (unit.valid_to is not None and unit.valid_to <= on):
        raise ApplicationError(_("The unit %(unit)s does not exist on that date.") % {"unit": unit.name}, field=field)


def _person_for_hire(*, person: Person | None, cccd: str | None, person_fields: dict) -> Person:
    if person is None and cccd:
        person = Person.objects.filter(cccd=cccd).first()
    if person is None:
        return Person.objects.create(cccd=cccd or None, **person_fields)
    if Employee.objects.filter(person=person, status=Employee.Status.ACTIVE).exists():
        raise ApplicationError(_("This person already has an active staff record."), field="cccd")
    return person


def _salary_open(*, employee: Employee, rank: Rank, step: int, on: dt.date, decision_no: str) -> None:
    coefficient = _coefficient(rank=rank, step=step, on=on)
    SalaryRecord.objects.create(
        employee=employee,
        rank=rank,
        step=step,
        coefficient=coefficient,
        valid_from=on,
        reason=SalaryRecord.Reason.INITIAL,
        decision_no=decision_no,
    )
    employee.rank, employee.salary_step, employee.coefficient, employee.step_since = rank, step, coefficient, on
    employee.save(update_fields=["rank", "salary_step", "coefficient", "step_since"])


@transaction.atomic
def employee_hire(
    *,
    code: str,
    staff_type: str,
    unit: OrgUnit,
    on: dt.date,
    actor,
    person: Person | None = None,
    cccd: str | None = None,
    person_fields: dict | None = None,
    position: str = "",
    rank: Rank | None = None,
    step: int = 1,
    reason: str = Assignment.Reason.RECRUITMENT,
    decision_no: str = "",
    recruiting_agency: str = "",
) -> Employee:
    """Hire a person (reused by CCCD when known) into `unit` from `on`: staff record, assignment, salary; audited."""
    _check_unit_open(unit, on)
    if Employee.objects.filter(code=code).exists():
        raise ApplicationError(_("This staff number is already used."), field="code")
    if rank is not None:
        _coefficient(rank=rank, step=step, on=on)  # refuse before writing anything
    person = _person_for_hire(person=person, cccd=cccd, person_fields=person_fields or {})
    employee = Employee.objects.create(
        person=person,
        code=code,
        staff_type=staff_type,
        unit=unit,
        position=position,
        recruited_on=on,
        recruiting_agency=recruiting_agency,
    )
    Assignment.objects.create(
        employee=employee, unit=unit, position=position, reason=reason, decision_no=decision_no, valid_from=on
    )
    if rank is not None:
        _salary_open(employee=employee, rank=rank, step=step, on=on, decision_no=decision_no)
    audit_record(actor=actor, action="create", obj=employee, after=snapshot(employee), unit_id=unit.pk)
    return employee


@transaction.atomic
def employee_transfer(
    *,
    employee: Employee,
    unit: OrgUnit,
    on: dt.date,
    reason: str,
    actor,
    position: str | None = None,
    decision_no: str = "",
) -> Assignment:
    """Move `employee` to `unit` from `on`: close the open assignment at `on`, open a new one; audited."""
    _check_unit_open(unit, on)
    current = Assignment.objects.select_for_update().filter(employee=employee, valid_to__isnull=True).first()
    position = employee.position if position is None else position
    if current is not None and current.valid_from > on:
        raise ApplicationError(_("The transfer date is before the start of the current assignment."), field="on")
    if current is not None and current.unit_id == unit.pk and current.position == position:
        raise ApplicationError(_("The staff member already works there in that position."), field="unit")
    before = snapshot(employee)
    if current is not None and current.valid_from == on:  # a same-day correction replaces the row
        current.delete()
    elif current is not None:
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    assignment = Assignment.objects.create(
        employee=employee, unit=unit, position=position, reason=reason, decision_no=decision_no, valid_from=on
    )
    employee.unit, employee.position = unit, position
    employee.save(update_fields=["unit", "position", "updated_at"])
    audit_record(actor=actor, action="update", obj=employee, before=before, after=snapshot(employee), unit_id=unit.pk)
    return assignment
