"""The staff import form (page and admin)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.widgets import FilePicker
from hrm.services.imports.reading import SUFFIXES


# --- Staff import (hrm/views/imports.py and the admin) -------------------------------------------
def _check_suffix(name: str) -> None:
    if not name.lower().endswith(SUFFIXES):
        raise ValidationError(_("Only .xlsx and .csv files can be imported."))


class StaffImportForm(forms.Form):
    file = forms.FileField(label=_("Staff file (.xlsx or .csv)"), widget=FilePicker(attrs={"accept": ".xlsx,.csv"}))
    dry_run = forms.BooleanField(label=_("Dry run: check and count, write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_suffix(upload.name)
        return upload


class TitlesImportForm(forms.Form):
    file = forms.FileField(label=_("Titles file (.xlsx or .json)"), widget=FilePicker(attrs={"accept": ".xlsx,.json"}))
