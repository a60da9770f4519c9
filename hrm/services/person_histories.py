"""A person's training and degrees, family relations and earlier career: checked, audited like the other histories.

These rows belong to the person (they follow him from one staff record to the next); an HR officer keeps them
through the staff record he manages (`employee`), whose unit the audit entry is written in.
Every refusal is an ApplicationError naming the input it is about, raised before anything is written.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import snapshot
from hrm.models import CareerEntry, Employee, FamilyMember, Person, Qualification
from hrm.services.histories import _changed

EARLIEST_BIRTH_YEAR = 1850  # a grandparent of the oldest staff member, with room to spare


def _employee_of(person: Person) -> Employee:
    # The person's latest staff record: the one HR officers manage him through (as the admin's audit does).
    return person.employments.order_by("-id").first()


def _person_changed(*, actor, action: str, obj, before: dict | None = None, after: dict | None = None) -> None:
    _changed(actor=actor, action=action, obj=obj, employee=_employee_of(obj.person), before=before, after=after)


def _corrected(row, fill, *, actor, **values):
    """Refill `row` through its kind's checks (`fill`), save it and audit the change from what it was."""
    before = snapshot(row)
    fill(row, **values)
    row.save()
    _person_changed(actor=actor, action="update", obj=row, before=before, after=snapshot(row))
    return row


def _deleted(row, *, actor) -> None:
    """Audit the deletion of a row recorded by mistake, then delete it."""
    _person_changed(actor=actor, action="delete", obj=row, before=snapshot(row))
    row.delete()


def _text(value: str | None) -> str:
    return (value or "").strip()


def _check_period(*, start: dt.date | None, end: dt.date | None, person: Person, end_may_be_future: bool) -> None:
    today = timezone.localdate()
    if start is not None and start > today:
        raise ApplicationError(_("The start date cannot be in the future."), field="start")
    if start is not None and start < person.date_of_birth:
        raise ApplicationError(_("The start date cannot be before the date of birth."), field="start")
    if end is not None and start is not None and end < start:
        raise ApplicationError(_("The end date cannot be before the start date."), field="end")
    if end is not None and not end_may_be_future and end > today:
        raise ApplicationError(_("The end date cannot be in the future."), field="end")


# --- Training and degrees ------------------------------------------------------------------------
def qualification_values(qualification: Qualification) -> dict:
    """The inputs that would record `qualification` again."""
    fields = ("kind", "level", "institution", "major", "start", "end", "mode", "credential")
    return {name: getattr(qualification, name) for name in fields}


def _qualification_fill(row: Qualification, *, kind: str, start, end, **texts: str) -> None:
    if kind not in Qualification.Kind.values:
        raise ApplicationError(_("Choose the kind of training."), field="kind")
    texts = {name: _text(value) for name, value in texts.items()}
    if not texts["credential"] and not texts["level"]:
        raise ApplicationError(_("Enter the degree or certificate, or the level."), field="credential")
    # The end may be ahead: a course still being followed is recorded with the day it is to end.
    _check_period(start=start, end=end, person=row.person, end_may_be_future=True)
    row.kind, row.start, row.end = kind, start, end
    for name, value in texts.items():
        setattr(row, name, value)


@transaction.atomic
def qualification_create(
    *,
    employee: Employee,
    kind: str,
    actor,
    credential: str = "",
    level: str = "",
    major: str = "",
    institution: str = "",
    mode: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Qualification:
    """Record a degree, certificate or course of `employee`'s person (form 2C item 27); audited."""
    row = Qualification(person=employee.person)
    _qualification_fill(
        row, kind=kind, start=start, end=end, credential=credential, level=level, major=major,
        institution=institution, mode=mode,
    )  # fmt: skip
    row.save()
    _changed(actor=actor, action="create", obj=row, employee=employee, after=snapshot(row))
    return row


@transaction.atomic
def qualification_update(
    *,
    qualification: Qualification,
    kind: str,
    actor,
    credential: str = "",
    level: str = "",
    major: str = "",
    institution: str = "",
    mode: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Qualification:
    """Correct a recorded degree, certificate or course under the same rules; audited."""
    return _corrected(
        qualification, _qualification_fill, actor=actor, kind=kind, start=start, end=end, credential=credential,
        level=level, major=major, institution=institution, mode=mode,
    )  # fmt: skip


@transaction.atomic
def qualification_delete(*, qualification: Qualification, actor) -> None:
    """Delete a degree, certificate or course recorded by mistake; audited."""
    _deleted(qualification, actor=actor)


# --- Family relations ----------------------------------------------------------------------------
def family_values(family: FamilyMember) -> dict:
    """The inputs that would record the family member `family` again."""
    fields = ("side", "relation", "full_name", "birth_year", "details")
    return {name: getattr(family, name) for name in fields}


def _family_fill(
    row: FamilyMember, *, side: str, relation: str, full_name: str, birth_year: int | None, details: str
) -> None:
    if side not in FamilyMember.Side.values:
        raise ApplicationError(_("Choose whose family it is (own or spouse's)."), field="side")
    relation, full_name = _text(relation), _text(full_name)
    if not relation:
        raise ApplicationError(_("Enter the relation (father, mother, wife, son…)."), field="relation")
    if not full_name:
        raise ApplicationError(_("Enter the full name."), field="full_name")
    if birth_year is not None and birth_year > timezone.localdate().year:
        raise ApplicationError(_("The birth year cannot be in the future."), field="birth_year")
    if birth_year is not None and birth_year < EARLIEST_BIRTH_YEAR:
        message = _("The birth year cannot be before %(year)s.") % {"year": EARLIEST_BIRTH_YEAR}
        raise ApplicationError(message, field="birth_year")
    row.side, row.relation, row.full_name, row.birth_year, row.details = (
        side, relation, full_name, birth_year, _text(details),
    )  # fmt: skip


@transaction.atomic
def family_create(
    *,
    employee: Employee,
    relation: str,
    full_name: str,
    actor,
    side: str = FamilyMember.Side.OWN,
    birth_year: int | None = None,
    details: str = "",
) -> FamilyMember:
    """Record a family member of `employee`'s person, on his own side or his spouse's (2C item 30); audited."""
    row = FamilyMember(person=employee.person)
    _family_fill(row, side=side, relation=relation, full_name=full_name, birth_year=birth_year, details=details)
    row.save()
    _changed(actor=actor, action="create", obj=row, employee=employee, after=snapshot(row))
    return row


@transaction.atomic
def family_update(
    *,
    family: FamilyMember,
    relation: str,
    full_name: str,
    actor,
    side: str = FamilyMember.Side.OWN,
    birth_year: int | None = None,
    details: str = "",
) -> FamilyMember:
    """Correct a recorded family member (`family`) under the same rules; audited."""
    return _corrected(
        family, _family_fill, actor=actor, side=side, relation=relation, full_name=full_name, birth_year=birth_year,
        details=details,
    )  # fmt: skip


@transaction.atomic
def family_delete(*, family: FamilyMember, actor) -> None:
    """Delete a family member (`family`) recorded by mistake; audited."""
    _deleted(family, actor=actor)


# --- Career before joining -----------------------------------------------------------------------
def career_values(career: CareerEntry) -> dict:
    """The inputs that would record the career period `career` again."""
    return {"start": career.start, "end": career.end, "description": career.description}


def _career_fill(row: CareerEntry, *, start: dt.date, end: dt.date | None, description: str) -> None:
    description = _text(description)
    if start is None:
        raise ApplicationError(_("Enter the start date."), field="start")
    if not description:
        raise ApplicationError(_("Enter the title, position and unit."), field="description")
    _check_period(start=start, end=end, person=row.person, end_may_be_future=False)
    row.start, row.end, row.description = start, end, description


@transaction.atomic
def career_create(
    *, employee: Employee, start: dt.date, description: str, actor, end: dt.date | None = None
) -> CareerEntry:
    """Record a period of work of `employee`'s person before the registry's units (2C item 28); audited."""
    row = CareerEntry(person=employee.person)
    _career_fill(row, start=start, end=end, description=description)
    row.save()
    _changed(actor=actor, action="create", obj=row, employee=employee, after=snapshot(row))
    return row


@transaction.atomic
def career_update(
    *, career: CareerEntry, start: dt.date, description: str, actor, end: dt.date | None = None
) -> CareerEntry:
    """Correct a recorded period of earlier career under the same rules; audited."""
    return _corrected(career, _career_fill, actor=actor, start=start, end=end, description=description)


@transaction.atomic
def career_delete(*, career: CareerEntry, actor) -> None:
    """Delete a period of earlier career recorded by mistake; audited."""
    _deleted(career, actor=actor)
