"""Changing a staff record's personal and employment details (the profile's forms and the API): what may be
changed, the checks, the status change (hrm.services.leaving) and the audit."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record, snapshot
from hrm.models import Employee, Person
from hrm.services.bounds import leaving_check, person_dates_check, recruitment_check
from hrm.services.cccd import cccd_normalize
from hrm.services.identity import person_cccd_errors
from hrm.services.leaving import status_change
from hrm.services.reminders import reminders_refresh_after_commit
from hrm.services.staff import WORKING, person_dates, person_fields_normalised

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
    for name, value in person_fields_normalised(person_fields).items():
        setattr(person, name, value)
    for name, value in employee_fields.items():
        setattr(employee, name, value)
    if status_before["leaving_status"] and "status" not in employee_fields:
        employee.status = status_before["leaving_status"]  # a leaving dated later: its status stays unless changed
    person_dates_check(**person_dates(person))
    recruitment_check(recruited_on=employee.recruited_on, date_of_birth=person.date_of_birth)
    _check_cccd(person)
    _check_one_active(employee)
    status_change(employee=employee, before=status_before)
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
