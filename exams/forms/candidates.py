"""Page inputs of an exam's candidates, claims, import, staff picking and seating (the services check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exams.models import Candidate, CandidateClaim, Exam, Position
from exams.selectors.candidates import CLAIM_FILTERS
from exams.services.applicants import exemptible_parts_for, priority_categories_for
from hrm.forms.fields import DATE_PLACEHOLDER, CccdField
from hrm.models import OrgUnit
from hrm.models.people import Sex

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": DATE_PLACEHOLDER, "autocomplete": "off"}),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


def _agencies(exam: Exam):
    return OrgUnit.objects.filter(pk__in=Position.objects.filter(exam=exam).values("quotas__agency")).order_by("name")


class _ExamForm(forms.Form):
    def __init__(self, *args, exam: Exam, **kwargs):
        super().__init__(*args, **kwargs)
        self.exam = exam
        if "position" in self.fields:
            self.fields["position"].queryset = Position.objects.filter(exam=exam).order_by("code")
        if "agency" in self.fields:
            self.fields["agency"].queryset = _agencies(exam)


class ApplicantForm(_ExamForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    date_of_birth = _date_field(_("Date of birth"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    cccd = CccdField(label=_("Citizen ID (CCCD)"))
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=50, required=False, initial="Kinh")
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    position = forms.ModelChoiceField(label=_("Position applied for"), queryset=Position.objects.none())
    agency = forms.ModelChoiceField(
        label=_("Agency applied to"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Only when the position has quotas in several agencies."),
    )


class CandidateEditForm(_ExamForm):
    position = forms.ModelChoiceField(label=_("Position applied for"), queryset=Position.objects.none())
    agency = forms.ModelChoiceField(label=_("Agency applied to"), queryset=OrgUnit.objects.none(), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class ClaimForm(_ExamForm):
    kind = forms.ChoiceField(label=_("Claim"), choices=CandidateClaim.Kind.choices)
    priority_key = forms.ChoiceField(label=_("Priority category"), required=False)
    part_key = forms.ChoiceField(label=_("Part exempted"), required=False)
    reason = forms.CharField(label=_("Grounds"), max_length=255, required=False)
    evidence = forms.FileField(label=_("Scanned evidence (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args, exam: Exam, **kwargs):
        super().__init__(*args, exam=exam, **kwargs)
        categories = priority_categories_for(exam=exam).values()
        self.fields["priority_key"].choices = [("", "---------")] + [
            (c.key, f"{c.points} — {c.description[:90]}") for c in categories
        ]
        self.fields["part_key"].choices = [("", "---------")] + list(exemptible_parts_for(exam=exam).items())


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("Scanned evidence (PDF, JPEG or PNG)"))


class ClaimDecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Why"), max_length=255, required=False)


class CandidateFilterForm(_ExamForm):
    q = forms.CharField(label=_("Name, CCCD or number"), required=False, max_length=60)
    position = forms.ModelChoiceField(label=_("Job position"), queryset=Position.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + Candidate.Status.choices)
    claims = forms.ChoiceField(
        label=_("Claims"),
        required=False,
        choices=[
            ("", _("All")),
            ("any", _("With claims")),
            ("pending", _("Claims to decide")),
            ("priority", _("Priority claimed")),
            ("exemption", _("Exemption claimed")),
            ("none", _("Without claims")),
        ],
    )

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "position": data["position"].pk if data.get("position") else None,
            "status": data.get("status") or "",
            "claims": data.get("claims") if data.get("claims") in CLAIM_FILTERS else "",
        }


class CandidateImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    dry_run = forms.BooleanField(label=_("Check only (write nothing)"), required=False)


class IdsField(forms.Field):
    """Ticked row ids (checkboxes named alike); the service checks which may be used."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(v) for v in (value or [])]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Tick rows of the list only.")) from None


class StaffPickForm(_ExamForm):
    position = forms.ModelChoiceField(label=_("Position (the rank promoted to)"), queryset=Position.objects.none())
    employees = IdsField(required=False)


class SeatingForm(forms.Form):
    prefix = forms.CharField(
        label=_("Number prefix"), max_length=8, required=False, help_text=_("e.g. BT: numbers BT0001, BT0002…")
    )
    renumber = forms.BooleanField(
        label=_("Renumber everyone in name order (their access codes must be issued again)"), required=False
    )


class StaffSearchForm(forms.Form):
    """The search box of the promotion exam's staff picker (name, staff number or CCCD)."""

    q = forms.CharField(required=False, max_length=60)

    def query(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""
