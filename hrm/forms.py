"""Page forms of the registry: input shapes only; the services check the rules and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelChoiceIterator, fields_for_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.errors import ApplicationError
from hrm.models import Assignment, Attachment, Employee, OrgUnit, Person, Rank, Reward
from hrm.selectors.hire import unit_choices_for_hire
from hrm.selectors.salary import rank_choices_grouped, rank_list_payable
from hrm.selectors.units import unit_choices, unit_list_open
from hrm.services.cccd import cccd_normalize
from hrm.services.hire import hire_unit_for
from hrm.services.histories import discipline_form_choices, rating_level_choices
from hrm.services.imports.reading import SUFFIXES
from hrm.services.salary_changes import REASONS as SALARY_CHANGE_REASONS
from hrm.services.staff import EMPLOYEE_EDITABLE, PERSON_EDITABLE

DATE_PLACEHOLDER = _("dd/mm/yyyy")
BLANK = ("", "---------")


# --- The unit picker: every unit choice of the pages ---------------------------------------------
UNIT_PICKER_ATTRS = {"data-unit-picker": "", "data-placeholder": _("Type part of the name to search…")}


class UnitPicker(forms.Select):
    """A unit select labelled "Phòng Nội vụ — Huyện Ba Tri"; static/js/congvu.js adds a search box that finds units
    by part of their name without accents. Without script it is a plain select that still works.

    Pages that write their select by hand add `data-unit-picker` to it and list `hrm.selectors.units.unit_choices`."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({**UNIT_PICKER_ATTRS, **(attrs or {})}, choices)


class UnitPickerMultiple(forms.SelectMultiple):
    """The unit picker for several units (merging)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({**UNIT_PICKER_ATTRS, **(attrs or {})}, choices)


class _UnitChoiceIterator(ModelChoiceIterator):
    """The field's units as (id, "name — parent"), in Vietnamese order (hrm.selectors.units.unit_choices)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from unit_choices(units=self.queryset)


class UnitChoiceField(forms.ModelChoiceField):
    """One unit among `queryset`, picked with the unit picker."""

    widget = UnitPicker
    iterator = _UnitChoiceIterator


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several units among `queryset`, picked with the unit picker."""

    widget = UnitPickerMultiple
    iterator = _UnitChoiceIterator


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal next to the field it names (or above the form): pages and the admin alike."""
    errors = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, texts in errors:
        form.add_error(field if field in form.fields else None, texts)


def _date_input() -> forms.DateInput:
    # The format comes from DATE_INPUT_FORMATS of the active language: dd/mm/yyyy in both.
    return forms.DateInput(attrs={"placeholder": DATE_PLACEHOLDER, "autocomplete": "off", "size": 10})


def _form_field(field: models.Field, **kwargs):
    if isinstance(field, models.DateField):
        kwargs["widget"] = _date_input()
    if isinstance(field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
    return field.formfield(**kwargs)


class CccdField(forms.CharField):
    """A CCCD as typed: normalised (NFKC digits, no spaces) before any check; the services check the number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)  # the typed text, spaces included; the services want 12 digits
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off")

    def to_python(self, value):
        value = super().to_python(value)
        return value if value in self.empty_values else cccd_normalize(value)


def date_field(label, *, required: bool = True) -> forms.DateField:
    """A dd/mm/yyyy date input (every date of the registry's forms)."""
    return forms.DateField(label=label, required=required, widget=_date_input())


# --- Staff record ---------------------------------------------------------------------------------
STAFF_SECTIONS = [
    (
        _("Identity"),
        [
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
        ],
    ),
    (_("Addresses and contact"), ["permanent_address", "current_address", "phone", "email"]),
    (
        _("Employment"),
        [
            "staff_type",
            "status",
            "main_duties",
            "recruited_on",
            "recruiting_agency",
            "occupation_before",
            "left_on",
        ],
    ),
    (
        _("Education and training"),
        [
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
        ],
    ),
    (
        _("Party, organisations and military service"),
        [
            "party_joined_on",
            "party_official_on",
            "mass_org_joined_on",
            "mass_org_name",
            "military_enlisted_on",
            "military_discharged_on",
            "military_rank",
            "honorary_title",
        ],
    ),
    (
        _("Health, policy and other items"),
        [
            "health_status",
            "height_cm",
            "weight_kg",
            "blood_type",
            "war_invalid_grade",
            "policy_family",
            "social_insurance_no",
            "strengths",
            "personal_history",
        ],
    ),
]


class StaffEditForm(forms.Form):
    """Every field an HR officer may change on a staff record (hrm.services.staff's lists), by section."""

    def __init__(self, *args, employee: Employee, **kwargs):
        initial = {name: getattr(employee.person, name) for name in PERSON_EDITABLE}
        initial.update({name: getattr(employee, name) for name in EMPLOYEE_EDITABLE})
        super().__init__(*args, initial=initial, **kwargs)

    def sections(self) -> list[tuple[str, list]]:
        return [(title, [self[name] for name in names]) for title, names in STAFF_SECTIONS]

    def changes(self) -> tuple[dict, dict]:
        """(person fields, employee fields) that differ from the record."""
        changed = set(self.changed_data)
        person = {k: v for k, v in self.cleaned_data.items() if k in PERSON_EDITABLE and k in changed}
        employee = {k: v for k, v in self.cleaned_data.items() if k in EMPLOYEE_EDITABLE and k in changed}
        return person, employee


StaffEditForm.base_fields.update(fields_for_model(Person, fields=PERSON_EDITABLE, formfield_callback=_form_field))
StaffEditForm.base_fields.update(fields_for_model(Employee, fields=EMPLOYEE_EDITABLE, formfield_callback=_form_field))
StaffEditForm.base_fields["cccd"] = CccdField(
    label=capfirst(Person._meta.get_field("cccd").verbose_name), required=False, empty_value=None
)


class StaffTransferForm(forms.Form):
    """Move to another of the officer's own (open) units from a date; the old assignment is kept."""

    REASONS = [
        (Assignment.Reason.TRANSFER, Assignment.Reason.TRANSFER.label),
        (Assignment.Reason.APPOINTMENT, Assignment.Reason.APPOINTMENT.label),
    ]

    unit = UnitChoiceField(
        queryset=None, label=_("New unit"), error_messages={"invalid_choice": _("This unit is not one of yours.")}
    )
    on = date_field(_("From (dd/mm/yyyy)"))
    reason = forms.ChoiceField(choices=REASONS, label=_("Reason"))
    position = forms.CharField(max_length=150, required=False, label=_("Position"))
    decision_no = forms.CharField(max_length=60, required=False, label=_("Decision number"))

    def __init__(self, *args, units, employee: Employee, **kwargs):
        kwargs.setdefault("initial", {"position": employee.position, "reason": Assignment.Reason.TRANSFER})
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


# --- Histories ------------------------------------------------------------------------------------
class RatingForm(forms.Form):
    """An annual quality rating; the levels listed are those the rules give the staff type in some year."""

    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=9999)
    level = forms.ChoiceField(label=_("Rating"))
    score = forms.DecimalField(
        label=_("Score (scored ratings only)"), required=False, max_digits=5, decimal_places=2, localize=True
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "—"), *rating_level_choices(staff_type=employee.staff_type)]


class RewardForm(forms.Form):
    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)


RewardForm.base_fields.update(
    fields_for_model(Reward, fields=["date", "form", "authority", "decision_no"], formfield_callback=_form_field)
)


class DisciplineEntryForm(forms.Form):
    """A discipline decision: its form (from the rules), the period it is in effect, reason and number."""

    form = forms.ChoiceField(label=_("Form of discipline"))
    valid_from = date_field(_("From (dd/mm/yyyy)"))
    valid_to = date_field(_("Lifted on (dd/mm/yyyy)"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)
    decision_no = forms.CharField(label=_("Decision number"), required=False, max_length=60)

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", "—"), *discipline_form_choices(staff_type=employee.staff_type)]


# --- Staff quotas (biên chế) ---------------------------------------------------------------------
class StaffQuotaForm(forms.Form):
    """A quota decision for a unit: the number, the day it applies from, its number (hrm.services.org checks)."""

    # No min_value: a negative number gets the service's own message, on this field.
    quota = forms.IntegerField(label=_("Assigned quota"), widget=forms.NumberInput(attrs={"min": 0}))
    valid_from = date_field(_("From (dd/mm/yyyy)"))
    decision_no = forms.CharField(label=_("Decision number"), required=False, max_length=60)


# --- A new staff record (hrm/views/hire.py) ----------------------------------------------------
class StaffHireForm(forms.Form):
    """A new staff record: where and how he is employed, and the person (found again by CCCD when known)."""

    EMPLOYMENT = ("code", "staff_type", "unit", "position", "on", "rank", "step", "decision_no", "recruiting_agency")
    PERSON = ("full_name", "date_of_birth", "sex", "cccd", "ethnicity", "religion", "native_place", "phone")

    code = forms.CharField(max_length=20, label=_("Staff number"))
    staff_type = forms.ChoiceField(choices=[BLANK, *Employee.StaffType.choices], label=_("Staff type"))
    unit = forms.IntegerField(label=_("Unit"), widget=UnitPicker)
    position = forms.CharField(max_length=150, required=False, label=_("Position"))
    on = date_field(_("Recruited on (dd/mm/yyyy)"))
    rank = forms.ModelChoiceField(
        queryset=Rank.objects.none(),
        required=False,
        label=_("Rank or professional title"),
        help_text=_("A civil-service rank (ngạch) for công chức, a professional title for viên chức."),
    )
    step = forms.IntegerField(min_value=1, max_value=99, required=False, label=_("Salary step"))
    decision_no = forms.CharField(max_length=60, required=False, label=_("Decision number"))
    recruiting_agency = forms.CharField(max_length=150, required=False, label=_("Recruiting agency"))
    full_name = forms.CharField(max_length=150, label=_("Full name"))
    date_of_birth = date_field(_("Date of birth (dd/mm/yyyy)"))
    sex = forms.ChoiceField(choices=[BLANK, *Person._meta.get_field("sex").choices], label=_("Sex"))
    cccd = CccdField(required=False, label=_("Citizen ID (CCCD)"))
    ethnicity = forms.CharField(max_length=50, initial="Kinh", label=_("Ethnicity"))
    religion = forms.CharField(max_length=50, initial="Không", label=_("Religion"))
    native_place = forms.CharField(max_length=255, required=False, label=_("Native place"))
    phone = forms.CharField(max_length=20, required=False, label=_("Phone"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].widget.choices = [BLANK, *unit_choices_for_hire(user=user)]
        self.fields["rank"].queryset = rank_list_payable()
        self.fields["rank"].choices = [BLANK, *rank_choices_grouped()]
        self.fields["step"].widget.attrs.update(size=3)

    def employment_section(self):
        return [self[name] for name in self.EMPLOYMENT]

    def person_section(self):
        return [self[name] for name in self.PERSON]

    def clean_unit(self):
        try:
            return hire_unit_for(user=self.user, unit_id=self.cleaned_data["unit"])
        except ApplicationError as exc:
            raise ValidationError(exc.messages) from exc


# --- Salary changes (hrm/views/salary.py) ------------------------------------------------------
class SalaryChangeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[(r.value, r.label) for r in SALARY_CHANGE_REASONS])
    on = date_field(_("From (dd/mm/yyyy)"))
    rank = forms.ModelChoiceField(
        queryset=None, required=False, label=_("New rank or title (promotion, thăng hạng, transfer, correction)")
    )
    step = forms.IntegerField(min_value=1, max_value=99, required=False, label=_("Step"))
    seniority_percent = forms.IntegerField(
        min_value=0, max_value=100, required=False, label=_("Seniority allowance (%)")
    )
    position_allowance = forms.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
        label=_("Position allowance"),
    )
    other_allowance = forms.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
        label=_("Other allowances"),
    )
    decision_no = forms.CharField(max_length=60, required=False, label=_("Decision number"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].queryset = rank_list_payable()
        self.fields["rank"].choices = [BLANK, *rank_choices_grouped()]


# --- Restructuring (hrm/views/restructure.py) ----------------------------------------------------
class _OnForm(forms.Form):
    on = forms.DateField(label=_("From (dd/mm/yyyy)"))


class MoveForm(_OnForm):
    unit = UnitChoiceField(unit_list_open(), label=_("Unit"))
    new_parent = UnitChoiceField(unit_list_open(), label=_("New parent unit"), required=False)


class MergeForm(_OnForm):
    sources = UnitMultipleChoiceField(unit_list_open(), label=_("Units to merge"))
    target = UnitChoiceField(unit_list_open(), label=_("Into the existing unit"), required=False)
    new_code = forms.CharField(label=_("or a new unit: code"), required=False, max_length=30)
    new_name = forms.CharField(label=_("name"), required=False, max_length=255)
    new_parent = UnitChoiceField(unit_list_open(), label=_("under"), required=False)
    kind = forms.ChoiceField(choices=[("", "—"), *OrgUnit.Kind.choices], label=_("kind"), required=False)
    # No min_value: the service refuses a negative quota with its own message, on this field.
    staff_quota = forms.IntegerField(
        label=_("Staff quota of the merged unit"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0}),
        help_text=_(
            "Blank: the sum of the quotas in force on that date (the merged units' and the receiving unit's own); "
            "nothing is recorded when none of the merged units has one."
        ),
    )
    quota_decision_no = forms.CharField(label=_("Quota decision number"), required=False, max_length=60)


class DissolveForm(_OnForm):
    unit = UnitChoiceField(unit_list_open(), label=_("Unit to dissolve"))
    transfer_to = UnitChoiceField(unit_list_open(), label=_("Its staff go to"))


class RenameForm(_OnForm):
    unit = UnitChoiceField(unit_list_open(), label=_("Unit"))
    name = forms.CharField(label=_("New name"), max_length=255)


# --- Staff import (hrm/views/imports.py and the admin) -------------------------------------------
def _check_suffix(name: str) -> None:
    if not name.lower().endswith(SUFFIXES):
        raise ValidationError(_("Only .xlsx and .csv files can be imported."))


class StaffImportForm(forms.Form):
    file = forms.FileField(label=_("Staff file (.xlsx or .csv)"))
    dry_run = forms.BooleanField(label=_("Dry run: check and count, write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_suffix(upload.name)
        return upload


# --- bulk actions of the staff list (hrm/views/staff.py) ---
class _IdsField(forms.TypedMultipleChoiceField):
    """Record ids as ticked in the list; which of them the user may see is the selector's business."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value):
        return str(value).isdigit() and len(str(value)) < 12


class StaffBulkForm(forms.Form):
    ACTIONS = [
        ("xlsx", _("Export to Excel")),
        ("csv", _("Export to CSV")),
        ("form2c", _("Print form 2C")),
        ("raises", _("Record the due raises")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    ids = _IdsField(error_messages={"required": _("Select at least one staff member.")})
    query = forms.CharField(required=False, max_length=2000)  # the list's filters, to go back to


# --- attachments of a staff record (hrm/views/attachments.py) ---
class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Attachment.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))
