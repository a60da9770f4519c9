"""Page inputs of the exam reference pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OnDateForm(forms.Form):
    """?on=dd/mm/yyyy: the date whose rules to show."""

    on = forms.DateField(
        label=_("In force on"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )
