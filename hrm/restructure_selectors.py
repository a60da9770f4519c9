"""Who worked where, on any date: set queries over dated assignments and the dated unit tree."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from common.dated import in_force_q
from hrm.models import Assignment, Employee, OrgUnit, OrgUnitVersion
from hrm.selectors import subtree_unit_ids_on, unit_get_for_user


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


def staff_in_unit_on_for_user(*, user, unit_id: int, on: dt.date, include_subtree: bool = True) -> QuerySet | None:
    """Staff of a unit on a date if `user` may see that unit as an HR officer, else None."""
    unit = unit_get_for_user(user=user, unit_id=unit_id)
    if unit is None:
        return None
    return staff_in_unit_on(unit=unit, on=on, include_subtree=include_subtree)


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
