"""Forms of staff quotas and restructuring."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hrm.forms.fields import UnitChoiceField, UnitMultipleChoiceField, date_field
from hrm.models import OrgUnit
from hrm.selectors.units import unit_list_open


# --- Staff quotas (biên chế) ---------------------------------------------------------------------
class StaffQuotaForm(forms.Form):
    """A quota decision for a unit: the number, the day it applies from, its number (hrm.services.org checks)."""

    # No min_value: a negative number gets the service's own message, on this field.
    quota = forms.IntegerField(label=_("Assigned quota"), widget=forms.NumberInput(attrs={"min": 0}))
    valid_from = date_field(_("From (dd/mm/yyyy)"))
    decision_no = forms.CharField(label=_("Decision number"), required=False, max_length=60)


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
