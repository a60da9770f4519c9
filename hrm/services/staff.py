"""Hiring and transfers: the staff record, its open assignment and its open salary record move together."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from common.phones import phone_normalize
from common.services import audit_record, snapshot
from hrm.models import Assignment, Employee, OrgUnit, Person, Rank, SalaryRecord
from hrm.services.bounds import leaving_check, person_dates_check, recruitment_check
from hrm.services.cccd import cccd_normalize
from hrm.services.current import employee_current_refresh, employee_leaving_restore
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


def _person_dates(source) -> dict:
    names = ("date_of_birth", "party_joined_on", "party_official_on")
    if isinstance(source, dict):
        return {name: source.get(name) for name in names}
    return {name: getattr(source, name) for name in names}


def _person_fields_normalised(person_fields: dict) -> dict:
    """The person's fields with the phone number in its one stored form (refused on `phone` when not a number)."""
    if "phone" not in person_fields:
        return person_fields
    return {**person_fields, "phone": phone_normalize(person_fields["phone"])}


def _check_hire_dates(*, person: Person | None, person_fields: dict, on: dt.date) -> None:
    dates = _person_dates(person if person is not None else person_fields)
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
    person_fields = _person_fields_normalised(person_fields or {})
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
                status=Employee.Status.PENDING if on > timezone.localdate() else Employee.Status.ACTIVE,
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


PERSON_EDITABLE = (
    "full_name",
    "other_names",
    "date_of_birth",
    "birth_year_only",
    "sex",
    "cccd",
    "cccd_issued_on",
    "cccd_issued_by",
    "old_id_number",
    "birthplace",
    "native_place",
    "ethnicity",
    "religion",
    "permanent_address",
    "current_address",
    "phone",
    "email",
    "party_joined_on",
    "party_official_on",
    "mass_org_joined_on",
    "mass_org_name",
    "military_enlisted_on",
    "military_discharged_on",
    "military_rank",
    "honorary_title",
    "strengths",
    "health_status",
    "height_cm",
    "weight_kg",
    "blood_type",
    "war_invalid_grade",
    "policy_family",
    "social_insurance_no",
    "personal_history",
    "general_education",
    "education_level",
    "education_major",
    "political_theory",
    "state_management",
    "foreign_language",
    "foreign_language_level",
    "foreign_language_detail",
    "it_level",
    "it_detail",
    "minority_language_cert",
)
EMPLOYEE_EDITABLE = (
    "staff_type",
    "status",
    "main_duties",
    "recruited_on",
    "recruiting_agency",
    "occupation_before",
    "left_on",
)


def _check_cccd(person: Person) -> None:
    person.cccd = cccd_normalize(person.cccd) or None
    if person.cccd is None:
        return
    errors = person_cccd_errors(
        cccd=person.cccd, sex=person.sex, date_of_birth=person.date_of_birth, person_id=person.pk
    )
    if errors:
        raise ApplicationError(" ".join(errors), field="cccd")


def _check_one_active(employee: Employee) -> None:
    if employee.status != Employee.Status.ACTIVE:
        return
    others = Employee.objects.filter(person_id=employee.person_id, status__in=WORKING)
    if others.exclude(pk=employee.pk).exists():
        raise ApplicationError(_("This person already has another active staff record."), field="status")


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


def _leaving_pending(employee: Employee) -> None:
    """A leaving dated later: he works on (status active) until that day, which `leaving_status` keeps."""
    if employee.left_on is not None and employee.left_on > timezone.localdate():
        employee.leaving_status, employee.status = employee.status, Employee.Status.ACTIVE


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


def _status_change(*, employee: Employee, before: dict) -> None:  # before: status, leaving_status, left_on
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


@transaction.atomic
def employee_update(*, employee: Employee, actor, person_fields: dict, employee_fields: dict) -> Employee:
    """Change a staff record's personal and employment details; CCCD checked; before and after audited.

    Unit, position, rank and salary change only through transfers and salary records (they are dated).
    """
    unknown = (set(person_fields) - set(PERSON_EDITABLE)) | (set(employee_fields) - set(EMPLOYEE_EDITABLE))
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    person = employee.person
    person_before, employee_before = snapshot(person), snapshot(employee)
    status_before = {name: getattr(employee, name) for name in ("status", "leaving_status", "left_on")}
    for name, value in _person_fields_normalised(person_fields).items():
        setattr(person, name, value)
    for name, value in employee_fields.items():
        setattr(employee, name, value)
    if status_before["leaving_status"] and "status" not in employee_fields:
        employee.status = status_before["leaving_status"]  # a leaving dated later: its status stays unless changed
    person_dates_check(**_person_dates(person))
    recruitment_check(recruited_on=employee.recruited_on, date_of_birth=person.date_of_birth)
    _check_cccd(person)
    _check_one_active(employee)
    _status_change(employee=employee, before=status_before)
    leaving_check(
        status=employee.leaving_status or employee.status,
        active=Employee.Status.ACTIVE,
        left_on=employee.left_on,
        recruited_on=employee.recruited_on,
    )
    person.save()
    employee.save()
    for obj, before in ((person, person_before), (employee, employee_before)):
        after = snapshot(obj)
        before.pop("updated_at", None), after.pop("updated_at", None)
        if after != before:
            audit_record(actor=actor, action="update", obj=obj, before=before, after=after, unit_id=employee.unit_id)
    reminders_refresh_after_commit(employee_id=employee.pk)  # status, recruitment date, CCCD, birth date
    return employee
