"""A hire from checked input (the page's form or the API's serializer): the unit must be one of the requester's
open units, the dates and the rank/step pair must agree; then hrm.services.staff.employee_hire writes."""

from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from hrm.models import Employee, OrgUnit
from hrm.selectors import unit_get_for_user
from hrm.services.bounds import person_dates_check
from hrm.services.staff import employee_hire

PERSON_FIELDS = ("full_name", "date_of_birth", "sex", "ethnicity", "religion", "native_place", "phone")


def hire_unit_for(*, user, unit_id: int) -> OrgUnit:
    """One of `user`'s open units; a unit outside his scope or closed is refused on the field `unit`."""
    unit = unit_get_for_user(user=user, unit_id=unit_id)
    if unit is None:
        raise ApplicationError(_("This unit is not one of yours."), field="unit")
    if unit.valid_to is not None:
        message = _("The unit %(unit)s was closed on %(date)s: staff are hired into open units only.")
        raise ApplicationError(message % {"unit": unit.name, "date": short_date(unit.valid_to)}, field="unit")
    return unit


def _check_input(data: dict) -> None:
    person_dates_check(date_of_birth=data["date_of_birth"])  # a birth in the future says so, before the order
    if data["date_of_birth"] >= data["on"]:
        raise ApplicationError(_("The date of birth must be before the recruitment date."), field="date_of_birth")
    if data.get("rank") is not None and not data.get("step"):
        raise ApplicationError(_("Give the salary step in this rank."), field="step")
    if data.get("rank") is None and data.get("step"):
        raise ApplicationError(_("Choose the rank this salary step belongs to."), field="rank")


def staff_hire_from(*, user, data: dict) -> tuple[Employee, bool]:
    """Hire from checked input (`unit` already one of the user's open units); returns (record, whether a
    person the registry knew was hired again). Nothing is written when a rule refuses (ApplicationError)."""
    _check_input(data)
    person_fields = {name: data[name] for name in PERSON_FIELDS if data.get(name) not in (None, "")}
    employee = employee_hire(
        code=data["code"],
        staff_type=data["staff_type"],
        unit=data["unit"],
        on=data["on"],
        actor=user,
        cccd=data.get("cccd"),
        person_fields=person_fields,
        position=data.get("position") or "",
        rank=data.get("rank"),
        step=data.get("step") or 1,
        decision_no=data.get("decision_no") or "",
        recruiting_agency=data.get("recruiting_agency") or "",
    )
    return employee, employee.person_known
