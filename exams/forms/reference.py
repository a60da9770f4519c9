"""Page inputs of the exam reference pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OnDateForm(forms.Form):
    """?on=dd/mm/yyyy: the date whose rules to show."""

    on = forms.DateField(
        label=_("In force on"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


class CandidateLoginForm(forms.Form):
    """Candidate number and access code, as printed on the admission card; `exam` only when the link names it."""

    candidate_number = forms.CharField(
        label=_("Candidate number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "characters", "autofocus": True}),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    exam = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)
