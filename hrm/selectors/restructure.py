"""Who worked where, on any date: set queries over dated assignments and the dated unit tree."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from common.dated import in_force_q
from hrm.models import Assignment, Employee, OrgUnit, OrgUnitVersion, SalaryRecord
from hrm.selectors.scoping import subtree_unit_ids_on, unit_get_for_user, unit_scope_for_user


@dataclass(frozen=True)
class UnitOnDate:
    assignment: Assignment
    unit: OrgUnit
    unit_name: str
    position: str


def staff_in_unit_on(*, unit: OrgUnit, on: dt.date, include_subtree: bool = True) -> QuerySet:
    """Staff records assigned on `on` to `unit` or, by default, to any unit under it on that date."""
    unit_ids = subtree_unit_ids_on(unit=unit, on=on) if include_subtree else [unit.pk]
    employee_ids = Assignment.objects.filter(in_force_q(on), unit_id__in=unit_ids).values("employee_id")
    return Employee.objects.filter(id__in=employee_ids).select_related("person")


@dataclass(frozen=True)
class StaffOnDate:
    """One person as he stood on a date: his assignment and salary record then, nothing of today."""

    employee_id: int
    code: str
    full_name: str
    date_of_birth: dt.date
    sex: str
    staff_type: str
    unit_id: int
    unit_name: str
    position: str
    rank: str
    rank_name: str
    salary_step: int | None
    coefficient: Decimal | None
    salary_since: dt.date | None


def _staff_on_row(assignment: Assignment, salary: SalaryRecord | None, unit_names: dict) -> StaffOnDate:
    employee, person = assignment.employee, assignment.employee.person
    return StaffOnDate(
        employee_id=employee.pk,
        code=employee.code,
        full_name=person.full_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        staff_type=employee.staff_type,
        unit_id=assignment.unit_id,
        unit_name=unit_names.get(assignment.unit_id) or assignment.unit.name,
        position=assignment.position,
        rank=salary.rank.code if salary else "",
        rank_name=salary.rank.name if salary else "",
        salary_step=salary.step if salary else None,
        coefficient=salary.coefficient if salary else None,
        salary_since=salary.valid_from if salary else None,
    )


def staff_on_for_user(*, user, unit_id: int, on: dt.date, include_subtree: bool = True) -> list[StaffOnDate] | None:
    """Who worked in a unit (and under it then) on `on`, from the rows in force on `on`; None if the unit is not his.

    Only assignments to units inside `user`'s scope count, and unit, position, rank, step and coefficient
    come from that day's Assignment and SalaryRecord, never from the staff record's current columns.
    """
    unit = unit_get_for_user(user=user, unit_id=unit_id)
    if unit is None:
        return None
    unit_ids = subtree_unit_ids_on(unit=unit, on=on) if include_subtree else [unit.pk]
    assignments = Assignment.objects.filter(in_force_q(on), unit_id__in=unit_ids)
    assignments = unit_scope_for_user(user=user).filter(assignments)
    assignments = list(assignments.select_related("employee__person", "unit").order_by("employee__person__name_sort"))
    employee_ids = [a.employee_id for a in assignments]
    salaries = {
        row.employee_id: row
        for row in SalaryRecord.objects.filter(in_force_q(on), employee_id__in=employee_ids)
        .select_related("rank")
        .order_by("valid_from")
    }
    names = dict(
        OrgUnitVersion.objects.filter(in_force_q(on), unit_id__in={a.unit_id for a in assignments})
        .order_by("valid_from")
        .values_list("unit_id", "name")
    )
    return [_staff_on_row(a, salaries.get(a.employee_id), names) for a in assignments]


def unit_name_on(*, unit: OrgUnit, on: dt.date) -> str:
    """The name `unit` had on `on` (today's name if no version covers that date)."""
    name = OrgUnitVersion.objects.filter(in_force_q(on), unit=unit).values_list("name", flat=True).first()
    return name or unit.name


def employee_unit_on(*, employee: Employee, on: dt.date) -> UnitOnDate | None:
    """Where `employee` worked on `on`: the assignment, its unit and the unit's name then; None if nowhere."""
    assignment = Assignment.objects.filter(in_force_q(on), employee=employee).select_related("unit").first()
    if assignment is None:
        return None
    return UnitOnDate(
        assignment=assignment,
        unit=assignment.unit,
        unit_name=unit_name_on(unit=assignment.unit, on=on),
        position=assignment.position,
    )
