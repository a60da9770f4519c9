"""The salary change form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hrm.forms.fields import BLANK, date_field
from hrm.selectors.salary import rank_choices_grouped, rank_list_payable
from hrm.services.salary_changes import REASONS as SALARY_CHANGE_REASONS


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
