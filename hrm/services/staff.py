"""Hiring and transfers: the staff record, its open assignment and its open salary record move together.

Changing a record's details is hrm.services.staff_update; leaving and coming back, hrm.services.leaving."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.phones import phone_normalize
from common.services import audit_record, snapshot
from hrm.models import Assignment, Employee, OrgUnit, Person, Rank, SalaryRecord
from hrm.services.bounds import person_dates_check, recruitment_check
from hrm.services.cccd import cccd_normalize
from hrm.services.current import employee_current_refresh
from hrm.services.identity import cccd_refusal, person_cccd_errors, person_find_for_hire
from hrm.services.reminders import reminders_refresh_after_commit
from hrm.services.salary import coefficient_for
from hrm.services.titles import rank_staff_type_check


def _coefficient(*, rank: Rank, step: int, on: dt.date) -> Decimal:
    coefficient = coefficient_for(rank=rank, step=step, on=on)
    if coefficient is None:
        raise ApplicationError(
            _("Rank %(rank)s has no step %(step)s in a salary group in force on that date.")
            % {"rank": rank.code, "step": step},
            field="step",
        )
    return coefficient


WORKING = (Employee.Status.ACTIVE, Employee.Status.PENDING)  # one such record per person (a database constraint)


def hire_status(*, on: dt.date, today: dt.date | None = None) -> str:
    """The status a record hired from `on` starts with: from a later date the hire is pending ("starting later",
    in no list of today) until that day, when hrm.services.current makes him working. The one rule for the hire
    form, the API and the import."""
    return Employee.Status.PENDING if on > (today or timezone.localdate()) else Employee.Status.ACTIVE


def _check_unit_open(unit: OrgUnit, on: dt.date, field: str = "unit") -> None:
    if unit.valid_from > on or (unit.valid_to is not None and unit.valid_to <= on):
        raise ApplicationError(_("The unit %(unit)s does not exist on that date.") % {"unit": unit.name}, field=field)


def _known_person(*, person: Person | None, cccd: str | None, person_fields: dict, actor) -> Person | None:
    if person is not None or not cccd:
        return person
    return person_find_for_hire(
        cccd=cccd,
        full_name=person_fields.get("full_name"),
        date_of_birth=person_fields.get("date_of_birth"),
        actor=actor,
    )


def _person_for_hire(*, person: Person | None, cccd: str | None, person_fields: dict) -> Person:
    if person is None:
        if cccd:
            errors = person_cccd_errors(
                cccd=cccd, sex=person_fields.get("sex"), date_of_birth=person_fields.get("date_of_birth")
            )
            if errors:
                raise ApplicationError(" ".join(errors), field="cccd")
        return Person.objects.create(cccd=cccd or None, **person_fields)
    if Employee.objects.filter(person=person, status__in=WORKING).exists():
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


def employee_code_taken(*, code: str) -> bool:
    """Whether a staff record already has this staff number, in any case ("nv001" is "NV001")."""
    return Employee.objects.alias(code_key=Lower("code")).filter(code_key=code.lower()).exists()


def person_dates(source) -> dict:
    names = ("date_of_birth", "party_joined_on", "party_official_on")
    if isinstance(source, dict):
        return {name: source.get(name) for name in names}
    return {name: getattr(source, name) for name in names}


def person_fields_normalised(person_fields: dict) -> dict:
    """The person's fields with the phone number in its one stored form (refused on `phone` when not a number)."""
    if "phone" not in person_fields:
        return person_fields
    return {**person_fields, "phone": phone_normalize(person_fields["phone"])}


def _check_hire_dates(*, person: Person | None, person_fields: dict, on: dt.date) -> None:
    dates = person_dates(person if person is not None else person_fields)
    person_dates_check(**dates)
    recruitment_check(recruited_on=on, date_of_birth=dates["date_of_birth"], field="on")


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
    """Hire a person into `unit` from `on`: staff record, assignment, salary; audited.

    From a later date the hire is pending: the record is "starting later" (Employee.Status.PENDING), in no list,
    report or export of today, shown to his unit's officers as an arrival (hrm.selectors.pending); the periodic
    refresh (hrm.services.current) makes him working on that day.

    A CCCD the registry knows hires that person again (his details kept) only when the name and birth date given
    are his; otherwise a neutral refusal on `cccd`. `person_known` on the record says whether he was known.
    """
    _check_unit_open(unit, on)
    cccd = cccd_normalize(cccd) or None
    person_fields = person_fields_normalised(person_fields or {})
    person = _known_person(person=person, cccd=cccd, person_fields=person_fields, actor=actor)
    known = person is not None
    _check_hire_dates(person=person, person_fields=person_fields, on=on)
    if employee_code_taken(code=code):
        raise ApplicationError(_("This staff number is already used."), field="code")
    if rank is not None:
        rank_staff_type_check(rank=rank, staff_type=staff_type)  # a title for viên chức, a ngạch for công chức
        _coefficient(rank=rank, step=step, on=on)  # refuse before writing anything
    try:
        with transaction.atomic():  # a concurrent hire took the number or the person first: refuse, never a 500
            person = _person_for_hire(person=person, cccd=cccd, person_fields=person_fields)
            employee = Employee.objects.create(
                person=person,
                code=code,
                staff_type=staff_type,
                unit=unit,
                position=position,
                status=hire_status(on=on),
                recruited_on=on,
                recruiting_agency=recruiting_agency,
            )
    except IntegrityError as exc:
        if employee_code_taken(code=code):
            raise ApplicationError(_("This staff number is already used."), field="code") from exc
        if not known:  # another request stored this number first
            raise ApplicationError(cccd_refusal(), field="cccd") from exc
        raise ApplicationError(_("This person already has an active staff record."), field="cccd") from exc
    Assignment.objects.create(
        employee=employee, unit=unit, position=position, reason=reason, decision_no=decision_no, valid_from=on
    )
    if rank is not None:
        _salary_open(employee=employee, rank=rank, step=step, on=on, decision_no=decision_no)
    audit_record(actor=actor, action="create", obj=employee, after=snapshot(employee), unit_id=unit.pk)
    reminders_refresh_after_commit(employee_id=employee.pk)  # e.g. a record hired without its CCCD
    employee.person_known = known  # for the officer's message; not a field
    return employee


def _assignment_audit(*, actor, action: str, row: Assignment, before: dict | None = None) -> None:
    after = None if action == "delete" else snapshot(row)
    audit_record(actor=actor, action=action, obj=row, before=before, after=after, unit_id=row.unit_id)


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
    """Move `employee` to `unit` from `on`: close the open assignment at `on`, open a new one; audited.

    From a later date the move is pending: the record stays in its unit (and with its officers) until that day
    (hrm.services.current). A second transfer on the same day as the open row replaces it (a correction).
    """
    _check_unit_open(unit, on)
    current = Assignment.objects.select_for_update().open().filter(employee=employee).first()
    if position is None:
        position = current.position if current is not None else employee.position
    if current is not None and current.valid_from > on:
        raise ApplicationError(_("The transfer date is before the start of the current assignment."), field="on")
    if current is not None and current.unit_id == unit.pk and current.position == position:
        raise ApplicationError(_("The staff member already works there in that position."), field="unit")
    if current is not None and current.valid_from == on:  # a same-day correction replaces the row
        _assignment_audit(actor=actor, action="delete", row=current, before=snapshot(current))
        current.delete()
    elif current is not None:
        before = snapshot(current)
        current.valid_to = on
        current.save(update_fields=["valid_to"])
        _assignment_audit(actor=actor, action="update", row=current, before=before)
    assignment = Assignment.objects.create(
        employee=employee, unit=unit, position=position, reason=reason, decision_no=decision_no, valid_from=on
    )
    _assignment_audit(actor=actor, action="create", row=assignment)
    employee_current_refresh(employee=employee, actor=actor)  # only once the move is in force
    reminders_refresh_after_commit(employee_id=employee.pk)  # they carry his unit: officers see them there
    return assignment
