"""Forms of annual ratings, rewards, discipline, training and degrees, family relations and earlier career."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from hrm.forms.fields import date_field, form_field_for
from hrm.models import CareerEntry, Employee, FamilyMember, Qualification, Reward
from hrm.services.histories import discipline_form_choices, rating_level_choices


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


class _RowForm(forms.Form):
    """A history row's fields as the model defines them; the service checks the rules."""

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)


def _row_form(name: str, model, fields: list[str]) -> type:
    return type(name, (_RowForm,), fields_for_model(model, fields=fields, formfield_callback=form_field_for))


RewardForm = _row_form("RewardForm", Reward, ["date", "form", "authority", "decision_no"])
QualificationForm = _row_form(
    "QualificationForm", Qualification, ["kind", "credential", "level", "major", "institution", "mode", "start", "end"]
)
FamilyMemberForm = _row_form(
    "FamilyMemberForm", FamilyMember, ["side", "relation", "full_name", "birth_year", "details"]
)
CareerEntryForm = _row_form("CareerEntryForm", CareerEntry, ["start", "end", "description"])


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
