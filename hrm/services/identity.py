"""Whose CCCD number: the one identity rule of every path that names a person by it (page, API, import, admin).

A number the registry knows stands for that person only when the full name (accents, case and spaces aside) and
the date of birth are his. Refusals are one neutral sentence on the field `cccd`, the same whether the number is
held by someone else, the name or birth date differ, or the person works where the requester cannot see: they
never say whose number it is, nor whether it is in the registry at all.
"""

import datetime as dt

from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.vietnamese import fold
from hrm.models import Employee, Person
from hrm.selectors import employee_queryset_for_user
from hrm.services.cccd import cccd_validate


def cccd_refusal() -> str:
    """The neutral refusal of a number that cannot be this person's (taken, or another identity)."""
    return _(
        "This CCCD number cannot be accepted for this person: check the number, the full name and the date of "
        "birth (if all three are right, ask the provincial HR office)."
    )


def identity_key(*, full_name: str | None, date_of_birth: dt.date | None) -> tuple:
    """What identifies a holder besides his number: the folded full name and the date of birth."""
    return fold(full_name or ""), date_of_birth


def hire_refusal(*, known: tuple, typed: tuple, active: bool, active_visible: bool) -> str | None:
    """Why a person known by his CCCD (`known`, an identity_key) cannot be hired as `typed`; None: he can.

    One who works somewhere already is named as such only to a requester who may see that record."""
    if known != typed:
        return cccd_refusal()
    if active:
        return _("This person already has an active staff record.") if active_visible else cccd_refusal()
    return None


def person_find_for_hire(*, cccd: str | None, full_name: str, date_of_birth: dt.date, actor) -> Person | None:
    """The person the registry knows by `cccd` (normalised), when the name and birth date typed are his; None for
    a number it does not know; otherwise a neutral refusal on `cccd` (ApplicationError)."""
    person = Person.objects.filter(cccd=cccd).first() if cccd else None
    if person is None:
        return None
    active = Employee.objects.filter(person=person, status=Employee.Status.ACTIVE)
    refusal = hire_refusal(
        known=identity_key(full_name=person.full_name, date_of_birth=person.date_of_birth),
        typed=identity_key(full_name=full_name, date_of_birth=date_of_birth),
        active=active.exists(),
        active_visible=actor is None or employee_queryset_for_user(user=actor).filter(pk__in=active).exists(),
    )
    if refusal is not None:
        raise ApplicationError(refusal, field="cccd")
    return person


def person_cccd_errors(
    *, cccd: str, sex: str | None, date_of_birth: dt.date | None, person_id: int | None = None
) -> list[str]:
    """Every reason `cccd` (normalised) cannot be the number of the person `person_id` (None: a new person): its
    shape, its fit with sex and birth date, or another person holding it (the neutral refusal)."""
    errors = cccd_validate(cccd=cccd, sex=sex, date_of_birth=date_of_birth)
    if not errors and Person.objects.filter(cccd=cccd).exclude(pk=person_id).exists():
        errors.append(cccd_refusal())
    return errors
