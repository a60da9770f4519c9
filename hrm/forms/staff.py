"""Forms of staff records: edit, transfer, hire, bulk actions, attachments."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import fields_for_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.errors import ApplicationError
from common.widgets import FilePicker
from hrm.forms.fields import BLANK, CccdField, UnitChoiceField, UnitPicker, date_field, form_field_for
from hrm.models import Assignment, Attachment, Employee, Person, Rank
from hrm.selectors.hire import unit_choices_for_hire
from hrm.selectors.pending import pending_mark
from hrm.selectors.salary import rank_choices_grouped, rank_list_payable
from hrm.services.hire import hire_unit_for
from hrm.services.staff_update import EMPLOYEE_EDITABLE, PERSON_EDITABLE

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
        initial["status"] = employee.leaving_status or employee.status  # a leaving dated later shows as recorded
        super().__init__(*args, initial=initial, **kwargs)
        if employee.leaving_status:  # working until then: say so next to the status
            self.fields["status"].help_text = _(
                "%(mark)s; to cancel it, choose “%(working)s” and clear the leaving date."
            ) % {"mark": pending_mark(employee.left_on), "working": Employee.Status.ACTIVE.label}
        if employee.status != Employee.Status.PENDING:  # "starting later" comes from a hire, never from this form
            pending = Employee.Status.PENDING
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] != pending]

    def sections(self) -> list[tuple[str, list]]:
        return [(title, [self[name] for name in names]) for title, names in STAFF_SECTIONS]

    def changes(self) -> tuple[dict, dict]:
        """(person fields, employee fields) that differ from the record."""
        changed = set(self.changed_data)
        person = {k: v for k, v in self.cleaned_data.items() if k in PERSON_EDITABLE and k in changed}
        employee = {k: v for k, v in self.cleaned_data.items() if k in EMPLOYEE_EDITABLE and k in changed}
        return person, employee


StaffEditForm.base_fields.update(fields_for_model(Person, fields=PERSON_EDITABLE, formfield_callback=form_field_for))
StaffEditForm.base_fields.update(
    fields_for_model(Employee, fields=EMPLOYEE_EDITABLE, formfield_callback=form_field_for)
)
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
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"), widget=FilePicker(attrs={"accept": "application/pdf,image/jpeg,image/png"})
    )


# --- the photo of a staff record (hrm/views/photos.py reads the upload) ---
class PhotoForm(forms.Form):
    photo = forms.ImageField(
        label=_("New photo (JPEG or PNG)"), widget=FilePicker(attrs={"accept": "image/jpeg,image/png"})
    )
