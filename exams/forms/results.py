"""Page inputs of results (issue #16): reopening, the head's tie decision, panel marks files, promotion, the public
look-up. The services check the rules; these only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hrm.forms.fields import CccdField, date_field


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why are the results reopened?"), max_length=500)


class TieDecisionForm(forms.Form):
    selected = forms.TypedMultipleChoiceField(label=_("Selected by the head"), coerce=int, choices=())
    head_name = forms.CharField(label=_("Head of the agency who decided"), max_length=150)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.CharField(label=_("Decision document (number, date)"), max_length=150)

    def __init__(self, *args, tied=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(r.candidate_id, str(r.candidate)) for r in tied]
        self.fields["selected"].widget = forms.CheckboxSelectMultiple(choices=self.fields["selected"].choices)


class PanelFileForm(forms.Form):
    file = forms.FileField(label=_("Marks file (.xlsx)"))


class PromotionApplyForm(forms.Form):
    on = date_field(_("Promoted from"))
    decision_no = forms.CharField(label=_("Promotion decision number"), max_length=50)


class ResultLookupForm(forms.Form):
    number = forms.CharField(label=_("Candidate number"), max_length=20)
    cccd = CccdField(label=_("Citizen ID (CCCD)"))
